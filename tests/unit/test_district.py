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


@pytest.fixture(scope="module")
def district_file(tmp_path_factory):
    return build_district_file(tmp_path_factory.mktemp("district") / "d.duckdb")


def test_the_worst_compound_comes_first(district_file):
    frame = district.summary.summary(Database(district_file), LEADER, MONDAY)
    assert len(frame) == 4
    assert frame.iloc[0]["id"] == 3 and frame.iloc[0]["partial"] == frame.iloc[0]["buildings"]
    assert frame.iloc[0]["short_shifts"] > 0
    assert (frame.iloc[1:]["uncovered"] + frame.iloc[1:]["partial"]).sum() == 0
    demo_row = frame[frame["id"] == 1].iloc[0]
    assert (demo_row["covered"], demo_row["required"], demo_row["filled"]) == (14, 126, 126)
