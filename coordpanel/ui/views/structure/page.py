"""三级联防 — the three-tier structure as a picture, set beside the article's figures; who holds gates and buildings.

The page script pages/structure.py calls render(); its data comes from data.py beside this module.
The picture shows first; the tables are lazy tabs that run only when opened."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.ui.views.structure import data

VIEW_KEY = "structure_view"  # the session key of the open tab (tests and bench/pages.py open views through it)


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    page = data.structure_page(ui.compound_id(), lang)
    frames = page.frames

    def tier(code: str) -> str:
        return t(f"tier.{code}")

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

    def figures() -> None:
        st.dataframe(pd.DataFrame({
            t("st.col.figure"): [t(f"st.fig.{c.figure}") for c in page.comparisons],
            t("st.col.data"): [c.data for c in page.comparisons],
            t("st.col.article"): [c.article for c in page.comparisons],
            t("st.col.match"): [not c.differs for c in page.comparisons],
        }), hide_index=True)

    def counts() -> None:
        people = frames["people"]
        suffix = "en" if lang == "en" else "zh"
        st.dataframe(pd.DataFrame({
            t("ov.col.tier"): people[f"tier_{suffix}"], t("ov.col.group"): people[f"group_{suffix}"],
            t("st.col.organisation"): people["organisation_en" if lang == "en" else "organisation"],
            t("ov.col.people"): people["people"], t("ov.col.party"): people["party_members"],
        }), hide_index=True)

    def duty() -> None:
        with st.container(horizontal=True, wrap=True):
            with st.container(width=420):
                st.subheader(t("st.gates"))
                gates = frames["gates"]
                st.dataframe(pd.DataFrame({t("ov.col.tier"): gates["tier"].map(tier), t("ov.col.people"): gates["people"],
                                           t("st.col.person_shifts"): gates["person_shifts"], t("st.col.hours"): gates["hours"]}),
                             hide_index=True)
            with st.container(width=420):
                st.subheader(t("st.buildings"))
                served = frames["buildings"]
                st.dataframe(pd.DataFrame({t("ov.col.tier"): served["tier"].map(tier), t("ov.col.people"): served["people"],
                                           t("st.col.buildings"): served["buildings"]}), hide_index=True)

    def chat() -> None:
        groups = frames["chat"]
        st.dataframe(pd.DataFrame({
            t("st.col.group_name"): groups["name"],
            t("ov.col.people"): groups["answering"],
            t("st.col.members"): [
                "、".join(f"{n} {auth.shown_phone(user, p)}" for n, p in zip(names, phones, strict=True)) if names is not None else ""
                for names, phones in zip(groups["members"], groups["phones"], strict=True)
            ],
        }), hide_index=True)

    with box:
        if shown == "picture":
            st.plotly_chart(page.sunburst, config=ui.CHART_CONFIG)
        else:
            {"figures": figures, "counts": counts, "duty": duty, "chat": chat}[shown]()
