"""The roster's first tab: the saved week at a glance."""

from __future__ import annotations

import streamlit as st

from coordpanel import roster, ui
from coordpanel.ui.views.roster import data, status
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    """The saved week at a glance: gates × days × shifts, filled / required, and what breaks a rule."""
    if ctx.unsaved:
        st.info(ctx.t("roster.unsaved_elsewhere"))
    st.plotly_chart(data.staffing_figure(ctx.compound, ctx.monday, ctx.lang), config=ui.CHART_CONFIG)
    current = ctx.current
    status.show(ctx, current, current.crews, roster.week.check(current, current.crews, ctx.rules), cards=False)
