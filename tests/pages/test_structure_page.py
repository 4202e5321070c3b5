"""The structure page names a figure of the data that differs from the article's."""

from __future__ import annotations

from pathlib import Path

import pgdemo
import pytest
from streamlit.testing.v1 import AppTest

from coordpanel import seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["duckdb", "postgres"])
def target(request, tmp_path):
    """Where the demo is built: a new DuckDB file, or a new PostgreSQL database."""
    if request.param == "duckdb":
        yield tmp_path / "s.duckdb"
        return
    import pgserver

    with pgserver.new_database() as url:
        yield url
        pgdemo.close_app_database(url)


def test_the_page_names_a_difference(target, monkeypatch):
    path = target
    db = Database(path)
    seed.demo.build(db)
    db.cursor().execute("DELETE FROM grid_chat_member WHERE group_id = (SELECT max(id) FROM grid_chat_group)")
    db.cursor().execute("DELETE FROM grid_chat_group WHERE id = (SELECT max(id) FROM grid_chat_group)")
    db.cursor().execute("UPDATE community_figure SET value = 18 WHERE figure = 'grid_chat_groups'")
    db.close()
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "structure.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert not at.exception
    assert any("社区网格群" in w.value and "18" in w.value and "19" in w.value for w in at.warning)
    assert at.get("plotly_chart")
    pgdemo.assert_app_on(path)
