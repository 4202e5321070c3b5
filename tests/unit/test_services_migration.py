"""Migration 008 (resident services) applied to a database of the schema before it, holding rows: requests keep
their ids and sequence with open -> new and assigned -> in_progress, the new columns are there, the old status codes
are refused from then on; on both backends."""

from __future__ import annotations

import datetime as dt

import duckdb
import psycopg
import pytest

from coordpanel.core import db as dbmodule
from coordpanel.core import pgdb
from coordpanel.core.auth import CLI_USER
from coordpanel.core.db import Database
from coordpanel.core.queries import migrations
from coordpanel.services import cases, requests, supplies

SERVICES = 8
ROWS = """
INSERT INTO compound (id, name, district, street, community) VALUES (1, '样例小区', '洪山区', '街道', '社区');
INSERT INTO building (id, compound_id, code) VALUES (1, 1, '1栋'), (2, 1, '2栋');
INSERT INTO person (id, compound_id, name, tier, group_code, status) VALUES (1, 1, '甲', 'volunteer', 'purchasing', 'active');
INSERT INTO resident_request (id, building_id, kind, status, assignee_id, description, created_at, done_at) VALUES
    (nextval('resident_request_id_seq'), 1, 'groceries', 'open', NULL, '蔬菜', TIMESTAMP '2020-02-18 08:00', NULL),
    (nextval('resident_request_id_seq'), 2, 'medicine', 'assigned', 1, '药', TIMESTAMP '2020-02-18 09:00', NULL),
    (nextval('resident_request_id_seq'), 1, 'other', 'done', 1, '修水管', TIMESTAMP '2020-02-17 09:00',
     TIMESTAMP '2020-02-17 15:00');
INSERT INTO supply (id, compound_id, name_zh, name_en, unit_zh, unit_en, quantity, min_stock)
    VALUES (1, 1, '口罩', 'Masks', '只', 'pcs', 10, 5);
INSERT INTO stock_movement (id, supply_id, moved_at, delta, source) VALUES (1, 1, TIMESTAMP '2020-02-10 10:00', 10, '捐赠方');
INSERT INTO case_report (compound_id, report_date, new_cases, hospitalised, central_quarantine)
    VALUES (1, DATE '2020-02-17', 1, 0, 0), (1, DATE '2020-02-18', 0, 1, 0);
"""


def _write(db: Database, sql: str) -> None:
    if db.backend == "postgres":
        with db.pg.transaction():
            db.pg.execute(sql)
    else:
        db.cursor().execute(sql)


@pytest.fixture(params=["duckdb", "postgres"])
def before_services(request, monkeypatch):
    """A database migrated to the version before 008, holding requests, supplies and case reports."""
    url = ":memory:" if request.param == "duckdb" else request.getfixturevalue("pg_url")
    older = [m for m in migrations() if m[0] < SERVICES]
    older_pg = [m for m in migrations("postgres") if m[0] < SERVICES]
    monkeypatch.setattr(dbmodule, "migrations", lambda dialect="duckdb": older)
    monkeypatch.setattr(pgdb, "migrations", lambda dialect="postgres": older_pg)
    database = Database(url)
    assert database.schema_version() == SERVICES - 1
    _write(database, ROWS)
    monkeypatch.undo()
    yield database
    database.close()


def test_the_migration_keeps_requests_maps_their_status_and_adds_the_new_columns(before_services):
    db = before_services
    assert "008_services" in db.migrate()
    assert db.schema_version() >= SERVICES
    rows = db.records("requests/board", compound_id=1)
    assert [(r["id"], r["status"], r["assignee_id"]) for r in rows] == [(1, "new", None), (2, "in_progress", 1), (3, "done", 1)]
    assert rows[2]["done_at"] == dt.datetime(2020, 2, 17, 15) and rows[0]["description"] == "蔬菜"
    assert {r["urgency"] for r in rows} == {"normal"} and all(r["due_at"] is None and r["unit"] is None for r in rows)
    # the sequence goes on after the old ids
    rid = requests.create(db, CLI_USER, 1, building_id=1, unit="1单元101", contact="13900001234", kind="groceries",
                          urgency="urgent", needed="米", now=dt.datetime(2020, 2, 19, 8))
    assert rid == 4
    # the old codes are refused now, the new ones kept by the checks
    with pytest.raises((duckdb.ConstraintException, psycopg.errors.CheckViolation)):
        _write(db, "INSERT INTO resident_request (building_id, kind, status, description, created_at) "
                   "VALUES (1, 'groceries', 'open', 'x', TIMESTAMP '2020-02-19 08:00')")
    with pytest.raises((duckdb.ConstraintException, psycopg.errors.CheckViolation)):
        _write(db, "INSERT INTO resident_request (building_id, kind, status, assignee_id, description, created_at, done_at) "
                   "VALUES (1, 'groceries', 'failed', 1, 'x', TIMESTAMP '2020-02-19 08:00', TIMESTAMP '2020-02-19 09:00')")
    # a request moves on through the new statuses
    requests.assign(db, CLI_USER, 1, 1, 1)
    requests.fail(db, CLI_USER, 1, 1, "店里没货", now=dt.datetime(2020, 2, 19, 9))
    assert db.records("requests/get", id=1)[0]["status"] == "failed"


def test_the_migration_keeps_supplies_and_case_reports_and_their_new_columns_work(before_services):
    db = before_services
    db.migrate()
    stock = supplies.stock(db, 1, dt.date(2020, 2, 19))
    assert stock["quantity"].tolist() == [10] and stock["days_of_cover"].tolist() == [None]
    supplies.issue(db, CLI_USER, 1, 1, 4, dt.date(2020, 2, 18), building_id=2, now=dt.datetime(2020, 2, 19, 8))
    assert supplies.stock(db, 1, dt.date(2020, 2, 19))["issued_7d"].tolist() == [4]
    trend = cases.trend(db, CLI_USER, 1, dt.date(2020, 2, 18))
    assert trend["new_suspected"].tolist() == [0, 0] and trend["close_contacts"].tolist() == [0, 0]
    assert cases.days_without_new_case(db, 1, dt.datetime(2020, 2, 19, 8))["days"] == 1
    cases.correct(db, CLI_USER, 1, dt.date(2020, 2, 18), "补报", close_contacts=3, note="观察中")
    assert cases.trend(db, CLI_USER, 1, dt.date(2020, 2, 18))["close_contacts"].tolist() == [0, 3]
