"""The district summary: every compound's gaps in one SQL query, worst first; the street → compound switcher."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coordpanel import district, seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
LEADER = User(1, "leader", "leader")
MONDAY = dt.date(2020, 2, 17)


@pytest.fixture(scope="module")
def district_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "d.duckdb"
    db = Database(path)
    seed.district.generate(db, 4, weeks=1)
    # every volunteer of the third compound falls ill: its buildings lose a tier, some shifts lose people
    db.cursor().execute("UPDATE person SET status = 'sick', status_since = DATE '2020-02-18' "
                        "WHERE tier = 'volunteer' AND compound_id = 3")
    db.close()
    return path


def test_the_worst_compound_comes_first(district_file):
    frame = district.summary.summary(Database(district_file), LEADER, MONDAY)
    assert len(frame) == 4
    assert frame.iloc[0]["id"] == 3 and frame.iloc[0]["partial"] == frame.iloc[0]["buildings"]
    assert frame.iloc[0]["short_shifts"] > 0
    assert (frame.iloc[1:]["uncovered"] + frame.iloc[1:]["partial"]).sum() == 0
    demo_row = frame[frame["id"] == 1].iloc[0]
    assert (demo_row["covered"], demo_row["required"], demo_row["filled"]) == (14, 126, 126)


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
