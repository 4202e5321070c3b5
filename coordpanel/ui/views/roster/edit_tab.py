"""The roster editor tab: the week as a grid checked as the planner types, saved, undone, copied or cleared."""

from __future__ import annotations

import streamlit as st

from coordpanel import roster, ui
from coordpanel.core.errors import Refused
from coordpanel.ui.views.roster import candidates, data, status
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    t, week = ctx.t, ctx.week
    frame = roster.grid.editor_frame(week, ctx.lang, st.session_state.get(ctx.draft_key))
    st.caption(t("roster.editor_help"))
    edited = ui.editor(
        frame, ctx.editor_key, hide_index=True, disabled=["shift_id", "gate", "day", "time", "required"],
        column_config={
            "shift_id": None, "gate": t("roster.col.gate"), "day": t("roster.col.day"), "time": t("roster.col.time"),
            "required": t("roster.col.required"),
            "people": st.column_config.MultiselectColumn(
                t("roster.col.people"), options=sorted(roster.grid.person_label(p) for p in week.people.values()), width="large"),
            "reason": st.column_config.TextColumn(t("roster.col.reason")),
        },
    )
    saved = data.read_back(ctx.compound, ctx.monday, ctx.lang) if ctx.as_saved else None
    if saved is not None and saved.week is week:  # nothing edited: the same at every click
        crews, accepted = saved.crews, saved.accepted
    else:
        crews, accepted = roster.grid.from_editor(week, edited)
    violations = roster.week.check(week, crews, ctx.rules)
    stopping = roster.week.blocking(violations, accepted, roster.week.saved_violations(week, ctx.rules))
    status.show(ctx, week, crews, violations)
    _actions(ctx, crews, accepted, stopping)
    _copy_or_clear(ctx)
    candidates.panel(ctx, crews)


def _actions(ctx: RosterContext, crews, accepted, stopping) -> None:
    """Save (held back while a new hard violation stands), undo the last save, or drop the edits."""
    t, week = ctx.t, ctx.week
    with st.container(horizontal=True, wrap=True):
        if st.button(t("roster.save"), type="primary", disabled=bool(stopping)):
            try:
                version = roster.saving.save(ui.db(), ctx.user, week, crews, accepted)
            except roster.saving.RosterRefused as exc:
                st.error(ui.bullets([exc.message(ctx.lang)] + [roster.grid.describe(v, week, ctx.lang) for v in exc.violations]))
            except Refused as exc:
                ui.refused(exc)
                if exc.key == "roster.conflict":
                    latest = roster.week.load_week(ui.db(), ctx.compound, ctx.monday)
                    st.warning(ui.bullets([t("cov.diff")] + roster.grid.diff_lines(week.crews, latest.crews, week, ctx.lang)))
            else:
                ui.saved(t("roster.saved", version=version), *ctx.keys)
        if st.button(t("roster.undo"), disabled=ctx.unsaved, help=t("roster.save_first") if ctx.unsaved else None):
            try:
                version = roster.saving.undo_last(ui.db(), ctx.user, ctx.compound, ctx.monday)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("roster.undone", version=version), *ctx.keys)
        if st.button(t("roster.reset")):
            ui.saved(None, *ctx.keys)


def _copy_or_clear(ctx: RosterContext) -> None:
    """Start the week from last week's crews (filling gaps or replacing all) or from empty; loaded as a draft, not saved."""
    t = ctx.t
    copy = ui.lazy_expander(f"{t('roster.copy_fill')} / {t('roster.clear')}", key="roster_copy")
    with copy:
        if copy.open:
            choice = st.segmented_control(t("roster.editor"), ["fill", "replace", "clear"], format_func={
                "fill": t("roster.copy_fill"), "replace": t("roster.copy_replace"), "clear": t("roster.clear")}.get)
            if choice and st.button(t("roster.load")):
                week = ctx.week
                draft = roster.week.cleared(week, ctx.now) if choice == "clear" else roster.week.copy_previous(ui.db(), week, choice)
                ui.forget(ctx.editor_key)
                st.session_state[ctx.draft_key] = draft
                st.session_state["flash"] = t("roster.loaded")
                st.rerun()
