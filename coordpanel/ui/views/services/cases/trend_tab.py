"""The case log page's trend: daily new confirmed and suspected cases and the running total."""

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.services.cases import data


def show(ctx: data.Context) -> None:
    if ctx.log.chart is None:
        st.info(ui.t("svc.case.no_reports"))
    else:
        st.plotly_chart(ctx.log.chart, config=ui.CHART_CONFIG)
