"""The roster's auto-scheduler tab: options, a plan made on request, its preview, and "apply" into the editor.

Making a plan writes nothing. The plan is kept in the session per compound and week (a rerun shows it without
solving again) until the saved week changes. Applying it creates the shifts it planned from the templates (a write
the planner asked for) and puts its crews into the editor as unsaved edits, as "copy last week" does; the planner
saves them there with the usual versioned, audited save."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coordpanel import roster, ui
from coordpanel.core.errors import Refused
from coordpanel.roster.scheduler import plan as scheduler_plan
from coordpanel.roster.scheduler.problem import BREAKABLE
from coordpanel.ui.views.roster import data, schedule_preview
from coordpanel.ui.views.roster.context import RosterContext

OPEN_EDITOR = "roster_open_editor"  # set before a rerun: the page opens the editor's tab (page.py reads it)


def plan_key(ctx: RosterContext) -> str:
    """The session key of the plan kept for this compound and week."""
    return f"roster_plan_{ctx.compound}_{ctx.monday}"


def show(ctx: RosterContext) -> None:
    t = ctx.t
    if not ctx.can_edit:  # the page offers the tab to planners only; never plan for anyone else
        return
    st.caption(t("scheduler.tab.intro"))
    plan = _kept_plan(ctx)
    week_end = dt.datetime.combine(ctx.monday + dt.timedelta(days=7), dt.time())
    if week_end <= ctx.now:
        st.info(t("scheduler.tab.week_over"))
        return
    open_shifts = int((ctx.current.shifts["starts_at"] >= ctx.now).sum()) if not ctx.current.shifts.empty else 0
    has_templates = not data.gate_templates(ctx.compound)[1].empty
    if not open_shifts and not has_templates:
        st.info(t("scheduler.tab.no_shifts_no_templates"))
        return
    if not open_shifts:
        st.info(t("scheduler.tab.no_open_shifts"))
    options = _options(ctx, open_shifts, has_templates)
    if st.button(t("scheduler.tab.run"), type="primary", key="schedule_run"):
        plan = _run(ctx, **options) or plan
    if plan is not None:
        schedule_preview.show(ctx, plan)
        _apply(ctx, plan)


def _kept_plan(ctx: RosterContext) -> scheduler_plan.Plan | None:
    """The plan made earlier for this week, unless the saved week has changed since (another version, other shifts)."""
    plan = st.session_state.get(plan_key(ctx))
    if plan is None:
        return None
    saved = ctx.current
    if plan.week.version != saved.version or set(plan.week.shifts["shift_id"]) != set(saved.shifts["shift_id"]):
        st.session_state.pop(plan_key(ctx), None)
        st.info(ctx.t("scheduler.tab.dropped"))
        return None
    return plan


def _options(ctx: RosterContext, open_shifts: int, has_templates: bool) -> dict:
    """The planner's choices: keep or re-plan, create missing shifts, soft rules it may break, the time limit."""
    t, rules = ctx.t, ctx.rules
    fresh = st.radio(t("scheduler.tab.mode"), ["keep", "fresh"], horizontal=True, key="schedule_mode",
                     format_func={"keep": t("scheduler.tab.keep"), "fresh": t("scheduler.tab.fresh")}.get)
    # ticked by default when the week has no shift to come; keyed by that, so the default follows the week
    from_templates = st.checkbox(t("scheduler.tab.from_templates"), value=not open_shifts, disabled=not has_templates,
                                 key=f"schedule_templates_{bool(open_shifts)}")
    hours = {"max_hours_week": rules.max_hours_week, "max_hours_day": rules.max_hours_day}
    breakable = [r for r in BREAKABLE if rules.severity.get(r) == "soft"]
    allow = st.multiselect(t("scheduler.tab.allow"), breakable, default=[], help=t("scheduler.tab.allow_help"),
                           key="schedule_allow",
                           format_func=lambda r: t(f"scheduler.tab.rule.{r}", hours=f"{hours.get(r, 0):g}"))
    limit = st.number_input(t("scheduler.tab.time_limit"), min_value=1, max_value=int(scheduler_plan.MAX_SECONDS),
                            value=int(scheduler_plan.DEFAULT_SECONDS), step=1, help=t("scheduler.tab.time_limit_help"),
                            key="schedule_time_limit", width=220)
    return {"fresh": fresh == "fresh", "from_templates": bool(from_templates and has_templates),
            "allow": tuple(allow), "time_limit": float(limit)}


def _run(ctx: RosterContext, **options) -> scheduler_plan.Plan | None:
    """Solve, with a progress indicator; keep the plan for the reruns that follow. Nothing is written."""
    with st.spinner(ctx.t("scheduler.tab.solving", seconds=f"{options['time_limit']:g}"), show_time=True):
        try:
            plan = scheduler_plan.plan_week(ui.db(), ctx.compound, ctx.monday, now=ctx.now, **options)
        except Refused as exc:
            ui.refused(exc)
            return None
    st.session_state[plan_key(ctx)] = plan
    return plan


def _apply(ctx: RosterContext, plan: scheduler_plan.Plan) -> None:
    """Put the plan into the editor as unsaved edits, after creating the shifts it planned; confirm first when
    that replaces unsaved edits."""
    t = ctx.t
    new = len(plan.new_shifts)
    if not new and not plan.changes():
        return
    confirmed = True
    if ctx.unsaved:
        st.warning(t("scheduler.tab.replaces_unsaved"))
        confirmed = st.checkbox(t("scheduler.tab.confirm_replace"), key="schedule_confirm_replace")
    help_text = t("scheduler.tab.apply_help_new", n=new) if new else t("scheduler.tab.apply_help")
    if not st.button(t("scheduler.tab.apply"), key="schedule_apply", disabled=not confirmed, help=help_text):
        return
    latest = roster.week.load_week(ui.db(), ctx.compound, ctx.monday)
    if latest.version != plan.week.version:  # saved since: the plan would silently undo that save in the editor
        st.session_state.pop(plan_key(ctx), None)
        st.error(t("scheduler.tab.stale", version=latest.version))
        return
    try:
        week = scheduler_plan.create_new_shifts(ui.db(), ctx.user, plan)
    except Refused as exc:
        ui.refused(exc)
        return
    if new:
        ui.written()
    ui.forget(ctx.editor_key)
    st.session_state[ctx.base_key] = week
    st.session_state[ctx.draft_key] = scheduler_plan.draft(plan, week)
    st.session_state.pop(plan_key(ctx), None)
    st.session_state["flash"] = t("scheduler.tab.applied_new", n=new) if new else t("scheduler.tab.applied")
    st.session_state[OPEN_EDITOR] = True
    st.rerun()
