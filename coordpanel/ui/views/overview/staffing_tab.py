"""The overview's staffing tab: this week's gate shifts × days, filled/required, red where short."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.overview import data


def show(ctx: data.Context) -> None:
    st.caption(ui.t("ov.staffing_caption"))
    st.plotly_chart(ctx.page.staffing, config=ui.CHART_CONFIG)
