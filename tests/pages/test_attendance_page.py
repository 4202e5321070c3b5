"""今日到岗 in the app (#15): the gate lead records arrivals, refusals and stand-ins at their gate only; a planner
corrects a past record with a reason; names stay text; on the DuckDB file and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from helpers import unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core import audit, auth
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
USERS = {name: User(i, name, name) for i, name in enumerate(auth.DEMO_ACCOUNTS, start=1)}
PHONE = re.compile(r"1[3-9][0-9]{9}")
TODAY = dt.datetime(2020, 2, 19)  # the demo's "today" is 2020-02-19 08:00
SOUTH = "南门（主卡口）"


def run(user: User, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/attendance.py"), default_timeout=60)
    at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def crew(target, gate: str, start: dt.datetime) -> tuple[int, list[int]]:
    """(shift id, roster member ids in name order) of the demo's shift at `gate` starting at `start`."""
    db = Database(target)
    try:
        rows = db.records("attendance/day_shifts_by_gate", compound_id=1,
                          **{"from": start.replace(hour=0), "to": start.replace(hour=0) + dt.timedelta(days=1)})
    finally:
        db.close()
    mine = [r for r in rows if r["gate"] == gate and r["starts_at"] == start]
    return mine[0]["shift_id"], [r["person_id"] for r in mine]


def records_of(target, shift_id: int) -> dict[int, dict]:
    db = Database(target)
    try:
        return {r["person_id"]: r for r in db.records("attendance/of_shift", shift_id=shift_id)}
    finally:
        db.close()


def shown(at: AppTest) -> str:
    return "\n".join(unescape(m.value) for m in at.markdown)


def button(at: AppTest, key: str):
    found = [b for b in at.button if b.key == key]
    assert found, f"no button {key}: {[b.key for b in at.button]}"
    return found[0]


def test_a_gate_lead_checks_someone_in_at_their_gate(backend_app_with_users):
    target = backend_app_with_users
    shift_id, members = crew(target, SOUTH, TODAY.replace(hour=8))
    at = run(USERS["gatelead"])
    assert_app_on(target)
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == [SOUTH]  # their gate only
    assert not at.selectbox  # no gate filter: their gates are theirs
    assert not PHONE.search(shown(at)), "a gate lead never sees full phone numbers"

    button(at, f"att_present_{shift_id}_{members[0]}").click()
    at.run()
    assert not at.exception and not at.error
    assert at.success and "已记录" in unescape(at.success[0].value)
    record = records_of(target, shift_id)[members[0]]
    assert record["status"] == "present" and record["checked_in_at"] == TODAY.replace(hour=8)
    assert record["recorded_by"] == "gatelead"
    assert "到岗 08:00" in shown(at)
    # checked in: the one tap left is the check-out; the others are gone
    keys = {b.key for b in at.button}
    assert f"att_out_{shift_id}_{members[0]}" in keys and f"att_present_{shift_id}_{members[0]}" not in keys

    button(at, f"att_late_{shift_id}_{members[1]}").click()
    at.run()
    assert records_of(target, shift_id)[members[1]]["status"] == "late"
    button(at, f"att_absent_{shift_id}_{members[2]}").click()
    at.run()
    assert not at.error and records_of(target, shift_id)[members[2]]["status"] == "absent"
    assert "缺勤" in shown(at)


def test_a_gate_lead_is_refused_at_a_shift_outside_the_window_and_nothing_changes(backend_app_with_users):
    target = backend_app_with_users
    shift_id, members = crew(target, SOUTH, TODAY.replace(hour=16))  # starts in 8 h: check-in opens at 15:00
    at = run(USERS["gatelead"])
    button(at, f"att_present_{shift_id}_{members[0]}").click()
    at.run()
    assert not at.exception and not at.success
    assert [unescape(e.value) for e in at.error] == [
        f"{name_of(members[0])} 签到太早：{SOUTH} 的班次 02-19 16:00 开始，最早 02-19 15:00 才能签到。"]
    assert records_of(target, shift_id) == {}


def name_of(person_id: int) -> str:
    """A person's name, read from the database the app opened (COORDPANEL_DB)."""
    db = Database(os.environ["COORDPANEL_DB"])
    try:
        return db.records("attendance/person", person_id=person_id)[0]["name"]
    finally:
        db.close()


