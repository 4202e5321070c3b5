"""The roster import reads a legacy .xls workbook (Excel 97-2003) like an .xlsx: Excel date and time cells, merged gate cells.

tests/fixtures/roster.xls is a real BIFF8 file written by xlwt (tests/fixtures/make_xls.py): the demo's north-gate crew of
Friday 21 February 2020, 08:00–16:00, so that importing it changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coordpanel import roster

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "roster.xls"


def test_a_legacy_xls_roster_is_read_with_its_dates_times_and_merged_gate_cells(fresh_demo):
    frame = roster.imports.read_roster_file(FIXTURE)
    assert frame[["row", "gate", "date", "start", "end"]].values.tolist()[0] == [
        3, "北门", dt.datetime(2020, 2, 21), dt.time(8), dt.time(16)]
    assert set(frame["gate"]) == {"北门"}  # the merged cell fills every row of the shift
    week = roster.week.load_week(fresh_demo, 1, dt.date(2020, 2, 17))
    shifts = week.shifts[(week.shifts["gate"] == "北门") & (week.shifts["starts_at"] == dt.datetime(2020, 2, 21, 8))]
    north = int(shifts["shift_id"].iloc[0])
    crews, errors = roster.imports.plan_import(fresh_demo, 1, frame)
    assert [e.message("en") for e in errors] == []
    assert crews == {dt.date(2020, 2, 17): {north: sorted(week.crews[north])}}
