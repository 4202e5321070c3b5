"""The roster's timeline tab: the saved week, one row per person on duty."""

from __future__ import annotations

import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.roster import data
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    st.plotly_chart(data.timeline_figure(ctx.compound, ctx.monday, ctx.lang), config=ui.CHART_CONFIG)
