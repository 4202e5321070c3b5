"""The roster page's tab 自动排班: a plan made on request and kept for reruns, its preview, and "apply", which puts it
into the editor as unsaved edits (creating the shifts it planned from the templates) and saves nothing else."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from helpers import DEMO_MONDAY, offered_pairs, shift_at, unescape
from helpers import demo_week as week
from helpers import roster_state as state
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest
from test_user_text_is_data import HOSTILE, assert_shown_as_data

from coordpanel import people, roster
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.roster.scheduler import explain
from coordpanel.roster.scheduler import plan as scheduler_plan

ROOT = Path(__file__).resolve().parents[2]
PLANNER, OTHER, LEADER = User(2, "planner", "planner"), User(5, "planner2", "planner"), User(1, "leader", "leader")
NEXT = dt.date(2020, 2, 24)  # the week after the demo's: no shifts yet, the gates' templates make 56 (126 places)
TAB, EDITOR_TAB = "自动排班", "编辑排班"
# On both backends (backend_page_db): a plan made, applied (creating shifts) and saved, and the two refusals of an
# apply over someone else's save or shifts; the others solve the same problems the same way on either (the scheduler
# reads the week through the same queries), so they run on DuckDB only (page_db, app_env).


def open_tab(user: User = PLANNER, day: dt.date | None = None, lang: str = "zh", view: str = TAB) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "roster.py"), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    at.session_state["roster_view"] = view
    at.run()
    if day is not None:
        at.date_input(key="roster_day").set_value(day).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def make_plan(at: AppTest) -> AppTest:
    at.button(key="schedule_run").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def drawn_tabs(at: AppTest) -> list[str]:
    return [tab.label for tab in at.tabs if tab.children]


def freeze_data_version(at: AppTest) -> None:
    """The session keeps reading the data version it has (it re-reads at most once a second): another planner's
    write lands between two clicks of this one, as on a busy server."""
    at.session_state["_data_version"] = (float("inf"), at.session_state["_data_version"][1])


def test_a_planner_plans_next_week_from_templates_applies_it_and_saves_it_in_the_editor(backend_page_db):
    page_db = backend_page_db
    db = Database(page_db)
    expected = scheduler_plan.plan_week(db, 1, NEXT, from_templates=True)  # deterministic: what the tab must show
    at = open_tab(day=NEXT)
    assert at.checkbox(key="schedule_templates_False").value  # no shift yet: created from the templates by default
    assert not at.get("plotly_chart")  # nothing solved before the planner asks
    make_plan(at)
    assert "已排岗位：0 / 126 → **126 / 126**" in [m.value for m in at.markdown]
    assert "所有岗位都已排满。" in [s.value for s in at.success]
    assert any("已证明是最优方案" in s.value for s in at.success)
    assert "将按模板新建 56 个班次（应用到编辑区时创建）。" in [c.value for c in at.caption]
    assert not at.warning  # no unfilled place, no broken rule
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in chart["data"]] == ["已保存", "方案"]
    assert sum(chart["data"][1]["x"]) == expected.hours()["after"].sum() == 952  # every planned place, in hours
    assert len(roster.grid.diff_lines({}, expected.crews, expected.preview, "zh")) == 56
    assert any("新增" in m.value for m in at.markdown)  # the diff against the saved (empty) week
    before = state(db)
    assert "56 个班次" in button(at, "应用到编辑区").help  # the planner is told this creates the shifts

    button(at, "应用到编辑区").click().run()
    assert not at.exception, at.exception
    assert drawn_tabs(at) == [EDITOR_TAB]
    assert "已新建 56 个班次；方案已放入编辑区（尚未保存）：核对后请保存。" in [s.value for s in at.success]
    created = roster.week.load_week(db, 1, NEXT)
    assert len(created.shifts) == 56 and created.version == 0  # the shifts exist, empty; no roster version saved
    assert not any(created.crews.values())
    assert state(db)[0] == before[0] and state(db)[1] == before[1]  # no assignment, no saved week
    draft = at.session_state[f"roster_draft_1_{NEXT}"]
    assert draft == scheduler_plan.draft(expected, created)  # the plan, as unsaved edits
    assert ("本周到岗", "126 / 126") in [(m.label, m.value) for m in at.metric]

    button(at, "保存本周排班").click().run()
    assert "已保存，本周版本 1。" in [s.value for s in at.success], [e.value for e in at.error]
    saved = roster.week.load_week(db, 1, NEXT)
    assert saved.version == 1 and {s: c for s, c in saved.crews.items() if c} == {s: c for s, c in draft.items() if c}
    assert not roster.rules.hard(roster.week.check_week(db, 1, NEXT))
    assert_app_on(page_db)


def test_the_plan_is_kept_for_reruns_and_dropped_when_the_week_is_saved(page_db, monkeypatch):
    db = Database(page_db)
    solved = []
    solve = scheduler_plan.plan_week
    monkeypatch.setattr(scheduler_plan, "plan_week", lambda *a, **k: solved.append(k) or solve(*a, **k))
    at = open_tab()
    assert not solved  # opening the tab solves nothing
    make_plan(at)
    assert solved == [{"now": dt.datetime(2020, 2, 19, 8), "fresh": False, "from_templates": False, "allow": (),
                       "time_limit": 5.0}]
    assert "方案与已保存的排班相同。" in [i.value for i in at.info]  # the demo week is full: nothing to change
    assert not [b for b in at.button if b.label == "应用到编辑区"]
    at.number_input(key="schedule_time_limit").set_value(9).run()
    at.run()
    assert len(solved) == 1 and at.get("plotly_chart")  # the preview again, not solved again
    shift, person = offered_pairs(db, 1, DEMO_MONDAY, 1)[0]
    w = week(db)
    roster.saving.save(db, OTHER, w, {**w.crews, shift: [*w.crews[shift], person]}, w.accepted)
    time.sleep(1.1)  # the session sees the new data version within a second
    at.run()
    assert "生成方案之后本周排班有了变化，旧方案已作废：请重新生成。" in [i.value for i in at.info]
    assert not at.get("plotly_chart") and len(solved) == 1
    at.run()
    assert not at.info  # dropped once, not at every run


def test_a_leader_never_sees_the_tab(app_env):
    at = open_tab(LEADER)
    assert TAB not in [tab.label for tab in at.tabs]
    assert drawn_tabs(at) == ["本周概览"]
    assert not [b for b in at.button if b.label == "生成方案"]


def test_the_tab_in_english(app_env):
    at = open_tab(day=NEXT, lang="en", view="Auto-schedule")
    assert at.radio(key="schedule_mode").options == ["Keep them, fill the open places", "Plan every shift not started afresh"]
    assert at.checkbox(key="schedule_templates_False").label.startswith("First create the week's missing shifts")
    assert at.multiselect(key="schedule_allow").options == [
        "at most 48 h a week", "at most 12 h a day", "not inside declared unavailability",
        "a property member or cadre on every shift"]
    assert at.number_input(key="schedule_time_limit").label == "Time limit (seconds)"
    assert button(at, "Make a plan")
    make_plan(at)
    assert "Places filled: 0 / 126 → **126 / 126**" in [m.value for m in at.markdown]
    assert "Every place is filled." in [s.value for s in at.success]
    assert button(at, "Apply to the editor")
    assert [m.label for m in at.metric] == ["Most weekly hours", "Spread of weekly hours", "Most night shifts",
                                            "Spread of night shifts"]


def scarce(path: Path) -> tuple[Database, list[int]]:
    """Two gate-eligible people stay (property staff, one named with markup); every other one has left. One
    template: the south gate's 08:00 shift, needing 3. Returns the database and the two people's ids."""
    db = Database(path)
    w = roster.week.load_week(db, 1, NEXT)
    eligible = sorted((p for p in w.people.values() if p.gate_eligible and p.status == "active"),
                      key=lambda p: (p.tier != "property", p.id))
    for p in eligible[2:]:
        people.status.set_status(db, PLANNER, p.id, "left", dt.date(2020, 2, 20), None)
    db.cursor().execute("UPDATE person SET name = ? WHERE id = ?", [HOSTILE + "甲", eligible[0].id])
    south_8 = db.records("roster/templates", compound_id=1)[1]
    roster.templates.save_templates(db, PLANNER, 1, [roster.templates.Template(south_8["gate_id"], south_8["starts"], 8.0, 3)])
    return db, [p.id for p in eligible[:2]]


def test_places_it_cannot_fill_are_named_with_why_and_allowed_breaks_need_a_reason(page_db):
    db, kept = scarce(page_db)
    at = open_tab(day=NEXT)
    make_plan(at)
    plan = at.session_state[f"roster_plan_1_{NEXT}"]
    assert len(plan.unfilled) == 7  # three needed every day, two people, six days of 8 h within 48 h a week
    shown = unescape("\n".join(w.value for w in at.warning))
    assert "排不满的班次（7 个）及原因：" in shown
    for u in plan.unfilled:
        assert explain.describe(u, "zh") in shown
    assert "需要 3 人，已排 2 人；2 位可站岗的在岗人员中，只有 0 位有空" in shown
    assert "（1 位本周工时已满）" in shown or "2 位本周工时已满" in shown  # the seventh day: both at 48 h
    assert "已排岗位：0 / 21 → **12 / 21**" in [m.value for m in at.markdown]
    assert_shown_as_data(at, "schedule preview")  # the hostile name: escaped in the diff and the chart
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any("&lt;b&gt;粗&lt;/b&gt;" in y for y in chart["data"][1]["y"])

    at.multiselect(key="schedule_allow").set_value(["max_hours_week"]).run()
    make_plan(at)
    shown = unescape("\n".join(w.value for w in at.warning))
    assert "方案为填满岗位突破了以下 2 处软规则；应用后须在编辑区的“确认理由”一栏写明理由才能保存：" in shown
    assert "共 56 小时，超过每周 48 小时" in shown and HOSTILE + "甲" in shown
    assert_shown_as_data(at, "schedule breaks")
    button(at, "应用到编辑区").click().run()
    assert drawn_tabs(at) == [EDITOR_TAB]
    assert any("超过每周 48 小时" in w.value for w in at.warning)  # the editor shows the breaks, needing a reason
    assert button(at, "保存本周排班").disabled
    assert roster.week.load_week(db, 1, NEXT).version == 0


def sick_volunteer(path) -> tuple[Database, int]:
    """A gate volunteer of the north gate's 2-21 08:00 shift falls ill: their future places are gaps."""
    db = Database(path)
    w = week(db)
    s = shift_at(w, dt.datetime(2020, 2, 21, 8), 1)
    absent = next(p for p in w.crews[s] if w.people[p].tier == "volunteer")
    people.status.set_status(db, PLANNER, absent, "sick", dt.date(2020, 2, 20), "发热")
    return db, absent


