"""The roster's replacements tab: shifts left by someone now absent, each with its best replacements."""

from __future__ import annotations

import streamlit as st

from coordpanel import roster, ui
from coordpanel.ui.views.roster import candidates, noshows
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    """Future shifts left by someone now sick or quarantined, each with its ranked replacements (the three best,
    with their hours this week): taking one is a single click, checked and saved like any edit."""
    t, current = ctx.t, ctx.current
    noshows.replacements(ctx)  # places nobody came to, now: the most urgent first
    st.caption(t("roster.absent"))
    affected = roster.candidates.affected_shifts(current, ctx.now)
    if not affected:
        st.success(t("roster.absent_none"))
    elif ctx.can_edit and ctx.unsaved:
        st.warning(t("roster.save_first"))  # a replacement saves the week: it would drop the editor's edits
    labels = roster.grid.shift_labels(current, ctx.lang)
    for shift_id, absent in affected:
        st.markdown(f"**{ui.plain(labels[shift_id])}** — {ui.plain(current.people[absent].name)}")
        candidates.three_best(ctx, shift_id, lambda c, shift_id=shift_id, absent=absent: _replace_button(ctx, shift_id, absent, c))


def _replace_button(ctx: RosterContext, shift_id, absent, c) -> None:
    """One click puts candidate c on the shift in place of the absent person, saved at once."""
    t, current = ctx.t, ctx.current
    if st.button(t("roster.replace", name=ui.plain(c.person.name), absent=ui.plain(current.people[absent].name)),
                 help=t("roster.replace_help", hours=f"{c.hours_this_week:g}"), disabled=ctx.unsaved,
                 key=f"replace_{shift_id}_{absent}_{c.person.id}"):
        ui.run(lambda: roster.saving.replace(ui.db(), ctx.user, current, shift_id, absent, c.person.id),
               t("roster.replaced"), *ctx.keys)
