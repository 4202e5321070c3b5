"""Helpers shared by test modules (fixtures stay in conftest.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from coordpanel import roster
from coordpanel.core import clock
from coordpanel.core.db import Database
from coordpanel.roster.week import load_rules

ROOT = Path(__file__).resolve().parent.parent


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


def cli(db_file: Path, *args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess:
    """Run the admin CLI on a database file, in a given language, as an admin would."""
    env = {**os.environ, "LANG": lang, "TZ": "Asia/Shanghai"}
    return subprocess.run([sys.executable, "-m", "coordpanel", "--db", str(db_file), *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
