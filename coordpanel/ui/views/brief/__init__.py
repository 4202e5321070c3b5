"""今日简报: the daily brief's page (page.py) and its cached data (data.py)."""
