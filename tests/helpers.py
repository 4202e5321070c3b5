"""Helpers shared by test modules (fixtures stay in conftest.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb

from coordpanel import roster, seed
from coordpanel.core import auth, clock
from coordpanel.core.db import Database
from coordpanel.roster.week import load_rules

ROOT = Path(__file__).resolve().parent.parent
DEMO_MONDAY = dt.date(2020, 2, 17)  # the demo's week
HEAD_ZH = "姓名,层级,分组,手机号,是否党员,所住楼栋"  # the header row of the people sheets the import tests write


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


def execute(cursor, sql: str, params: dict | None = None):
    """A test's own statement on a cursor of either backend: DuckDB's (`$name` parameters) or, in a PostgreSQL write
    transaction, psycopg's (the same text with `%(name)s`)."""
    import psycopg

    if isinstance(cursor, psycopg.Cursor):
        from coordpanel.core.queries import pyformat

        sql = pyformat(sql)
    return cursor.execute(sql, params or {})


def unescape(markdown: str) -> str:
    """Text as a page shows it: Streamlit's markdown escapes are taken out."""
    return re.sub(r"\\(.)", r"\1", markdown)


# --- coverage (unit and page tests) ---------------------------------------------------------------------------
def people_by_id(db):
    return {p["id"]: p for p in db.records("people/directory", compound_id=1)}


def buildings(db):
    return {b["code"]: b["id"] for b in db.records("buildings/list", compound_id=1)}


def coverage_dump(db):
    """Every building assignment and how many audit entries there are."""
    cur = db.cursor()
    return (cur.execute("SELECT * FROM building_assignment ORDER BY ALL").fetchall(),
            cur.execute("SELECT count(*) FROM audit_log").fetchone())


# --- roster (unit and page tests) -----------------------------------------------------------------------------
def demo_week(db) -> roster.week.Week:
    return roster.week.load_week(db, 1, DEMO_MONDAY)


def shift_at(w: roster.week.Week, when: dt.datetime, gate_order: int = 0) -> int:
    rows = w.shifts[(w.shifts["starts_at"] == when) & (w.shifts["gate_order"] == gate_order)]
    return int(rows.iloc[0]["shift_id"])


def roster_state(db):
    """Every shift assignment and every saved roster week."""
    cur = db.cursor()
    return (cur.execute("SELECT * FROM shift_assignment ORDER BY ALL").fetchall(),
            cur.execute("SELECT * FROM roster_week ORDER BY ALL").fetchall())


def availability_rows(db) -> list[tuple]:
    return db.cursor().execute("SELECT person_id, starts_at, ends_at, available, note FROM availability ORDER BY id").fetchall()


# --- people import (CLI and page tests) -----------------------------------------------------------------------
def file_dump(db_file: Path | str) -> tuple:
    """Every person and the number of audit entries, of a DuckDB file or a PostgreSQL database (its URL)."""
    if str(db_file).startswith("postgresql://"):
        db = Database(db_file)
        try:
            return file_dump_of(db.cursor())
        finally:
            db.close()
    con = duckdb.connect(str(db_file))  # as the app opens it: the page tests hold it open in this process
    try:
        return file_dump_of(con)
    finally:
        con.close()


def file_dump_of(con) -> tuple:
    return (con.execute("SELECT * FROM person ORDER BY id").fetchall(),
            con.execute("SELECT count(*) FROM audit_log").fetchone()[0])


# --- database files for the district and the sign-in tests ----------------------------------------------------
def build_district_file(path: Path) -> Path:
    """Four compounds of one district in a new database file, closed again; the third has lost all its volunteers."""
    db = Database(path)
    seed.district.generate(db, 4, weeks=1)
    # every volunteer of the third compound falls ill: its buildings lose a tier, some shifts lose people
    db.cursor().execute("UPDATE person SET status = 'sick', status_since = DATE '2020-02-18' "
                        "WHERE tier = 'volunteer' AND compound_id = 3")
    db.close()
    return path


DEMO_SECRET = "S3cret-Passw0rd!"  # the demo accounts' password in page tests that sign in through the form


def build_demo_with_accounts(path: Path, password: str) -> Path:
    """The demo compound with the demo accounts (leader, planner, admin) sharing one password, in a new file, closed."""
    db = Database(path)
    seed.demo.build(db)
    auth.create_demo_accounts(db, auth.CLI_USER, password)
    db.close()
    return path


def open_app_page(script: str, view_key: str, user, view: str | None = None, lang: str = "zh", **session):
    """One run of pages/<script> under AppTest as `user`, in `lang`, on the tab `view` (session key `view_key`), with
    further session values."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / script), default_timeout=30)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    if view:
        at.session_state[view_key] = view
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def ok(at):
    """The run raised nothing and showed no error."""
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def labelled(widgets, label: str):
    return next(w for w in widgets if w.label == label)
