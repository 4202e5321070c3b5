"""The coverage page's edit tab: rows of (building, tier slot, person, role), checked and previewed as typed, saved at once."""

import streamlit as st

from coordpanel import coverage, ui
from coordpanel.core.errors import Refused
from coordpanel.core.vocab import TIERS
from coordpanel.coverage.assignments import Assignment
from coordpanel.ui.views.coverage import data


def show(ctx: data.Context) -> None:
    t = ui.t
    st.caption(t("cov.edit_help"))
    ui.flash()
    base_key, editor_key = f"coverage_base_{ctx.compound}", f"coverage_editor_{ctx.compound}"
    if base_key not in st.session_state or not ui.unsaved(editor_key):
        st.session_state[base_key] = ctx.page.base
    base = st.session_state[base_key]  # what this planner started from, kept while edits are unsaved
    people = {p["id"]: p for p in ctx.page.people}
    codes = {b["id"]: b["code"] for b in ctx.page.buildings}
    proposed, errors = _edited(ctx, base, people, codes, editor_key)
    problems = _checked(ctx, base, proposed, errors, people, codes)
    with st.container(horizontal=True):
        if st.button(t("cov.save"), type="primary", disabled=bool(problems)):
            try:
                n = coverage.assignments.save(ui.db(), ctx.user, ctx.compound, base, proposed)
            except Refused as exc:
                ui.refused(exc)
                st.warning(ui.bullets(data.assignment_diff(base, coverage.assignments.current(ui.db(), ctx.compound), people, codes)))
            else:
                ui.saved(t("cov.saved", n=n), editor_key, base_key)
        if st.button(t("cov.undo")):
            try:
                n = coverage.assignments.undo_last(ui.db(), ctx.user, ctx.compound)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("cov.undone", n=n), editor_key, base_key)
        if st.button(t("cov.reset")):
            ui.saved(None, editor_key, base_key)


def _edited(ctx: data.Context, base: list[Assignment], people: dict[int, dict], codes: dict[int, str],
            editor_key: str) -> tuple[list[Assignment], list[Refused]]:
    """The editor's rows as assignments, with the rows that could not be read."""
    t = ui.t
    by_label = {coverage.assignments.person_label(p): p for p in ctx.page.people}
    slots = {t(f"tier.{c}"): c for c in TIERS}
    roles = {t(f"cov.role.{r}"): r for r in coverage.assignments.ROLES}
    frame = data.editor_frame(base, people, codes, ctx.lang)
    edited = ui.editor(
        frame, editor_key, num_rows="dynamic", hide_index=True,
        column_config={
            "building": st.column_config.SelectboxColumn(t("cov.col.building"), options=list(codes.values()), required=True),
            "slot": st.column_config.SelectboxColumn(t("cov.col.tier"), options=list(slots), required=True),
            "person": st.column_config.SelectboxColumn(t("cov.col.person"), options=list(by_label), required=True, width="medium"),
            "role": st.column_config.SelectboxColumn(t("cov.col.role"), options=list(roles), required=True),
        },
    )
    rows = [coverage.assignments.EditorRow(r["building"], slots.get(r["slot"], r["slot"]), r["person"], roles.get(r["role"], r["role"]))
            for r in edited.to_dict("records")]
    return coverage.assignments.from_editor(rows, by_label, {v: k for k, v in codes.items()})


def _checked(ctx: data.Context, base: list[Assignment], proposed: list[Assignment], errors: list[Refused],
             people: dict[int, dict], codes: dict[int, str]) -> list[Refused]:
    """Shows the errors, the warnings and, for a valid change, how each building's status would move; returns the errors."""
    t, lang = ui.t, ctx.lang
    result = coverage.assignments.check(proposed, people, codes, ctx.page.volunteer_limit, frozenset(a.key for a in base))
    problems = errors + result.errors
    if problems:
        st.error(ui.bullets([e.message(lang) for e in problems]))
    if result.warnings:
        st.warning(ui.bullets([w.message(lang) for w in result.warnings]))
    if not problems and {a.key: a.role for a in proposed} != {a.key: a.role for a in base}:
        after = coverage.assignments.preview(ui.db(), ctx.user, ctx.compound, proposed)
        changes = coverage.assignments.status_changes(ctx.page.coverage, after)
        st.info(ui.bullets([t("cov.preview_change", building=b, before=t(f"status.{x}"), after=t(f"status.{y}"))
                            for b, x, y in changes]) if changes else t("cov.no_change"))
    return problems
