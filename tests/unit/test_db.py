"""The data layer: migrations, bad files, constraints, and the one audited transaction helper."""

from __future__ import annotations

import datetime as dt
import json
import os

import duckdb
import psycopg
import pytest
from helpers import execute

from coordpanel.core.db import Database, DatabaseError
from coordpanel.core.queries import migrations


def test_migrations_are_applied_and_recorded(backend_db):
    db = backend_db
    versions = [v for v, *_ in migrations()]
    recorded = [r[0] for r in db.cursor().execute("SELECT version FROM schema_migration ORDER BY version").fetchall()]
    assert recorded == versions
    assert db.schema_version() == versions[-1]


def test_migrating_twice_changes_nothing(tmp_path):
    path = tmp_path / "x.duckdb"
    Database(path).close()
    again = Database(path)
    assert again.migrate() == []
    assert again.cursor().execute("SELECT count(*) FROM schema_migration").fetchone()[0] == len(migrations())


def test_database_from_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.duckdb"
    db = Database(path)
    db.cursor().execute("INSERT INTO schema_migration VALUES (999, '999_future', now())")
    db.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=r"newer\.duckdb.*999"):
        Database(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_duckdb_is_refused_and_kept(tmp_path):
    path = tmp_path / "roster.xlsx.duckdb"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 20)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a DuckDB database") as err:
        Database(path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == before


def test_unwritable_data_folder_message_without_needing_non_root(tmp_path, monkeypatch):
    # os.access is what the check consults; simulate the folder being read-only for this user
    folder = tmp_path / "ro"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(folder) else real_access(p, mode))
    with pytest.raises(DatabaseError, match="not writable") as err:
        Database(folder / "x.duckdb")
    assert str(folder) in str(err.value)
    assert not (folder / "x.duckdb").exists()


def _compound(cur) -> int:
    return cur.execute(
        "INSERT INTO compound (name, district, street, community) VALUES ('测试小区', 'd', 's', 'c') RETURNING id"
    ).fetchone()[0]


# what each backend raises for data its schema refuses (a check, a foreign key, a value of the wrong type)
REFUSED_DATA = (duckdb.ConstraintException, duckdb.ConversionException, psycopg.IntegrityError, psycopg.DataError)


def test_a_shift_that_ends_before_it_starts_cannot_be_stored(backend_db):
    with backend_db.transaction("admin", "add gate") as tx:
        gate = execute(tx.cursor, "INSERT INTO gate (compound_id, name) VALUES ($c, '南门') RETURNING id",
                       {"c": _compound(tx.cursor)}).fetchone()[0]
    with pytest.raises(REFUSED_DATA), backend_db.transaction("admin", "add shift") as tx:
        execute(tx.cursor, "INSERT INTO gate_shift (gate_id, starts_at, ends_at, required) VALUES ($g, $s, $e, 1)",
                {"g": gate, "s": dt.datetime(2020, 2, 17, 16), "e": dt.datetime(2020, 2, 17, 8)})
    assert backend_db.cursor().execute("SELECT count(*) FROM gate_shift").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("INSERT INTO supply (compound_id, name_zh, name_en, unit_zh, unit_en, quantity) VALUES ($c, '口罩', 'Masks', '只', 'pcs', -1)", {}),
        ("INSERT INTO person (compound_id, name, tier) VALUES ($c, '张三', 'alien')", {}),
        ("INSERT INTO person (compound_id, name, tier, phone) VALUES ($c, '张三', 'volunteer', '12345')", {}),
        ("INSERT INTO person (compound_id, name, tier, status) VALUES ($c, '张三', 'volunteer', 'on holiday')", {}),
        ("INSERT INTO person (compound_id, name, tier) VALUES ($c, '   ', 'volunteer')", {}),
        ("INSERT INTO building (compound_id, code, households) VALUES ($c, '1栋', -3)", {}),
        ("INSERT INTO case_report (compound_id, report_date, new_cases, hospitalised, central_quarantine) VALUES ($c, DATE '2020-02-01', -1, 0, 0)", {}),
    ],
    ids=["negative stock", "unknown tier", "malformed phone", "unknown status", "blank name", "negative households", "negative cases"],
)
def test_impossible_data_cannot_be_stored(backend_db, sql, params):
    with backend_db.transaction("admin", "add compound") as tx:
        cid = _compound(tx.cursor)
    with pytest.raises(REFUSED_DATA), backend_db.transaction("admin", "impossible data") as tx:
        execute(tx.cursor, sql, {"c": cid, **params})


def test_transaction_writes_its_changes_and_audit_entry_together(backend_db):
    db = backend_db
    with db.transaction("planner1", "add compound") as tx:
        cid = _compound(tx.cursor)
        tx.record("compound", cid, None, {"name": "测试小区"})
    row = db.cursor().execute("SELECT actor, action, table_name, row_key, before, after FROM audit_log").fetchone()
    assert row[:4] == ("planner1", "add compound", "compound", str(cid))
    assert row[4] is None and json.loads(row[5]) == {"name": "测试小区"}


