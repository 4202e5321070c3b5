"""The CLI adds a gate lead with its gates (add-user --role gatelead --gate ID, repeatable), refuses one without, and
lists the gates given; init --demo names the demo gate lead. On a DuckDB file and on PostgreSQL."""

from __future__ import annotations

import io
import sys

import pytest

from coordpanel import cli, seed
from coordpanel.core import auth
from coordpanel.core.db import Database

pytestmark = pytest.mark.usefixtures("cheap_hashes")
SECRET = "S3cret-Passw0rd!"


@pytest.fixture(params=["duckdb", "postgres"])
def demo_target(request, tmp_path) -> str:
    """Where the demo is, as the CLI's --db names it: a DuckDB file, or a PostgreSQL URL."""
    target = str(tmp_path / "demo.duckdb") if request.param == "duckdb" else request.getfixturevalue("pg_url")
    database = Database(target)
    seed.demo.build(database)
    database.close()
    return target


def run(monkeypatch, capsys, *args: str, password: str = SECRET) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code = cli.main(["--lang", "zh", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_adds_a_gate_lead_with_its_gates(demo_target, monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, "--db", demo_target, "add-user", "lao.zhang", "--role", "gatelead",
                         "--gate", "2", "--gate", "1")
    assert (code, err) == (0, "")
    assert out.strip() == "added lao.zhang (gatelead, gates 1, 2)"
    database = Database(demo_target)
    try:
        assert [g["name"] for g in auth.user_gates(database, "lao.zhang")] == ["南门（主卡口）", "北门"]
    finally:
        database.close()
    code, out, err = run(monkeypatch, capsys, "--db", demo_target, "list-users")
    assert code == 0 and "lao.zhang" in out and "gates: 南门（主卡口）、北门" in out


@pytest.mark.parametrize(("gates", "message"), [((), "门岗组长至少要分配一个门岗。"),
                                                (("--gate", "99"), "没有编号为 99 的门岗。")])
def test_the_cli_refuses_a_gate_lead_without_real_gates(demo_target, monkeypatch, capsys, gates, message):
    code, out, err = run(monkeypatch, capsys, "--db", demo_target, "add-user", "lao.zhang", "--role", "gatelead", *gates)
    assert (code, out, err.strip()) == (1, "", f"error: {message}")
    database = Database(demo_target)
    try:
        assert "lao.zhang" not in [u["username"] for u in auth.list_users(database, auth.CLI_USER)]
    finally:
        database.close()


def test_init_demo_names_the_gate_lead(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COORDPANEL_DEMO_PASSWORD", SECRET)
    code, out, err = run(monkeypatch, capsys, "--db", str(tmp_path / "new.duckdb"), "init", "--demo")
    assert code == 0, err
    assert "Sign in as leader, planner, admin, gatelead with the password" in out
    database = Database(tmp_path / "new.duckdb")
    try:
        assert [g["name"] for g in auth.user_gates(database, "gatelead")] == ["南门（主卡口）"]
    finally:
        database.close()
