"""今日到岗 page: layout (page.py), cached data (data.py), corrections of past records (correction.py); writes run through ui.run."""
