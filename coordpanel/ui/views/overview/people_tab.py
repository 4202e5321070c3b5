"""The overview's people tab: people per tier and group, how many are active, how many are party members."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.overview import data


def show(ctx: data.Context) -> None:
    st.caption(ui.t("ov.people_caption"))
    st.dataframe(ctx.page.people, hide_index=True)
