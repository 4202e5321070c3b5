"""The roster's first tab: the saved week at a glance."""

from __future__ import annotations

import streamlit as st

from coordpanel import roster, ui
from coordpanel.ui.views.roster import noshows, status
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    """The saved week at a glance: gates × days × shifts, filled / required, what breaks a rule, and the no-shows."""
    if ctx.unsaved:
        st.info(ctx.t("roster.unsaved_elsewhere"))
    figure = noshows.marked_figure(ctx.compound, ctx.monday, ctx.lang, noshows.minute(ctx.now))
    st.plotly_chart(figure, config=ui.CHART_CONFIG)
    current = ctx.current
    status.show(ctx, current, current.crews, roster.week.check(current, current.crews, ctx.rules), cards=False)
    noshows.listed(ctx)
