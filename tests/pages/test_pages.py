"""Every page runs under AppTest for every role that may see it, in both languages; nothing shows before sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import RIGHTS, User
from coordpanel.ui import views

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
USERS = {role: User(i, role, role) for i, role in enumerate(RIGHTS, start=1)}


def run_page(page: str, user: User | None, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=30)
    at.session_state["lang"] = lang
    if user is not None:
        at.session_state["user"] = user
    at.run()
    return at


# Every page and every view runs on the DuckDB file in both languages and on PostgreSQL in Chinese: the language
# changes the words, not the queries, so English runs on PostgreSQL would repeat the Chinese ones at twice the cost.
ON_BOTH = pytest.mark.parametrize(("lang", "backend_app_env"), [("zh", "duckdb"), ("en", "duckdb"), ("zh", "postgres")],
                                  indirect=["backend_app_env"])


@pytest.mark.parametrize("page", PAGES)
@ON_BOTH
def test_every_page_runs_for_admin(backend_app_env, page, lang):
    at = run_page(page, USERS["admin"], lang)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert_app_on(backend_app_env)


VIEWS = {f"{name}.py": module.VIEW_KEY for name, module in views.tabbed().items()}


@pytest.mark.parametrize("page", sorted(VIEWS))
@ON_BOTH
def test_every_view_of_a_page_runs_and_only_the_open_one_runs(backend_app_env, page, lang):
    labels = [tab.label for tab in run_page(page, USERS["admin"], lang).tabs]
    assert len(labels) >= 4, labels
    for label in labels:
        # a fresh AppTest per view: AppTest formats selectbox values outside the run, where the session's language
        # is not seen, so a second run of an English page with a translated selectbox fails inside AppTest itself
        at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=30)
        at.session_state["lang"] = lang
        at.session_state["user"] = USERS["admin"]
        at.session_state[VIEWS[page]] = label
        at.run()
        assert not at.exception, (label, at.exception)
        assert not at.error, (label, [e.value for e in at.error])
        drawn = [tab.label for tab in at.tabs if tab.children]
        assert drawn == [label], f"{page}: opening {label!r} drew {drawn}"
    assert_app_on(backend_app_env)


# before sign-in nothing is read from the database: DuckDB only
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_data_before_sign_in(app_env, page):
    at = run_page(page, None)
    assert not at.exception
    assert [w.value for w in at.warning] == ["请先登录。"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")


def test_app_frame_shows_only_the_login_form_before_sign_in(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "登录社区防控指挥台"
    assert not at.metric and not at.dataframe


def test_app_frame_opens_on_the_overview_once_signed_in(backend_app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user"] = USERS["leader"]
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "万科嘉园"
    assert "连续无新增病例" in [m.label for m in at.metric]
    assert_app_on(backend_app_env)


def test_language_switch_turns_the_overview_english(backend_app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user"] = USERS["planner"]
    at.run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Vanke Jiayuan"
    assert "Days without a new case" in [m.label for m in at.metric]
    assert_app_on(backend_app_env)
