"""people page: layout (page.py), one module per tab (*_tab.py, show(ctx)), the form they share, cached data (data.py)."""