def test_a_gate_lead_adds_a_stand_in(backend_app_with_users):
    target = backend_app_with_users
    shift_id, members = crew(target, SOUTH, TODAY.replace(hour=8))
    at = run(USERS["gatelead"], **{f"att_standin_{shift_id}": True})
    covered = next(s for s in at.selectbox if s.key == f"att_standin_for_{shift_id}")
    who = next(s for s in at.selectbox if s.key == f"att_standin_who_{shift_id}")
    assert covered.options == [name_of(m) for m in members]  # nobody checked in yet: any member may be covered
    assert not any(o.startswith(name_of(m) + " ·") for m in members for o in who.options)  # nobody on the shift offered
    assert not any(PHONE.search(o) for o in who.options + covered.options)
    covered.set_value(members[2])
    stand_in = who.value
    button(at, f"att_standin_go_{shift_id}").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    written = records_of(target, shift_id)
    assert written[members[2]]["status"] == "absent"
    assert written[stand_in]["covers_person_id"] == members[2]
    assert written[stand_in]["status"] == "present" and written[stand_in]["checked_in_at"] == TODAY.replace(hour=8)
    stand_in_name = name_of(stand_in)
    assert f"缺勤 · 由 {stand_in_name} 替岗" in shown(at)  # the covered member's line
    assert f"{stand_in_name} · " in shown(at) and f"替 {name_of(members[2])} 顶岗" in shown(at)  # the stand-in's


def test_a_stand_in_already_on_the_shift_is_refused_in_words(backend_app_with_users, monkeypatch):
    """The page offers only eligible people; a choice gone stale (here: forced) is refused by the rules, unchanged."""
    from coordpanel.ui.views.attendance import data

    target = backend_app_with_users
    shift_id, members = crew(target, SOUTH, TODAY.replace(hour=8))
    real = data.stand_in_choices
    monkeypatch.setattr(data, "stand_in_choices",
                        lambda user, gate, shift: (data.Candidate(members[0], "x", "volunteer"), *real(user, gate, shift)))
    at = run(USERS["gatelead"], **{f"att_standin_{shift_id}": True})
    next(s for s in at.selectbox if s.key == f"att_standin_for_{shift_id}").set_value(members[2])
    next(s for s in at.selectbox if s.key == f"att_standin_who_{shift_id}").set_value(members[0])
    button(at, f"att_standin_go_{shift_id}").click()
    at.run()
    assert [unescape(e.value) for e in at.error] == [f"{name_of(members[0])} 已在这个班次上，不能再作为替岗。"]
    assert records_of(target, shift_id) == {}


def test_a_planner_sees_every_gate_and_filters_by_one(backend_app_with_users):
    at = run(USERS["planner"])
    assert_app_on(backend_app_with_users)
    assert [s.value for s in at.subheader] == [SOUTH, "北门", "东门（物资通道）"]
    gate = next(s for s in at.selectbox if s.key == "att_gate")
    assert gate.options == ["全部门岗", SOUTH, "北门", "东门（物资通道）"]
    gate.set_value(2).run()
    assert [s.value for s in at.subheader] == ["北门"]


def _correction(at: AppTest, shift_label: str, person_id: int) -> AppTest:
    next(d for d in at.date_input if d.key == "att_correct_day").set_value(dt.date(2020, 2, 18)).run()
    shift = next(s for s in at.selectbox if s.key == "att_correct_shift")
    shift.set_value(shift.options.index(shift_label)).run()
    next(s for s in at.selectbox if s.key == "att_correct_person").set_value(person_id).run()
    return at


def test_a_planner_corrects_a_past_record_with_a_reason(backend_app_with_users):
    target = backend_app_with_users
    shift_id, members = crew(target, "北门", dt.datetime(2020, 2, 18, 8))
    before = records_of(target, shift_id)[members[0]]
    at = _correction(run(USERS["planner"], att_correct=True), "北门 02-18 08:00–16:00", members[0])
    assert not at.exception and not at.error
    next(s for s in at.selectbox if s.label == "状态").set_value("late")
    next(t for t in at.time_input if t.label == "签到时间").set_value(dt.time(8, 40))
    button_save = next(b for b in at.button if b.label == "保存更正")
    button_save.click()
    at.run()
    assert [unescape(e.value) for e in at.error] == ["更正到岗记录必须写明原因。"]
    assert records_of(target, shift_id)[members[0]] == before  # refused: nothing changed

    next(s for s in at.selectbox if s.label == "状态").set_value("late")
    next(t for t in at.time_input if t.label == "签到时间").set_value(dt.time(8, 40))
    next(t for t in at.text_input if t.label == "更正原因（必填）").input("门岗登记本上写的是 8:40")
    next(b for b in at.button if b.label == "保存更正").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = records_of(target, shift_id)[members[0]]
    assert after["status"] == "late" and after["checked_in_at"] == dt.datetime(2020, 2, 18, 8, 40)
    assert after["recorded_by"] == "planner"
    db = Database(target)
    try:
        entry = audit.search(db, USERS["admin"], table="attendance", limit=1).iloc[0]
    finally:
        db.close()
    assert entry["actor"] == "planner" and json.loads(entry["after"])["reason"] == "门岗登记本上写的是 8:40"


