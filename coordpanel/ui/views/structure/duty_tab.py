"""The structure page's duty tab: what each tier does this week, at the gates (shifts, hours) and in the buildings."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    t, frames = ui.t, ctx.page.frames

    def tier(code: str) -> str:
        return t(f"tier.{code}")

    # two tables side by side on a desktop, one above the other on a phone
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
