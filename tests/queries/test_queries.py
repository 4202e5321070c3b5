"""Every named query runs, and the ones the overview stands on answer right on crafted data: on both backends (a
DuckDB database, and PostgreSQL when COORDPANEL_TEST_PG names a server)."""

from __future__ import annotations

import datetime as dt
import decimal
import re

import pandas as pd
import pytest

from coordpanel.core import pg
from coordpanel.core.db import Database
from coordpanel.core.queries import QUERIES, load_pg_query, load_query, pyformat

D = dt.datetime
PARAMS = {
    "compound_id": 1,
    "until": dt.date(2020, 2, 18),
    "from": D(2020, 2, 17),
    "to": D(2020, 2, 24),
    "actor": None,
    "table_name": None,
    "limit": 10,
    "username": "leader",
    "batch": 1,
    "action": "init demo",
    "id": 1,
    "person_id": 1,
    "building_id": 1,
    "week_start": dt.date(2020, 2, 17),
    "prefix": "1:",
    "row_key": "1:2020-02-17",
    "phone": "13900000001",
    "gate_id": 1,
    "shift_id": 1,
    "now": D(2020, 2, 19, 8, 0),
    "starts_at": D(2020, 2, 18, 16, 0),
    "ends_at": D(2020, 2, 19, 0, 0),
    "day": dt.date(2020, 2, 18),
    "at": D(2020, 2, 19, 8, 0),
    "name_zh": "口罩",
}
ALL_QUERIES = sorted(
    str(p.relative_to(QUERIES).with_suffix("")) for p in QUERIES.rglob("*.sql")
    if "schema" not in p.relative_to(QUERIES).parts and p.parent.name != "pg"  # PostgreSQL's variants: test_backends.py
)
WRITES = ({"audit/insert", "people/set_status", "people/insert", "people/update"}
          | {f"users/{w}" for w in ("insert", "set_password", "update", "record_failure", "record_success")}
          | {f"coverage/{w}" for w in ("insert", "delete", "set_role")}
          | {f"attendance/{w}" for w in ("insert", "update")}
          | {f"roster/{w}" for w in ("assign", "unassign", "set_reason", "bump_version", "create_shift", "delete_templates",
                                     "insert_template", "add_unavailable", "delete_availability")}
          # writes, and reads that advance a sequence, of the database layer, backup and the seed builders
          | {"db/record_migration", "backup/advance_sequence", "audit/next_batch", "db/analyze"}
          | {"db/drop_public_schema", "db/create_public_schema"}  # PostgreSQL only: init --force, restore, copy
          | {f"seed/{w}" for w in ("take_ids", "set_as_of", "insert_organisation", "set_organisation_by_tier",
                                   "rename_community_posts")})


def _first_word(name: str) -> str:
    code = [line for line in load_query(name).splitlines() if line.strip() and not line.lstrip().startswith("--")]
    return code[0].split()[0].upper() if code else ""


# What the read tests run, on a demo they share: never a statement that changes data or the schema (a DROP SCHEMA
# here would empty the shared PostgreSQL demo), whether or not it is listed in WRITES.
READS = [q for q in ALL_QUERIES if q not in WRITES
         and _first_word(q) not in {"INSERT", "UPDATE", "DELETE", "DROP", "CREATE", "ALTER", "TRUNCATE", "COPY"}]


def test_every_query_file_starts_with_a_one_line_comment():
    for name in ALL_QUERIES:
        assert load_query(name).startswith("-- "), name


@pytest.mark.parametrize("name", READS)
def test_every_read_query_runs_on_the_demo(backend_demo_shared, name):
    wanted = set(re.findall(r"\$([a-z_]+)", load_query(name)))
    missing = wanted - PARAMS.keys()
    assert not missing, f"{name} needs parameters the test does not know: {missing}"
    if backend_demo_shared.backend == "postgres" and name in DUCKDB_ONLY:
        pytest.skip(f"{name} reads DuckDB's own catalog or file: never run on PostgreSQL")
    backend_demo_shared.rows(name, **{k: PARAMS[k] for k in wanted})


