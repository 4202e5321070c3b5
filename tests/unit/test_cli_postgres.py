"""The CLI's whole-database commands on PostgreSQL: init (--demo, --force, a failure leaves it empty), info, generate,
backup and restore, and copy between a DuckDB file and PostgreSQL, table by table equal, sequences past the ids.

They need a PostgreSQL server (COORDPANEL_TEST_PG; the `pg_url` fixture skips without it, saying how)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
from pathlib import Path

import psycopg
import pytest
from helpers import DEMO_MONDAY, cli

from coordpanel import people, roster, seed
from coordpanel.cli import database as cli_database
from coordpanel.cli import main
from coordpanel.core import auth, backup, transfer
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.queries import migrations

ADMIN = auth.User(None, "tester", "admin")
ROOT = Path(__file__).resolve().parents[2]


# --- what a database holds -----------------------------------------------------------------------------------------
def tables(db: Database) -> list[str]:
    if db.backend == "postgres":
        return sorted(transfer.pg_catalog(db))
    return [r[0] for r in db.cursor().execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]


def content(target) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, read through DuckDB (the PostgreSQL database through its attach)."""
    db = Database(target, migrate=False)
    try:
        cur = db.cursor()
        return {t: cur.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables(db)}
    finally:
        db.close()


def public_tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1").fetchall()]


def counts(stdout: str) -> dict[str, int]:
    rows = [line.split() for line in stdout.splitlines() if line.startswith("  ")]
    return {row[0]: int(row[1]) for row in rows if len(row) == 2}  # not generate's progress ("  2/2")


def sequences_are_past_their_ids(url: str) -> None:
    """Every sequence feeding an id column hands out a value above every id of that column."""
    with psycopg.connect(url, autocommit=True) as conn:
        fed = conn.execute("""
            SELECT table_name, column_name, substring(column_default from 'nextval\\(''(\\w+)''')
            FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval%'""").fetchall()
        assert len(fed) >= 15
        for table, column, sequence in fed:
            top = conn.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{table}"').fetchone()[0]
            assert conn.execute("SELECT nextval(%s)", (sequence,)).fetchone()[0] > top, (table, sequence)


def a_person(name: str) -> people.directory.PersonInput:
    return people.directory.PersonInput(name=name, tier="volunteer", group_code="gate", phone=None)


@pytest.fixture(scope="module")
def source_file(tmp_path_factory) -> Path:
    """A small district in a file with accounts, an added person and a roster save: rows in nearly every table."""
    path = tmp_path_factory.mktemp("source") / "district.duckdb"
    db = Database(path)
    ids = seed.district.generate(db, 2, weeks=2)
    auth.create_demo_accounts(db, auth.CLI_USER, "a-long-demo-password")
    people.directory.add(db, ADMIN, ids[1], a_person("复制前新增"))
    week = roster.week.load_week(db, ids[0], dt.date(2020, 2, 24))
    shift = int(week.shifts["shift_id"].iloc[-1])
    roster.saving.save(db, ADMIN, week, {shift: week.crews[shift][:-1]})
    db.close()
    return path


# --- init ----------------------------------------------------------------------------------------------------------
def test_init_demo_on_postgresql_then_refuse_then_force_and_nothing_local(pg_url):
    first = cli(pg_url, "init", "--demo")
    assert first.returncode == 0, first.stderr
    assert counts(first.stdout)["person"] == 102
    # the URL is a database, never a path: no folder named "postgresql:" appears where the CLI runs
    assert not (ROOT / "postgresql:").exists()
    again = cli(pg_url, "init", "--demo")
    assert again.returncode == 1 and "already holds data" in again.stderr and "Traceback" not in again.stderr
    forced = cli(pg_url, "init", "--force")  # empties it: an empty, migrated database
    assert forced.returncode == 0, forced.stderr
    assert counts(forced.stdout)["person"] == 0 and counts(forced.stdout)["audit_log"] == 0
    info = cli(pg_url, "info")
    assert info.returncode == 0 and counts(info.stdout)["compound"] == 0 and f"schema version: {migrations()[-1][0]}" in info.stdout


def _init(url: str, *flags: str) -> int:
    return main(["--db", url, "--lang", "en", "init", *flags])


