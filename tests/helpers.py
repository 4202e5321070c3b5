"""Helpers shared by test modules (fixtures stay in conftest.py)."""

from __future__ import annotations

import datetime as dt

from coordpanel import roster
from coordpanel.core import clock
from coordpanel.core.db import Database
from coordpanel.roster.week import load_rules


def offered_pairs(db: Database, compound: int, monday: dt.date, n: int, not_before: dt.timedelta = dt.timedelta()) -> list[tuple[int, int]]:
    """n (future shift, person) pairs of the week, distinct shifts and people, each person offered by the rules for
    that shift: toggling one pair never interacts with another. Shifts start after now + `not_before`."""
    week = roster.week.load_week(db, compound, monday)
    rules = load_rules(db)
    earliest = clock.today(db) + not_before
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for row in week.shifts.itertuples():
        if row.starts_at <= earliest:
            continue
        offered = [c.person.id for c in roster.candidates.candidates(week, week.crews, row.shift_id, rules)
                   if c.offered and c.person.id not in used]
        if offered:
            pairs.append((int(row.shift_id), offered[0]))
            used.add(offered[0])
        if len(pairs) == n:
            return pairs
    raise AssertionError("not enough future shifts with an offered candidate")
