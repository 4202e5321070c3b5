"""The case log page (#16): a day entered through the form, a day already reported or in the future refused with
nothing changed, a correction needs a reason and is audited; the trend chart, the table, the derived days, what a
leader sees; on both backends for the writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import labelled, ok, open_app_page, unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.services import cases

ROOT = Path(__file__).resolve().parents[2]
LEADER, PLANNER, ADMIN = User(1, "leader", "leader"), User(2, "planner", "planner"), User(3, "admin", "admin")
TODAY = dt.date(2020, 2, 19)  # the demo's today; its last report is of the 18th


def open_page(user: User, view: str | None = None, lang: str = "zh", **session) -> AppTest:
    return open_app_page("cases.py", "cases_view", user, view, lang, **session)




def state(target) -> tuple:
    db = Database(target)
    cur = db.cursor()
    return (cur.execute("SELECT * FROM case_report ORDER BY report_date").fetchall(), db.scalar("audit/latest_id"))


def enter(at: AppTest, day: dt.date, new_cases: int, note: str = "") -> AppTest:
    labelled(at.date_input, "日期").set_value(day)
    labelled(at.number_input, "新增确诊").set_value(new_cases)
    labelled(at.number_input, "密接观察中").set_value(4)
    labelled(at.text_input, "备注").input(note)
    labelled(at.button, "保存").click()
    return at.run()


def test_a_planner_enters_today_and_the_derived_days_start_again(backend_page_db):
    at = ok(open_page(PLANNER, "填报"))
    assert labelled(at.date_input, "日期").value == TODAY  # the day after the last report
    at = ok(enter(at, TODAY, 2, "3栋 2 例"))
    assert any("已记录 2020-02-19" in unescape(s.value) for s in at.success)
    row = Database(backend_page_db).records("cases/report", compound_id=1, day=TODAY)[0]
    assert (row["new_cases"], row["close_contacts"], row["note"]) == (2, 4, "3栋 2 例")
    assert row["hospitalised"] == 14  # carried on from the day before
    table = ok(open_page(LEADER, "记录表")).dataframe[0].value
    assert table.iloc[0]["日期"] == "2020-02-19" and table.iloc[0]["新增确诊"] == 2
    assert cases.days_without_new_case(Database(backend_page_db), 1, dt.datetime(2020, 2, 20, 8))["days"] == 0
    assert_app_on(backend_page_db)


def test_a_day_already_reported_or_in_the_future_is_refused_and_changes_nothing(backend_page_db):
    before = state(backend_page_db)
    at = enter(open_page(PLANNER, "填报"), TODAY - dt.timedelta(days=1), 1)
    assert [unescape(e.value) for e in at.error] == ["2020-02-18 已有疫情记录；如需修改，请用更正（并说明原因）。"]
    at = enter(open_page(PLANNER, "填报"), TODAY + dt.timedelta(days=1), 1)
    assert [unescape(e.value) for e in at.error] == ["「日期」不能晚于今天（2020-02-19）。"]
    assert state(backend_page_db) == before


def test_a_correction_needs_a_reason_and_is_audited(backend_page_db):
    day = TODAY - dt.timedelta(days=2)
    before = state(backend_page_db)
    at = open_page(ADMIN, "更正", cases_correct_day=day)
    labelled(at.number_input, "新增疑似").set_value(3)
    labelled(at.button, "保存更正").click()
    at = at.run()
    assert [unescape(e.value) for e in at.error] == ["请填写「原因」。"]
    assert state(backend_page_db) == before
    labelled(at.text_input, "原因").input("街道复核后补报")
    labelled(at.button, "保存更正").click()
    at = ok(at.run())
    assert Database(backend_page_db).records("cases/report", compound_id=1, day=day)[0]["new_suspected"] == 3
    cur = Database(backend_page_db).cursor()
    cur.execute("SELECT action, after FROM audit_log WHERE table_name = 'case_report' ORDER BY id DESC LIMIT 1")
    action, after = cur.fetchone()
    assert action == "correct case report" and "街道复核后补报" in str(after)


def test_a_leader_reads_the_chart_and_the_table_with_phones_in_notes_masked(page_db):
    db = Database(page_db)
    db.cursor().execute("UPDATE case_report SET note = '联系 139-0000-1234' WHERE report_date = DATE '2020-02-18'")
    db.close()
    at = ok(open_page(LEADER))
    assert [tab.label for tab in at.tabs] == ["趋势", "记录表"]
    assert at.get("plotly_chart") and not at.button
    metrics = {m.label: m.value for m in at.metric}
    derived = cases.days_without_new_case(Database(page_db), 1, dt.datetime(2020, 2, 19, 8))
    assert metrics["连续无新增（天）"] == str(derived["days"]) and metrics["累计确诊"] == str(derived["total_cases"])
    notes = ok(open_page(LEADER, "记录表")).dataframe[0].value["备注"].tolist()
    assert "联系 139****1234" in notes and not any("0000" in n for n in notes)
    assert "联系 139-0000-1234" in ok(open_page(PLANNER, "记录表")).dataframe[0].value["备注"].tolist()


def test_the_page_reads_in_english(page_db):
    at = ok(open_page(ADMIN, lang="en"))
    assert [tab.label for tab in at.tabs] == ["Trend", "Table", "Enter a day", "Correct"]
    assert "Days without a new case" in [m.label for m in at.metric]
