"""A save that puts back someone another save just took off, while an older read is still open: DuckDB reports a
duplicate key for a moment; the save is tried again and goes through, or says the database is busy and changes nothing."""

from __future__ import annotations

import threading

import duckdb
import pytest

from coordpanel import roster, seed
from coordpanel.core import busy
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from tests.helpers import DEMO_MONDAY, offered_pairs

PLANNER = User(None, "planner", "planner")


@pytest.fixture
def toggled(tmp_path):
    """A demo file where a person was put on a shift, a read began, and a save took the person off again."""
    db = Database(tmp_path / "cp.duckdb")
    seed.demo.build(db)
    shift, person = offered_pairs(db, 1, DEMO_MONDAY, 1)[0]
    week = roster.week.load_week(db, 1, DEMO_MONDAY)
    roster.saving.save(db, PLANNER, week, {shift: [*week.crews[shift], person]})
    reader = db.cursor()
    reader.begin()
    reader.execute("SELECT count(*) FROM shift_assignment").fetchall()  # an older read, still open
    week = roster.week.load_week(db, 1, DEMO_MONDAY)
    roster.saving.save(db, PLANNER, week, {shift: [p for p in week.crews[shift] if p != person]})
    yield db, reader, shift, person
    reader.close()
    db.close()


def put_back(db, shift, person) -> int:
    week = roster.week.load_week(db, 1, DEMO_MONDAY)
    return roster.saving.save(db, PLANNER, week, {shift: [*week.crews[shift], person]})


def test_duckdb_refuses_the_key_while_the_older_read_is_open(toggled):
    db, reader, shift, person = toggled
    cur = db.cursor()
    with pytest.raises(duckdb.ConstraintException) as raised:
        cur.execute("INSERT INTO shift_assignment (shift_id, person_id) VALUES ($s, $p)", {"s": shift, "p": person})
    assert busy.is_transient(raised.value)


def test_the_save_goes_through_once_the_older_read_ends(toggled):
    db, reader, shift, person = toggled
    threading.Timer(0.03, reader.commit).start()
    version = put_back(db, shift, person)
    assert person in roster.week.load_week(db, 1, DEMO_MONDAY).crews[shift]
    assert version == roster.week.load_week(db, 1, DEMO_MONDAY).version


def test_a_read_that_stays_open_gives_busy_and_changes_nothing(toggled, monkeypatch):
    db, reader, shift, person = toggled
    monkeypatch.setattr(busy, "DELAYS", (0.001, 0.001))
    before = roster.week.load_week(db, 1, DEMO_MONDAY)
    with pytest.raises(Refused) as refused:
        put_back(db, shift, person)
    assert refused.value.key == "db.busy"
    after = roster.week.load_week(db, 1, DEMO_MONDAY)
    assert (after.version, after.crews) == (before.version, before.crews)


def test_other_constraint_errors_are_not_tried_again():
    calls = []

    @busy.retried
    def write():
        calls.append(1)
        raise duckdb.ConstraintException("Constraint Error: NOT NULL constraint failed: person.name")

    with pytest.raises(duckdb.ConstraintException):
        write()
    assert calls == [1]
