"""The structure page's chat tab: the grid chat groups, how many answer in each, and who, phones masked by role."""

import streamlit as st

from coordpanel.ui.views.structure import data


def show(ctx: data.Context) -> None:
    st.dataframe(data.chat_table(ctx.compound, ctx.lang, ctx.user), hide_index=True)
