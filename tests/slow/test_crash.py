"""Crash safety: a child process saves the roster over and over and is killed with SIGKILL at random moments.

After every kill the database must open (DuckDB replays its write-ahead log), hold every save the child reported as
done, and hold no save in part: the week's version counts the audited saves, and the crews are exactly what the
audited saves, replayed from the start, produce.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import offered_pairs

from coordpanel import roster, seed
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
MONDAY = dt.date(2020, 2, 17)
ROUNDS = 15
PAIRS = 3

# The child: open the file, say so, then toggle one (shift, person) pair after another, one save each, reporting
# every save only after it returned (its transaction committed).
CHILD = """
import datetime as dt, json, sys
from coordpanel import roster
from coordpanel.core import auth
from coordpanel.core.db import Database

path, compound, pairs = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
db = Database(path)
planner = auth.User(None, "crash-test", "planner")
print("ready", flush=True)
n = 0
while True:
    shift, person = pairs[n % len(pairs)]
    week = roster.week.load_week(db, compound, dt.date(2020, 2, 17))
    crew = week.crews[shift]
    crew = [p for p in crew if p != person] if person in crew else [*crew, person]
    version = roster.saving.save(db, planner, week, {shift: crew})
    print(f"saved {version}", flush=True)
    n += 1
"""


def crews_now(db: Database, compound: int) -> dict[int, set[int]]:
    week = roster.week.load_week(db, compound, MONDAY)
    return {s: set(c) for s, c in week.crews.items()}


def toggle_pairs(db: Database, compound: int) -> list[tuple[int, int]]:
    """(shift, person) pairs on shifts of the week starting a day or more from now, each person offered for that
    shift by the rules; distinct people and shifts, so the toggles never interact."""
    return offered_pairs(db, compound, MONDAY, PAIRS, not_before=dt.timedelta(days=1))


def replay(initial: dict[int, set[int]], db: Database) -> dict[int, set[int]]:
    """The crews that the audited roster saves, applied in order to the initial week, give."""
    expected = {s: set(c) for s, c in initial.items()}
    for row_key, before, after in db.cursor().execute(
            "SELECT row_key, before, after FROM audit_log WHERE action = 'save roster' AND table_name = 'shift_assignment'"
            " ORDER BY id").fetchall():
        shift, person = (int(x) for x in row_key.split(":"))
        if after is not None and before is None:
            expected[shift].add(person)
        elif before is not None and after is None:
            expected[shift].discard(person)
    return expected


def run_child(path: Path, compound: int, pairs: list, delay: float) -> tuple[list[int], str]:
    """Start the child, kill it `delay` seconds after it is ready; the versions it reported as saved, and its stderr."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(compound), json.dumps(pairs)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(30):
            child.kill()
            pytest.fail(f"the child never got ready: {child.stderr.read()}")
        time.sleep(delay)
        alive = child.poll() is None
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        reader.join(10)
        errors = child.stderr.read()
        if not alive:
            pytest.fail(f"the child stopped by itself before the kill:\n{errors}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    return [int(line.split()[1]) for line in lines if line.startswith("saved ")], errors


def test_killed_saves_are_whole_or_absent(tmp_path):
    path = tmp_path / "coordpanel.duckdb"
    db = Database(path)
    compound = seed.demo.build(db)
    initial = crews_now(db, compound)
    pairs = toggle_pairs(db, compound)
    db.close()

    rng = random.Random()
    started = time.monotonic()
    reported_total = 0
    for round_ in range(ROUNDS):
        delay = rng.uniform(0.2, 2.0)
        saved, _ = run_child(path, compound, pairs, delay)
        reported_total += len(saved)
        db = Database(path)  # replays the WAL of the killed process
        try:
            version = db.records("roster/week_version", compound_id=compound, week_start=MONDAY)[0]["version"]
            where = f"round {round_}, killed {delay:.2f} s after ready, reported {saved[-3:]}"
            if saved:
                assert version >= saved[-1], where
            batches = db.cursor().execute(
                "SELECT batch, count(*) FILTER (WHERE table_name = 'roster_week'),"
                " count(*) FILTER (WHERE table_name = 'shift_assignment') FROM audit_log WHERE action = 'save roster'"
                " GROUP BY batch").fetchall()
            assert version == len(batches) + 1, where
            assert all(rw == 1 and sa == 1 for _, rw, sa in batches), where  # each save: its version and its one toggle
            assert crews_now(db, compound) == replay(initial, db), where
        finally:
            db.close()
    assert reported_total > ROUNDS, "the child should have saved several times per round"
    assert time.monotonic() - started < 90


def test_child_script_saves_and_reports(tmp_path):
    """The child itself, not killed: each reported version is one more than the last (guards the crash test's tool)."""
    path = tmp_path / "coordpanel.duckdb"
    db = Database(path)
    compound = seed.demo.build(db)
    pairs = toggle_pairs(db, compound)
    db.close()
    saved, errors = run_child(path, compound, pairs, 1.0)
    assert saved == list(range(2, 2 + len(saved))) and len(saved) >= 2, errors
    db = Database(path)
    try:
        assert roster.week.load_week(db, compound, MONDAY).version >= saved[-1]
    finally:
        db.close()
