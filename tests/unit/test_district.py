"""The district summary: every compound's gaps in one SQL query, worst first.
The district page and the switcher are tested in tests/pages/test_district_page.py."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import build_district_file

from coordpanel import district
from coordpanel.core.auth import User
from coordpanel.core.db import Database

LEADER = User(1, "leader", "leader")
MONDAY = dt.date(2020, 2, 17)


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def district_file(request, tmp_path_factory):
    """Four compounds of one district in a DuckDB file, and in a new PostgreSQL database."""
    if request.param == "duckdb":
        yield build_district_file(tmp_path_factory.mktemp("district") / "d.duckdb")
        return
    import pgserver

    with pgserver.new_database() as url:
        yield build_district_file(url)


def test_the_worst_compound_comes_first(district_file):
    db = Database(district_file)
    assert db.backend == ("postgres" if str(district_file).startswith("postgresql://") else "duckdb")
    frame = district.summary.summary(db, LEADER, MONDAY)
    assert len(frame) == 4
    assert frame.iloc[0]["id"] == 3 and frame.iloc[0]["partial"] == frame.iloc[0]["buildings"]
    assert frame.iloc[0]["short_shifts"] > 0
    assert (frame.iloc[1:]["uncovered"] + frame.iloc[1:]["partial"]).sum() == 0
    demo_row = frame[frame["id"] == 1].iloc[0]
    assert (demo_row["covered"], demo_row["required"], demo_row["filled"]) == (14, 126, 126)
    db.close()
