"""三级联防 — the three-tier structure as a picture, set beside the article's figures; who holds gates and buildings.

The page script pages/structure.py calls render(); its data comes from data.py beside this module.
The picture shows first; the tables are lazy tabs that run only when opened, each a module beside this one (show(ctx))."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.structure import chat_tab, counts_tab, data, duty_tab, figures_tab

VIEW_KEY = "structure_view"  # the session key of the open tab (tests and bench/pages.py open views through it)

TABS = {"figures": figures_tab, "counts": counts_tab, "duty": duty_tab, "chat": chat_tab}


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    page = data.structure_page(compound, lang)
    ctx = data.Context(user, compound, lang, page)

    st.title(t("nav.structure"))
    st.caption(t("st.caption"))
    differences = [c for c in page.comparisons if c.differs]
    if differences:
        st.warning(ui.bullets([t("st.differs", figure=t(f"st.fig.{c.figure}"), data=c.data if c.data is not None else "—",
                                 article=c.article) for c in differences]))
    else:
        st.success(t("st.all_match"))

    shown, box = ui.lazy_tabs(VIEW_KEY, {"picture": t("st.view.picture"), "figures": t("st.figures"),
                                             "counts": t("st.counts"), "duty": t("st.view.duty"), "chat": t("st.chat")})
    with box:
        if shown == "picture":
            st.plotly_chart(page.sunburst, config=ui.CHART_CONFIG)
        else:
            TABS[shown].show(ctx)
