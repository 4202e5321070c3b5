"""No-shows (roster places nobody came to) and who is on duty now, read from the roster and the attendance records."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core import settings
from coordpanel.core.db import Database

GRACE_KEY = "attendance.grace_minutes"
NO_SHOW_COLUMNS = ["shift_id", "gate_id", "gate_zh", "gate_en", "starts_at", "ends_at", "person_id", "name", "tier",
                   "group_code", "person_status", "status", "stand_in_id", "stand_in_name"]
ON_DUTY_COLUMNS = ["shift_id", "gate_id", "gate_zh", "gate_en", "starts_at", "ends_at", "required", "planned", "present"]


def grace_minutes(db: Database) -> int:
    """Minutes after a shift's start before a place nobody checked in at is a no-show (setting, default 15)."""
    return int(settings.read(db).value(GRACE_KEY, 15))


def no_shows(db: Database, compound_id: int, start: dt.datetime, end: dt.datetime, now: dt.datetime, *,
             include_covered: bool = False) -> pd.DataFrame:
    """One row per roster place of a shift starting in [start, end) that nobody had checked in at by start + grace,
    as of `now`: its member had no check-in at or before `now` (none, or marked absent) and, unless
    `include_covered`, no stand-in had checked in for them by `now`. A late arrival before `now` is not a no-show.
    Columns: NO_SHOW_COLUMNS (status: the member's record, None or 'absent'; stand_in_*: the stand-in, if any).
    In time order, then gate order."""
    places = db.df("attendance/places", compound_id=compound_id, **{"from": start, "to": end})
    cutoff = now - dt.timedelta(minutes=grace_minutes(db))
    if places.empty:
        return pd.DataFrame(columns=NO_SHOW_COLUMNS)
    came = places["checked_in_at"].notna() & (places["checked_in_at"] <= now)
    covered = places["stand_in_id"].notna() & (places["stand_in_checked_in_at"] <= now)
    due = places["starts_at"] <= cutoff
    wanted = due & ~came & (include_covered | ~covered)
    found = places[wanted].copy()
    # a stand-in recorded after `now` had not come yet
    found.loc[~covered[wanted], ["stand_in_id", "stand_in_name"]] = None
    found["stand_in_id"] = found["stand_in_id"].astype("Int64")  # an id or <NA>, never a float
    return found[NO_SHOW_COLUMNS].reset_index(drop=True)


def kept_days(db: Database, compound_id: int, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> set[dt.date]:
    """The days of shifts starting in [start, end) for which any attendance was recorded by `now`. On a day without
    any record every place would be a no-show, which says nobody kept the record (a compound that does not use it,
    or not yet), not that nobody came: the overview and the brief count no-shows only on kept days."""
    rows = db.rows("attendance/kept_days", compound_id=compound_id, now=now, **{"from": start, "to": end})
    return {row[0].date() if isinstance(row[0], dt.datetime) else row[0] for row in rows}


def on_duty_now(db: Database, compound_id: int, now: dt.datetime) -> pd.DataFrame:
    """The shifts in progress at `now`, one row each, in gate order: required and planned (rostered) headcount and
    how many are present (checked in at or before `now`, stand-ins included, not checked out). Columns: ON_DUTY_COLUMNS."""
    frame = db.df("attendance/on_duty", compound_id=compound_id, now=now)
    for column in ("required", "planned", "present"):
        frame[column] = frame[column].astype(int)
    return frame[ON_DUTY_COLUMNS]
