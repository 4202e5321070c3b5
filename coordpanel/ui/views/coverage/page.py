"""楼栋覆盖 — every building served by all three tiers; gaps first; planners change who serves and mark absences.

The page script pages/coverage.py calls render(); each tab is a module beside this one (show(ctx)), and the data
comes from data.py."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.coverage import chain_tab, data, edit_tab, list_tab, people_tab, status_tab

VIEW_KEY = "coverage_view"  # the session key of the open tab (tests and bench/pages.py open views through it)

TABS = {"list": list_tab, "people": people_tab, "chain": chain_tab, "edit": edit_tab, "status": status_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    page = data.coverage_page(compound, lang)
    ctx = data.Context(user, compound, lang, page)

    st.title(t("nav.coverage"))
    with st.container(horizontal=True, wrap=True):
        for status in ("uncovered", "partial", "covered"):
            st.metric(t(f"cov.{status}"), f"{page.counts.get(status, 0)} / {len(page.coverage)}", border=True, width=150)
    if page.gap_lines:
        st.error(ui.bullets(page.gap_lines))

    names = {"heatmap": t("cov.view.heatmap"), "list": t("cov.list"), "people": t("cov.people"), "chain": t("cov.chain")}
    if user.can("edit_assignments"):
        names["edit"] = t("cov.edit")
    if user.can("edit_status"):
        names["status"] = t("status.title")
    shown, box = ui.lazy_tabs(VIEW_KEY, names)
    with box:
        if shown == "heatmap":
            st.plotly_chart(page.heatmap, config=ui.CHART_CONFIG)
        else:
            TABS[shown].show(ctx)