def test_applying_over_unsaved_edits_asks_first_then_replaces_them(page_db):
    db, absent = sick_volunteer(page_db)
    w = week(db)
    other = shift_at(w, dt.datetime(2020, 2, 22, 16))
    editor = f"roster_editor_1_{DEMO_MONDAY}"
    row = int(w.shifts.index[w.shifts["shift_id"] == other][0])
    at = open_tab(view=EDITOR_TAB)
    at.session_state[editor] = {"edited_rows": {row: {"reason": "已电话确认"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.session_state["roster_view"] = TAB
    at.run()
    make_plan(at)
    plan = at.session_state[f"roster_plan_1_{DEMO_MONDAY}"]
    assert plan.changes() and all(removed == [absent] for _, _, removed in plan.changes())  # only their places
    assert "编辑区有未保存的修改：应用方案会替换它们。" in [x.value for x in at.warning]
    assert button(at, "应用到编辑区").disabled
    before = state(db)
    at.checkbox(key="schedule_confirm_replace").check().run()
    button(at, "应用到编辑区").click().run()
    assert not at.exception, at.exception
    assert drawn_tabs(at) == [EDITOR_TAB]
    assert "方案已放入编辑区（尚未保存）：核对后请保存。" in [s.value for s in at.success]
    assert at.session_state[f"roster_draft_1_{DEMO_MONDAY}"] == scheduler_plan.draft(plan, week(db))
    assert not at.session_state[editor]["edited_rows"]  # the unsaved reason was replaced by the plan
    assert state(db) == before  # nothing saved


def test_a_plan_is_not_applied_over_a_save_made_since(backend_page_db):
    page_db = backend_page_db
    db, _ = sick_volunteer(page_db)
    at = make_plan(open_tab())
    freeze_data_version(at)
    shift, person = offered_pairs(db, 1, DEMO_MONDAY, 1, not_before=dt.timedelta(days=2))[0]
    w = week(db)
    roster.saving.save(db, OTHER, w, {**w.crews, shift: [*w.crews[shift], person]}, w.accepted)
    after_other = state(db)
    button(at, "应用到编辑区").click().run()
    assert "生成方案之后本周排班又保存过（现为第 2 版）：请重新生成方案。" in [e.value for e in at.error]
    assert f"roster_draft_1_{DEMO_MONDAY}" not in at.session_state and f"roster_plan_1_{DEMO_MONDAY}" not in at.session_state
    assert drawn_tabs(at) == [TAB] and state(db) == after_other


def test_shifts_created_by_someone_else_since_the_plan_are_refused_in_words(backend_page_db):
    page_db = backend_page_db
    db = Database(page_db)
    at = make_plan(open_tab(day=NEXT))
    freeze_data_version(at)
    assert roster.templates.generate_shifts(db, OTHER, 1, NEXT, NEXT + dt.timedelta(days=6)) == 56
    button(at, "应用到编辑区").click().run()
    assert not at.exception, at.exception
    assert any("的班次已被别人创建；请重新排班" in e.value for e in at.error), [e.value for e in at.error]
    assert len(roster.week.load_week(db, 1, NEXT).shifts) == 56  # theirs only: none of the plan's was created
    assert f"roster_draft_1_{NEXT}" not in at.session_state and drawn_tabs(at) == [TAB]


def test_a_week_with_nothing_to_plan_says_so(page_db):
    roster.templates.save_templates(Database(page_db), PLANNER, 1, [])
    at = open_tab(day=NEXT)
    assert [i.value for i in at.info] == ["本周没有未开始的班次，也没有门岗的班次模板：请先在“按模板生成班次”里设置每日班次。"]
    assert not [b for b in at.button if b.label == "生成方案"]
    at.date_input(key="roster_day").set_value(dt.date(2020, 2, 12)).run()
    assert [i.value for i in at.info] == ["本周的班次都已开始，没有可排的岗位。"]
    assert not [b for b in at.button if b.label == "生成方案"]


def test_a_compound_of_a_generated_district_is_planned_applied_and_saved(tmp_path, monkeypatch):
    from helpers import build_district_file

    path = build_district_file(tmp_path / "district.duckdb")
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "roster.py"), default_timeout=60)
    at.session_state["user"] = PLANNER
    at.session_state["lang"] = "zh"
    at.session_state["roster_view"] = TAB
    at.session_state["compound_id"] = 2
    at.run()
    at.date_input(key="roster_day").set_value(NEXT).run()
    assert not at.exception, at.exception
    make_plan(at)
    db = Database(path)
    expected = scheduler_plan.plan_week(db, 2, NEXT, from_templates=True)
    filled, required = expected.staffed()[1]
    assert required > 0 and f"**{filled} / {required}**" in "".join(m.value for m in at.markdown)
    button(at, "应用到编辑区").click().run()
    assert not at.exception, at.exception
    assert drawn_tabs(at) == [EDITOR_TAB]
    button(at, "保存本周排班").click().run()
    assert "已保存，本周版本 1。" in [s.value for s in at.success], [e.value for e in at.error]
    saved = roster.week.load_week(db, 2, NEXT)
    assert saved.version == 1 and sum(len(c) for c in saved.crews.values()) >= filled
    assert not roster.rules.hard(roster.week.check_week(db, 2, NEXT))
    assert roster.week.load_week(db, 1, NEXT).shifts.empty  # the other compounds are untouched