def test_transaction_without_entries_still_audits_the_action(backend_db):
    db = backend_db
    with db.transaction("admin", "touch nothing"):
        pass
    assert db.cursor().execute("SELECT actor, action FROM audit_log").fetchall() == [("admin", "touch nothing")]


def test_a_failed_write_changes_nothing_and_audits_nothing(backend_db):
    db = backend_db
    with pytest.raises(REFUSED_DATA), db.transaction("planner1", "bad write") as tx:
        _compound(tx.cursor)
        tx.cursor.execute("INSERT INTO person (compound_id, name, tier) VALUES (1, 'x', 'alien')")
    cur = db.cursor()
    assert cur.execute("SELECT count(*) FROM compound").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_a_write_needs_an_actor(backend_db):
    db = backend_db
    with pytest.raises(ValueError), db.transaction("", "anonymous"):
        pass


def test_named_queries_cannot_escape_the_queries_folder(backend_db):
    with pytest.raises(KeyError):
        backend_db.rows("../pyproject")
    with pytest.raises(KeyError), backend_db.transaction("admin", "escape") as tx:
        tx.run("../pyproject")


def test_a_full_disk_during_a_save_is_a_clear_refusal_and_changes_nothing(tmp_path, monkeypatch):
    from coordpanel.core.errors import Refused

    db = Database(tmp_path / "full.duckdb")
    real_cursor = db.cursor

    class FullDisk:
        """A cursor whose COMMIT fails the way DuckDB reports a full disk."""

        def __init__(self, cur):
            self.cur = cur

        def execute(self, sql, *args):
            if sql == "COMMIT":
                raise duckdb.IOException('IO Error: Could not write file "full.duckdb.wal": No space left on device')
            return self.cur.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.cur, name)

    monkeypatch.setattr(db, "cursor", lambda: FullDisk(real_cursor()))
    with pytest.raises(Refused) as err, db.transaction("planner", "add compound") as tx:
        _compound(tx.cursor)
    assert err.value.key == "db.write_failed"
    assert "No space left on device" in err.value.message("en") and "磁盘已满" in err.value.message("zh")
    monkeypatch.undo()
    assert db.cursor().execute("SELECT count(*) FROM compound").fetchone()[0] == 0
    assert db.cursor().execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


# --- whose file it is, and read-only opens (#12.11, #12.12) ---------------------------------------------------------


def test_a_table_of_another_application_in_any_schema_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA shop")
    con.execute("CREATE TABLE shop.orders (id INTEGER)")
    con.close()
    with pytest.raises(DatabaseError) as err:
        Database(path)
    assert err.value.key == "db.foreign" and "shop.orders" in str(err.value)
    assert "属于其他程序" in err.value.message("zh")
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall() == [("shop", "orders")]
    con.close()


def test_a_file_whose_first_migration_never_committed_is_still_ours(tmp_path):
    path = tmp_path / "interrupted.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
    con.close()
    db = Database(path)
    assert db.schema_version() == migrations()[-1][0]
    db.close()


def test_a_read_only_open_never_creates_and_needs_our_schema(tmp_path):
    missing = tmp_path / "data" / "none.duckdb"
    with pytest.raises(DatabaseError) as err:
        Database(missing, read_only=True)
    assert err.value.key == "db.missing" and not (tmp_path / "data").exists()
    with pytest.raises(DatabaseError) as err:
        Database.existing(missing)
    assert err.value.key == "db.missing" and not (tmp_path / "data").exists()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(DatabaseError) as err:
        Database(empty, read_only=True)
    assert err.value.key == "db.not_set_up"
    assert duckdb.connect(str(empty), read_only=True).execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)


def test_a_read_only_database_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "ro.duckdb"
    Database(path).close()
    db = Database(path, read_only=True)
    try:
        assert db.schema_version() == migrations()[-1][0]
        with pytest.raises(duckdb.Error), db.transaction("admin", "write on a read-only open"):
            pass
    finally:
        db.close()


def test_a_folder_is_not_a_database(tmp_path):
    for read_only in (False, True):
        with pytest.raises(DatabaseError) as err:
            Database(tmp_path, read_only=read_only)
        assert err.value.key == "db.is_folder" and "是一个文件夹" in err.value.message("zh")


# --- the audit write: every entry, as before, in one statement (#12.20) ----------------------------------------------

AT = dt.datetime(2020, 2, 17, 8, 30, 15, 123456)
AUDIT_COLUMNS = "id, logged_at, actor, action, table_name, row_key, before, after, batch, compound_id"


@pytest.fixture
def fixed_clock(monkeypatch):
    from coordpanel.core import clock

    monkeypatch.setattr(clock, "now_local", lambda: AT)
    return AT


def _audit_rows(db) -> list[tuple]:
    return db.cursor().execute(f"SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY id").fetchall()


