"""The resident requests page (居民诉求): board, intake, purchase list and figures."""
