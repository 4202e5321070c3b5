"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance.

The page script pages/overview.py calls render(); its data comes from data.py beside this module.
The pictures and tables sit in lazy tabs below the figures: the coverage heatmap shows first, and each other
tab runs only when opened."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.overview import data

# two figures a row on a 390 px phone (358 px of content: 2 × 168 + the 16 px gap), four or more on a desktop
METRIC_WIDTH = 168
VIEW_KEY = "overview_view"  # the session key of the open tab (tests and bench/pages.py open views through it)


def render() -> None:
    ui.require("read")
    t = ui.t
    page = data.overview_page(ui.compound_id(), ui.lang())
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
    st.caption(view.tiers, help=t("ov.tiers_help"))

    shown, box = ui.lazy_tabs(VIEW_KEY, {"coverage": t("ov.coverage"), "staffing": t("ov.staffing"), "cases": t("ov.cases"),
                                            "people": t("ov.people"), "facts": t("ov.facts")})
    with box:
        if shown == "coverage":
            st.caption(t("ov.coverage_caption"))
            st.plotly_chart(page.coverage, config=ui.CHART_CONFIG)
        elif shown == "staffing":
            st.caption(t("ov.staffing_caption"))
            st.plotly_chart(page.staffing, config=ui.CHART_CONFIG)
        elif shown == "cases":
            if page.cases is None:
                st.info(t("ov.no_reports"))
            else:
                st.caption(view.cases_caption)
                st.plotly_chart(page.cases, config=ui.CHART_CONFIG)
        elif shown == "people":
            st.caption(t("ov.people_caption"))
            st.dataframe(page.people, hide_index=True)
        else:
            st.text("\n".join(view.facts))
            st.dataframe(page.supplies, hide_index=True)
