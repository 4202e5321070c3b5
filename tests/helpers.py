"""Helpers shared by test modules (fixtures stay in conftest.py)."""

from __future__ import annotations

import datetime as dt

from coordpanel import gate_roster
from coordpanel.db import Database
from coordpanel.staffing import rules as load_rules


def offered_pairs(db: Database, compound: int, monday: dt.date, n: int, not_before: dt.timedelta = dt.timedelta()) -> list[tuple[int, int]]:
    """n (future shift, person) pairs of the week, distinct shifts and people, each person offered by the rules for
    that shift: toggling one pair never interacts with another. Shifts start after now + `not_before`."""
    week = gate_roster.load_week(db, compound, monday)
    rules = load_rules(db)
    earliest = gate_roster._now(db) + not_before
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for row in week.shifts.itertuples():
        if row.starts_at <= earliest:
            continue
        offered = [c.person.id for c in gate_roster.candidates(week, week.crews, row.shift_id, rules)
                   if c.offered and c.person.id not in used]
        if offered:
            pairs.append((int(row.shift_id), offered[0]))
            used.add(offered[0])
        if len(pairs) == n:
            return pairs
    raise AssertionError("not enough future shifts with an offered candidate")
