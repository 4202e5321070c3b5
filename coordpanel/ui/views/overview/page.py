"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance.

The page script pages/overview.py calls render(); its data comes from data.py beside this module.
The pictures and tables sit in lazy tabs below the figures, each a module beside this one (show(ctx)): the
coverage heatmap shows first, and each other tab runs only when opened."""

import streamlit as st

from coordpanel import ui
from coordpanel.overview.items import Item
from coordpanel.ui.views.overview import cases_tab, coverage_tab, data, facts_tab, links, people_tab, staffing_tab

# two figures a row on a 390 px phone (358 px of content: 2 × 168 + the 16 px gap), four or more on a desktop
METRIC_WIDTH = 168
VIEW_KEY = "overview_view"  # the session key of the open tab (tests and bench/pages.py open views through it)

TABS = {"coverage": coverage_tab, "staffing": staffing_tab, "cases": cases_tab, "people": people_tab, "facts": facts_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    page = data.overview_page(compound, lang, ui.today().replace(second=0, microsecond=0))
    ctx = data.Context(user, compound, lang, page)
    view = page.view

    st.title(ui.plain(view.title))
    st.caption(view.as_of)

    _attention(user, view.attention)

    with st.container(horizontal=True, wrap=True):
        for metric in view.metrics:
            st.metric(metric.label, metric.value, help=metric.help, border=True, width=METRIC_WIDTH)
    st.caption(ui.plain(view.tiers), help=t("ov.tiers_help"))
    if view.on_duty_caption:
        st.caption(view.on_duty_caption)
        with st.container(horizontal=True, wrap=True):
            for metric in view.on_duty:
                st.metric(ui.plain(metric.label), metric.value, help=metric.help, border=True, width=METRIC_WIDTH)

    shown, box = ui.lazy_tabs(VIEW_KEY, {"coverage": t("ov.coverage"), "staffing": t("ov.staffing"), "cases": t("ov.cases"),
                                            "people": t("ov.people"), "facts": t("ov.facts")})
    with box:
        TABS[shown].show(ctx)


def _attention(user, found: list[Item]) -> None:
    """Red, then amber, then blue, each box followed by links to the pages where its items are dealt with; all
    clear (green) only when nothing is red or amber."""
    boxes = {"error": st.error, "warning": st.warning, "info": st.info}
    for level, box in boxes.items():
        mine = [i for i in found if i.level == level]
        if mine:
            box(ui.bullets([i.message for i in mine]))
            links.show(user, mine)
    if not any(i.level in ("error", "warning") for i in found):
        st.success(ui.t("ov.all_clear"))
