"""The structure page's duty tab: what each tier does this week, at the gates (shifts, hours) and in the buildings."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    t = ui.t
    gates, served = data.duty_tables(ctx.compound, ctx.lang)
    # two tables side by side on a desktop, one above the other on a phone
    with st.container(horizontal=True, wrap=True):
        with st.container(width=420):
            st.subheader(t("st.gates"))
            st.dataframe(gates, hide_index=True)
        with st.container(width=420):
            st.subheader(t("st.buildings"))
            st.dataframe(served, hide_index=True)