class Crafted:
    """A tiny compound built row by row, for edge cases the demo does not hold."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.cur = db.cursor()
        self.compound = self._insert(
            "INSERT INTO compound (name, district, street, community) VALUES ('甲小区', '区', '街', '社区') RETURNING id")

    def _insert(self, sql: str, params: dict | None = None) -> int | None:
        """Run one INSERT, committed, and return the id it gives back (RETURNING): on PostgreSQL by PostgreSQL itself,
        since DuckDB's attach of it has no RETURNING."""
        if self.db.backend == "postgres":
            with self.db.pg.transaction():
                cur = self.db.pg.execute(pyformat(sql), params or {})
                return cur.fetchone()[0] if cur.description else None
        cur = self.cur.execute(sql, params or {})
        return cur.fetchone()[0] if cur.description else None

    def building(self, code: str, households: int | None = 10) -> int:
        return self._insert(
            "INSERT INTO building (compound_id, code, households, residents) VALUES ($c, $code, $h, $h * 3) RETURNING id",
            {"c": self.compound, "code": code, "h": households},
        )

    def person(self, name, tier, group=None, status="active", since=None, home=None) -> int:
        return self._insert(
            "INSERT INTO person (compound_id, name, tier, group_code, status, status_since, home_building_id) "
            "VALUES ($c, $n, $t, $g, $s, $since, $home) RETURNING id",
            {"c": self.compound, "n": name, "t": tier, "g": group, "s": status, "since": since, "home": home},
        )

    def serve(self, building: int, person: int, role: str = "primary") -> None:
        self._insert("INSERT INTO building_assignment (building_id, person_id, role) VALUES ($b, $p, $r)",
                     {"b": building, "p": person, "r": role})

    def gate(self, name="南门") -> int:
        return self._insert("INSERT INTO gate (compound_id, name) VALUES ($c, $n) RETURNING id",
                            {"c": self.compound, "n": name})

    def shift(self, gate, start, hours=8, required=2) -> int:
        return self._insert(
            "INSERT INTO gate_shift (gate_id, starts_at, ends_at, required) VALUES ($g, $s, $e, $r) RETURNING id",
            {"g": gate, "s": start, "e": start + dt.timedelta(hours=hours), "r": required},
        )

    def assign(self, shift, person) -> None:
        self._insert("INSERT INTO shift_assignment (shift_id, person_id) VALUES ($s, $p)", {"s": shift, "p": person})

    def report(self, day, new) -> None:
        self._insert(
            "INSERT INTO case_report (compound_id, report_date, new_cases, hospitalised, central_quarantine) VALUES ($c, $d, $n, 0, 0)",
            {"c": self.compound, "d": day, "n": new},
        )


@pytest.fixture
def crafted(backend_db) -> Crafted:
    return Crafted(backend_db)


def coverage(crafted: Crafted) -> dict[str, dict]:
    return {r["code"]: r for r in crafted.db.records("coverage/by_building", compound_id=crafted.compound, day=None)}


def test_coverage_status_for_each_case(crafted):
    full, part = crafted.building("1栋"), crafted.building("2栋")
    crafted.building("3栋", households=None)
    grid = crafted.person("网格员甲", "grid", "grid_worker")
    keeper = crafted.person("管家乙", "property", "housekeeper")
    vol = crafted.person("志愿者丙", "volunteer", "gate", home=full)
    for person in (grid, keeper, vol):
        crafted.serve(full, person)
    crafted.serve(part, grid)
    crafted.serve(part, keeper)
    rows = coverage(crafted)
    assert rows["1栋"]["status"] == "covered"
    assert (rows["2栋"]["status"], rows["2栋"]["volunteer"]) == ("partial", 0)
    assert rows["3栋"]["status"] == "uncovered"
    assert rows["3栋"]["households"] is None  # a building with no households recorded still appears
    # gaps first
    assert [r["code"] for r in crafted.db.records("coverage/by_building", compound_id=crafted.compound, day=None)] == ["3栋", "2栋", "1栋"]


