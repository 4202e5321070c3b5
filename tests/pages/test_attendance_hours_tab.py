"""The roster's hours tab (工时, #15): planned vs actual per person for a period, totals per tier and group, exports
and a volunteer's service-hours statement, for the roles that read the roster; on the DuckDB file and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.attendance import hours, statement
from coordpanel.core import auth
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
USERS = {name: User(i, name, name) for i, name in enumerate(auth.DEMO_ACCOUNTS, start=1)}
MONDAY, SUNDAY = dt.date(2020, 2, 17), dt.date(2020, 2, 23)
NOW = dt.datetime(2020, 2, 19, 8)


def open_tab(user: User, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "roster.py"), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["roster_view"] = "工时"
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def expected(target, first=MONDAY, last=SUNDAY) -> pd.DataFrame:
    db = Database(target)
    try:
        return hours.person_hours(db, 1, first, last, NOW)
    finally:
        db.close()


@pytest.mark.parametrize("role", ["leader", "planner", "admin"])
def test_the_hours_tab_shows_planned_and_actual_per_person_and_totals(backend_app_env, role):
    at = open_tab(USERS[role])
    assert_app_on(backend_app_env)
    assert not at.exception and not at.error
    people, totals = (d.value for d in at.dataframe)
    frame = expected(backend_app_env)
    assert list(people.columns) == ["姓名", "层级", "分组", "计划班次", "计划工时（小时）", "实际班次", "实际工时（小时）"]
    assert people["姓名"].tolist() == frame["name"].tolist()
    assert people["计划工时（小时）"].astype(float).tolist() == frame["planned_hours"].astype(float).tolist()
    assert people["实际工时（小时）"].astype(float).tolist() == frame["actual_hours"].astype(float).tolist()
    assert float(totals["计划工时（小时）"].astype(float).sum()) == pytest.approx(float(frame["planned_hours"].sum()))
    assert 0 < float(frame["actual_hours"].sum()) < float(frame["planned_hours"].sum())  # the week is under way


def test_the_hours_tab_exports_xlsx_and_csv_and_a_statement(backend_app_env):
    at = open_tab(USERS["planner"])
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["导出 Excel", "导出 CSV", "下载证明（文本）"]
    # the exports are the module's, over the frame the tab shows
    frame = expected(backend_app_env)
    csv = pd.read_csv(io.BytesIO(hours.export_csv(frame)), encoding="utf-8-sig")
    assert csv["姓名"].tolist() == at.dataframe[0].value["姓名"].tolist()
    book = pd.ExcelFile(io.BytesIO(hours.export_xlsx(frame, MONDAY, SUNDAY)))
    assert book.sheet_names == ["个人工时", "层级与分组合计"]
    # the statement: the first volunteer's, as plain text
    person = at.selectbox(key="roster_hours_person")
    db = Database(backend_app_env)
    try:
        wanted = statement.text(statement.statement(db, 1, person.value, MONDAY, SUNDAY, NOW))
    finally:
        db.close()
    assert [t.value.rstrip("\n") for t in at.text] == [wanted.rstrip("\n")]
    assert wanted.startswith("志愿服务时长证明\n") and "合计：" in wanted


def test_another_volunteers_statement_and_another_period(app_env):
    at = open_tab(USERS["leader"], roster_hours_from=dt.date(2020, 2, 18), roster_hours_to=dt.date(2020, 2, 18))
    frame = expected(app_env, dt.date(2020, 2, 18), dt.date(2020, 2, 18))
    assert at.dataframe[0].value["姓名"].tolist() == frame["name"].tolist()
    volunteers = frame[frame["tier"] == "volunteer"]
    person = at.selectbox(key="roster_hours_person")
    person.set_value(int(volunteers["person_id"].iloc[-1])).run()
    text = at.text[0].value
    assert volunteers["name"].iloc[-1] in text and "服务期间：2020年2月18日 至 2020年2月18日" in text.replace("  ", " ")


def test_a_period_that_ends_before_it_starts_is_refused(app_env):
    at = open_tab(USERS["planner"], roster_hours_from=dt.date(2020, 2, 20), roster_hours_to=dt.date(2020, 2, 18))
    assert [e.value for e in at.error] == ["起始日期 2020\\-02\\-20 晚于结束日期 2020\\-02\\-18。"]
    assert not at.dataframe and not at.get("download_button")
