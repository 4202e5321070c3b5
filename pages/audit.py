"""审计日志 — every change with who, when, what, before and after; read-only, filtered by user, table and date."""

from coordpanel.ui import frame
from coordpanel.ui.views.audit import page

frame.enter()
page.render()
