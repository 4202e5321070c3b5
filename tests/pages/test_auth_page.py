"""Sign-in through the app's form, an idle session that expires, hostile names shown verbatim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import DEMO_SECRET as SECRET
from helpers import execute, unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import User

ROOT = Path(__file__).resolve().parents[2]


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def test_sign_in_through_the_form(backend_app_with_users):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    sign_in(at, "planner", "not-it")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    assert not at.metric
    sign_in(at, "planner", SECRET)
    assert not at.exception
    assert at.title[0].value == "万科嘉园"
    assert_app_on(backend_app_with_users)


def test_an_idle_session_expires(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.session_state["last_seen"] = dt.datetime(2000, 1, 1)
    at.run()
    assert [w.value for w in at.warning] == ["长时间未操作，已自动退出，请重新登录。"]
    assert not at.metric


@pytest.mark.parametrize(("name", "backend_app_with_users"), [
    ("<script>alert(1)</script>", "duckdb"), ("'); DROP TABLE person; --", "duckdb"),
    ("'); DROP TABLE person; --", "postgres")], indirect=["backend_app_with_users"])
def test_hostile_names_are_stored_and_shown_verbatim(backend_app_with_users, name):
    from coordpanel.core.db import Database

    app_with_users = backend_app_with_users
    db = Database(app_with_users)
    with db.transaction("admin", "mark sick") as tx:
        execute(tx.cursor, "UPDATE person SET name = $name, status = 'sick', status_since = DATE '2020-02-19' "
                          "WHERE id = (SELECT min(id) FROM person WHERE tier = 'volunteer')", {"name": name})
    db.close()
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert not at.exception
    shown = "\n".join(unescape(w.value) for w in at.warning)
    assert name in shown
    assert "person" in [r[0] for r in Database(app_with_users).cursor().execute("SHOW TABLES").fetchall()]


# --- a session follows its account (#12.2) ---------------------------------------------------------------------
def signed_in_app(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    sign_in(at, name, SECRET)
    assert not at.exception and not at.error
    return at


def on_file(path, change) -> None:
    """Change an account as another admin (or the CLI) would, on the file the app has open."""
    from coordpanel.core import auth
    from coordpanel.core.db import Database

    change(Database(path), auth)


def _stop(db, auth):
    auth.update_user(db, auth.CLI_USER, "planner", "planner", False)


def _reset_password(db, auth):
    auth.set_password(db, auth.CLI_USER, "planner", "new-password-1")


# both changes on the DuckDB file; on PostgreSQL the password reset (the same read of the account follows either)
@pytest.mark.parametrize(("change", "backend_app_with_users"), [
    pytest.param(_stop, "duckdb", id="stopped-duckdb"), pytest.param(_reset_password, "duckdb", id="password reset-duckdb"),
    pytest.param(_reset_password, "postgres", id="password reset-postgres")], indirect=["backend_app_with_users"])
def test_a_session_ends_at_the_next_click_when_the_account_is_stopped_or_its_password_reset(cheap_hashes, backend_app_with_users,
                                                                                          change):
    app_with_users = backend_app_with_users
    at = signed_in_app("planner")
    assert at.title[0].value == "万科嘉园"
    on_file(app_with_users, change)
    at.run()
    # the page says why, and shows nothing (AppTest reruns the page itself; a browser gets the sign-in form)
    assert "账号已停用或密码已更改，请重新登录。" in [m.value for m in (*at.info, *at.warning)]
    assert not at.metric and not at.title and "user" not in at.session_state


def test_a_demoted_admin_loses_the_admin_pages_at_the_next_click(cheap_hashes, backend_app_with_users):
    app_with_users = backend_app_with_users
    from coordpanel.core import auth
    from coordpanel.core.db import Database

    admin = auth.authenticate(Database(app_with_users), "admin", SECRET)
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = admin
    at.run()
    assert not at.error and at.dataframe
    on_file(app_with_users, lambda db, auth: auth.update_user(db, auth.CLI_USER, "admin", "leader", True))
    at.run()
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.dataframe
    assert at.session_state["user"].role == "leader"


# --- one's own password: only with the current one ------------------------------------------------------------
def account_page(user) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "account.py"), default_timeout=30)
    at.session_state["user"] = user
    return at.run()


def change_password(at: AppTest, current: str, new: str, again: str | None = None) -> AppTest:
    fields = {w.label: w for w in at.text_input}
    fields["当前密码"].input(current)
    fields["密码"].input(new)
    fields["再次输入密码"].input(new if again is None else again)
    next(b for b in at.button if b.label == "保存").click()
    return at.run()


def test_changing_ones_password_on_the_page_asks_for_the_current_one(cheap_hashes, backend_app_with_users):
    app_with_users = backend_app_with_users
    from coordpanel.core import auth
    from coordpanel.core.db import Database

    leader = auth.authenticate(Database(app_with_users), "leader", SECRET)
    at = account_page(leader)
    change_password(at, "not-the-password", "another-secret")
    assert [e.value for e in at.error] == ["当前密码不正确。"] and not at.success
    with pytest.raises(Exception, match="auth.bad_credentials"):
        auth.authenticate(Database(app_with_users), "leader", "another-secret", sleep=lambda s: None)
    change_password(at, SECRET, "another-secret")
    assert not at.error and [s.value for s in at.success] == ["密码已修改。"]
    at.run()  # this session goes on with the new password; the account's other sessions end
    assert not at.warning and at.title[0].value == "我的账号"
    assert auth.authenticate(Database(app_with_users), "leader", "another-secret").role == "leader"
    assert account_page(leader).warning[0].value == "账号已停用或密码已更改，请重新登录。"


def test_a_user_name_with_markdown_characters_is_shown_as_typed(cheap_hashes, app_with_users):
    from coordpanel.core import auth
    from coordpanel.core.db import Database

    db = Database(app_with_users)
    auth.create_user(db, auth.CLI_USER, "__x__", "leader", SECRET)  # underscores are allowed in user names
    db.close()
    at = signed_in_app("__x__")
    captions = [c.value for c in at.sidebar.caption if "__x__" in unescape(c.value)]  # the frame's "signed in as"
    at.switch_page("pages/account.py").run()
    assert at.title[0].value == "我的账号"
    captions += [c.value for c in at.main.caption if "__x__" in unescape(c.value)]  # the account page's
    assert len(captions) == 2, captions
    assert all("__x__" not in c for c in captions)  # escaped, so never rendered bold
