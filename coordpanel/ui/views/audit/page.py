"""审计日志 — every change with who, when, what, before and after; read-only, filtered by user, table and date.

The page script pages/audit.py calls render(); its data comes from data.py beside this module."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import audit
from coordpanel.ui.views.audit import data


def render() -> None:
    user = ui.require("see_audit")
    t = ui.t
    st.title(t("nav.audit"))
    st.caption(t("audit.caption"))

    facets = data.audit_facets(user)
    everyone = t("audit.all")
    with st.container(horizontal=True, wrap=True):
        actor = st.selectbox(t("audit.user"), [everyone, *(facets["actors"] or [])], width=220)
        table = st.selectbox(t("audit.table"), [everyone, *(facets["tables"] or [])], width=220)
        span = st.date_input(t("audit.dates"), value=(), width=260)

    start, end = (span + (None, None))[:2] if isinstance(span, tuple) else (span, span)
    count, entries = data.audit_entries(user, None if actor == everyone else actor,
                                        None if table == everyone else table, start, end)
    st.caption(t("audit.count", n=count, limit=audit.LIMIT))
    st.dataframe(
        entries,
        hide_index=True,
        column_config={
            "logged_at": st.column_config.DatetimeColumn(t("audit.col.at"), format="YYYY-MM-DD HH:mm:ss"),
            "actor": t("audit.user"), "action": t("audit.col.action"), "table_name": t("audit.table"),
            "row_key": t("audit.col.key"), "before": t("audit.col.before"), "after": t("audit.col.after"),
        },
    )
