"""roster page: layout (page.py), one module per tab (*_tab.py, sharing context.py and status.py), cached data (data.py)."""
