"""Sign-in through the app's form, an idle session that expires, hostile names shown verbatim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import DEMO_SECRET as SECRET
from helpers import unescape
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import User

ROOT = Path(__file__).resolve().parents[2]


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def test_sign_in_through_the_form(app_with_users):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    sign_in(at, "planner", "not-it")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    assert not at.metric
    sign_in(at, "planner", SECRET)
    assert not at.exception
    assert at.title[0].value == "万科嘉园"


def test_an_idle_session_expires(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.session_state["last_seen"] = dt.datetime(2000, 1, 1)
    at.run()
    assert [w.value for w in at.warning] == ["长时间未操作，已自动退出，请重新登录。"]
    assert not at.metric


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "'); DROP TABLE person; --"])
def test_hostile_names_are_stored_and_shown_verbatim(app_with_users, name):
    from coordpanel.core.db import Database

    db = Database(app_with_users)
    with db.transaction("admin", "mark sick") as tx:
        tx.cursor.execute("UPDATE person SET name = $name, status = 'sick', status_since = DATE '2020-02-19' "
                          "WHERE id = (SELECT min(id) FROM person WHERE tier = 'volunteer')", {"name": name})
    db.close()
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert not at.exception
    shown = "\n".join(unescape(w.value) for w in at.warning)
    assert name in shown
    assert "person" in [r[0] for r in Database(app_with_users).cursor().execute("SHOW TABLES").fetchall()]
