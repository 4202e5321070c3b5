"""The CLI and the files around it (#12.7, 9-13, 21): the database file, another application's, a read-only one,
the files exports write, --db and --lang on either side of the command, and a message with exit 1, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from helpers import cli
from icalendar import Calendar
from openpyxl import load_workbook

from coordpanel import cli as cli_module
from coordpanel.core import auth
from coordpanel.core.db import Database, DatabaseError

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, lang: str = "C.UTF-8", stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """The CLI with exactly these arguments (no --db added in front)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COORDPANEL_DB", "COORDPANEL_DEMO_PASSWORD")}
    environment.update({"LANG": lang, "TZ": "Asia/Shanghai", **(env or {})})
    return subprocess.run([sys.executable, "-m", "coordpanel", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environment, input=stdin, timeout=180)


def refused(result: subprocess.CompletedProcess, *texts: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for text in texts:
        assert text in result.stderr, result.stderr


def placed(args: tuple[str, ...], folder: Path) -> list[str]:
    """The arguments with {tmp} standing for the test's folder: no test writes beside the code."""
    return [a.replace("{tmp}", str(folder)) for a in args]


def tables_of(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
    finally:
        con.close()


def audit_count(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        con.close()


# --- #12.7: a message and exit 1 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("info",), ("init",), ("init", "--demo"), ("list-users",),
                                  ("check-roster", "--week", "2020-02-17"), ("generate", "--compounds", "1"),
                                  ("backup", "{tmp}/snapshot")])
def test_db_naming_a_folder_is_a_message(tmp_path, args):
    result = cli(tmp_path, *placed(args, tmp_path))
    refused(result, f"{tmp_path} is a folder, not a database file")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_week_out_of_range_is_a_message(db_file, tmp_path, day):
    out = tmp_path / "week.csv"
    refused(cli(db_file, "check-roster", "--week", day), f"The date {day} is out of range", "1900-01-01", "2999-12-31")
    refused(cli(db_file, "export-roster", "--week", day, "-o", str(out)), f"The date {day} is out of range")
    assert not out.exists()
    zh = cli(db_file, "check-roster", "--week", day, lang="zh_CN.UTF-8")
    refused(zh, f"日期 {day} 超出范围")


def test_the_edges_of_the_range_are_weeks_like_any_other(db_file):
    for day in ("1900-01-01", "2999-12-31"):
        result = cli(db_file, "check-roster", "--week", day)
        assert result.returncode == 0 and "has no shifts" in result.stdout, result.stderr


def test_an_over_long_csv_field_is_a_message_and_changes_nothing(db_file, tmp_path):
    """Python's csv module stops at a field over 128 KiB; the sheet reader refuses it and the CLI prints that."""
    big = tmp_path / "big.csv"
    big.write_text("gate,date,start,end,person\n北门,2020-02-21,08:00,16:00," + "x" * 200_000 + "\n", encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text("姓名,备注\n张三," + "y" * 200_000 + "\n", encoding="utf-8")
    before = (audit_count(db_file), db_file.read_bytes())
    refused(cli(db_file, "import-roster", str(big)), "error: ")
    refused(cli(db_file, "import-people", str(people)), "error: ")
    assert (audit_count(db_file), db_file.read_bytes()) == before


def test_any_refusal_from_the_reader_is_a_message_with_exit_1(db_file, tmp_path, monkeypatch, capsys):
    from coordpanel.core.errors import Refused

    def unreadable(path):
        raise Refused("cli.bad_format", file=str(path))

    monkeypatch.setattr(cli_module.roster.imports, "read_roster_file", unreadable)
    assert cli_module.main(["--db", str(db_file), "import-roster", str(tmp_path / "x.csv")]) == 1
    assert "Cannot tell the format" in capsys.readouterr().err


def test_a_database_error_in_a_command_is_a_message_with_exit_1(db_file, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise duckdb.IOException('IO Error: Could not read from file "coordpanel.duckdb": Input/output error')

    monkeypatch.setattr(cli_module.roster.week, "load_week", broken)
    assert cli_module.main(["--db", str(db_file), "--lang", "en", "check-roster", "--week", "2020-02-17"]) == 1
    err = capsys.readouterr().err
    assert f"{db_file}: database error: IO Error" in err and "Input/output error" in err


# --- #12.9: init checks first and leaves nothing behind ---------------------------------------------------------------


def test_init_demo_with_a_short_password_leaves_nothing_and_the_retry_works(tmp_path):
    path = tmp_path / "data" / "cp.duckdb"
    short = run("--db", str(path), "init", "--demo", env={"COORDPANEL_DEMO_PASSWORD": "short"})
    refused(short, "at least 8")
    assert list(tmp_path.iterdir()) == []  # no database, no log, no data folder
    again = run("--db", str(path), "init", "--demo", env={"COORDPANEL_DEMO_PASSWORD": "long-enough"})
    assert again.returncode == 0, again.stderr
    db = Database(path)
    try:
        assert auth.authenticate(db, "admin", "long-enough", sleep=lambda s: None).role == "admin"
    finally:
        db.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["cp.duckdb"]


def _failing_accounts(db, actor, password):
    auth.create_user(db, actor, "leader", "leader", "long-enough")  # one account made, then the failure
    raise RuntimeError("the machine was switched off")


def test_a_failure_half_way_through_init_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(auth, "create_demo_accounts", _failing_accounts)
    path = tmp_path / "new" / "cp.duckdb"
    with pytest.raises(RuntimeError):
        cli_module.main(["--db", str(path), "init", "--demo"])
    assert list(tmp_path.iterdir()) == []


def test_a_failure_half_way_through_init_force_keeps_the_old_database(db_file, monkeypatch):
    before = (audit_count(db_file), tables_of(db_file))
    monkeypatch.setattr(auth, "create_demo_accounts", _failing_accounts)
    with pytest.raises(RuntimeError):
        cli_module.main(["--db", str(db_file), "init", "--demo", "--force"])
    assert (audit_count(db_file), tables_of(db_file)) == before
    assert sorted(p.name for p in db_file.parent.iterdir()) == [db_file.name]


def test_init_refuses_a_database_with_accounts_but_no_compound(tmp_path):
    path = tmp_path / "users.duckdb"
    assert run("--db", str(path), "init").returncode == 0
    assert run("--db", str(path), "add-user", "zhao.liu", "--role", "admin", stdin="long-password\n").returncode == 0
    again = run("--db", str(path), "init", "--demo")
    refused(again, "already holds data")


# --- #12.10: exports never write over a database, and write whole files -------------------------------------------


def test_export_refuses_the_database_its_log_and_any_duckdb_file(db_file, tmp_path):
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    link = tmp_path / "link.csv"
    link.symlink_to(db_file)
    before = db_file.read_bytes()
    for target in (db_file, Path(f"{db_file}.wal"), other, link):
        result = cli(db_file, "export-roster", "--week", "2020-02-17", "--format", "csv", "-o", str(target))
        refused(result, "is a database file")
    assert db_file.read_bytes() == before and not Path(f"{db_file}.wal").exists()
    zh = cli(db_file, "export-roster", "--week", "2020-02-17", "-o", str(db_file) + ".wal", "--format", "ics",
             lang="zh_CN.UTF-8")
    refused(zh, "是数据库文件")


def test_export_writes_through_a_temporary_file(db_file, tmp_path, monkeypatch, capsys):
    """A failure before the file is complete (here: the disk fills at the final flush) leaves the old file as it was."""
    out = tmp_path / "week.csv"
    out.write_text("the export of last week\n", encoding="utf-8")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code = cli_module.main(["--db", str(db_file), "--lang", "en", "export-roster", "--week", "2020-02-17", "-o", str(out)])
    assert code == 1 and "Cannot write" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the export of last week\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([db_file.name, "week.csv"])
    monkeypatch.undo()
    assert cli_module.main(["--db", str(db_file), "export-roster", "--week", "2020-02-17", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the new export, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([db_file.name, "week.csv"])


def test_write_output_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    from coordpanel.core.outfiles import write_output

    out = tmp_path / "shared.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert write_output(out, b"new") == out.resolve()
    assert out.read_bytes() == b"new" and (out.stat().st_mode & 0o777) == 0o640


# --- #12.11: another application's database is refused; reading commands never create one ------------------------


def foreign_file(path: Path, with_migrations: bool = False) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER, item VARCHAR)")
    con.execute("INSERT INTO orders VALUES (1, 'masks')")
    if with_migrations:  # a migration table of the same name, but not ours
        con.execute("CREATE TABLE schema_migration (version INTEGER, name VARCHAR, applied_at TIMESTAMP)")
        con.execute("INSERT INTO schema_migration VALUES (1, '001_orders', now())")
    con.close()
    return path


@pytest.mark.parametrize("with_migrations", [False, True])
@pytest.mark.parametrize("args", [("init",), ("init", "--demo", "--force"), ("info",), ("list-users",),
                                  ("add-user", "zhao.liu", "--role", "planner"), ("set-password", "admin"),
                                  ("check-roster", "--week", "2020-02-17"), ("generate", "--compounds", "1"),
                                  ("backup", "{tmp}/snapshot")])
def test_another_applications_database_is_refused_untouched(tmp_path, args, with_migrations):
    path = foreign_file(tmp_path / "shop.duckdb", with_migrations)
    before = tables_of(path)
    result = cli(path, *placed(args, tmp_path))
    refused(result, f"{path}: this DuckDB database belongs to another application", "orders")
    assert tables_of(path) == before
    assert not (tmp_path / "snapshot").exists()


def test_the_app_gets_the_same_refusal(tmp_path):
    """ui/session.py's db() opens through Database and shows a DatabaseError as a message on the page
    (tests/pages/test_db_file_page.py)."""
    path = foreign_file(tmp_path / "shop.duckdb")
    with pytest.raises(DatabaseError) as err:
        Database(path)
    assert err.value.key == "db.foreign"
    assert "属于其他程序" in err.value.message("zh") and "belongs to another application" in str(err.value)
    assert tables_of(path) == ["orders"]


@pytest.mark.parametrize("args", [("list-users",), ("add-user", "zhao.liu", "--role", "planner"), ("set-password", "admin"),
                                  ("info",), ("backup", "{tmp}/snapshot"),
                                  ("export-roster", "--week", "2020-02-17", "-o", "{tmp}/x.csv")])
def test_commands_that_need_a_database_never_create_one(tmp_path, args):
    path = tmp_path / "data" / "none.duckdb"
    refused(run("--db", str(path), *placed(args, tmp_path), stdin="long-password\n"), "no database here yet", "init --demo")
    assert list(tmp_path.iterdir()) == []


# --- #12.12: reading commands open read-only -------------------------------------------------------------------------


@pytest.fixture
def held_read_only(db_file):
    """Another process holds the file open read-only, as a second reader would: a writing open is refused now."""
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True);"
                               "print('open', flush=True); sys.stdin.read()", str(db_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    yield db_file
    holder.stdin.close()
    holder.wait(timeout=30)


def test_reading_commands_work_beside_a_read_only_holder(held_read_only, tmp_path):
    path = held_read_only
    assert "is open in another process" in cli(path, "add-user", "x.y", "--role", "planner").stderr  # writing: refused
    for args in (("info",), ("list-users",), ("check-roster", "--week", "2020-02-19"),
                 ("export-roster", "--week", "2020-02-19", "-o", str(tmp_path / "week.xlsx")),
                 ("backup", str(tmp_path / "snapshot"))):
        result = cli(path, *args)
        assert result.returncode == 0, (args, result.stderr)
    assert (tmp_path / "week.xlsx").stat().st_size > 0 and (tmp_path / "snapshot" / "coordpanel-backup.json").exists()


def test_reading_commands_work_on_a_file_that_cannot_be_written(db_file, tmp_path, monkeypatch, capsys):
    """Root ignores file modes, so the unwritable file is simulated where the open consults it (os.access), and
    DuckDB is made to refuse any writing open of that file, as it would on a read-only file or folder."""
    real_access, real_connect = os.access, duckdb.connect
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == str(db_file) and mode & os.W_OK
                        else real_access(p, mode, **kw))

    def connect(database=":memory:", read_only=False, **kwargs):
        if str(database) == str(db_file) and not read_only:
            raise duckdb.IOException(f'IO Error: Cannot open file "{db_file}": Permission denied')
        return real_connect(database, read_only=read_only, **kwargs)

    monkeypatch.setattr(duckdb, "connect", connect)
    for args in (["info"], ["check-roster", "--week", "2020-02-19"], ["backup", str(tmp_path / "snap")],
                 ["export-roster", "--week", "2020-02-19", "-o", str(tmp_path / "w.csv")]):
        assert cli_module.main(["--db", str(db_file), "--lang", "en", *args]) == 0, capsys.readouterr().err
    assert cli_module.main(["--db", str(db_file), "--lang", "en", "set-password", "admin"]) == 1
    assert "not writable" in capsys.readouterr().err


def test_a_read_only_open_of_an_older_schema_upgrades_it_once_when_it_can(tmp_path, monkeypatch):
    from coordpanel.core import db as db_module
    from coordpanel.core.queries import migrations

    path, known = tmp_path / "older.duckdb", migrations()
    monkeypatch.setattr(db_module, "migrations", lambda: known[:-1])  # a file made by the previous release
    Database(path).close()
    monkeypatch.undo()
    with pytest.raises(DatabaseError) as err:
        Database(path, read_only=True)
    assert err.value.key == "db.older_schema_read_only"
    db = Database.existing(path, read_only=True)
    try:
        assert db.schema_version() == known[-1][0] and db.read_only
    finally:
        db.close()


# --- #12.13 and #12.21: options after the command; exports in Chinese unless --lang en ------------------------------


def test_db_and_lang_after_the_command(tmp_path):
    path = tmp_path / "district.duckdb"
    made = run("generate", "--compounds", "1", "--db", str(path))
    assert made.returncode == 0, made.stderr
    assert str(path) in made.stdout and path.exists() and not (ROOT / "data" / "district.duckdb").exists()
    info = run("--db", str(tmp_path / "elsewhere.duckdb"), "info", "--db", str(path))
    assert info.returncode == 0 and f"database: {path}" in info.stdout
    zh = run("check-roster", "--week", "2000-01-03", "--db", str(path), "--lang", "zh")
    assert zh.returncode == 0 and "这一周没有班次" in zh.stdout
    before = run("--db", str(path), "--lang", "zh", "check-roster", "--week", "2000-01-03")
    assert before.stdout == zh.stdout


def test_exports_speak_chinese_unless_told(db_file, tmp_path):
    ics, xlsx = tmp_path / "week.ics", tmp_path / "week.xlsx"
    assert cli(db_file, "export-roster", "--week", "2020-02-17", "-o", str(ics)).returncode == 0  # LANG=C.UTF-8
    assert cli(db_file, "export-roster", "--week", "2020-02-17", "-o", str(xlsx)).returncode == 0
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert summaries and all(s.startswith("门岗值班") for s in summaries)
    assert [c.value for c in load_workbook(xlsx)["北门"][2]][:2] == ["门岗", "日期"]
    english = cli(db_file, "export-roster", "--week", "2020-02-17", "-o", str(ics), "--lang", "en", lang="zh_CN.UTF-8")
    assert english.returncode == 0 and "Exported the week of 2020-02-17" in english.stdout
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert all(s.startswith("Gate duty: ") for s in summaries)

