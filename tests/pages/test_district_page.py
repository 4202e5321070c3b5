"""The district page lists the worst compound first; the app's street → compound switcher."""

from __future__ import annotations

from pathlib import Path

import pgdemo
import pytest
from helpers import build_district_file
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import User

ROOT = Path(__file__).resolve().parents[2]
LEADER = User(1, "leader", "leader")


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def district_file(request, tmp_path_factory):
    """Four compounds of one district, in a DuckDB file and in a new PostgreSQL database (read only)."""
    if request.param == "duckdb":
        yield build_district_file(tmp_path_factory.mktemp("district") / "d.duckdb")
        return
    import pgserver

    with pgserver.new_database() as url:
        yield build_district_file(url)
        pgdemo.close_app_database(url)


def test_the_page_and_the_switcher(district_file, monkeypatch):
    monkeypatch.setenv("COORDPANEL_DB", str(district_file))
    at = AppTest.from_file(str(ROOT / "pages" / "district.py"), default_timeout=30)
    at.session_state["user"] = LEADER
    at.run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame.iloc[0]["无人覆盖"] + frame.iloc[0]["部分覆盖"] > 0
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.session_state["user"] = LEADER
    app.run()
    assert not app.exception
    assert "小区" in [s.label for s in app.sidebar.selectbox]
    pgdemo.assert_app_on(district_file)
