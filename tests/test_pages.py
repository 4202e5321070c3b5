"""Every page runs under AppTest without an exception, in both languages, on the demo compound."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs(app_env, page, lang):
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=30)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception


def test_app_frame_runs_and_opens_on_the_overview(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "万科嘉园"
    labels = [m.label for m in at.metric]
    assert "连续无新增病例" in labels


def test_language_switch_turns_the_overview_english(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Vanke Jiayuan"
    assert "Days without a new case" in [m.label for m in at.metric]