def test_only_active_people_cover_and_an_active_backup_keeps_the_building_covered(crafted):
    b = crafted.building("1栋")
    crafted.serve(b, crafted.person("网格员", "grid", "grid_worker"))
    crafted.serve(b, crafted.person("管家", "property", "housekeeper"))
    sick = crafted.person("主志愿者", "volunteer", "gate", status="sick", since=dt.date(2020, 2, 18), home=b)
    crafted.serve(b, sick, "primary")
    assert coverage(crafted)["1栋"]["status"] == "partial"
    crafted.serve(b, crafted.person("备志愿者", "volunteer", "emergency"), "backup")
    assert coverage(crafted)["1栋"]["status"] == "covered"
    assert coverage(crafted)["1栋"]["volunteer"] == 1


def test_coverage_on_a_given_day_counts_whom_a_later_status_had_not_yet_taken(crafted):
    """One query serves the day shown (day NULL, as the coverage page) and any day (the brief's): a person sick from
    18 February still covers the building on the 17th. The NULL needs its type on PostgreSQL (CAST($day AS DATE))."""
    b = crafted.building("1栋")
    crafted.serve(b, crafted.person("网格员", "grid", "grid_worker"))
    crafted.serve(b, crafted.person("管家", "property", "housekeeper"))
    crafted.serve(b, crafted.person("志愿者", "volunteer", "gate", status="sick", since=dt.date(2020, 2, 18)))

    def on(day):
        return crafted.db.records("coverage/by_building", compound_id=crafted.compound, day=day)[0]["status"]
    assert (on(dt.date(2020, 2, 17)), on(dt.date(2020, 2, 18)), on(None)) == ("covered", "partial", "partial")


def test_cadres_reinforce_but_do_not_replace_a_tier(crafted):
    b = crafted.building("1栋")
    crafted.serve(b, crafted.person("党员", "cadre", "screening"))
    row = coverage(crafted)["1栋"]
    assert (row["status"], row["cadre"]) == ("uncovered", 1)


def days(crafted, until):
    return crafted.db.records("cases/days_without_new_case", compound_id=crafted.compound, until=until)[0]


def test_days_without_new_case_is_derived_from_the_reports(crafted):
    for offset, new in enumerate([2, 0, 1, 0, 0, 0, 0]):
        crafted.report(dt.date(2020, 2, 12) + dt.timedelta(days=offset), new)
    result = days(crafted, dt.date(2020, 2, 18))
    assert (result["days"], result["last_case"], result["last_report"]) == (4, dt.date(2020, 2, 14), dt.date(2020, 2, 18))
    assert days(crafted, dt.date(2020, 2, 14))["days"] == 0  # a case today resets the count
    assert days(crafted, dt.date(2020, 2, 13))["days"] == 1


def test_days_without_new_case_with_no_case_and_no_report(crafted):
    assert days(crafted, dt.date(2020, 2, 18))["days"] is None
    crafted.report(dt.date(2020, 2, 17), 0)
    crafted.report(dt.date(2020, 2, 18), 0)
    assert days(crafted, dt.date(2020, 2, 18))["days"] == 2


def test_staffing_counts_only_active_eligible_people_and_the_anchor(crafted):
    gate = crafted.gate()
    monday = D(2020, 2, 17, 8)
    s1, s2 = crafted.shift(gate, monday), crafted.shift(gate, monday + dt.timedelta(days=2))
    guard = crafted.person("保安", "property", "security")
    sick_from_wed = crafted.person("志愿者", "volunteer", "gate", status="quarantined", since=dt.date(2020, 2, 19))
    buyer = crafted.person("采购员", "volunteer", "purchasing")  # not gate-eligible
    for shift in (s1, s2):
        for person in (guard, sick_from_wed, buyer):
            crafted.assign(shift, person)
    rows = {r["shift_id"]: r for r in crafted.db.records("roster/staffing", compound_id=crafted.compound,
                                                        **{"from": D(2020, 2, 17), "to": D(2020, 2, 24)})}
    assert (rows[s1]["filled"], rows[s1]["anchors"], rows[s1]["assigned"]) == (2, 1, 3)  # quarantined only from Wednesday
    assert (rows[s2]["filled"], rows[s2]["anchors"]) == (1, 1)


