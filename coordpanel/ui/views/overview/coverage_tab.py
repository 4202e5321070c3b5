"""The overview's coverage tab, open first: buildings × tiers, red where a tier is missing."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.overview import data


def show(ctx: data.Context) -> None:
    st.caption(ui.t("ov.coverage_caption"))
    st.plotly_chart(ctx.page.coverage, config=ui.CHART_CONFIG)
