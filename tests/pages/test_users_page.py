"""The users page: refused to a leader, an admin adds a user, edits one whole or not at all, lifts a lock, backs up."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DEMO_SECRET, unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel import seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

ROOT = Path(__file__).resolve().parents[2]


def test_a_leader_opening_the_users_page_is_refused(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.text_input and not at.dataframe


def test_an_admin_adds_a_user_through_the_page(backend_app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = User(3, "admin", "admin")
    at.session_state["users_view"] = "新增用户"
    at.run()
    inputs = at.text_input
    inputs[0].input("wang.wu")
    inputs[1].input("password-1")
    inputs[2].input("password-1")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error
    assert "wang.wu" in unescape(at.success[0].value)
    at2 = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at2.session_state["user"] = User(3, "admin", "admin")
    at2.run()
    assert "wang.wu" in at2.dataframe[0].value["username"].tolist()
    assert_app_on(backend_app_with_users)


# DuckDB only: the backup of a file (PostgreSQL is backed up by its own tools, and `backup` of a URL is tested in
# tests/unit/test_cli_postgres.py)
def test_an_admin_backs_up_the_running_panel_from_the_users_page(tmp_path, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from coordpanel.core.auth import User

    path = tmp_path / "live.duckdb"
    live = Database(path)
    seed.demo.build(live)
    live.close()
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "pages" / "users.py"), default_timeout=60)
    at.session_state["user"] = User(3, "admin", "admin")
    at.session_state["users_view"] = "备份数据库"
    at.run()
    target = tmp_path / "snapshot"
    next(w for w in at.text_input if w.label == "备份文件夹（服务器上的路径）").input(str(target))
    next(b for b in at.button if b.label == "立即备份").click()
    at.run()
    assert not at.exception and any("已备份" in s.value for s in at.success)
    assert (target / "coordpanel-backup.json").exists()


# --- the edit form: checked whole, saved whole, with what was submitted (#12.17) -----------------------------------
def edit_form(path) -> AppTest:
    from coordpanel.core import auth

    admin = auth.authenticate(Database(path), "admin", DEMO_SECRET)
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = admin
    at.session_state["users_view"] = "修改角色 / 重设密码"
    at.run()
    next(s for s in at.selectbox if "planner" in s.options).set_value("planner").run()
    return at


def submit(at: AppTest, role: str, active: bool, password: str) -> AppTest:
    next(s for s in at.selectbox if s.label == "角色").set_value(role)
    next(c for c in at.checkbox if c.label == "可登录").set_value(active)
    next(w for w in at.text_input if w.label == "新密码（留空则不改）").input(password)
    next(b for b in at.button if b.label == "保存").click()
    return at.run()


def account(path, name: str) -> tuple:
    return Database(path).cursor().execute(
        "SELECT role, active, password_hash FROM app_user WHERE username = $n", {"n": name}).fetchone()


def test_stopping_an_account_with_a_too_short_password_changes_nothing(cheap_hashes, app_with_users):
    before = account(app_with_users, "planner")
    at = submit(edit_form(app_with_users), "leader", False, "short")
    assert [e.value for e in at.error] == ["密码至少 8 个字符。"]
    assert account(app_with_users, "planner") == before


def test_role_state_and_password_submitted_together_are_all_saved(cheap_hashes, backend_app_with_users):
    app_with_users = backend_app_with_users
    from coordpanel.core import auth

    at = submit(edit_form(app_with_users), "leader", False, "new-password-1")
    assert not at.exception and not at.error
    role, active, _ = account(app_with_users, "planner")
    assert (role, active) == ("leader", False)
    auth.update_user(Database(app_with_users), auth.CLI_USER, "planner", "leader", True)
    assert auth.authenticate(Database(app_with_users), "planner", "new-password-1").role == "leader"


def test_an_admin_lifts_a_sign_in_lock_on_the_page(cheap_hashes, backend_app_with_users):
    app_with_users = backend_app_with_users
    from coordpanel.core import auth

    for _ in range(5):
        with pytest.raises(Refused):
            auth.authenticate(Database(app_with_users), "planner", "guess", sleep=lambda s: None)
    at = edit_form(app_with_users)
    next(b for b in at.button if b.label == "解除登录锁定").click()
    at.run()
    assert not at.exception and not at.error
    assert auth.authenticate(Database(app_with_users), "planner", DEMO_SECRET).role == "planner"
