"""No-shows on the roster: marked on the week's picture and listed in words under it (week tab), and for a planner
the ranked stand-ins of the absence flow, a click each (replacements tab)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coordpanel import attendance, overview, ui
from coordpanel.core import charts, i18n
from coordpanel.core.db import Database
from coordpanel.overview.items import no_show_items, shift_words
from coordpanel.ui.cache import per_version
from coordpanel.ui.views.roster import candidates, data
from coordpanel.ui.views.roster.context import RosterContext

VIEW_KEY = "roster_view"  # page.VIEW_KEY (the page imports this module's users, so it cannot be imported here)


def minute(now: dt.datetime) -> dt.datetime:
    return now.replace(second=0, microsecond=0)


@per_version(maxsize=32)
def week_no_shows(db: Database, compound: int, monday: dt.date, now: dt.datetime) -> pd.DataFrame:
    """The no-shows of the week's shifts as known at `now` (overview.duty.no_shows), shared read-only; callers pass
    `now` to the minute (minute()), so that on the real clock one is read a minute, not at every click."""
    start = dt.datetime.combine(monday, dt.time())
    return overview.duty.no_shows(db, compound, start, start + dt.timedelta(days=7), now)


@per_version(maxsize=32)
def marked_figure(db: Database, compound: int, monday: dt.date, lang: str, now: dt.datetime) -> go.Figure:
    """The week's picture (data.staffing_figure) with each no-show's name marked in words where the cell shows who
    is on the shift; the same figure as the week tab's when there is none."""
    found = week_no_shows(compound, monday, now)
    if found.empty:
        return data.staffing_figure(compound, monday, lang)
    week = data.roster_week(compound, monday)
    missing = set(zip(found["shift_id"], found["person_id"], strict=True))
    names = {s: [i18n.t("ov.roster.no_show_marker", lang, name=week.people[p].name) if (s, p) in missing
                 else week.people[p].name for p in crew if p in week.people] for s, crew in week.crews.items()}
    return ui.frozen(charts.staffing_heatmap(week.shifts, lang, names))


def listed(ctx: RosterContext) -> None:
    """Under the week's picture: no-shows nobody covered in red, in words (gate, shift, name); those a stand-in
    covered in blue; for a planner, while a shift still runs, one click to the ranked stand-ins."""
    found = week_no_shows(ctx.compound, ctx.monday, minute(ctx.now))
    if found.empty:
        return
    now, past, covered = no_show_items(found, ctx.lang)
    st.caption(ctx.t("ov.roster.no_shows"))
    if now or past:
        st.error(ui.bullets([i.message for i in now + past]))
    if covered:
        st.info(ui.bullets([ctx.t("ov.no_show.stood_in", **shift_words(r, ctx.lang), name=r.name, stand_in=r.stand_in_name)
                            for r in found[found["covered"]].itertuples()]))
    if now and ctx.can_edit:
        st.button(ctx.t("ov.roster.see_replacements"), icon=":material/person_add:", key="roster_no_show_replacements",
                  on_click=_open_replacements, args=(ctx.t("roster.view.replace"),))


def _open_replacements(label: str) -> None:
    """A button's callback: runs before the page is drawn again, so the tabs open on the replacements."""
    st.session_state[VIEW_KEY] = label


def replacements(ctx: RosterContext) -> None:
    """Places of shifts still running that nobody came to and nobody covered, each with the three best people of
    the absence flow's ranking (roster.candidates); a click records that one as the stand-in, arrived now
    (attendance.records.add_stand_in: checked there, like the gate lead's)."""
    found = week_no_shows(ctx.compound, ctx.monday, minute(ctx.now))
    if found.empty:
        return
    open_now = found[~found["covered"] & ~found["ended"]]
    if open_now.empty:
        return
    t = ctx.t
    st.caption(t("ov.roster.replace_no_shows"))
    for r in open_now.itertuples():
        st.markdown(ui.plain(t("ov.gap.no_show", **shift_words(r, ctx.lang), name=r.name)))
        candidates.three_best(ctx, int(r.shift_id), lambda c, r=r: _stand_in_button(ctx, int(r.shift_id), int(r.person_id), r.name, c))


def _stand_in_button(ctx: RosterContext, shift_id: int, absent: int, absent_name: str, c) -> None:
    t = ctx.t
    if st.button(t("ov.roster.stand_in", name=ui.plain(c.person.name), absent=ui.plain(absent_name)),
                 help=t("ov.roster.stand_in_help", name=ui.plain(c.person.name), absent=ui.plain(absent_name),
                        hours=f"{c.hours_this_week:g}"),
                 key=f"stand_in_{shift_id}_{absent}_{c.person.id}"):
        # the roster is unchanged: the editor keeps its edits
        ui.run(lambda: attendance.records.add_stand_in(ui.db(), ctx.user, shift_id, c.person.id, absent, now=ctx.now),
               t("ov.roster.stood_in_done"))