class CountingCursor:
    """A cursor that counts the statements it is asked to run; executemany counts one per parameter set."""

    def __init__(self, cur, counts: list[str], fail_on: str | None = None):
        self.cur, self.counts, self.fail_on = cur, counts, fail_on

    def execute(self, sql, *args):
        self.counts.append(sql)
        if self.fail_on and self.fail_on in sql:
            raise duckdb.IOException("IO Error: stand-in failure of the audit write")
        return self.cur.execute(sql, *args)

    def executemany(self, sql, params=(), *args):
        params = list(params)
        self.counts.extend([sql] * len(params))
        if self.fail_on and self.fail_on in sql:
            raise duckdb.IOException("IO Error: stand-in failure of the audit write")
        return self.cur.executemany(sql, params, *args)

    def __getattr__(self, name):
        return getattr(self.cur, name)


def test_audit_entries_keep_every_field_and_their_order(backend_db, fixed_clock):
    import numpy as np

    db = backend_db
    with db.transaction("admin", "earlier write"):
        pass
    with db.transaction("planner1", "save roster", compound_id=7) as tx:
        first_batch = tx.batch
        tx.record("shift_assignment", "12:34", None, {"at": dt.date(2020, 2, 17), "n": np.int64(3), "名": "张三"})
        tx.record("roster_week", 5, {"version": 1}, {"version": 2})
        tx.record(None, None, None, None, action="note")
        second_batch = tx.new_batch()
        tx.record("person", 9, {"status": "active", "since": dt.datetime(2020, 2, 1, 9)}, None, action="undo")
    assert second_batch > first_batch
    rows = _audit_rows(db)
    assert rows[0][1:] == (AT, "admin", "earlier write", None, None, None, None, first_batch - 1, None)
    assert rows[1:] == [
        (rows[0][0] + 1, AT, "planner1", "save roster", "shift_assignment", "12:34", None,
         '{"at": "2020-02-17", "n": 3, "名": "张三"}', first_batch, 7),
        (rows[0][0] + 2, AT, "planner1", "save roster", "roster_week", "5", '{"version": 1}', '{"version": 2}',
         first_batch, 7),
        (rows[0][0] + 3, AT, "planner1", "note", None, None, None, None, first_batch, 7),
        (rows[0][0] + 4, AT, "planner1", "undo", "person", "9", '{"since": "2020-02-01 09:00:00", "status": "active"}',
         None, second_batch, 7),
    ]


def test_five_thousand_audit_entries_are_all_written_in_order(backend_db, fixed_clock):
    db = backend_db
    with db.transaction("admin", "import people", compound_id=1) as tx:
        for i in range(5000):
            tx.record("person", i, None, {"name": f"志愿者{i:06d}", "phone": None})
    rows = _audit_rows(db)
    assert len(rows) == 5000
    assert [r[0] for r in rows] == list(range(rows[0][0], rows[0][0] + 5000))
    assert [r[5] for r in rows] == [str(i) for i in range(5000)]
    assert rows[0][1:] == (AT, "admin", "import people", "person", "0", None, '{"name": "志愿者000000", "phone": null}',
                           tx.batch, 1)
    assert rows[-1][1:] == (AT, "admin", "import people", "person", "4999", None,
                            '{"name": "志愿者004999", "phone": null}', tx.batch, 1)


def test_audit_entries_are_written_by_one_statement_whatever_their_number(db, monkeypatch):
    """The per-row audit write (one INSERT per entry, ~1 ms each) made a 100k-row import take minutes."""
    real_cursor = db.cursor

    def statements(entries: int) -> list[str]:
        counts: list[str] = []
        monkeypatch.setattr(db, "cursor", lambda: CountingCursor(real_cursor(), counts))
        with db.transaction("admin", "many entries") as tx:
            for i in range(entries):
                tx.record("person", i, None, {"i": i})
        monkeypatch.undo()
        return counts

    one, many = statements(1), statements(2000)
    assert len(many) == len(one) <= 3, many[:5]
    assert db.cursor().execute("SELECT count(*) FROM audit_log").fetchone()[0] == 2001


def test_a_failed_audit_write_takes_the_change_back_with_it(tmp_path, monkeypatch):
    from coordpanel.core.errors import Refused

    db = Database(tmp_path / "audit.duckdb")
    real_cursor = db.cursor
    monkeypatch.setattr(db, "cursor", lambda: CountingCursor(real_cursor(), [], fail_on="INSERT INTO audit_log"))
    with pytest.raises(Refused) as err, db.transaction("planner", "add compound") as tx:
        tx.record("compound", _compound(tx.cursor), None, {"name": "测试小区"})
    assert err.value.key == "db.write_failed"
    monkeypatch.undo()
    assert db.cursor().execute("SELECT count(*) FROM compound").fetchone()[0] == 0
    assert db.cursor().execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    db.close()
