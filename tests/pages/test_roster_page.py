"""The roster page: edits through the editor, unsaved edits that survive leaving and coming back, refusals shown,
shift creation, declared unavailability and one-click replacements."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from helpers import DEMO_MONDAY as MONDAY
from helpers import availability_rows, shift_at
from helpers import demo_week as week
from helpers import roster_state as state
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel import people, roster
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

ROOT = Path(__file__).resolve().parents[2]
PLANNER, OTHER, LEADER = User(2, "planner", "planner"), User(5, "planner2", "planner"), User(1, "leader", "leader")


def open_page(user: User, view: str = "编辑排班") -> AppTest:
    """The roster page on one of its views (lazy tabs: only the open one runs), the editor by default."""
    at = AppTest.from_file(str(ROOT / "pages" / "roster.py"), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["roster_view"] = view
    return at.run()


EDITOR = f"roster_editor_1_{MONDAY}"
# Every write path of the page (save, undo, conflict, templates, shift creation, unavailability, replacement) runs on
# both backends (backend_page_db; every view is drawn on PostgreSQL in test_pages.py); what the page keeps in the
# session between runs, and refusals made before anything is written, are tested on DuckDB only (page_db).


def row_of(w, shift_id) -> int:
    return int(w.shifts.index[w.shifts["shift_id"] == shift_id][0])


def test_an_edit_through_the_editor_is_saved(backend_page_db):
    page_db = backend_page_db
    db = Database(page_db)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 21, 16))
    spare = next(c for c in roster.candidates.candidates(w, w.crews, s, roster.week.load_rules(db)) if c.offered)
    people = [roster.grid.person_label(w.people[p]) for p in w.crews[s]] + [roster.grid.person_label(spare.person)]
    at = open_page(PLANNER)
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, s): {"people": people}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "保存本周排班").click()
    at.run()
    assert not at.exception
    assert any("已保存" in m.value for m in at.success)
    assert spare.person.id in week(db).crews[s]
    assert_app_on(page_db)


def test_a_save_through_the_page_is_undone_with_the_undo_button(backend_page_db):
    page_db = backend_page_db
    db = Database(page_db)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 22, 16))
    crew = [roster.grid.person_label(w.people[p]) for p in w.crews[s]][:-1]
    at = open_page(PLANNER)
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, s): {"people": crew}}, "added_rows": [], "deleted_rows": []}
    at.run()
    next(b for b in at.button if b.label == "保存本周排班").click()
    at.run()
    assert week(db).crews[s] == w.crews[s][:-1]
    next(b for b in at.button if b.label == "撤销上一次保存").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert f"已撤销，本周版本 {w.version + 2}。" in [m.value for m in at.success]
    assert week(db).crews[s] == w.crews[s] and week(db).version == w.version + 2
    assert_app_on(page_db)


def test_templates_edited_on_the_page_are_saved(backend_page_db):
    db = Database(backend_page_db)
    before = db.records("roster/templates", compound_id=1)
    at = open_page(PLANNER, view="按模板生成班次")
    at.session_state["templates_1"] = {"edited_rows": {0: {"required": 5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_templates").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert f"已保存 {len(before)} 个班次模板；已有的班次不变。" in [m.value for m in at.success]
    after = db.records("roster/templates", compound_id=1)
    assert [r["required"] for r in after] == [5] + [r["required"] for r in before[1:]]


def test_unsaved_edits_survive_moving_to_another_week_and_back(page_db):
    """Streamlit forgets a widget it does not draw; the page folds pending edits into a kept frame first."""
    db = Database(page_db)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 21, 16))
    crew = [roster.grid.person_label(w.people[p]) for p in w.crews[s]][:-1]
    at = open_page(PLANNER)
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, s): {"people": crew}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.date_input(key="roster_day").set_value(dt.date(2020, 2, 26)).run()
    assert not at.exception, at.exception
    assert EDITOR not in at.session_state  # not drawn for the other week: Streamlit would have dropped it
    at.date_input(key="roster_day").set_value(dt.date(2020, 2, 19)).run()
    assert not at.exception, at.exception
    kept = at.session_state[EDITOR + ":kept"]
    assert list(kept.loc[row_of(w, s), "people"]) == crew
    next(b for b in at.button if b.label == "保存本周排班").click()
    at.run()
    assert any("已保存" in m.value for m in at.success), [e.value for e in at.error]
    assert week(db).crews[s] == w.crews[s][:-1]
    assert EDITOR + ":kept" not in at.session_state


def _one_editor_sometimes():
    """An editor drawn only while "shown" is true, as a page, a view or a week is left and come back to."""
    import pandas as pd
    import streamlit as st

    from coordpanel import ui

    if st.session_state.get("shown", True):
        st.session_state["seen"] = ui.editor(pd.DataFrame({"who": ["甲", "乙"], "hours": [8, 8]}), "ed", num_rows="dynamic")
    st.session_state["unsaved"] = ui.unsaved("ed")


def test_unsaved_edits_survive_runs_that_do_not_draw_the_editor():
    """Streamlit drops the widget's state; the editor's own snapshot brings the edits back, added rows once."""
    at = AppTest.from_function(_one_editor_sometimes).run()
    assert not at.session_state["unsaved"]
    at.session_state["ed"] = {"edited_rows": {1: {"who": "丙"}}, "added_rows": [{"who": "丁", "hours": 4}], "deleted_rows": []}
    at.run()
    assert at.session_state["seen"]["who"].tolist() == ["甲", "丙", "丁"]
    at.session_state["shown"] = False  # another page, view or week
    at.run()
    assert not at.exception, at.exception
    assert "ed" not in at.session_state and at.session_state["unsaved"]  # Streamlit dropped it; the page still knows
    at.run()
    at.session_state["shown"] = True
    at.run()
    assert at.session_state["seen"]["who"].tolist() == ["甲", "丙", "丁"]  # back: the edits are there, once
    at.session_state["shown"] = False
    at.run()
    at.session_state["shown"] = True
    at.run()
    assert at.session_state["seen"]["who"].tolist() == ["甲", "丙", "丁"]  # and still once after a second trip


def test_unsaved_edits_survive_a_visit_to_another_page_through_the_app(page_db):
    db = Database(page_db)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 22, 16))
    crew = [roster.grid.person_label(w.people[p]) for p in w.crews[s]][:-1]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["user"] = PLANNER
    at.run()
    at.switch_page("pages/roster.py")
    at.session_state["roster_view"] = "编辑排班"
    at.run()
    assert at.title[0].value == "门岗排班"
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, s): {"people": crew}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.switch_page("pages/coverage.py").run()
    assert not at.exception and at.title[0].value == "楼栋覆盖"
    at.session_state["roster_view"] = "编辑排班"
    at.switch_page("pages/roster.py").run()
    assert list(at.session_state[EDITOR + ":kept"].loc[row_of(w, s), "people"]) == crew  # the edits are back
    next(b for b in at.button if b.label == "保存本周排班").click()
    at.run()
    assert any("已保存" in m.value for m in at.success), [e.value for e in at.error]
    assert week(db).crews[s] == w.crews[s][:-1]


def test_the_week_view_comes_first_and_names_unsaved_edits(page_db):
    db = Database(page_db)
    w = week(db)
    at = open_page(PLANNER, view="本周概览")
    assert not at.exception, at.exception
    assert at.get("plotly_chart") and not at.get("arrow_data_frame")  # the picture, not the editor
    # hovering (tapping) a cell shows who is on that shift
    cells = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["customdata"]
    s = shift_at(w, dt.datetime(2020, 2, 21, 8))
    crew = [w.people[p].name for p in w.crews[s]]
    assert "<br>".join(crew) in [c for row in cells for c in row]
    required = int(w.shifts["required"].sum())
    assert f"本周到岗 **{required} / {required}** · 缺人班次 **0** · 必须修正 **0** · 需确认 **0**" in [m.value for m in at.markdown]
    at.session_state[EDITOR + ":kept"] = roster.grid.editor_frame(w, "zh")
    at.run()
    assert any("未保存的修改" in i.value for i in at.info)


def test_an_empty_week_offers_shift_creation(backend_page_db):
    page_db = backend_page_db
    at = open_page(PLANNER, view="按模板生成班次")
    at.date_input(key="roster_day").set_value(dt.date(2020, 3, 4)).run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "按模板生成班次").click()
    at.run()
    assert any("新建 56 个班次" in m.value for m in at.success), [m.value for m in at.success]
    assert len(roster.week.load_week(Database(page_db), 1, dt.date(2020, 3, 2)).shifts) == 56


def test_a_violating_edit_is_refused_with_its_message(page_db):
    db = Database(page_db)
    w = week(db)
    south, north = shift_at(w, dt.datetime(2020, 2, 21, 8), 0), shift_at(w, dt.datetime(2020, 2, 21, 8), 1)
    someone = w.people[w.crews[north][0]]
    people = [roster.grid.person_label(w.people[p]) for p in w.crews[south]] + [roster.grid.person_label(someone)]
    before = state(db)
    at = open_page(PLANNER)
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, south): {"people": people}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("时间重叠" in e.value and someone.name in e.value for e in at.error)
    assert next(b for b in at.button if b.label == "保存本周排班").disabled
    assert state(db) == before


def test_two_sessions_saving_the_same_week_the_second_is_refused_and_keeps_its_edits(backend_page_db):
    page_db = backend_page_db
    db = Database(page_db)
    w = week(db)
    s1, s2 = shift_at(w, dt.datetime(2020, 2, 22, 16)), shift_at(w, dt.datetime(2020, 2, 23, 16))
    first, second = open_page(PLANNER), open_page(OTHER)
    for at, s in ((first, s1), (second, s2)):
        crew = [roster.grid.person_label(w.people[p]) for p in w.crews[s]][:-1]
        at.session_state[EDITOR] = {"edited_rows": {row_of(w, s): {"people": crew}}, "added_rows": [], "deleted_rows": []}
        at.run()
    next(b for b in first.button if b.label == "保存本周排班").click()
    first.run()
    assert any("已保存" in m.value for m in first.success)
    after_first = state(db)
    next(b for b in second.button if b.label == "保存本周排班").click()
    second.run()
    assert any("保存未成功" in e.value and "planner" in e.value for e in second.error)
    assert state(db) == after_first
    # the second planner's edits are still in the editor
    assert second.session_state[EDITOR]["edited_rows"]


def test_a_failed_write_keeps_the_edits_on_screen(page_db, monkeypatch):
    db = Database(page_db)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 22, 16))
    crew = [roster.grid.person_label(w.people[p]) for p in w.crews[s]][:-1]

    def disk_full(*args, **kwargs):
        raise Refused("db.write_failed", path=str(page_db), error="No space left on device")

    monkeypatch.setattr(roster.saving, "save", disk_full)
    at = open_page(PLANNER)
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, s): {"people": crew}}, "added_rows": [], "deleted_rows": []}
    at.run()
    next(b for b in at.button if b.label == "保存本周排班").click()
    at.run()
    assert any("磁盘已满" in e.value for e in at.error)
    assert at.session_state[EDITOR]["edited_rows"]
    assert week(db).crews[s] == w.crews[s]


def test_a_planner_declares_unavailability_on_the_person_view(backend_page_db):
    page_db = backend_page_db
    db = Database(page_db)
    w = week(db)
    person = sorted(w.people.values(), key=lambda p: p.name)[3]
    rows_before = availability_rows(db)
    at = open_page(PLANNER, view="个人排班")
    at.selectbox(key="roster_person").set_value(person).run()
    dates = [d for d in at.date_input if d.label in ("从", "到")]
    dates[0].set_value(dt.date(2020, 2, 22))
    dates[1].set_value(dt.date(2020, 2, 23))
    next(i for i in at.text_input if i.label == "原因").input("居家隔离观察")
    next(b for b in at.button if b.label == "登记不能值班").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("不能值班" in s.value for s in at.success)
    assert availability_rows(db)[-1] == (person.id, dt.datetime(2020, 2, 22, 8), dt.datetime(2020, 2, 23, 16), False, "居家隔离观察")
    assert "02-22 08:00 – 02-23 16:00  居家隔离观察" in [x.value for x in at.text]
    record_id = max(r[0] for r in db.cursor().execute("SELECT id FROM availability").fetchall())
    at.button(key=f"withdraw_{record_id}").click().run()
    assert not at.exception and "已撤销这条登记。" in [m.value for m in at.success]
    assert availability_rows(db) == rows_before


def sick_volunteer(path):
    """(db, the week after, the shift, the person): a gate volunteer of the north gate's 2-21 08:00 shift falls ill."""
    db = Database(path)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 21, 8), 1)
    absent = next(p for p in w.crews[s] if w.people[p].tier == "volunteer")
    people.status.set_status(db, PLANNER, absent, "sick", dt.date(2020, 2, 20), "发热")
    w = week(db)
    return db, w, s, absent


