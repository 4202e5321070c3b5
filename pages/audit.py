"""审计日志 — every change with who, when, what, before and after; read-only, filtered by user, table and date."""

from coordpanel.ui.views import audit

audit.render()
