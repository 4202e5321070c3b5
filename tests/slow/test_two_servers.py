"""Two app servers on one PostgreSQL database: writers in both processes, and no update lost.

Each server is an OS process of its own (tests/slow/two_servers_writer.py) with its own connections, as two app
replicas behind a proxy have. Both toggle, round after round, their own roster (shift, person) pairs, building
assignments and people's status, each save against a fresh read and tried again when the other server's write
refuses it. Afterwards the database holds exactly what the successful saves make: the roster versions the two
servers were given are 1..N with none given twice, the crews, assignments and statuses are the initial ones toggled
as often as their saves succeeded, every save is one audit batch naming its server, and no refusal came back as a
traceback. When both servers make the same change at the same moment (the same person on the same gap), one save
goes through and the other is refused or finds it done, never a duplicate-key traceback. A write by one server is
read by the other at once, and a page's data version on the other server follows within about a second (the
session reads it at most once a second, through a cache of one second: at most ~2 s in the worst case).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers import DEMO_MONDAY, offered_pairs

from coordpanel import coverage, roster, seed
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("two_servers_writer.py")
COMPOUND = 1
ROUNDS = 6
PAIRS = 2  # roster pairs and building pairs per server; one person's status per server
SERVERS = ("a", "b")
ACTIONS = {"roster": roster.saving.SAVE_ACTION, "coverage": coverage.assignments.SAVE_ACTION, "status": "set status"}


def coverage_pairs(db: Database, n: int) -> list[tuple[int, int]]:
    """n (building, cadre) pairs not assigned now, distinct cadres: a backup role each server adds and removes."""
    assigned = {a.key for a in coverage.assignments.current(db, COMPOUND)}
    buildings = [b["id"] for b in db.records("buildings/list", compound_id=COMPOUND)]
    cadres = [p["id"] for p in db.records("people/directory", compound_id=COMPOUND) if p["tier"] == "cadre"]
    pairs = []
    for i, person in enumerate(cadres[:n]):
        pairs.append((next(b for b in buildings[i % len(buildings):] + buildings if (b, person) not in assigned), person))
    assert len(pairs) == n, "not enough cadres"
    return pairs


def status_people(db: Database, n: int, taken: set[int]) -> list[int]:
    """n active people on no shift of the week and not among the other targets: a status change of theirs breaks no
    roster rule of another save (a building they serve keeps them, shown as a gap, which blocks no coverage save)."""
    week = roster.week.load_week(db, COMPOUND, DEMO_MONDAY)
    on_shifts = {p for crews in (week.crews, week.before_crews, week.after_crews) for c in crews.values() for p in c}
    free = [p["id"] for p in db.records("people/directory", compound_id=COMPOUND)
            if p["status"] == "active" and p["id"] not in on_shifts | taken]
    assert len(free) >= n, "not enough people off the roster"
    return free[:n]


def plans(db: Database, url: str) -> dict[str, dict]:
    """Each server's own targets: distinct shifts, people and buildings, so that no toggle undoes another's."""
    shifts = offered_pairs(db, COMPOUND, DEMO_MONDAY, PAIRS * len(SERVERS), not_before=dt.timedelta(days=1))
    buildings = coverage_pairs(db, PAIRS * len(SERVERS))
    taken = {p for _, p in shifts} | {p for _, p in buildings}
    persons = status_people(db, len(SERVERS), taken)
    return {name: {"server": name, "url": url, "compound": COMPOUND, "monday": DEMO_MONDAY.isoformat(),
                   "rounds": ROUNDS, "offset": 2 * i, "roster": shifts[i * PAIRS:(i + 1) * PAIRS],
                   "coverage": buildings[i * PAIRS:(i + 1) * PAIRS], "status": [persons[i]]}
            for i, name in enumerate(SERVERS)}


def run_servers(plans_by_server: dict[str, dict], folder: Path, synced: int = 0) -> dict[str, dict]:
    """Start one writer process per server, let them all go at once (or `synced` rounds, each started together),
    and return what each reported."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    processes = {}
    for name, plan in plans_by_server.items():
        (folder / f"plan-{name}.json").write_text(json.dumps(plan), encoding="utf-8")
        processes[name] = subprocess.Popen(
            [sys.executable, str(WRITER), str(folder / f"plan-{name}.json"), str(folder / f"out-{name}.json")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        for name, process in processes.items():
            line = _readline(process, 60)
            assert line.strip() == "ready", f"server {name} did not start: {line!r} {process.stderr.read()}"
        for _ in range(synced or 1):  # synced: the servers wait for each other after every round
            for process in processes.values():
                process.stdin.write("go\n")
                process.stdin.flush()
            if synced and not all(_readline(process, 60).strip() == "done" for process in processes.values()):
                break  # a server stopped: its output says why
        errors = {}
        for name, process in processes.items():
            _, errors[name] = process.communicate(timeout=200)
            assert process.returncode == 0, f"server {name} exited {process.returncode}:\n{errors[name]}"
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    for name, stderr in errors.items():
        assert "Traceback" not in stderr, f"server {name}:\n{stderr}"
    return {name: json.loads((folder / f"out-{name}.json").read_text(encoding="utf-8")) for name in processes}


def _readline(process: subprocess.Popen, timeout: float) -> str:
    """The process's next line of output, or '' after `timeout` seconds."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0] if lines else ""


def saves(outcomes: dict[str, dict], kind: str) -> list[dict]:
    return [s for out in outcomes.values() for s in out["saved"] if s["kind"] == kind]


def toggled(counts: Counter, target) -> bool:
    return counts[json.dumps(target)] % 2 == 1


def interleaved(outcomes: dict[str, dict]) -> bool:
    """Whether the servers' saves overlapped in time (a save of one between two saves of the other)."""
    a, b = ([s["at"] for s in outcomes[name]["saved"]] for name in SERVERS)
    return bool(a and b) and (min(a) < max(b) and min(b) < max(a))


def audit(db: Database, sql: str, **params) -> list[tuple]:
    return db.cursor().execute(sql, params).fetchall()


@pytest.fixture
def shared(pg_url):
    """The demo on a new PostgreSQL database; the test reads it through a Database of its own (a third server)."""
    db = Database(pg_url)
    seed.demo.build(db)
    yield pg_url, db
    db.close()


def test_two_server_processes_writing_at_once_lose_no_update(shared, tmp_path):
    url, db = shared
    plan = plans(db, url)
    initial_week = roster.week.load_week(db, COMPOUND, DEMO_MONDAY)
    initial_crews = {s: set(c) for s, c in initial_week.crews.items()}
    initial_coverage = {a.key: a.role for a in coverage.assignments.current(db, COMPOUND)}
    initial_audit = db.scalar("audit/latest_id")

    outcomes = run_servers(plan, tmp_path)

    for name, out in outcomes.items():
        assert not out["failures"], f"server {name} failed:\n" + "\n".join(out["failures"])
        assert not out["starved"], f"server {name} was refused too often in a row: {out['starved']}"
        assert set(out["refused"]) <= {"roster.conflict", "coverage.conflict", "db.conflict", "db.busy"}
    jobs = sum(len(p["roster"]) + len(p["coverage"]) + len(p["status"]) for p in plan.values()) * ROUNDS
    assert sum(len(out["saved"]) for out in outcomes.values()) == jobs  # every save went through in the end
    assert interleaved(outcomes), "the two servers never wrote at the same time: the test proved nothing"

    # the roster: the versions handed out are exactly the next N, none twice, and the crews hold every toggle
    roster_saves = saves(outcomes, "roster")
    week = roster.week.load_week(db, COMPOUND, DEMO_MONDAY)
    assert sorted(s["version"] for s in roster_saves) == list(range(initial_week.version + 1, week.version + 1))
    assert week.version == initial_week.version + len(roster_saves)
    counts = Counter(json.dumps(s["target"]) for s in roster_saves)
    expected_crews = {s: set(c) for s, c in initial_crews.items()}
    for shift, person in (pair for p in plan.values() for pair in p["roster"]):
        if toggled(counts, [shift, person]):
            expected_crews[shift] ^= {person}
    assert {s: set(c) for s, c in week.crews.items()} == expected_crews

    # building assignments and people's status likewise
    counts = Counter(json.dumps(s["target"]) for s in saves(outcomes, "coverage"))
    expected_coverage = dict(initial_coverage)
    for key in (tuple(pair) for p in plan.values() for pair in p["coverage"]):
        if toggled(counts, list(key)):
            expected_coverage.pop(key) if key in expected_coverage else expected_coverage.update({key: "backup"})
    assert {a.key: a.role for a in coverage.assignments.current(db, COMPOUND)} == expected_coverage
    counts = Counter(json.dumps(s["target"]) for s in saves(outcomes, "status"))
    for person in (p["status"][0] for p in plan.values()):
        (row,) = db.records("people/by_id", id=person)
        assert row["status"] == ("sick" if toggled(counts, person) else "active")

    # the audit log: one batch per successful save, by the server that made it; the week's versions contiguous
    for kind, action in ACTIONS.items():
        by_actor = dict(audit(db, "SELECT actor, count(DISTINCT batch) FROM audit_log WHERE id > $after AND action = $action"
                                  " GROUP BY actor", after=initial_audit, action=action))
        made = {f"planner-{name}": sum(1 for s in out["saved"] if s["kind"] == kind) for name, out in outcomes.items()}
        assert by_actor == {actor: n for actor, n in made.items() if n}, kind
    versions = [(json.loads(before)["version"], json.loads(after)["version"]) for before, after in audit(
        db, "SELECT before, after FROM audit_log WHERE id > $after AND table_name = 'roster_week' ORDER BY id",
        after=initial_audit)]
    assert versions == [(v - 1, v) for v in range(initial_week.version + 1, week.version + 1)]
    assert audit(db, "SELECT count(*) FROM audit_log WHERE id > $after AND action NOT IN ($r, $c, $s)",
                 after=initial_audit, **dict(zip("rcs", ACTIONS.values(), strict=True))) == [(0,)]


def test_two_servers_making_the_same_change_at_once_give_one_save_and_refusals_never_a_traceback(shared, tmp_path):
    # both planners put the same person on the same gap (and in the same building) at the same moment, then both
    # take them off: each round one save goes through, the other server is refused (or sees it done), never an error
    url, db = shared
    both = plans(db, url)["a"]
    both |= {"collide": True, "rounds": 8, "roster": both["roster"][:1], "coverage": both["coverage"][:1], "status": []}
    initial_version = roster.week.load_week(db, COMPOUND, DEMO_MONDAY).version
    initial_audit = db.scalar("audit/latest_id")

    outcomes = run_servers({name: {**both, "server": name} for name in SERVERS}, tmp_path, synced=both["rounds"])

    for name, out in outcomes.items():
        assert not out["failures"], f"server {name} failed:\n" + "\n".join(out["failures"])
        assert not out["starved"], f"server {name} was refused too often in a row: {out['starved']}"
    # one save per change: the second server never saved what the first had saved already
    assert len(saves(outcomes, "roster")) == len(saves(outcomes, "coverage")) == both["rounds"]
    week = roster.week.load_week(db, COMPOUND, DEMO_MONDAY)
    assert sorted(s["version"] for s in saves(outcomes, "roster")) == list(range(initial_version + 1, week.version + 1))
    assert week.version == initial_version + both["rounds"]
    (shift, person), (building, cadre) = both["roster"][0], both["coverage"][0]
    assert person not in week.crews[shift]  # the last round took them off
    assert (building, cadre) not in {a.key for a in coverage.assignments.current(db, COMPOUND)}
    assert audit(db, "SELECT count(DISTINCT batch) FROM audit_log WHERE id > $after", after=initial_audit) == [
        (2 * both["rounds"],)]


def test_a_write_by_one_server_is_read_by_the_other_at_once(shared, tmp_path):
    url, db = shared
    plan = plans(db, url)["a"]
    plan |= {"rounds": 1, "roster": plan["roster"][:1], "coverage": [], "status": []}
    version, week = db.scalar("audit/latest_id"), roster.week.load_week(db, COMPOUND, DEMO_MONDAY)

    outcome = run_servers({"a": plan}, tmp_path)["a"]

    assert not outcome["failures"] and len(outcome["saved"]) == 1, outcome
    # the first read after the other server's commit, on connections opened (and used) before it
    assert db.scalar("audit/latest_id") > version
    assert roster.week.load_week(db, COMPOUND, DEMO_MONDAY).version == week.version + 1 == outcome["saved"][0]["version"]


DATA_VERSION_PAGE = """
import streamlit as st
from coordpanel.ui import session
st.write(f"version {session.data_version()}")
"""


def test_a_page_on_one_server_follows_another_server_s_write_within_about_a_second(shared, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    url, db = shared
    monkeypatch.setenv("COORDPANEL_DB", url)
    page = AppTest.from_string(DATA_VERSION_PAGE, default_timeout=30)
    page.run()
    assert not page.exception
    before = db.scalar("audit/latest_id")
    assert page.markdown[0].value == f"version {before}"

    plan = plans(db, url)["a"]
    plan |= {"rounds": 1, "roster": [], "coverage": [], "status": plan["status"]}
    assert run_servers({"a": plan}, tmp_path)["a"]["saved"]
    written = time.monotonic()
    after = db.scalar("audit/latest_id")
    assert after > before
    # the page reruns (a click) until it shows the new version: the session reads the version at most once a second,
    # through a one-second cache, so it may lag a second, two at worst
    while True:
        page.run()
        assert not page.exception
        if page.markdown[0].value == f"version {after}":
            break
        assert time.monotonic() - written < 2.5, "the page still shows the old data version"
        time.sleep(0.1)
