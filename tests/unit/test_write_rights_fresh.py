"""Every write checks the rights of the account as it stands now, not as it stood at sign-in: a planner stopped or
demoted by an admin, whose page still holds the old user, is refused by the core and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import attendance, coverage, people, roster, seed, services
from coordpanel.core import auth
from coordpanel.core.auth import CLI_USER
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied
from tests.helpers import DEMO_MONDAY, demo_week

pytestmark = pytest.mark.usefixtures("cheap_hashes")
SECRET = "S3cret-Passw0rd!"
T0 = dt.datetime(2020, 2, 19, 8, 0)

WRITES = {
    "roster save": lambda db, u: roster.saving.save(db, u, demo_week(db), {}),
    "roster undo": lambda db, u: roster.saving.undo_last(db, u, 1, DEMO_MONDAY),
    "shifts from templates": lambda db, u: roster.templates.generate_shifts(db, u, 1, DEMO_MONDAY, DEMO_MONDAY),
    "declare unavailable": lambda db, u: roster.availability.declare_unavailable(
        db, u, 1, 1, dt.datetime(2020, 2, 25, 8), dt.datetime(2020, 2, 25, 16), "x"),
    "coverage undo": lambda db, u: coverage.assignments.undo_last(db, u, 1),
    "status": lambda db, u: people.status.set_status(db, u, 1, "sick", dt.date(2020, 2, 19), None),
    "deactivate": lambda db, u: people.directory.deactivate(db, u, 1, dt.date(2020, 2, 19), None),
    "correct attendance": lambda db, u: attendance.records.correct(db, u, 1, 1, status="absent", reason="r", now=T0),
    # resident services (#16)
    "create request": lambda db, u: services.requests.create(
        db, u, 1, building_id=1, unit=None, contact="13900001234", kind="other", urgency="normal", needed="x", now=T0),
    "assign request": lambda db, u: services.requests.assign(db, u, 1, 1, 1),
    "assign groceries": lambda db, u: services.requests.assign_building_groceries(db, u, 1, 1, 1),
    "request done": lambda db, u: services.requests.done(db, u, 1, 1, now=T0),
    "requests done": lambda db, u: services.requests.done_many(db, u, 1, [1, 2], now=T0),
    "request failed": lambda db, u: services.requests.fail(db, u, 1, 1, "r", now=T0),
    "add supply": lambda db, u: services.supplies.add_item(db, u, 1, name_zh="新", name_en="new", unit_zh="个",
                                                           unit_en="pc"),
    "receipt": lambda db, u: services.supplies.receipt(db, u, 1, 1, 1, "donor", T0.date(), now=T0),
    "issue": lambda db, u: services.supplies.issue(db, u, 1, 1, 1, T0.date(), gate_id=1, now=T0),
    "enter cases": lambda db, u: services.cases.enter(db, u, 1, T0.date(), new_cases=0, new_suspected=0,
                                                      close_contacts=0, now=T0),
    "correct cases": lambda db, u: services.cases.correct(db, u, 1, dt.date(2020, 2, 18), "r", new_cases=9),
}
# the day's attendance (#15), which a gate lead may record too (so not in WRITES, which test_gate_lead refuses them):
# the right is checked before the shift or the person is even read
DAY_WRITES = {
    "check in": lambda db, u: attendance.records.check_in(db, u, 1, 1, now=T0),
    "mark absent": lambda db, u: attendance.records.mark_absent(db, u, 1, 1, now=T0),
    "check out": lambda db, u: attendance.records.check_out(db, u, 1, 1, now=T0),
    "stand-in": lambda db, u: attendance.records.add_stand_in(db, u, 1, 2, 1, now=T0),
}


@pytest.fixture
def accounts_db():
    database = Database(":memory:")
    seed.demo.build(database)
    auth.create_user(database, CLI_USER, "planner", "admin", SECRET)
    auth.create_user(database, CLI_USER, "boss", "admin", SECRET)
    yield database
    database.close()


@pytest.mark.parametrize("change", ["stopped", "demoted"])
@pytest.mark.parametrize("write", {**WRITES, **DAY_WRITES})
def test_a_write_with_a_user_whose_account_changed_since_sign_in_is_refused(accounts_db, write, change):
    db = accounts_db
    stale = auth.authenticate(db, "planner", SECRET, now=T0, sleep=lambda s: None)
    boss = auth.authenticate(db, "boss", SECRET, now=T0, sleep=lambda s: None)
    auth.update_user(db, boss, "planner", "leader" if change == "demoted" else "admin", change == "demoted")
    assert auth.require(stale, "read", None) is stale  # the page's old user object still claims its old rights
    before = contents(db)
    with pytest.raises(PermissionDenied):
        {**WRITES, **DAY_WRITES}[write](db, stale)
    assert contents(db) == before


def contents(db) -> tuple:
    cur = db.cursor()
    return tuple(cur.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                 for table in ("audit_log", "shift_assignment", "gate_shift", "person", "building_assignment",
                               "availability", "attendance", "resident_request", "supply", "stock_movement",
                               "case_report"))
