"""The admin CLI: init refuses to touch data without --force; info counts; bad files get a message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coordpanel", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_init_demo_then_refuse_then_force(tmp_path):
    path = tmp_path / "data" / "cp.duckdb"
    first = cli("--db", str(path), "init", "--demo")
    assert first.returncode == 0, first.stderr
    assert "person" in first.stdout and path.exists()
    again = cli("--db", str(path), "init", "--demo")
    assert again.returncode == 1 and "already holds data" in again.stderr
    forced = cli("--db", str(path), "init", "--demo", "--force")
    assert forced.returncode == 0, forced.stderr
    info = cli("--db", str(path), "info")
    assert info.returncode == 0
    counts = dict(line.split() for line in info.stdout.splitlines() if line.startswith("  "))
    assert counts["compound"] == "1" and counts["building"] == "14" and counts["person"] == "102"


def test_init_without_demo_creates_an_empty_migrated_database(tmp_path):
    path = tmp_path / "empty.duckdb"
    result = cli("--db", str(path), "init")
    assert result.returncode == 0 and "schema version" in result.stdout


def test_init_refuses_a_file_that_is_not_a_database_even_with_force(tmp_path):
    path = tmp_path / "people.duckdb"
    path.write_text("姓名,电话\n张三,13900000000\n", encoding="utf-8")
    for args in (("init", "--demo"), ("init", "--demo", "--force"), ("info",)):
        result = cli("--db", str(path), *args)
        assert result.returncode == 1  # a database error is a refusal like any other (#12.7), not a usage error
        assert "not a DuckDB database" in result.stderr and str(path) in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8").startswith("姓名")


def test_info_on_a_missing_file_says_how_to_create_it(tmp_path):
    result = cli("--db", str(tmp_path / "none.duckdb"), "info")
    assert result.returncode == 1 and "init --demo" in result.stderr


def test_db_path_from_the_environment(tmp_path):
    path = tmp_path / "env.duckdb"
    result = subprocess.run([sys.executable, "-m", "coordpanel", "init"], capture_output=True, text=True, cwd=ROOT,
                            env={"COORDPANEL_DB": str(path), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert path.exists()


def test_users_from_the_cli_with_the_password_on_standard_input(tmp_path):
    path = str(tmp_path / "u.duckdb")
    demo = subprocess.run([sys.executable, "-m", "coordpanel", "--db", path, "init", "--demo"], capture_output=True,
                          text=True, cwd=ROOT, env={"COORDPANEL_DEMO_PASSWORD": "demo-password", "PATH": "/usr/bin:/bin"})
    assert demo.returncode == 0, demo.stderr
    assert "demo-password" not in demo.stdout and "COORDPANEL_DEMO_PASSWORD" in demo.stdout

    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "coordpanel", "--db", path, *args], input=stdin,
                              capture_output=True, text=True, cwd=ROOT, timeout=120)

    assert run("add-user", "zhao.liu", "--role", "planner", stdin="long-password\n").returncode == 0
    short = run("add-user", "qian.qi", "--role", "planner", stdin="short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    assert run("add-user", "x", "--role", "planner", "--password", "on-the-command-line").returncode == 2
    assert run("set-password", "zhao.liu", stdin="another-password\n").returncode == 0
    listed = run("list-users").stdout
    assert [line.split()[:2] for line in listed.splitlines()] == [
        ["admin", "admin"], ["gatelead", "gatelead"], ["leader", "leader"], ["planner", "planner"], ["zhao.liu", "planner"]]
    from coordpanel.core.auth import authenticate
    from coordpanel.core.db import Database

    db = Database(path)
    assert authenticate(db, "zhao.liu", "another-password", sleep=lambda s: None).role == "planner"
    assert authenticate(db, "leader", "demo-password", sleep=lambda s: None).role == "leader"
    db.close()


def test_init_demo_prints_a_generated_password_once(tmp_path):
    result = subprocess.run([sys.executable, "-m", "coordpanel", "--db", str(tmp_path / "g.duckdb"), "init", "--demo"],
                            capture_output=True, text=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("Sign in as"))
    assert len(line.rsplit(": ", 1)[1]) >= 12
