"""疫情记录 — the case log: the trend and the table for everyone who reads; a day's entry and corrections (with a
reason) for planners and admins. Days without a new case are derived from the log, never typed.

The page script pages/cases.py calls render(); each tab is a module beside this one (show(ctx))."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.services.cases import correct_tab, data, enter_tab, table_tab, trend_tab

VIEW_KEY = "cases_view"  # the session key of the open tab

TABS = {"trend": trend_tab, "table": table_tab, "enter": enter_tab, "correct": correct_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    st.title(t("svc.nav.cases"))
    ui.flash()
    now = ui.today().replace(second=0)  # to the minute: page data is cached by it (the real clock moves on)
    ctx = data.Context(user, compound, lang, now, data.log(compound, user, now, lang))
    derived = ctx.log.derived
    with st.container(horizontal=True, wrap=True):
        none = t("svc.case.none_yet")
        st.metric(t("svc.case.days_without"), none if derived["days"] is None else int(derived["days"]), width=170)
        st.metric(t("svc.case.total"), int(derived["total_cases"] or 0), width=150)
        st.metric(t("svc.case.last_report"), none if derived["last_report"] is None else f"{derived['last_report']:%m-%d}",
                  width=150)
    st.caption(t("svc.case.counted_caption"))
    names = {"trend": t("svc.case.view_trend"), "table": t("svc.case.view_table")}
    if user.can("edit_roster"):
        names |= {"enter": t("svc.case.view_enter"), "correct": t("svc.case.view_correct")}
    shown, box = ui.lazy_tabs(VIEW_KEY, names)
    with box:
        TABS[shown].show(ctx)
