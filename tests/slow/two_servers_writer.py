"""One app server's writers, as a process of its own, for tests/slow/test_two_servers.py.

    python tests/slow/two_servers_writer.py PLAN.json OUT.json

Opens the database named in the plan (a postgresql:// URL) with its own connections, as an app server does, prints
"ready" and waits for a line on stdin, so that both servers start writing together. Then, round after round, it
toggles its own roster (shift, person) pairs, its own building assignments and its own people's status, each save
made against a fresh read and tried again on the refusals another server's write causes (roster.conflict,
coverage.conflict, db.conflict, db.busy). Everything it saw is written to OUT.json: every successful save (with the
roster version it returned), every refusal by key, and any other failure as its traceback (which fails the test).

With "collide" in the plan, both servers make the same change at the same moment instead: round after round (a line
on stdin starts each, "done" answers it) they put the same person on the same shift and in the same building, then
take them off again, each trying until the change is in the database, by its own save or by the other's.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from coordpanel import coverage, people, roster
from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

RETRYABLE = {"roster.conflict", "coverage.conflict", "db.conflict", "db.busy"}
ATTEMPTS = 40  # a save refused this often in a row is reported as starved (a failure)


def roster_save(db: Database, user: auth.User, plan: dict, pair: list[int], present: bool | None = None) -> dict:
    """Put the person on the shift or take them off (None: whichever they are not now), on a fresh read."""
    shift, person = pair
    week = roster.week.load_week(db, plan["compound"], dt.date.fromisoformat(plan["monday"]))
    crew = week.crews[shift]
    if (person in crew) == present:
        return {"already": True}
    crew = [p for p in crew if p != person] if person in crew else [*crew, person]
    return {"version": roster.saving.save(db, user, week, {shift: crew})}


def coverage_save(db: Database, user: auth.User, plan: dict, pair: list[int], present: bool | None = None) -> dict:
    """Add the building assignment or remove it (None: whichever it is not now), on a fresh read."""
    building, person = pair
    base = coverage.assignments.current(db, plan["compound"])
    if any(a.key == (building, person) for a in base) == present:
        return {"already": True}
    if any(a.key == (building, person) for a in base):
        proposed = [a for a in base if a.key != (building, person)]
    else:
        proposed = [*base, coverage.assignments.Assignment(building, person, "backup")]
    coverage.assignments.save(db, user, plan["compound"], base, proposed)
    return {}


def status_save(db: Database, user: auth.User, plan: dict, person: int, present: bool | None = None) -> dict:
    """Toggle the person between active and sick, on a fresh read."""
    (row,) = db.records("people/by_id", id=person)
    status = "sick" if row["status"] == "active" else "active"
    people.status.set_status(db, user, person, status, dt.date(2020, 2, 20), f"two servers {plan['server']}")
    return {"status": status}


KINDS = {"roster": roster_save, "coverage": coverage_save, "status": status_save}


def attempt(db: Database, user: auth.User, plan: dict, kind: str, target, out: dict, present: bool | None = None) -> None:
    """One save, tried again on the other server's refusals until it goes through (or, given `present`, until the
    change is in the database, by this server's save or by the other's)."""
    for _ in range(ATTEMPTS):
        try:
            result = KINDS[kind](db, user, plan, target, present)
        except Refused as exc:
            if exc.key not in RETRYABLE:
                raise
            out["refused"][exc.key] += 1
            time.sleep(0.005)
            continue
        if not result.get("already"):
            out["saved"].append({"kind": kind, "target": target, "at": time.time(), **result})
        return
    out["starved"].append({"kind": kind, "target": target})


def rounds(db: Database, user: auth.User, plan: dict, out: dict) -> None:
    """Each server its own targets, toggled round after round."""
    sys.stdin.readline()
    for round_ in range(plan["rounds"]):
        jobs = [(kind, target) for kind in KINDS for target in plan[kind]]
        # a different order each round and on each server, so that the kinds of save interleave across servers
        shift = (round_ + plan["offset"]) % len(jobs)
        for kind, target in jobs[shift:] + jobs[:shift]:
            attempt(db, user, plan, kind, target, out)


def collide(db: Database, user: auth.User, plan: dict, out: dict) -> None:
    """Both servers the same targets: on in even rounds, off in odd ones, each round started by a line on stdin."""
    for round_ in range(plan["rounds"]):
        sys.stdin.readline()
        for kind in ("roster", "coverage"):
            for target in plan[kind]:
                attempt(db, user, plan, kind, target, out, present=round_ % 2 == 0)
        print("done", flush=True)


def main(plan_file: str, out_file: str) -> int:
    plan = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    out: dict = {"server": plan["server"], "saved": [], "refused": Counter(), "starved": [], "failures": []}
    db = Database(plan["url"])
    user = auth.User(None, f"planner-{plan['server']}", "planner")
    print("ready", flush=True)
    try:
        (collide if plan.get("collide") else rounds)(db, user, plan, out)
    except Exception:  # reported, not raised: the test shows it with the other server's outcome
        out["failures"].append(traceback.format_exc())
    finally:
        db.close()
        Path(out_file).write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
