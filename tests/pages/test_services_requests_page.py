"""The resident requests page (#16): intake onto the board, assign / done / fail, bulk actions, refusals that change
nothing, the purchase list, the figures, what a leader sees, the overview's link; on both backends for the writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import labelled, ok, open_app_page, unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.i18n import t
from coordpanel.services import requests

ROOT = Path(__file__).resolve().parents[2]
LEADER, PLANNER, ADMIN = User(1, "leader", "leader"), User(2, "planner", "planner"), User(3, "admin", "admin")
NOW = dt.datetime(2020, 2, 19, 8, 0)  # the demo's today


def open_page(user: User, view: str | None = None, lang: str = "zh", **session) -> AppTest:
    return open_app_page("requests.py", "requests_view", user, view, lang, **session)



def state(target) -> tuple:
    db = Database(target)
    try:
        return db.rows("requests/board", compound_id=1), db.scalar("audit/latest_id")
    finally:
        db.close()



def click(at: AppTest, label: str) -> AppTest:
    labelled(at.button, label).click()
    return at.run()


def fill_intake(at: AppTest, *, needed: str = "大米 5 公斤 **加粗** <b>x</b>", contact: str = "139 0000 1234") -> AppTest:
    labelled(at.selectbox, "楼栋").set_value(3)
    labelled(at.text_input, "单元/门牌").input("2单元1203")
    labelled(at.text_input, "联系电话").input(contact)
    labelled(at.text_area, "需求内容").input(needed)
    return click(at, "登记")


def test_a_planner_registers_a_request_and_finds_it_on_the_board(backend_page_db):
    at = ok(fill_intake(open_page(PLANNER, "登记诉求")))
    assert any("已登记诉求" in unescape(s.value) for s in at.success)
    db = Database(backend_page_db)
    row = db.records("requests/board", compound_id=1)[-1]
    assert (row["building_id"], row["unit"], row["contact_phone"], row["status"]) == (3, "2单元1203", "13900001234", "new")
    assert row["description"] == "大米 5 公斤 **加粗** <b>x</b>" and row["due_at"] == NOW + dt.timedelta(hours=24)
    board = ok(open_page(PLANNER)).dataframe[0].value
    mine = board[board["编号"] == row["id"]]
    assert mine["需求内容"].tolist() == ["大米 5 公斤 **加粗** <b>x</b>"]  # user text as typed, in a data grid
    assert mine["状态"].tolist() == ["待分派"]
    assert_app_on(backend_page_db)


def test_bad_intake_is_refused_naming_the_field_and_changes_nothing(backend_page_db):
    before = state(backend_page_db)
    at = fill_intake(open_page(PLANNER, "登记诉求"), contact="12345")
    assert not at.exception
    assert [unescape(e.value) for e in at.error] == [t("svc.bad_phone", "zh", field="联系电话")]
    at = fill_intake(open_page(PLANNER, "登记诉求"), needed="  ")
    assert [unescape(e.value) for e in at.error] == ["请填写「需求内容」。"]
    assert state(backend_page_db) == before


def test_the_refusal_is_in_english_on_the_english_page(page_db):  # the language, not the data: DuckDB only
    at = open_page(PLANNER, "New request", lang="en")
    labelled(at.selectbox, "Building").set_value(3)
    contact = t("svc.field.contact", "en")
    labelled(at.text_input, contact).input("12345")
    labelled(at.text_area, t("svc.field.needed", "en")).input("rice")
    at = click(at, "Register")
    assert [unescape(e.value) for e in at.error] == [t("svc.bad_phone", "en", field=contact)]


def _new_request(db: Database, **changes) -> int:
    values = {"building_id": 3, "unit": "1单元101", "contact": "13900001234", "kind": "groceries", "urgency": "normal",
              "needed": "青菜", "now": NOW}
    return requests.create(db, PLANNER, 1, **{**values, **changes})


def test_assign_the_proposed_volunteer_then_mark_done(backend_page_db):
    db = Database(backend_page_db)
    rid = _new_request(db)
    proposed = requests.propose_assignees(db, PLANNER, 1, rid)
    at = open_page(PLANNER, requests_pick=rid)
    ok(at)
    assignee = labelled(at.selectbox, "办理人（服务该楼栋的在前）")
    assert assignee.options[0].startswith(proposed.iloc[0]["name"])  # those serving the building first
    assert ("服务本楼" in assignee.options[0]) == bool(proposed.iloc[0]["serves_building"])
    at = ok(click(at, "分派"))
    after = db.records("requests/get", id=rid)[0]
    assert (after["status"], after["assignee_id"]) == ("in_progress", int(proposed.iloc[0]["person_id"]))
    assert any(f"诉求 {rid} 已分派给" in unescape(s.value) for s in at.success)
    at = ok(click(open_page(PLANNER, requests_pick=rid), "标记已完成"))
    assert db.records("requests/get", id=rid)[0]["status"] == "done"
    assert_app_on(backend_page_db)


def test_fail_needs_a_reason_on_the_page(backend_page_db):
    db = Database(backend_page_db)
    rid = _new_request(db)
    before = state(backend_page_db)
    at = click(open_page(PLANNER, requests_pick=rid), "标记无法办理")
    assert [unescape(e.value) for e in at.error] == ["请填写「原因」。"]
    assert state(backend_page_db) == before
    at = open_page(PLANNER, requests_pick=rid)
    labelled(at.text_input, "原因").input("药店无货")
    ok(click(at, "标记无法办理"))
    row = db.records("requests/get", id=rid)[0]
    assert (row["status"], row["fail_reason"]) == ("failed", "药店无货")


def test_bulk_assign_a_building_s_groceries_then_mark_them_done(backend_page_db):
    db = Database(backend_page_db)
    ids = [_new_request(db), _new_request(db, needed="鸡蛋")]
    at = ok(open_page(PLANNER, requests_bulk=True, requests_bulk_building=3))
    at = ok(click(at, "分派该楼栋全部待分派的团购菜"))
    rows = [db.records("requests/get", id=i)[0] for i in ids]
    assert {r["status"] for r in rows} == {"in_progress"} and len({r["assignee_id"] for r in rows}) == 1
    at = open_page(PLANNER, requests_bulk=True)
    labelled(at.multiselect, "要标记已完成的诉求（办理中）").set_value(ids)
    at = ok(click(at, "全部标记已完成"))
    assert {db.records("requests/get", id=i)[0]["status"] for i in ids} == {"done"}
    assert any("已将 2 条诉求标记为已完成" in unescape(s.value) for s in at.success)


def test_a_leader_reads_the_board_with_contacts_masked_and_no_forms(page_db):  # the role: DuckDB only
    at = ok(open_page(LEADER))
    assert [tab.label for tab in at.tabs] == ["诉求看板", "采购清单", "统计"]
    assert not at.button and not at.text_input
    contacts = at.dataframe[0].value["联系电话"].tolist()
    assert contacts and all("****" in c for c in contacts)
    assert all("****" not in c for c in ok(open_page(PLANNER)).dataframe[0].value["联系电话"])
    assert not open_page(LEADER, "登记诉求").text_input  # a view one may not see shows the board


def test_a_link_opens_the_board_on_overdue_requests(page_db):
    at = AppTest.from_file(str(ROOT / "pages" / "requests.py"), default_timeout=30)
    at.session_state["user"] = LEADER
    at.session_state["requests_view"] = "统计"
    at.query_params["show"] = "overdue"
    ok(at.run())
    shown = at.dataframe[0].value
    assert len(shown) == requests.figures(Database(page_db), 1, NOW).overdue == 3
    assert set(shown["已超时"]) == {"是"}


def test_the_purchase_list_shows_exports_and_prints(page_db):
    at = ok(open_page(PLANNER, "采购清单", requests_purchase_export=True))
    table = at.dataframe[0].value
    assert list(table.columns) == ["楼栋", "类别", "需求内容", "诉求数", "送达门牌", "最早时限"]
    assert set(table["类别"]) <= {"团购菜", "买药"}
    assert [b.proto.label for b in at.get("download_button")] == ["导出 Excel", "导出 CSV"]
    at = ok(open_page(PLANNER, "采购清单", requests_purchase_print=True))
    assert at.table and not at.dataframe


def test_the_figures_match_the_services_figures(page_db):
    at = ok(open_page(LEADER, "统计"))
    f = requests.figures(Database(page_db), 1, NOW)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["未办结"] == str(f.open) and metrics["已超时"] == str(f.overdue)
    assert len(at.dataframe[0].value) == 14
    assert len(at.get("plotly_chart")) == 1  # open and overdue by building, as a picture
