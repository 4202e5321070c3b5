"""The admin CLI: init refuses to touch data without --force; info counts; bad files get a message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        assert result.returncode == 2
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
