"""Backup and restore: a snapshot taken while the app writes, restored into a new file equal table by table."""

from __future__ import annotations

import datetime as dt
import threading

import duckdb
import pyarrow.parquet as pq
import pytest

from coordpanel import people, roster, seed
from coordpanel.core import auth, backup
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

ADMIN = auth.User(None, "tester", "admin")


def tables(db: Database) -> list[str]:
    return [r[0] for r in db.cursor().execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]


def content(db: Database) -> dict[str, list[tuple]]:
    cur = db.cursor()
    return {t: cur.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables(db)}


def a_person(name: str) -> people.directory.PersonInput:
    return people.directory.PersonInput(name=name, tier="volunteer", group_code="gate", phone=None)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Database:
    """A small district on a file with users, a roster save and an added person: rows in nearly every table."""
    path = tmp_path_factory.mktemp("source") / "coordpanel.duckdb"
    database = Database(path)
    ids = seed.district.generate(database, 3, weeks=2)
    auth.create_demo_accounts(database, auth.CLI_USER, "a-long-demo-password")
    people.directory.add(database, ADMIN, ids[1], a_person("测试志愿者"))
    week = roster.week.load_week(database, ids[0], dt.date(2020, 2, 24))
    shift = int(week.shifts["shift_id"].iloc[-1])
    roster.saving.save(database, ADMIN, week, {shift: week.crews[shift][:-1]})
    yield database
    database.close()


def test_restore_equals_the_original_table_by_table(source, tmp_path):
    folder = backup.backup(source, tmp_path / "snapshot")
    restored_path = backup.restore(folder, tmp_path / "restored.duckdb")
    restored = Database(restored_path)  # opens with the app's own class: migrations recorded, nothing to apply
    try:
        assert restored.migrate() == []
        assert tables(restored) == tables(source)
        original, copy = content(source), content(restored)
        for table in original:
            assert copy[table] == original[table], table
        assert len(original["person"]) > 200 and len(original["schema_migration"]) >= 4
        # every other table has rows (the sign-in throttle fills only on failed sign-ins)
        assert set(t for t, rows in original.items() if not rows) <= {"availability", "sign_in_throttle"}
        # the constraints came along too: the migrations built the schema
        constraints = "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL"
        assert restored.cursor().execute(constraints).fetchall() == source.cursor().execute(constraints).fetchall()
    finally:
        restored.close()


def test_new_rows_after_restore_get_fresh_ids(source, tmp_path):
    restored = Database(backup.restore(backup.backup(source, tmp_path / "snapshot"), tmp_path / "restored.duckdb"))
    try:
        cur = restored.cursor()
        compound = cur.execute("SELECT min(id) FROM compound").fetchone()[0]
        before = cur.execute("SELECT max(id) FROM person").fetchone()[0]
        audit_before = cur.execute("SELECT max(id), max(batch) FROM audit_log").fetchone()
        new_id = people.directory.add(restored, ADMIN, compound, a_person("恢复后新增"))
        assert new_id > before
        assert cur.execute("SELECT count(*) FROM person WHERE id = $i", {"i": new_id}).fetchone()[0] == 1
        audit_after = cur.execute("SELECT max(id), max(batch) FROM audit_log").fetchone()
        assert audit_after[0] > audit_before[0] and audit_after[1] > audit_before[1]
        # every sequence hands out a value above every id of the column it feeds
        fed = cur.execute("""
            SELECT table_name, column_name, regexp_extract(column_default, 'nextval\\(''(\\w+)''\\)', 1)
            FROM duckdb_columns() WHERE column_default LIKE 'nextval%'""").fetchall()
        assert len(fed) >= 15
        for table, column, sequence in fed:
            top = cur.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{table}"').fetchone()[0]
            assert cur.execute(f"SELECT nextval('{sequence}')").fetchone()[0] > top, (table, sequence)
    finally:
        restored.close()


def test_backup_refuses_a_folder_that_is_not_empty(source, tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(Refused) as caught:
        backup.backup(source, folder)
    assert caught.value.key == "backup.folder_not_empty"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(Refused) as caught:
        backup.backup(source, file)
    assert caught.value.key == "backup.not_a_folder"


def test_backup_into_an_existing_empty_folder(source, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert backup.backup(source, folder) == folder.resolve()
    assert (folder / backup.MANIFEST).is_file()


def test_restore_refuses_an_existing_file(source, tmp_path):
    folder = backup.backup(source, tmp_path / "snapshot")
    existing = tmp_path / "existing.duckdb"
    existing.write_bytes(b"precious")
    with pytest.raises(Refused) as caught:
        backup.restore(folder, existing)
    assert caught.value.key == "backup.target_exists"
    assert existing.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.duckdb", "snapshot"]  # no half-built leftovers


def test_restore_refuses_a_folder_that_is_no_complete_snapshot(source, tmp_path):
    folder = backup.backup(source, tmp_path / "snapshot")
    (folder / backup.MANIFEST).unlink()  # as if the backup had been interrupted before its last step
    with pytest.raises(Refused) as caught:
        backup.restore(folder, tmp_path / "restored.duckdb")
    assert caught.value.key == "backup.not_a_snapshot"
    assert not (tmp_path / "restored.duckdb").exists()


def test_a_write_under_way_is_waited_for_and_then_wholly_in_the_snapshot(source, tmp_path):
    """The backup takes its snapshot between two writes: it waits for the write lock, never catching half a save."""
    inside, done = threading.Event(), threading.Event()
    compound = source.cursor().execute("SELECT min(id) FROM compound").fetchone()[0]

    def slow_write():
        with source.transaction("tester", "slow write", compound) as tx:
            tx.cursor.execute("UPDATE setting SET value = '{\"value\": 4}' WHERE key = 'coverage.volunteer_max_buildings'")
            inside.set()
            done.wait(0.5)  # the backup starts meanwhile and must wait for this commit
            tx.cursor.execute("UPDATE setting SET value = '{\"value\": 5}' WHERE key = 'auth.lock_after_failures'")

    writer = threading.Thread(target=slow_write)
    writer.start()
    assert inside.wait(5)
    try:
        folder = backup.backup(source, tmp_path / "snapshot")
    finally:
        done.set()
        writer.join()
    settings = dict(zip(*pq.read_table(folder / "setting.parquet").to_pydict().values(), strict=True))
    assert settings["coverage.volunteer_max_buildings"] == '{"value": 4}'
    assert settings["auth.lock_after_failures"] == '{"value": 5}'


def test_export_inside_a_transaction_writes_that_transactions_view(tmp_path):
    """What backup relies on: EXPORT DATABASE in a transaction pinned by a read ignores writes committed later."""
    conn = duckdb.connect(str(tmp_path / "plain.duckdb"))
    conn.execute("CREATE TABLE t (v INTEGER)")
    conn.execute("INSERT INTO t VALUES (1)")
    reader, writer = conn.cursor(), conn.cursor()
    reader.execute("BEGIN TRANSACTION")
    writer.execute("INSERT INTO t VALUES (2)")  # before the first read: the snapshot is taken lazily, so it counts
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    writer.execute("INSERT INTO t VALUES (3)")  # after the first read: not in this transaction's view
    reader.execute(f"EXPORT DATABASE '{tmp_path / 'export'}' (FORMAT parquet)")
    reader.execute("COMMIT")
    assert sorted(pq.read_table(tmp_path / "export" / "t.parquet").column("v").to_pylist()) == [1, 2]
    conn.close()
