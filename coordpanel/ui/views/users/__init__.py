"""users page: layout (page.py) and cached data (data.py)."""
