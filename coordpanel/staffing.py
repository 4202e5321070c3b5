"""Read a compound's gate shifts and crews for a period and check them against the roster rules."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from coordpanel import roster
from coordpanel.db import Database


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week holding `day`."""
    return day - dt.timedelta(days=day.weekday())


def rules(db: Database) -> roster.Rules:
    return roster.Rules.from_settings(dict(db.rows("settings/all")))


def load(db: Database, compound_id: int, start: dt.datetime, end: dt.datetime):
    """(shifts, assignments, people) of shifts starting in [start, end), as the rule functions take them."""
    shifts = [
        roster.Shift(r["shift_id"], r["gate"], r["starts_at"], r["ends_at"], r["required"])
        for r in db.records("roster/staffing", compound_id=compound_id, **{"from": start, "to": end})
    ]
    crews: dict[int, list[int]] = defaultdict(list)
    for shift_id, person_id, _reason in db.rows("roster/assignments", compound_id=compound_id, **{"from": start, "to": end}):
        crews[shift_id].append(person_id)
    people = {r["id"]: roster.Person(**r) for r in db.records("people/for_roster", compound_id=compound_id)}
    return shifts, dict(crews), people


def check_week(db: Database, compound_id: int, monday: dt.date) -> list[roster.Violation]:
    """Every rule violation of a week's roster. Shifts of the day before are read too, so rest and overlap at the
    week's start are checked; violations are reported only for the week's own shifts."""
    start = dt.datetime.combine(monday, dt.time())
    end = start + dt.timedelta(days=7)
    shifts, crews, people = load(db, compound_id, start - dt.timedelta(days=1), end)
    own = {s.id for s in shifts if s.starts_at >= start}
    return [v for v in roster.check(shifts, crews, people, rules(db)) if v.shift_id in own]
