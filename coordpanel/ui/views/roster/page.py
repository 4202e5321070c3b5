"""门岗排班 — the week as gates × days × shifts, edited with every rule checked as you type, saved without losing work.

Views are lazy tabs: the week at a glance runs first; the editor, candidates, the auto-scheduler, replacements, one
person's week, publishing and shift creation each run only when opened. Unsaved edits survive moving between views and weeks.

The page script pages/roster.py calls render(); each tab is a module beside this one (its show(ctx) lays it out,
ctx being the RosterContext built here), and the data comes from data.py."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.core import auth
from coordpanel.core.clock import week_start
from coordpanel.ui.views.roster import (
    data,
    edit_tab,
    generate_tab,
    hours_tab,
    person_tab,
    publish_tab,
    replace_tab,
    schedule_tab,
    timeline_tab,
    week_tab,
)
from coordpanel.ui.views.roster.context import RosterContext

VIEW_KEY = "roster_view"  # the session key of the open tab (tests and bench/pages.py open views through it)
TABS = {"week": week_tab, "edit": edit_tab, "schedule": schedule_tab, "replace": replace_tab, "person": person_tab,
        "publish": publish_tab, "timeline": timeline_tab, "generate": generate_tab}
TABS["hours"] = hours_tab  # attendance hours (#15): its own date range, so it works on a week without shifts
NO_SHIFTS_NEEDED = ("generate", "schedule", "hours")  # views that work on a week without shifts (they can create them)


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    now = ui.today()
    st.title(t("nav.roster"))
    monday = week_start(st.date_input(t("roster.week"), value=now.date(), width=220, key="roster_day"))
    ctx = _context(user, lang, compound, now, monday)
    week = ctx.week
    st.caption(t("roster.version", version=week.version, who=ui.plain(week.saved_by), when=f"{week.saved_at:%m-%d %H:%M}")
               if week.version else t("roster.never_saved"))
    ui.flash()

    names = _tab_names(ctx)
    if st.session_state.pop(schedule_tab.OPEN_EDITOR, False) and "edit" in names:
        st.session_state[VIEW_KEY] = names["edit"]  # a view asked for the editor; only possible before the tabs are drawn
    view, box = ui.lazy_tabs(VIEW_KEY, names)
    with box:
        if view in NO_SHIFTS_NEEDED:
            TABS[view].show(ctx)
        elif week.shifts.empty:
            st.info(t("roster.no_shifts"))
        else:
            TABS[view].show(ctx)


def _context(user: auth.User, lang: str, compound: int, now: dt.datetime, monday: dt.date) -> RosterContext:
    """The week the editor works on and the week as saved, with what every tab needs to show them."""
    rules = data.roster_rules()
    editor_key, base_key, draft_key = (f"roster_{k}_{compound}_{monday}" for k in ("editor", "base", "draft"))
    unsaved = draft_key in st.session_state or ui.unsaved(editor_key)
    if base_key not in st.session_state or not unsaved:
        # no unsaved work: follow the saved week; with unsaved work, keep the version the planner started from
        st.session_state[base_key] = data.roster_week(compound, monday)
    return RosterContext(
        user=user, t=ui.t, lang=lang, compound=compound, now=now, can_edit=user.can("edit_roster"), monday=monday,
        rules=rules, editor_key=editor_key, base_key=base_key, draft_key=draft_key, unsaved=unsaved,
        week=st.session_state[base_key], current=data.roster_week(compound, monday),
    )


def _tab_names(ctx: RosterContext) -> dict[str, str]:
    """The tabs in order, by view; editing, auto-scheduling and shift creation only for those who may edit the roster."""
    t = ctx.t
    names = {"week": t("roster.view.week")}
    if ctx.can_edit:
        names["edit"] = t("roster.editor")
        names["schedule"] = t("scheduler.tab.name")
    names |= {"replace": t("roster.view.replace"), "person": t("roster.person_view"), "publish": t("roster.publish"),
              "timeline": t("roster.timeline")}
    names["hours"] = t("att.page.hours_tab")
    if ctx.can_edit:
        names["generate"] = t("roster.generate")
    return names
