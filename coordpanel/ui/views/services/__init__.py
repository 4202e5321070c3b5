"""The resident-services pages (#16), one subpackage each: requests/ (居民诉求), supplies/ (物资), cases/ (疫情记录),
each with page.py (layout), data.py (cached data) and one module per tab; a change runs through ui.run."""