def _broken(build):
    """The demo builder that writes and commits the demo, then fails (as a seed that breaks half-way)."""
    def build_then_fail(db, actor="system", **kwargs):
        build(db, actor, **kwargs)
        raise RuntimeError("the seed broke half-way")
    return build_then_fail


def test_init_that_fails_half_way_leaves_postgresql_empty(pg_url, monkeypatch):
    real = seed.demo.build
    monkeypatch.setattr(seed.demo, "build", _broken(real))
    with pytest.raises(RuntimeError, match="half-way"):
        _init(pg_url, "--demo")
    assert public_tables(pg_url) == []
    monkeypatch.setattr(seed.demo, "build", real)
    assert _init(pg_url, "--demo") == 0
    monkeypatch.setattr(seed.demo, "build", _broken(real))
    with pytest.raises(RuntimeError, match="half-way"):
        _init(pg_url, "--demo", "--force")  # --force empties it first: after a failure it is empty, not half built
    assert public_tables(pg_url) == []


def test_init_refuses_another_application_s_database_even_with_force(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    for flags in ((), ("--force",)):
        result = cli(pg_url, "init", "--demo", *flags)
        assert result.returncode == 1 and "invoices" in result.stderr and "Traceback" not in result.stderr
    assert public_tables(pg_url) == ["invoices"]


def test_messages_and_info_show_the_url_without_its_password(pg_url):
    secret = pg_url.replace("postgresql://postgres@", "postgresql://postgres:hunter2-secret@")
    assert cli(secret, "init", "--demo").returncode == 0
    for args in (("info",), ("init",), ("copy", "--to", secret), ("generate", "--compounds", "1")):
        result = cli(secret, *args)
        assert "hunter2" not in result.stdout + result.stderr, args
        if args[0] != "generate":  # generate's refusal names no database
            assert "postgres:***@" in result.stdout + result.stderr, args
    unreachable = "postgresql://someone:hunter2-secret@127.0.0.1:1/none"
    result = cli(unreachable, "info")
    assert result.returncode == 1 and "hunter2" not in result.stderr and "someone:***@" in result.stderr


# --- generate ------------------------------------------------------------------------------------------------------
def test_generate_on_postgresql_builds_what_it_builds_in_a_file(pg_url, tmp_path):
    on_pg = cli(pg_url, "generate", "--compounds", "2")
    on_file = cli(tmp_path / "d.duckdb", "generate", "--compounds", "2")
    assert on_pg.returncode == 0 and on_file.returncode == 0, on_pg.stderr + on_file.stderr
    assert counts(on_pg.stdout) == counts(on_file.stdout) and counts(on_pg.stdout)["compound"] == 2
    again = cli(pg_url, "generate", "--compounds", "2")
    assert again.returncode == 1 and "Traceback" not in again.stderr


# --- backup and restore --------------------------------------------------------------------------------------------
def test_backup_of_postgresql_restores_into_a_file_and_into_postgresql_equal(source_file, pg_url, tmp_path):
    assert cli(pg_url, "restore", str(_snapshot(source_file, tmp_path / "from-file"))).returncode == 0
    folder = tmp_path / "from-pg"
    made = cli(pg_url, "backup", str(folder))
    assert made.returncode == 0, made.stderr
    manifest = json.loads((folder / backup.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["source"] == pg_url and manifest["schema_version"] == migrations()[-1][0]
    restored = cli(tmp_path / "back.duckdb", "restore", str(folder))
    assert restored.returncode == 0, restored.stderr
    expected = content(source_file)
    assert content(pg_url) == expected
    assert content(tmp_path / "back.duckdb") == expected


def _snapshot(path: Path, folder: Path) -> Path:
    db = Database(path, read_only=True)
    try:
        return backup.backup(db, folder)
    finally:
        db.close()


def test_a_postgresql_snapshot_is_one_moment_while_another_server_writes(pg_url, tmp_path, monkeypatch):
    db = Database(pg_url)
    seed.demo.build(db)
    real = transfer.export_tables
    wrote = threading.Event()

    def export_after_a_write(cur, known, folder):
        # another server commits a new case report once the snapshot's counts are taken
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("INSERT INTO case_report (compound_id, report_date, new_cases, hospitalised, "
                         "central_quarantine) VALUES (1, DATE '2020-03-01', 1, 0, 0)")
        wrote.set()
        real(cur, known, folder)

    monkeypatch.setattr(transfer, "export_tables", export_after_a_write)
    folder = backup.backup(Database(pg_url, read_only=True), tmp_path / "snapshot")
    assert wrote.is_set()
    manifest = json.loads((folder / backup.MANIFEST).read_text(encoding="utf-8"))
    import pyarrow.parquet as pq

    assert pq.read_table(folder / "case_report.parquet").num_rows == manifest["tables"]["case_report"] == 25
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM case_report").fetchone()[0] == 26
    db.close()


def test_restore_into_postgresql_that_fails_half_way_leaves_it_empty(source_file, pg_url, tmp_path):
    folder = _snapshot(source_file, tmp_path / "snapshot")
    manifest = json.loads((folder / backup.MANIFEST).read_text(encoding="utf-8"))
    manifest["tables"]["shift_assignment"] += 1  # the load finds fewer rows than recorded, after loading others
    (folder / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(Refused) as refused:
        backup.restore(folder, pg_url)
    assert refused.value.key == "backup.incomplete"
    assert public_tables(pg_url) == []
    assert not (ROOT / "postgresql:").exists()  # the URL was never taken for a file's path
    # empty again, it takes the snapshot once the snapshot is whole
    manifest["tables"]["shift_assignment"] -= 1
    (folder / backup.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    backup.restore(folder, pg_url)
    assert content(pg_url) == content(source_file)


# --- copy ----------------------------------------------------------------------------------------------------------
def test_copy_a_file_to_postgresql_and_back_table_by_table_equal(source_file, pg_url, tmp_path):
    there = cli(source_file, "copy", "--to", pg_url)
    assert there.returncode == 0, there.stderr
    expected = content(source_file)
    assert counts(there.stdout)["person"] == len(expected["person"])
    assert content(pg_url) == expected
    sequences_are_past_their_ids(pg_url)
    back = tmp_path / "back" / "copy.duckdb"
    again = cli(back, "copy", "--from", pg_url)
    assert again.returncode == 0, again.stderr
    assert content(back) == expected
    # the copy works on as the source did: a save and a new person get fresh ids, audited
    db = Database(pg_url)
    try:
        top = max(r[0] for r in expected["person"])
        assert people.directory.add(db, ADMIN, 1, a_person("复制后新增")) > top
        week = roster.week.load_week(db, 1, DEMO_MONDAY)
        shift = next(int(r.shift_id) for r in week.shifts.itertuples() if r.starts_at >= dt.datetime(2020, 2, 21))
        assert roster.saving.save(db, ADMIN, week, {shift: week.crews[shift][:-1]}) == week.version + 1
    finally:
        db.close()


def test_copy_refuses_a_postgresql_database_that_holds_data_and_an_existing_file(source_file, pg_url, tmp_path):
    assert cli(pg_url, "init", "--demo").returncode == 0
    before = content(pg_url)
    refused = cli(source_file, "copy", "--to", pg_url)
    assert refused.returncode == 1 and "already holds data" in refused.stderr and "Traceback" not in refused.stderr
    assert content(pg_url) == before
    existing = tmp_path / "existing.duckdb"
    existing.write_bytes(b"precious")
    refused = cli(existing, "copy", "--from", pg_url)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert existing.read_bytes() == b"precious"
    both = cli(source_file, "copy", "--to", pg_url, "--from", pg_url)
    assert both.returncode == 2  # one direction at a time: a usage error
    with psycopg.connect(pg_url, autocommit=True) as conn:  # another application's database: refused untouched
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    refused = cli(source_file, "copy", "--to", pg_url)
    assert refused.returncode == 1 and "invoices" in refused.stderr and public_tables(pg_url) == ["invoices"]


def test_copy_in_process_names_the_rows_copied(source_file, pg_url):
    args = argparse.Namespace(db=str(source_file), to=pg_url, source=None)
    assert cli_database.cmd_copy(args) == 0
    with pytest.raises(Refused) as refused:
        transfer.copy(pg_url, pg_url)
    assert refused.value.key == "backup.same_database"