# Read queries that only DuckDB runs (on PostgreSQL through its attach), never inside a write transaction, where
# PostgreSQL runs the statement itself: their DuckDB spelling (GROUP BY ALL, date_diff, list, any_value, duckdb_*())
# has no PostgreSQL meaning. A query that a transaction comes to run must leave this set, with a pg/ variant if needed
# (a query with a pg/ variant is run by PostgreSQL here whether or not it is listed).
# Statements DuckDB alone runs (a file's checkpoint, DuckDB's catalog without a pg/ variant); every other read runs on
# PostgreSQL as written or as its pg/ variant, by PostgreSQL itself.
DUCKDB_ONLY = {"backup/foreign_keys", "db/checkpoint"}
# Queries whose order is only partly fixed (ties): compared as sets of rows.
TIES = {"seed/worked_shifts"}
# Catalog queries: DuckDB's catalog functions; on PostgreSQL only their pg/ variant is run, by PostgreSQL.
CATALOG = {"db/tables", "db/catalog", "db/has_migration_table", "backup/foreign_keys", "backup/sequences"}


# Queries whose answers hold when each demo was built (saved_at, logged_at).
BUILD_TIME = {"roster/week_version", "audit/facets"}


def _undated(rows) -> list[tuple]:
    return [tuple(None if isinstance(v, dt.datetime) else v for v in row) for row in rows]


def _params(name: str) -> dict:
    return {k: PARAMS[k] for k in set(re.findall(r"\$([a-z_]+)", load_query(name)))}


def _same(rows) -> list[tuple]:
    """Rows as both engines give them: numbers as numbers, whatever their Python type."""
    def value(v):
        return float(v) if isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool) else v
    return [tuple(value(v) for v in row) for row in rows]


def _by_postgresql(db: Database, name: str, params: dict) -> list[tuple]:
    """The query as a write transaction runs it on PostgreSQL: by PostgreSQL itself (psycopg), then rolled back."""
    with db.pg.transaction(force_rollback=True):
        cur = db.pg.execute(load_pg_query(name), pg.adapt(params))
        return cur.fetchall() if cur.description else []


@pytest.mark.parametrize("backend_demo_shared", ["postgres"], indirect=True)  # compared with DuckDB's demo_db
@pytest.mark.parametrize("name", READS)
def test_every_read_query_answers_the_same_on_both_backends(backend_demo_shared, demo_db, name):
    params = _params(name)
    duck = _same(demo_db.rows(name, **params))
    if name not in CATALOG:
        attached = _same(backend_demo_shared.rows(name, **params))
        if name in BUILD_TIME:
            attached, duck = _undated(attached), _undated(duck)
        text = load_query(name)
        if text.rfind("ORDER BY") > text.rfind(")") and name not in TIES:  # an ORDER BY of the whole statement
            assert attached == duck
        else:
            assert sorted(attached, key=repr) == sorted(duck, key=repr)
    folder, _, base = name.rpartition("/")
    if name in DUCKDB_ONLY and not (QUERIES / folder / "pg" / f"{base}.sql").is_file():
        return
    by_postgresql = _same(_by_postgresql(backend_demo_shared, name, params))
    if name in CATALOG:  # the schema's objects, as DuckDB names them
        assert sorted(by_postgresql, key=repr) == sorted(duck, key=repr)
    else:
        assert sorted(by_postgresql, key=repr) == sorted(_same(backend_demo_shared.rows(name, **params)), key=repr)


def _kind(dtype) -> str:
    """What a page may rely on in a column: numbers (DuckDB gives a HUGEINT sum as float, PostgreSQL's bigint as int),
    text, moments, durations, truth values, anything else."""
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if isinstance(dtype, pd.StringDtype):
        return "text"
    return dtype.kind


@pytest.mark.parametrize("backend_demo_shared", ["postgres"], indirect=True)  # compared with DuckDB's demo_db
@pytest.mark.parametrize("name", sorted(set(READS) - DUCKDB_ONLY - CATALOG))
def test_every_read_frame_has_duckdbs_columns_and_kinds_on_postgresql(backend_demo_shared, demo_db, name):
    params = _params(name)
    mine, theirs = backend_demo_shared.df(name, **params), demo_db.df(name, **params)
    named = [column for column in theirs.columns if "(" not in column]  # DuckDB names an unnamed expression by its text
    assert [c for c in mine.columns if c in named] == named and len(mine.columns) == len(theirs.columns)
    assert [_kind(t) for t in mine.dtypes] == [_kind(t) for t in theirs.dtypes], (mine.dtypes, theirs.dtypes)
