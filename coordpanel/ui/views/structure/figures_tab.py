"""The structure page's figures tab: each of the article's figures beside the data's, and whether they match."""

import streamlit as st

from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    st.dataframe(data.figures_table(ctx.compound, ctx.lang), hide_index=True)
