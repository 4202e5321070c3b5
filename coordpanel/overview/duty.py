"""No-shows and who is on duty now, as the overview and the roster's week view show them (from attendance.noshows)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.attendance import noshows
from coordpanel.core.db import Database

ON_DUTY_COLUMNS = ["gate_id", "gate_zh", "gate_en", "starts_at", "ends_at", "required", "planned", "present", "starting"]


def no_shows(db: Database, compound_id: int, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> pd.DataFrame:
    """The no-shows of the shifts starting in [start, end) as known at `now` (attendance.noshows.no_shows, those a
    stand-in covered included), with `covered` (a stand-in came) and `ended` (the shift is over at `now`).

    Only days on which attendance was kept count (noshows.kept_days)."""
    found = noshows.no_shows(db, compound_id, start, end, now, include_covered=True)
    if not found.empty:
        kept = noshows.kept_days(db, compound_id, start, end, now)
        found = found[found["starts_at"].dt.date.isin(kept)].reset_index(drop=True)
    found["covered"] = found["stand_in_id"].notna()
    found["ended"] = found["ends_at"] <= now
    return found


def open_no_shows(found: pd.DataFrame) -> pd.DataFrame:
    """The no-shows nobody covered: the places a planner still has to fill (or, once the shift is over, ask about)."""
    return found[~found["covered"]]


def on_duty(db: Database, compound_id: int, now: dt.datetime) -> pd.DataFrame:
    """Per gate with a shift in progress at `now`, in gate order: required, planned (on the roster) and present
    (checked in, stand-ins included); `starting` while a shift is still inside its grace minutes, when nobody being
    there yet is no gap. Columns: ON_DUTY_COLUMNS."""
    shifts = noshows.on_duty_now(db, compound_id, now)
    if shifts.empty:
        return pd.DataFrame(columns=ON_DUTY_COLUMNS)
    grace = dt.timedelta(minutes=noshows.grace_minutes(db))
    shifts = shifts.assign(starting=shifts["starts_at"] + grace > now)
    per_gate = shifts.groupby("gate_id", sort=False).agg(
        gate_zh=("gate_zh", "first"), gate_en=("gate_en", "first"), starts_at=("starts_at", "min"),
        ends_at=("ends_at", "max"), required=("required", "sum"), planned=("planned", "sum"),
        present=("present", "sum"), starting=("starting", "any"))
    return per_gate.reset_index()[ON_DUTY_COLUMNS]
