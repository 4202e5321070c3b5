"""The structure page's counts tab: people and party members per tier, group and organisation."""

import streamlit as st

from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    st.dataframe(data.counts_table(ctx.compound, ctx.lang), hide_index=True)
