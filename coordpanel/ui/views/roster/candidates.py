"""Candidates for a shift: the editor's panel (who may take one shift, ranked, why anyone else may not, and the
shift's history), and the three best offered where someone is missing (replacements, no-shows)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from coordpanel import roster, ui
from coordpanel.ui.views.roster import data
from coordpanel.ui.views.roster.context import RosterContext


def panel(ctx: RosterContext, crews) -> None:
    """For one shift: who may take it, ranked, and why anyone else may not; and the shift's history."""
    t, week = ctx.t, ctx.week
    st.subheader(t("roster.candidates"))
    labels = roster.grid.shift_labels(week, ctx.lang)
    shift_id = st.selectbox(t("roster.pick_shift"), list(labels), format_func=labels.get)
    saved = data.saved_candidates(ctx.compound, ctx.monday, shift_id, ctx.lang) if ctx.as_saved else None
    if saved is not None and saved.week is week:  # nothing edited: ranked once per data version
        ranked, table = saved.ranked, saved.table
    else:
        ranked = roster.candidates.candidates(week, crews, shift_id, ctx.rules)
        table = data.candidate_table(ranked, ctx.lang)
    st.dataframe(table, hide_index=True, placeholder="—")
    others = {c.person.id: c for c in ranked if not c.offered}
    who = st.selectbox(t("roster.why_not"), list(others), format_func=lambda pid: others[pid].person.name, index=None)
    if who is not None:
        st.warning(ui.bullets([roster.grid.describe(v, week, ctx.lang) for v in others[who].reasons]))
    history = data.shift_history(shift_id)
    if history is not None:
        st.caption(t("roster.history"))
        st.dataframe(history, hide_index=True)


def three_best(ctx: RosterContext, shift_id: int, button: Callable[[roster.candidates.Candidate], None]) -> None:
    """The three best people the ranking offers for a shift of the saved week: for a planner `button(candidate)` each,
    side by side; for anyone else their names and hours this week; or, when nobody may take it, that in words."""
    current = ctx.current
    ranked = [c for c in roster.candidates.candidates(current, current.crews, shift_id, ctx.rules) if c.offered][:3]
    if not ranked:
        st.caption(ctx.t("roster.no_candidate"))
    elif not ctx.can_edit:
        st.caption(" · ".join(f"{ui.plain(c.person.name)}（{c.hours_this_week:g} h）" for c in ranked))
    else:
        with st.container(horizontal=True, wrap=True):
            for c in ranked:
                button(c)
