"""The case log (疫情记录): one row per compound and day; entered and corrected (with a reason) by planners and admins.

"Days without a new case" is derived from the log (cases/days_without_new_case.sql, as the overview reads it), never
typed. A report counts a whole day, made at its 24:00: the newest that can exist on a day is the day before's."""


from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core import auth, clock
from coordpanel.core.auth import User
from coordpanel.core.busy import retried
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.redact import mask_phones_in
from coordpanel.services import fields

COUNTS = ("new_cases", "new_suspected", "close_contacts", "hospitalised", "central_quarantine", "awaiting_placement")
PLACED = ("hospitalised", "central_quarantine", "awaiting_placement")  # carried on from the day before when not given
READ_RIGHT = "read"
EDIT_RIGHT = "edit_roster"  # planners and admins


def _latest_day(db: Database, now: dt.datetime | None) -> dt.date:
    return (now or clock.today(db)).date()


def _counts(values: dict) -> dict:
    return {k: fields.count(values[k], k) for k in COUNTS}


@retried
def enter(db: Database, user: User, compound_id: int, day, *, new_cases, new_suspected, close_contacts, note=None,
          hospitalised=None, central_quarantine=None, awaiting_placement=None, now: dt.datetime | None = None) -> None:
    """A day's report (new confirmed, new suspected, close contacts under observation, note). The counts of people
    placed (hospital, central quarantine, awaiting placement) carry on from the day before unless given. A day already
    reported is refused (correct it instead); a day after today too."""
    auth.require(user, EDIT_RIGHT, db)
    when = fields.day(day)
    fields.not_after(when, _latest_day(db, now))
    given = {"new_cases": new_cases, "new_suspected": new_suspected, "close_contacts": close_contacts,
             "hospitalised": hospitalised, "central_quarantine": central_quarantine,
             "awaiting_placement": awaiting_placement}
    remark = fields.text(note, "note", required=False, limit=fields.MAX_LONG)
    for k in ("new_cases", "new_suspected", "close_contacts"):
        fields.count(given[k], k)
    with db.transaction(user.username, "enter case report", compound_id) as tx:
        if tx.records("cases/report", compound_id=compound_id, day=when):
            raise Refused("svc.case_exists", field=fields.field("date"), day=when.isoformat())
        before = tx.records("cases/latest_before", compound_id=compound_id, day=when)
        for k in PLACED:
            if given[k] is None:
                given[k] = before[0][k] if before else 0
        row = {"compound_id": compound_id, "day": when, **_counts(given), "note": remark}
        tx.run("cases/insert", **row)
        tx.record("case_report", f"{compound_id}:{when}", None, row)


@retried
def correct(db: Database, user: User, compound_id: int, day, reason, **changes) -> dict:
    """Correct a day's report: any of the counts and the note, with the reason why (audited with before and after).
    Returns the row as corrected."""
    auth.require(user, EDIT_RIGHT, db)
    when = fields.day(day)
    why = fields.text(reason, "reason", limit=fields.MAX_LONG)
    unknown = set(changes) - {*COUNTS, "note"}
    if unknown:
        raise Refused("svc.bad_choice", field=fields.field("field"), value=sorted(unknown)[0][:40])
    checked = {k: fields.count(v, k) for k, v in changes.items() if k != "note"}
    if "note" in changes:
        checked["note"] = fields.text(changes["note"], "note", required=False, limit=fields.MAX_LONG)
    with db.transaction(user.username, "correct case report", compound_id) as tx:
        rows = tx.records("cases/report", compound_id=compound_id, day=when)
        if not rows:
            raise Refused("svc.case_missing", field=fields.field("date"), day=when.isoformat())
        before = {k: rows[0][k] for k in (*COUNTS, "note")}
        before = {**before, **{k: before[k] or 0 for k in ("new_suspected", "close_contacts")}}
        after = {**before, **checked}
        if after == before:
            raise Refused("svc.no_change")
        tx.run("cases/update", compound_id=compound_id, day=when, **after)
        tx.record("case_report", f"{compound_id}:{when}", before, {**after, "reason": why})
    return after


def days_without_new_case(db: Database, compound_id: int, now: dt.datetime | None = None) -> dict:
    """As the overview derives it: last_report, last_case, days (from the last day with a case to the last report on
    or before yesterday; None without reports) and total_cases."""
    until = _latest_day(db, now) - dt.timedelta(days=1)
    return db.records("cases/days_without_new_case", compound_id=compound_id, until=until)[0]


def trend(db: Database, user: User, compound_id: int, until: dt.date | None = None) -> pd.DataFrame:
    """The log up to `until` (default: yesterday, the last full day), oldest first: report_date, new_cases,
    new_suspected, close_contacts, hospitalised, central_quarantine, awaiting_placement, total_cases, note."""
    auth.require(user, READ_RIGHT, db)
    last = until or (_latest_day(db, None) - dt.timedelta(days=1))
    frame = db.df("cases/trend", compound_id=compound_id, until=last)
    frame["total_cases"] = frame["total_cases"].astype("int64")  # a sum: DuckDB gives it as a wide number
    frame["report_date"] = pd.to_datetime(frame["report_date"]).dt.date
    if not user.can("see_phones"):
        frame["note"] = frame["note"].map(mask_phones_in)
    return frame
