"""The roster's figures and rule violations, shared by the week's picture and the editor."""

from __future__ import annotations

import streamlit as st

from coordpanel import roster, ui
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext, week: roster.week.Week, crews, violations, cards: bool = True) -> None:
    """Filled / required, short shifts and the rule violations, each named in words; as metric cards where the
    planner edits, as one line under the week's picture."""
    t = ctx.t
    hard = roster.rules.hard(violations)
    soft = [v for v in violations if v.severity == "soft"]
    filled, required = roster.week.staffed(week, crews)
    figures = {t("roster.staffed"): f"{filled} / {required}", t("roster.short"): sum(v.rule == "headcount" for v in violations),
               t("roster.hard"): len(hard), t("roster.soft"): len(soft)}
    if cards:
        with st.container(horizontal=True, wrap=True):
            for label, value in figures.items():
                st.metric(label, value, border=True, width=170)
    else:
        st.markdown(" · ".join(f"{label} **{value}**" for label, value in figures.items()))
    if hard:
        st.error(ui.bullets([roster.grid.describe(v, week, ctx.lang) for v in hard]))
    if soft:
        st.warning(ui.bullets([roster.grid.describe(v, week, ctx.lang) for v in soft]))
