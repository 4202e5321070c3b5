"""The users page: refused to a leader, an admin adds a user, an admin backs up the running panel."""

from __future__ import annotations

from pathlib import Path

from helpers import unescape
from streamlit.testing.v1 import AppTest

from coordpanel import seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]


def test_a_leader_opening_the_users_page_is_refused(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.text_input and not at.dataframe


def test_an_admin_adds_a_user_through_the_page(app_with_users):
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
