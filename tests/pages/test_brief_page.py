"""今日简报 under AppTest: figures first, on both backends and in both languages; the PDF download holds the figures,
the chat text keeps to its limit, the print view shows the brief alone, names stay text; the gate lead is refused."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from helpers import execute, unescape
from pgdemo import assert_app_on
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from coordpanel.brief import text
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
LEADER, GATE_LEAD = User(1, "leader", "leader"), User(4, "gatelead", "gatelead")
DEMO_TODAY = dt.date(2020, 2, 19)


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """The files the page's deferred download buttons would build on a click, by file name (called by the test)."""
    made: dict = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


def run(user: User | None = LEADER, lang: str = "zh", **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "brief.py"), default_timeout=60)
    at.session_state["lang"] = lang
    if user is not None:
        at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _pdf_text(data: bytes) -> tuple[int, str]:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("backend_app_env", ["duckdb", "postgres"], indirect=True)
def test_the_brief_page_figures_pdf_and_chat_text(backend_app_env, downloads):
    at = run()
    _ok(at)
    assert at.title[0].value == "万科嘉园 今日简报"
    assert unescape(at.caption[0].value) == "2020年2月19日（截至 08:00）"
    shown = {m.label: m.value for m in at.metric}
    # the overview's and the article's figures, and the demo's one no-show covered by a stand-in
    assert shown["连续无新增病例天数"] == "4" and shown["全覆盖楼栋"] == "14 / 14"
    assert shown["今日门岗到岗"] == "18 / 18" and shown["本周门岗到岗"] == "126 / 126"
    assert (shown["昨日缺勤"], shown["缺勤无人替岗"]) == ("1", "0")
    assert [m.label for m in at.metric][0] == "连续无新增病例天数"  # figures first
    days = next(m for m in at.metric if m.label == "连续无新增病例天数")
    assert days.proto.delta == "1"  # 3 days the day before
    chat = at.code[0].value
    assert "连续无新增病例：4 天" in chat and "昨日缺勤 1 人次（均已有替岗）" in chat
    assert text.chinese_characters(chat) <= text.MAX_CHINESE
    assert f"共 {len(chat)} 字，其中汉字 {text.chinese_characters(chat)} 个（上限 600）" in [c.value for c in at.caption]
    tomorrow = at.dataframe[0].value
    assert len(tomorrow) == 8 and tomorrow.iloc[0]["门岗"] == "南门（主卡口）"
    pages, found = _pdf_text(downloads[f"brief-{DEMO_TODAY}.pdf"]())
    assert pages == 1
    for words in ("万科嘉园 今日简报", "连续无新增病例：4 天", "三级全覆盖楼栋：14/14", "今日 18/18", "本周 126/126",
                  "昨日缺勤 1 人次（均已有替岗）", "消毒用喷雾器", "南门（主卡口）"):
        assert words in found, words
    assert_app_on(backend_app_env)


def test_in_english_and_on_another_day(app_env, downloads):
    at = run(lang="en", **{"brief_day": DEMO_TODAY - dt.timedelta(days=1)})
    _ok(at)
    assert unescape(at.title[0].value) == "Vanke Jiayuan: daily brief"
    shown = {m.label: m.value for m in at.metric}
    assert shown["Days without a new case"] == "3" and shown["Gate places filled today"] == "18 / 18"
    chat = at.code[0].value
    assert chat.startswith("Vanke Jiayuan: daily brief\n2020-02-18") and "Days without a new case: 3" in chat
    assert "characters" in at.caption[-1].value
    _, found = _pdf_text(downloads["brief-2020-02-18.pdf"]())
    assert "Days without a new case: 3" in found
    # the picker moves the brief: today's again
    at.date_input[0].set_value(DEMO_TODAY).run()
    _ok(at)
    assert {m.label: m.value for m in at.metric}["Days without a new case"] == "4"


def test_the_print_view_is_the_brief_alone(app_env):
    at = run(**{"brief_print": True})
    _ok(at)
    assert not at.metric and not at.code and not at.get("download_button") and not at.expander and not at.dataframe
    assert [unescape(s.value) for s in at.subheader] == ["主要数字", "较昨日（2月18日 周二）变化", "缺口", "明日门岗（2月20日 周四）"]
    printed = unescape("\n".join(m.value for m in at.markdown))
    assert "- 连续无新增病例：4 天" in printed and "- 三级全覆盖楼栋：14/14" in printed
    assert "- 南门（主卡口） 00:00–08:00：" in printed
    at.toggle[0].set_value(False).run()
    _ok(at)
    assert at.metric and at.code  # back to the page


def test_the_district_version_one_line_per_compound(app_env, downloads):
    at = run()
    _ok(at)
    assert "district-brief-2020-02-19.pdf" not in downloads  # built only when opened
    at = run(**{"brief_district": True})
    _ok(at)
    lines = at.code[-1].value.splitlines()
    assert lines[0] == "2020年2月19日 辖区简报：1 个小区，问题多的在前"
    assert lines[2].startswith("万科嘉园（关东街）：未覆盖 0 栋，部分覆盖 0 栋，全覆盖 14/14")
    _, found = _pdf_text(downloads["district-brief-2020-02-19.pdf"]())
    assert "万科嘉园（关东街）：未覆盖 0 栋" in found


def test_the_gate_lead_is_refused_and_sees_nothing(app_env):
    at = run(GATE_LEAD)
    assert not at.exception
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.metric and not at.code and not at.title and not at.get("download_button")


def test_a_name_that_looks_like_markup_stays_text(page_db, downloads):
    start = dt.datetime.combine(DEMO_TODAY + dt.timedelta(days=1), dt.time())
    odd = "**粗**<b>王</b>[链接](http://x)"
    db = Database(page_db)
    try:
        crew = db.records("brief/roster_day", compound_id=1, **{"from": start, "to": start + dt.timedelta(days=1)})
        with db.transaction("test", "rename", 1) as tx:
            execute(tx.cursor, "UPDATE person SET name = $name WHERE id = $id", {"name": odd, "id": crew[0]["person_id"]})
    finally:
        db.close()
    at = run()
    _ok(at)
    assert odd in at.code[0].value  # st.code: plain text
    assert any(odd in names for names in at.dataframe[0].value["在岗人员"])
    printed = run(**{"brief_print": True})
    markdown = "\n".join(m.value for m in printed.markdown)
    assert odd not in markdown and odd in unescape(markdown)  # escaped, so shown as typed
    assert odd in _pdf_text(downloads[f"brief-{DEMO_TODAY}.pdf"]())[1]
