"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance.

The page script pages/overview.py calls render(); its data comes from data.py beside this module.
The pictures and tables sit in lazy tabs below the figures, each a module beside this one (show(ctx)): the
coverage heatmap shows first, and each other tab runs only when opened."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.overview import cases_tab, coverage_tab, data, facts_tab, people_tab, staffing_tab

# two figures a row on a 390 px phone (358 px of content: 2 × 168 + the 16 px gap), four or more on a desktop
METRIC_WIDTH = 168
VIEW_KEY = "overview_view"  # the session key of the open tab (tests and bench/pages.py open views through it)

TABS = {"coverage": coverage_tab, "staffing": staffing_tab, "cases": cases_tab, "people": people_tab, "facts": facts_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    page = data.overview_page(compound, lang)
    ctx = data.Context(user, compound, lang, page)
    view = page.view

    st.title(ui.plain(view.title))
    st.caption(view.as_of)

    errors = [message for level, message in view.attention if level == "error"]
    warnings = [message for level, message in view.attention if level == "warning"]
    if errors:
        st.error(ui.bullets(errors))
    if warnings:
        st.warning(ui.bullets(warnings))
    if not view.attention:
        st.success(t("ov.all_clear"))

    with st.container(horizontal=True, wrap=True):
        for metric in view.metrics:
            st.metric(metric.label, metric.value, help=metric.help, border=True, width=METRIC_WIDTH)
    st.caption(ui.plain(view.tiers), help=t("ov.tiers_help"))

    shown, box = ui.lazy_tabs(VIEW_KEY, {"coverage": t("ov.coverage"), "staffing": t("ov.staffing"), "cases": t("ov.cases"),
                                            "people": t("ov.people"), "facts": t("ov.facts")})
    with box:
        TABS[shown].show(ctx)
