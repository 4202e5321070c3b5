"""今日简报 — the daily brief: figures, changes, gaps and tomorrow's roster; print, PDF, chat text, district."""

from coordpanel.ui import frame
from coordpanel.ui.views.brief import page

frame.enter()
page.render()