def test_a_gate_lead_has_no_corrections(app_with_users):
    at = run(USERS["gatelead"], att_correct=True)
    assert not at.exception and "更正以往记录（排班员）" not in [e.label for e in at.expander]


def test_names_are_shown_as_typed_never_as_markdown(app_with_users):
    target = app_with_users
    shift_id, members = crew(target, SOUTH, TODAY.replace(hour=8))
    db = Database(target)
    try:
        with db.transaction("cli", "rename for the test") as tx:
            tx.cursor.execute("UPDATE person SET name = '**粗体** [链接](http://x.example)' WHERE id = ?", [members[0]])
    finally:
        db.close()
    at = run(USERS["gatelead"])
    raw = "\n".join(m.value for m in at.markdown)
    assert r"\*\*粗体\*\* \[链接\]\(http" in raw  # escaped: shown as typed
    assert not any("粗体" in b.label for b in at.button)  # names never in a button's label


def _shift(start: dt.datetime, hours: int = 8):
    from coordpanel.attendance import board

    return board.Shift(1, start, start + dt.timedelta(hours=hours), 2, ())


def test_typed_clock_times_of_a_correction_fall_on_the_right_day():
    from coordpanel.attendance.board import moments

    night = _shift(dt.datetime(2020, 2, 19, 0))  # 00:00–08:00: 23:40 is the evening before
    assert moments(night, dt.time(23, 40), dt.time(8, 5)) == (dt.datetime(2020, 2, 18, 23, 40), dt.datetime(2020, 2, 19, 8, 5))
    evening = _shift(dt.datetime(2020, 2, 18, 16))  # 16:00–00:00: a check-out at 00:10 is the next day
    assert moments(evening, dt.time(16, 20), dt.time(0, 10)) == (dt.datetime(2020, 2, 18, 16, 20),
                                                                dt.datetime(2020, 2, 19, 0, 10))
    day = _shift(dt.datetime(2020, 2, 18, 8))
    assert moments(day, dt.time(7, 50), None) == (dt.datetime(2020, 2, 18, 7, 50), None)
    assert moments(day, dt.time(3, 0), None)[0] == dt.datetime(2020, 2, 18, 3, 0)  # too early: kept, the rules refuse it
    assert moments(day, None, None) == (None, None)


def test_a_place_nobody_checked_in_at_after_the_grace_time_says_how_late(app_with_users, monkeypatch):
    from coordpanel import ui

    monkeypatch.setattr(ui, "today", lambda: TODAY.replace(hour=8, minute=30))  # grace: 15 minutes
    shift_id, members = crew(app_with_users, SOUTH, TODAY.replace(hour=8))
    at = run(USERS["gatelead"])
    lines = shown(at)
    assert lines.count("未签到 · 开班已过 30 分钟") == 3  # the 08:00 crew
    assert lines.count("未签到\n") + lines.endswith("未签到") == 3  # the 16:00 crew has not started
    button(at, f"att_late_{shift_id}_{members[0]}").click()
    at.run()
    assert records_of(app_with_users, shift_id)[members[0]]["checked_in_at"] == TODAY.replace(hour=8, minute=30)
    assert shown(at).count("开班已过 30 分钟") == 2 and "迟到 08:30" in shown(at)


def test_the_page_in_english(app_with_users):
    at = run(USERS["gatelead"], lang="en")
    assert not at.exception and not at.error
    assert at.title[0].value == "Today's duty"
    assert {b.label for b in at.button} == {"Present", "Late", "Absent"}
    assert shown(at).count("Not checked in") == 6
