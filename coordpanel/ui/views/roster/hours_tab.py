"""The roster's hours tab (工时): per person planned vs actual hours for a date range, totals per tier and group,
exports, and a volunteer's printable service-hours statement (coordpanel/attendance/hours.py, statement.py).

Names are user text: the tables are st.dataframe (never Markdown), the statement is st.text, the choice a selectbox."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.attendance import hours, statement
from coordpanel.core import exports
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.ui.cache import per_version
from coordpanel.ui.views.roster.context import RosterContext

FROM_KEY, TO_KEY, PERSON_KEY = "roster_hours_from", "roster_hours_to", "roster_hours_person"
VOLUNTEER = "volunteer"


@per_version(maxsize=8)
def _hours(db: Database, compound: int, first: dt.date, last: dt.date, now: dt.datetime) -> pd.DataFrame:
    return hours.person_hours(db, compound, first, last, now)


@per_version(maxsize=8)
def _statement(db: Database, compound: int, person: int, first: dt.date, last: dt.date,
               now: dt.datetime) -> statement.Statement:
    return statement.statement(db, compound, person, first, last, now)


def _period(ctx: RosterContext) -> tuple[dt.date, dt.date]:
    t = ctx.t
    with st.container(horizontal=True, wrap=True):
        first = st.date_input(t("att.page.hours_from"), value=ctx.monday, key=FROM_KEY, width=180)
        last = st.date_input(t("att.page.hours_to"), value=ctx.monday + dt.timedelta(days=6), key=TO_KEY, width=180)
    return first, last


def show(ctx: RosterContext) -> None:
    """Hours for the period the user picks (the week shown by default), then the statement of one volunteer."""
    t, lang = ctx.t, ctx.lang
    first, last = _period(ctx)
    if first > last:
        ui.refused(Refused("att.bad_period", first=first.isoformat(), last=last.isoformat()))
        return
    now = ctx.now.replace(second=0, microsecond=0)  # one cached table a minute, on a real clock
    frame = _hours(ctx.compound, first, last, now)
    if frame.empty:
        st.info(t("att.page.hours_none"))
        return
    st.caption(t("att.page.hours_sum", planned=f"{frame['planned_hours'].sum():g}",
                 actual=f"{frame['actual_hours'].sum():g}", people=len(frame)))
    with st.container(horizontal=True, wrap=True):
        st.download_button(t("cov.export.xlsx"), lambda: hours.export_xlsx(frame, first, last, lang),
                           file_name=f"hours-{first}-{last}.xlsx", mime=exports.XLSX_MIME, on_click="ignore",
                           icon=":material/download:", key="roster_hours_xlsx")
        st.download_button(t("cov.export.csv"), lambda: hours.export_csv(frame, lang),
                           file_name=f"hours-{first}-{last}.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", key="roster_hours_csv")
    st.subheader(t("att.page.hours_people"))
    st.dataframe(hours.person_table(frame, lang), hide_index=True)
    st.subheader(t("att.page.hours_totals"))
    st.dataframe(hours.totals_table(hours.totals(frame), lang), hide_index=True)
    _statement_of(ctx, frame, first, last, now)


def _statement_of(ctx: RosterContext, frame: pd.DataFrame, first: dt.date, last: dt.date,
                  now: dt.datetime) -> None:
    """One volunteer's service-hours statement as plain text, to read, print or download."""
    t, lang = ctx.t, ctx.lang
    st.subheader(t("att.page.statement"))
    volunteers = frame[frame["tier"] == VOLUNTEER]
    if volunteers.empty:
        st.info(t("att.page.statement_none"))
        return
    names = dict(zip(volunteers["person_id"].astype(int), volunteers["name"], strict=True))
    person = st.selectbox(t("att.page.statement_person"), list(names), key=PERSON_KEY,
                          format_func=lambda i: names.get(i, str(i)))
    if person not in names:
        person = next(iter(names))
    text = statement.text(_statement(ctx.compound, int(person), first, last, now), lang)
    st.caption(t("att.page.statement_print"))
    st.text(text)
    st.download_button(t("att.page.statement_download"), text.encode("utf-8"),
                       file_name=f"service-hours-{person}-{first}-{last}.txt", mime="text/plain; charset=utf-8",
                       on_click="ignore", icon=":material/download:", key="roster_hours_statement")
