"""The demo's attendance (#15) and what is read from it: no-shows, who is on duty, hours, statements; both backends."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from coordpanel.attendance import hours, noshows, statement
from coordpanel.core import clock

D = dt.datetime
AS_OF = D(2020, 2, 19, 8)
WEEK = {"from": D(2020, 2, 17), "to": D(2020, 2, 24)}
HOUR = dt.timedelta(hours=1)


@pytest.fixture(scope="module")
def demo(backend_demo_shared):
    return backend_demo_shared


def test_the_demo_records_every_started_place_within_the_rules(demo):
    assert clock.today(demo) == AS_OF
    places = demo.records("attendance/places", compound_id=1, **WEEK)
    rows = demo.records("attendance/records", compound_id=1, **WEEK)
    started = {(p["shift_id"], p["person_id"]) for p in places if p["starts_at"] < AS_OF}
    own = {(r["shift_id"], r["person_id"]) for r in rows if r["covers_person_id"] is None}
    assert own == started  # every started roster place, nothing else
    assert all(r["starts_at"] < AS_OF for r in rows)
    by_status = [r["status"] for r in rows]
    assert by_status.count("absent") == 1
    assert 2 <= by_status.count("late") <= len(rows) // 5  # a few
    assert by_status.count("present") > len(rows) * 3 // 4  # mostly present
    for r in rows:
        if r["status"] == "absent":
            assert r["checked_in_at"] is None and r["checked_out_at"] is None
            continue
        assert r["starts_at"] - HOUR <= r["checked_in_at"] < r["ends_at"]
        assert (r["status"] == "late") == (r["checked_in_at"] > r["starts_at"])
        if r["ends_at"] <= AS_OF:
            assert r["checked_in_at"] < r["checked_out_at"] <= AS_OF
        else:
            assert r["checked_out_at"] is None  # still on duty


def test_the_demo_no_show_has_one_eligible_stand_in_free_at_that_time(demo):
    rows = demo.records("attendance/records", compound_id=1, **WEEK)
    (absent,) = [r for r in rows if r["status"] == "absent"]
    (stand_in,) = [r for r in rows if r["covers_person_id"] is not None]
    assert (stand_in["shift_id"], stand_in["covers_person_id"]) == (absent["shift_id"], absent["person_id"])
    assert absent["starts_at"].date() == dt.date(2020, 2, 18)  # yesterday, for the morning brief
    person = next(p for p in demo.records("people/for_roster", compound_id=1) if p["id"] == stand_in["person_id"])
    assert person["gate_eligible"] and person["status"] == "active"
    roster = demo.records("attendance/places", compound_id=1, **WEEK)
    assert stand_in["person_id"] not in {p["person_id"] for p in roster if p["shift_id"] == stand_in["shift_id"]}
    for other in rows:  # not present anywhere else at an overlapping time
        if other["person_id"] == stand_in["person_id"] and other["shift_id"] != stand_in["shift_id"]:
            assert other["ends_at"] <= stand_in["starts_at"] or other["starts_at"] >= stand_in["ends_at"]


def test_no_shows_on_the_demo(demo):
    week = (D(2020, 2, 17), D(2020, 2, 24))
    assert noshows.grace_minutes(demo) == 15
    assert noshows.no_shows(demo, 1, *week, AS_OF).empty  # the one no-show has its stand-in
    covered = noshows.no_shows(demo, 1, D(2020, 2, 18), D(2020, 2, 19), AS_OF, include_covered=True)
    assert len(covered) == 1 and covered.loc[0, "status"] == "absent" and covered.loc[0, "stand_in_name"]
    assert list(covered.columns) == noshows.NO_SHOW_COLUMNS
    # the 08:00 crews (3 + 2) become no-shows once the grace has passed, not before
    assert noshows.no_shows(demo, 1, *week, AS_OF + dt.timedelta(minutes=14)).empty
    late = noshows.no_shows(demo, 1, *week, AS_OF + dt.timedelta(minutes=15))
    assert len(late) == 5 and set(late["starts_at"]) == {AS_OF}
    assert late["status"].isna().all() and late["stand_in_id"].isna().all()
    # as of Tuesday 16:20, the place the stand-in came for at 16:25 is still open
    tuesday = noshows.no_shows(demo, 1, *week, D(2020, 2, 18, 16, 20))
    assert len(tuesday) == 1 and tuesday.loc[0, "person_id"] == covered.loc[0, "person_id"]


def test_on_duty_now_counts_planned_and_present_per_shift_in_progress(demo):
    at_eight = noshows.on_duty_now(demo, 1, AS_OF)
    assert list(at_eight.columns) == noshows.ON_DUTY_COLUMNS
    assert at_eight[["gate_en", "planned", "present"]].values.tolist() == [
        ["South gate (main checkpoint)", 3, 0], ["North gate", 2, 0], ["East gate (supplies lane)", 2, 2]]
    night = noshows.on_duty_now(demo, 1, D(2020, 2, 18, 20))
    absent_gate = night[night["gate_en"] == "North gate"]
    assert absent_gate[["planned", "present"]].values.tolist() == [[2, 2]]  # the stand-in is there


def test_planned_hours_are_the_rosters_and_actual_hours_the_records(demo):
    frame = hours.person_hours(demo, 1, dt.date(2020, 2, 17), dt.date(2020, 2, 23))
    assert list(frame.columns) == hours.PERSON_COLUMNS
    roster = {r[0]: float(r[3]) for r in demo.rows("roster/tier_hours", compound_id=1, **WEEK)}
    assert frame.groupby("tier")["planned_hours"].sum().to_dict() == pytest.approx(roster)
    shifts = {s["shift_id"]: s for s in demo.records("attendance/places", compound_id=1, **WEEK)}
    expected: dict[int, float] = {}
    for a in demo.records("roster/assignments", compound_id=1, **WEEK):
        s = shifts[a["shift_id"]]
        expected[a["person_id"]] = expected.get(a["person_id"], 0) + (s["ends_at"] - s["starts_at"]) / HOUR
    planned = dict(zip(frame["person_id"], frame["planned_hours"], strict=True))
    assert {k: v for k, v in planned.items() if v} == pytest.approx(expected)
    # the stand-in's hours count for them: 16:25 to the shift's end at midnight
    rows = demo.records("attendance/records", compound_id=1, **WEEK)
    (stand_in,) = [r for r in rows if r["covers_person_id"] is not None]
    one_day = hours.person_hours(demo, 1, dt.date(2020, 2, 18), dt.date(2020, 2, 18))
    mine = one_day[one_day["person_id"] == stand_in["person_id"]].iloc[0]
    assert (mine["planned_shifts"], mine["worked_shifts"], mine["actual_hours"]) == (0, 1, pytest.approx(7.58))
    absent = one_day[one_day["person_id"] == stand_in["covers_person_id"]].iloc[0]
    assert absent["actual_hours"] == pytest.approx(absent["planned_hours"] - 8)
    total = hours.totals(frame)
    assert total["planned_hours"].sum() == pytest.approx(sum(roster.values()))
    assert total["people"].sum() == len(frame)


def test_hours_exports_in_chinese(demo):
    frame = hours.person_hours(demo, 1, dt.date(2020, 2, 17), dt.date(2020, 2, 23))
    book = load_workbook(io.BytesIO(hours.export_xlsx(frame, dt.date(2020, 2, 17), dt.date(2020, 2, 23))))
    assert book.sheetnames == ["个人工时", "层级与分组合计"]
    sheet = book["个人工时"]
    assert sheet["A1"].value == "门岗工时 2020-02-17 至 2020-02-23"
    assert [c.value for c in sheet[2]] == ["姓名", "层级", "分组", "计划班次", "计划工时（小时）", "实际班次", "实际工时（小时）"]
    assert sheet.max_row == 2 + len(frame)
    lines = list(csv.reader(io.StringIO(hours.export_csv(frame).decode("utf-8-sig"))))
    assert lines[0][0] == "姓名" and len(lines) == 1 + len(frame)
    assert sum(float(line[4]) for line in lines[1:]) == pytest.approx(frame["planned_hours"].sum())


def test_a_service_hours_statement_lists_the_shifts_with_gates_and_the_total(demo):
    rows = demo.records("attendance/records", compound_id=1, **WEEK)
    (stand_in,) = [r for r in rows if r["covers_person_id"] is not None]
    st = statement.statement(demo, 1, stand_in["person_id"], dt.date(2020, 2, 17), dt.date(2020, 2, 23))
    mine = [r for r in rows if r["person_id"] == stand_in["person_id"]]
    assert len(st.shifts) == len(mine) and any(s.stand_in for s in st.shifts)
    assert [s.starts_at for s in st.shifts] == sorted(r["starts_at"] for r in mine)
    text = statement.text(st)
    assert text.startswith("志愿服务时长证明\n") and st.name in text and "（替岗）" in text
    assert f"合计：{len(mine)} 个班次，{st.total_hours:g} 小时" in text
    assert "2月18日 周二 16:00–00:00 北门（替岗）：7.58 小时" in text
    assert "Total:" in statement.text(st, "en")


def test_names_that_look_like_formulas_are_text_in_the_exports_and_the_statement(fresh_demo):
    rows = fresh_demo.records("attendance/records", compound_id=1, **WEEK)
    person = rows[0]["person_id"]
    fresh_demo.cursor().execute("UPDATE person SET name = $n WHERE id = $id", {"n": "=HYPERLINK(\"x\")<b>", "id": person})
    frame = hours.person_hours(fresh_demo, 1, dt.date(2020, 2, 17), dt.date(2020, 2, 23))
    book = load_workbook(io.BytesIO(hours.export_xlsx(frame, dt.date(2020, 2, 17), dt.date(2020, 2, 23))))
    names = [row[0] for row in book["个人工时"].iter_rows(min_row=3, values_only=True)]
    assert "'=HYPERLINK(\"x\")<b>" in names
    cells = [line[0] for line in csv.reader(io.StringIO(hours.export_csv(frame).decode("utf-8-sig")))]
    assert "'=HYPERLINK(\"x\")<b>" in cells
    st = statement.statement(fresh_demo, 1, person, dt.date(2020, 2, 17), dt.date(2020, 2, 23))
    assert statement.lines(st)[1].startswith("=HYPERLINK(\"x\")<b>，")  # plain text, shown as text by the page
