"""The app on a database file it must not use (#12.11): a message on the page, never a traceback or a changed file."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


# DuckDB only: the refused file is the thing under test (another application's PostgreSQL database is refused
# untouched in tests/unit/test_backends.py)
def test_the_app_refuses_another_applications_database(tmp_path, monkeypatch):
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER, item VARCHAR)")
    con.close()
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    app.text_input[0].input("admin")
    app.text_input[1].input("long-password")
    app.button[0].click().run()  # signing in is the first thing that opens the database
    assert not app.exception
    assert any("属于其他程序" in e.value for e in app.error), [e.value for e in app.error]  # in the app's language
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()] == ["orders"]
    finally:
        con.close()
