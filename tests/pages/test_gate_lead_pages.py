"""The gate lead (门岗组长) in the app: only 今日到岗 and their account in the navigation, every other page refused when
opened directly, their gates' shifts of today with phones masked; an admin gives a gate lead gates on the users page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit
from helpers import unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core import auth
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
# the demo accounts as helpers.build_demo_with_accounts makes them, in auth.DEMO_ACCOUNTS order
USERS = {name: User(i, name, name) for i, name in enumerate(auth.DEMO_ACCOUNTS, start=1)}
PHONE = re.compile(r"1[3-9][0-9]{9}")
OWN = {"attendance.py", "account.py"}


def run(script: str, user: User | None, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=30)
    if user is not None:
        at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


@pytest.fixture
def navigation(monkeypatch) -> list[list[str]]:
    """The titles of the pages of every st.navigation call the runs make, in order."""
    calls: list[list[str]] = []
    real = streamlit.navigation

    def recorded(pages, *args, **kwargs):
        calls.append([p.title for p in pages])
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recorded)
    return calls


def test_a_gate_lead_sees_only_todays_duty_and_their_account(app_with_users, navigation):
    at = run("app.py", USERS["gatelead"])
    assert not at.exception and not at.error, at.exception
    assert navigation[-1] == ["今日到岗", "我的账号"]
    assert at.title[0].value == "今日到岗"  # their first page opens: they have no overview
    assert not at.selectbox  # no compound to switch to: their gates are theirs, wherever they are


@pytest.mark.parametrize(("role", "has_duty"), [("leader", False), ("planner", True), ("admin", True)])
def test_the_other_roles_navigation(app_with_users, navigation, role, has_duty):
    at = run("app.py", USERS[role])
    assert not at.exception and at.title[0].value == "万科嘉园"
    assert navigation[-1][0] == "总览" and "我的账号" in navigation[-1] and len(navigation[-1]) >= 6
    assert ("今日到岗" in navigation[-1]) is has_duty


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.name not in OWN))
def test_a_gate_lead_opening_another_page_directly_is_refused(app_with_users, page):
    at = run(f"pages/{page}", USERS["gatelead"])
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart") and not at.markdown
    assert not at.text_input and not at.button


def test_a_gate_lead_opens_their_account_page(app_with_users):
    at = run("pages/account.py", USERS["gatelead"])
    assert not at.exception and not at.error
    assert at.title[0].value == "我的账号"


def _shown(at: AppTest) -> str:
    return "\n".join(unescape(m.value) for m in at.markdown)


def test_a_gate_lead_sees_todays_shifts_at_their_gate_with_phones_masked(backend_app_with_users):
    at = run("pages/attendance.py", USERS["gatelead"])
    assert_app_on(backend_app_with_users)
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == ["南门（主卡口）"]
    shown = _shown(at)
    assert [line.strip() for line in shown.splitlines() if line.startswith("**")] == [
        "**00:00–08:00**", "**08:00–16:00**", "**16:00–00:00**"]  # in time order
    assert "****" in shown and not PHONE.search(shown)
    assert {b.label for b in at.button} == {"到岗", "迟到", "缺勤"}


def test_a_planner_sees_every_gate_with_phones(backend_app_with_users):
    at = run("pages/attendance.py", USERS["planner"])
    assert_app_on(backend_app_with_users)
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == ["南门（主卡口）", "北门", "东门（物资通道）"]
    assert PHONE.search(_shown(at))


def test_a_leader_is_refused_todays_duty(app_with_users):
    at = run("pages/attendance.py", USERS["leader"])
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"] and not at.markdown


def test_a_gate_lead_whose_gates_were_taken_sees_why(app_with_users):
    db = Database(app_with_users)
    auth.create_user(db, auth.CLI_USER, "lao.li", "gatelead", "password-1", gates=[2])
    auth.update_user(db, auth.CLI_USER, "lao.li", "leader", True)
    with db.transaction("cli", "role back without gates") as tx:  # as an older panel might have left it
        tx.cursor.execute("UPDATE app_user SET role = 'gatelead' WHERE username = 'lao.li'")
    db.close()
    at = run("pages/attendance.py", User(5, "lao.li", "gatelead"))
    assert not at.exception and [i.value for i in at.info] == ["还没有给你分配门岗，请联系管理员。"]


def _add(at: AppTest, name: str, role: str, gates: list[int]) -> AppTest:
    at.text_input[0].input(name)
    next(s for s in at.selectbox if s.label == "角色").set_value(role)
    at.multiselect[0].set_value(gates)
    at.text_input[1].input("password-1")
    at.text_input[2].input("password-1")
    at.button[0].click()
    return at.run()


def test_an_admin_adds_a_gate_lead_with_gates_on_the_users_page(backend_app_with_users):
    app_with_users = backend_app_with_users
    at = run("pages/users.py", USERS["admin"], users_view="新增用户")
    assert at.multiselect[0].label == "负责门岗（仅门岗组长）"
    assert at.multiselect[0].options == ["南门（主卡口）", "北门", "东门（物资通道）"]
    _add(at, "lao.zhang", "gatelead", [])
    assert [e.value for e in at.error] == ["门岗组长至少要分配一个门岗。"]
    db = Database(app_with_users)
    try:
        assert "lao.zhang" not in [u["username"] for u in auth.list_users(db, auth.CLI_USER)]
    finally:
        db.close()
    at = run("pages/users.py", USERS["admin"], users_view="新增用户")
    _add(at, "lao.zhang", "gatelead", [3, 2])
    assert not at.exception and not at.error
    assert "lao.zhang" in unescape(at.success[0].value)
    db = Database(app_with_users)
    try:
        assert [g["name"] for g in auth.user_gates(db, "lao.zhang")] == ["北门", "东门（物资通道）"]
    finally:
        db.close()
    listed = run("pages/users.py", USERS["admin"]).dataframe[0].value
    assert listed.set_index("username").loc["lao.zhang", "gates"] == "北门、东门（物资通道）"
    assert_app_on(app_with_users)


def test_an_admin_changes_a_gate_leads_gates_on_the_users_page(backend_app_with_users):
    app_with_users = backend_app_with_users
    at = run("pages/users.py", USERS["admin"], users_view="修改角色 / 重设密码")
    next(s for s in at.selectbox if s.label == "选择账号").set_value("gatelead").run()
    gates = next(m for m in at.multiselect if m.label == "负责门岗（仅门岗组长）")
    assert gates.value == [1]
    gates.set_value([1, 2])
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert not at.exception and not at.error
    db = Database(app_with_users)
    try:
        assert [g["name"] for g in auth.user_gates(db, "gatelead")] == ["南门（主卡口）", "北门"]
    finally:
        db.close()
