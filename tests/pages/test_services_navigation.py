"""The resident-services pages (#16) in the navigation: leaders, planners and admins see 居民诉求, 物资 and 疫情记录;
the gate lead sees none of them, and opening one directly is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from coordpanel.core import auth
from coordpanel.core.auth import User
from coordpanel.ui import frame

ROOT = Path(__file__).resolve().parents[2]
USERS = {name: User(i, name, name) for i, name in enumerate(auth.DEMO_ACCOUNTS, start=1)}
SERVICES = {"requests": "居民诉求", "supplies": "物资", "cases": "疫情记录"}


@pytest.fixture
def navigation(monkeypatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = streamlit.navigation

    def recorded(pages, *args, **kwargs):
        calls.append([p.title for p in pages])
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recorded)
    return calls


def test_the_pages_are_declared_with_the_right_to_read():
    specs = {p.url: p for p in frame.PAGES if p.url in SERVICES}
    assert sorted(specs) == sorted(SERVICES)
    assert {p.right for p in specs.values()} == {"read"} and not auth.User(9, "g", "gatelead").can("read")


@pytest.mark.parametrize("role", ["leader", "planner", "admin", "gatelead"])
def test_who_sees_them_in_the_navigation(app_with_users, navigation, role):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user"] = USERS[role]
    at.run()
    assert not at.exception, at.exception
    shown = set(SERVICES.values()) & set(navigation[-1])
    assert shown == (set() if role == "gatelead" else set(SERVICES.values()))


@pytest.mark.parametrize("url", sorted(SERVICES))
def test_a_gate_lead_opening_one_directly_is_refused(app_with_users, url):
    at = AppTest.from_file(str(ROOT / "pages" / f"{url}.py"), default_timeout=30)
    at.session_state["user"] = USERS["gatelead"]
    at.run()
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.dataframe and not at.button and not at.get("plotly_chart")