def test_replacements_are_offered_ranked_on_the_page_and_one_click_takes_any_of_them(backend_page_db):
    page_db = backend_page_db
    db, w, s, absent = sick_volunteer(page_db)
    ranked = [c for c in roster.candidates.candidates(w, w.crews, s, roster.week.load_rules(db)) if c.offered][:3]
    at = open_page(PLANNER, view="缺勤替换")
    buttons = [b for b in at.button if b.key and b.key.startswith(f"replace_{s}_{absent}_")]
    assert [b.label for b in buttons] == [f"由 {c.person.name} 替换 {w.people[absent].name}" for c in ranked]
    buttons[1].click()
    at.run()
    assert not at.exception and any("已替换" in m.value for m in at.success)
    after = week(db)
    assert absent not in after.crews[s] and ranked[1].person.id in after.crews[s]
    leader = open_page(LEADER, view="缺勤替换")
    assert not leader.button and any(ranked[0].person.name in c.value for c in leader.caption)


def test_with_unsaved_edits_a_replacement_waits_for_them_to_be_saved_or_discarded(page_db):
    """A replacement saves the week; with edits in the editor it would drop them, so it is not offered until then."""
    db, w, s, absent = sick_volunteer(page_db)
    other = shift_at(w, dt.datetime(2020, 2, 22, 16))
    at = open_page(PLANNER)
    at.session_state[EDITOR] = {"edited_rows": {row_of(w, other): {"reason": "已电话确认"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.session_state["roster_view"] = "缺勤替换"
    at.run()
    assert any("未保存的修改" in x.value for x in at.warning)
    replace = [b for b in at.button if b.key and b.key.startswith(f"replace_{s}_{absent}_")]
    assert replace and all(b.disabled for b in replace)


# --- no-shows on the week view, the stand-ins of the absence flow one click away (#15) --------------------------------
def east_gate_no_show(path) -> tuple[Database, int, int, str]:
    """Nothing recorded for one member of the east gate's 07:00 shift, under way at the demo's 08:00: a no-show."""
    db = Database(path)
    s = shift_at(week(db), dt.datetime(2020, 2, 19, 7), 2)
    cur = db.cursor()
    absent = cur.execute("SELECT max(person_id) FROM attendance WHERE shift_id = $s", {"s": s}).fetchone()[0]
    cur.execute("DELETE FROM attendance WHERE shift_id = $s AND person_id = $p", {"s": s, "p": absent})
    return db, s, absent, week(db).people[absent].name


def test_the_demo_week_tells_of_its_covered_no_show_in_words(page_db):
    at = open_page(LEADER, view="本周概览")
    assert not at.exception and not at.error
    assert any(c.value == "未到岗：超过签到宽限仍未签到" for c in at.caption)
    assert [i.value for i in at.info] == ["- 北门 2月18日 周二 16\\:00–00\\:00 钟珊馨，由 段飘 顶岗"]
    cells = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["customdata"]
    assert any("钟珊馨（未到岗）" in c for row in cells for c in row)  # on the grid, in words


def test_a_no_show_is_marked_on_the_week_and_a_planner_takes_a_ranked_stand_in_in_two_clicks(backend_page_db):
    db, s, absent, name = east_gate_no_show(backend_page_db)
    w = week(db)
    ranked = [c for c in roster.candidates.candidates(w, w.crews, s, roster.week.load_rules(db)) if c.offered][:3]
    at = open_page(PLANNER, view="本周概览")
    assert not at.exception, at.exception
    assert [m.value for m in at.error] == [f"- 东门（物资通道） 2月19日 周三 07\\:00–13\\:00：{name} 未到岗，无人顶岗"]
    cells = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["customdata"]
    assert any(f"{name}（未到岗）" in c for row in cells for c in row)
    next(b for b in at.button if b.label == "查看顶岗人选").click()
    at.run()
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs if tab.children] == ["缺勤替换"]
    buttons = [b for b in at.button if b.key and b.key.startswith(f"stand_in_{s}_{absent}_")]
    assert ranked and [b.label for b in buttons] == [f"由 {c.person.name} 顶岗（替 {name}）" for c in ranked]
    buttons[0].click()
    at.run()
    assert not at.exception and any("已记录顶岗" in m.value for m in at.success), [e.value for e in at.error]
    records = {r["person_id"]: r for r in db.records("attendance/of_shift", shift_id=s)}
    assert records[ranked[0].person.id]["covers_person_id"] == absent and records[absent]["status"] == "absent"
    assert not [b for b in at.button if b.key and b.key.startswith(f"stand_in_{s}_")]  # covered: nothing to take
    assert_app_on(backend_page_db)


def test_a_leader_sees_the_no_show_and_the_ranked_names_but_no_button(page_db):
    db, s, absent, name = east_gate_no_show(page_db)
    w = week(db)
    best = next(c for c in roster.candidates.candidates(w, w.crews, s, roster.week.load_rules(db)) if c.offered)
    at = open_page(LEADER, view="本周概览")
    assert any(f"{name} 未到岗，无人顶岗" in m.value for m in at.error)
    assert not [b for b in at.button if b.label == "查看顶岗人选"]
    leader = open_page(LEADER, view="缺勤替换")
    assert not leader.button and any(best.person.name in c.value for c in leader.caption)
