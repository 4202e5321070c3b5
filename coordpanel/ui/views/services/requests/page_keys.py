"""Session keys the requests page and its tabs share (the page module imports the tabs, so they cannot import it)."""

VIEW_KEY = "requests_view"  # the open tab
SHOW_KEY = "requests_show"  # the board's filter: open, overdue or all
