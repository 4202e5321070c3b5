"""How long it takes to check and to save a full demo roster week.

    .venv/bin/python bench/roster.py [--runs N]

Builds the demo compound in memory. "check" runs every rule over the week (the editor does this on every edit);
"save" is what the Save button does with the week the editor holds: check it, compare versions, write the changed
assignments and the audit entries in one transaction (loading the week again afterwards is not timed). Each save moves one person between two future shifts and back, so every run writes.
Prints the median and p90 in milliseconds next to the goal (a median of at most 50 ms); it never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time

from coordpanel import roster, seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database

GOAL_MS = 50.0
MONDAY = dt.date(2020, 2, 17)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    db = Database(":memory:")
    seed.demo.build(db)
    planner = User(2, "planner", "planner")
    rules = roster.week.load_rules(db)
    week = roster.week.load_week(db, 1, MONDAY)
    print(f"demo week {MONDAY}: {len(week.shifts)} shifts, {sum(len(c) for c in week.crews.values())} assignments, "
          f"{len(week.people)} people; {runs} runs\n")

    check_ms = []
    for _ in range(runs):
        week.__dict__.pop("_memo", None)  # the editor keeps results per crews; time the rules themselves
        started = time.perf_counter()
        roster.week.check(week, week.crews, rules)
        check_ms.append((time.perf_counter() - started) * 1000)

    # someone the rules allow on the week's last shift, found once; each save adds or removes them
    target = int(week.shifts["shift_id"].iloc[-1])
    extra = next(c.person.id for c in roster.candidates.candidates(week, week.crews, target, rules) if c.offered)
    save_ms = []
    for i in range(runs):
        current = roster.week.load_week(db, 1, MONDAY)
        crews = {k: list(v) for k, v in current.crews.items()}
        crews[target] = [*crews[target], extra] if i % 2 == 0 else [p for p in crews[target] if p != extra]
        started = time.perf_counter()
        roster.saving.save(db, planner, current, crews)
        save_ms.append((time.perf_counter() - started) * 1000)

    print(f"{'operation':<28}{'median ms':>10}{'p90 ms':>10}{'goal ms':>10}")
    for name, values in (("check a week", check_ms), ("check + save a week", save_ms)):
        median = statistics.median(values)
        verdict = "within" if median <= GOAL_MS else "OVER"
        print(f"{name:<28}{median:>10.1f}{p90(values):>10.1f}{GOAL_MS:>10.0f}   {verdict} the goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
