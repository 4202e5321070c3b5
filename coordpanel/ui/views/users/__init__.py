"""users page: layout (page.py), one module per tab (*_tab.py, show(ctx)) and cached data (data.py)."""
