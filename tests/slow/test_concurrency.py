"""Concurrency: eight threads of one process share one Database (a cursor per call, as the app does) and save the
same compound's roster week and building assignments round after round.

Every save either succeeds or is refused as a conflict; afterwards the database holds exactly the sum of the
successful saves: each thread toggles its own pair, so the final state is the initial one with every pair toggled
as many times as its thread's saves succeeded, and the versions and audit batches count those saves.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from helpers import offered_pairs

from coordpanel import coverage, roster, seed
from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

THREADS = 8
ROUNDS = 10
MONDAY = dt.date(2020, 2, 17)
CONFLICTS = {"roster.conflict", "coverage.conflict"}


def roster_pairs(db: Database, compound: int, n: int) -> list[tuple[int, int]]:
    """n (future shift, person) pairs, distinct shifts and people, each person offered by the rules for that shift."""
    return offered_pairs(db, compound, MONDAY, n)


def coverage_pairs(db: Database, compound: int, n: int) -> list[tuple[int, int]]:
    """n (building, cadre) pairs not assigned today, distinct cadres: a backup role each thread adds and removes."""
    assigned = {a.key for a in coverage.assignments.current(db, compound)}
    buildings = [b["id"] for b in db.records("buildings/list", compound_id=compound)]
    cadres = [p["id"] for p in db.records("people/directory", compound_id=compound) if p["tier"] == "cadre"]
    pairs = []
    for i, person in enumerate(cadres):
        building = next(b for b in buildings[i % len(buildings):] + buildings if (b, person) not in assigned)
        pairs.append((building, person))
        if len(pairs) == n:
            return pairs
    raise AssertionError("not enough cadres")


def test_eight_threads_lose_nothing(tmp_path):
    db = Database(tmp_path / "coordpanel.duckdb")
    try:
        compound = seed.demo.build(db)
        planner = auth.User(None, "planner", "planner")
        shifts = roster_pairs(db, compound, THREADS)
        buildings = coverage_pairs(db, compound, THREADS)
        initial_crews = {s: set(c) for s, c in roster.week.load_week(db, compound, MONDAY).crews.items()}
        initial_coverage = {a.key: a.role for a in coverage.assignments.current(db, compound)}
        initial_version = roster.week.load_week(db, compound, MONDAY).version

        succeeded: Counter[tuple[str, int]] = Counter()
        refused: Counter[str] = Counter()
        failures: list[BaseException] = []
        start = threading.Barrier(THREADS)
        lock = threading.Lock()

        def roster_save(i: int) -> None:
            shift, person = shifts[i]
            week = roster.week.load_week(db, compound, MONDAY)
            crew = week.crews[shift]
            crew = [p for p in crew if p != person] if person in crew else [*crew, person]
            roster.saving.save(db, planner, week, {shift: crew})

        def coverage_save(i: int) -> None:
            building, person = buildings[i]
            base = coverage.assignments.current(db, compound)
            if any(a.key == (building, person) for a in base):
                proposed = [a for a in base if a.key != (building, person)]
            else:
                proposed = [*base, coverage.assignments.Assignment(building, person, "backup")]
            coverage.assignments.save(db, planner, compound, base, proposed)

        def work(i: int) -> None:
            try:
                start.wait()
                for round_ in range(ROUNDS):
                    # alternate which kind goes first, so roster and coverage saves interleave across threads
                    kinds = [("roster", roster_save), ("coverage", coverage_save)]
                    for kind, save in kinds if (i + round_) % 2 else kinds[::-1]:
                        try:
                            save(i)
                        except Refused as exc:
                            if exc.key not in CONFLICTS:
                                raise
                            with lock:
                                refused[exc.key] += 1
                        else:
                            with lock:
                                succeeded[(kind, i)] += 1
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not any(t.is_alive() for t in threads), "a thread hung"
        assert not failures, failures

        roster_saves = sum(n for (kind, _), n in succeeded.items() if kind == "roster")
        coverage_saves = sum(n for (kind, _), n in succeeded.items() if kind == "coverage")
        attempts = roster_saves + coverage_saves + sum(refused.values())
        assert attempts == THREADS * ROUNDS * 2
        assert roster_saves > 0 and coverage_saves > 0

        # the roster: every pair toggled as often as its thread's saves succeeded, nothing else changed
        expected_crews = {s: set(c) for s, c in initial_crews.items()}
        for i, (shift, person) in enumerate(shifts):
            if succeeded[("roster", i)] % 2:
                expected_crews[shift] ^= {person}
        week = roster.week.load_week(db, compound, MONDAY)
        assert {s: set(c) for s, c in week.crews.items()} == expected_crews
        assert week.version == initial_version + roster_saves

        # the building assignments likewise
        expected_coverage = dict(initial_coverage)
        for i, (building, person) in enumerate(buildings):
            if succeeded[("coverage", i)] % 2:
                if (building, person) in expected_coverage:
                    del expected_coverage[(building, person)]
                else:
                    expected_coverage[(building, person)] = "backup"
        assert {a.key: a.role for a in coverage.assignments.current(db, compound)} == expected_coverage

        # and the audit log holds one batch per successful save, nothing for a refused one
        batches = dict(db.cursor().execute(
            "SELECT action, count(DISTINCT batch) FROM audit_log WHERE action IN ($r, $c) GROUP BY action",
            {"r": roster.saving.SAVE_ACTION, "c": coverage.assignments.SAVE_ACTION}).fetchall())
        assert batches.get(roster.saving.SAVE_ACTION, 0) == roster_saves
        assert batches.get(coverage.assignments.SAVE_ACTION, 0) == coverage_saves
    finally:
        db.close()
