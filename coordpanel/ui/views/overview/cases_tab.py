"""The overview's cases tab: daily new cases with the latest report's figures, or a note while there are none."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.overview import data


def show(ctx: data.Context) -> None:
    if ctx.page.cases is None:  # no reports yet: data.py builds no chart for an empty series
        st.info(ui.t("ov.no_reports"))
    else:
        st.caption(ctx.page.view.cases_caption)
        st.plotly_chart(ctx.page.cases, config=ui.CHART_CONFIG)
