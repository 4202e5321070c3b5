"""The overview page (#15, #16): what needs attention with a link to where each item is dealt with, no-shows, and
在岗 now per gate; on both backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel import attendance
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
LEADER, PLANNER = User(1, "leader", "leader"), User(2, "planner", "planner")
NOW = dt.datetime(2020, 2, 19, 8, 0)  # the demo's "today"
EAST_GATE = 3


def through_the_app(user: User, lang: str = "zh") -> AppTest:
    """The overview as the app shows it: a page run alone knows no other page to link to."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    return at


def links(at: AppTest) -> list[tuple[str, str, str]]:
    return [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]


def stay_away(db: Database) -> tuple[int, int, str]:
    """Nothing recorded for one member of the east gate's 07:00 shift, under way at the demo's 08:00: a no-show."""
    shift = int(attendance.noshows.on_duty_now(db, 1, NOW).set_index("gate_id").loc[EAST_GATE, "shift_id"])
    cur = db.cursor()
    person, name = cur.execute("""SELECT a.person_id, p.name FROM attendance a JOIN person p ON p.id = a.person_id
                                  WHERE a.shift_id = $s ORDER BY a.person_id DESC LIMIT 1""", {"s": shift}).fetchone()
    cur.execute("DELETE FROM attendance WHERE shift_id = $s AND person_id = $p", {"s": shift, "p": person})
    return shift, person, name


def test_each_attention_item_links_to_its_page_and_a_covered_no_show_is_told(backend_app_env):
    at = through_the_app(LEADER)
    assert not at.error
    assert [w.value for w in at.warning][0].startswith("- 3 件居民诉求已超时（未办结共 6 件）")
    assert "今日及昨日未到岗 1 人次，已有人顶岗" in at.info[0].value and "钟珊馨，由 段飘 顶岗" in at.info[0].value
    assert links(at) == [("前往居民诉求", "requests", "show=overdue"), ("前往物资", "supplies", "show=low"),
                         ("前往门岗排班", "roster", "")]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["连续无新增病例"] == "4 天"
    assert (metrics["南门（主卡口）"], metrics["北门"], metrics["东门（物资通道）"]) == ("0 / 3", "0 / 2", "2 / 2")
    assert any(c.value == "此刻在岗（08:00）：已签到 / 排班人数，按门岗" for c in at.caption)
    assert_app_on(backend_app_env)


def test_the_links_read_in_english(app_env):
    at = through_the_app(LEADER, "en")
    assert [label for label, _, _ in links(at)] == ["Open Resident requests", "Open Supplies", "Open Gate roster"]


def test_an_uncovered_no_show_is_red_first_and_the_gate_is_short_now(backend_page_db):
    _, _, name = stay_away(Database(backend_page_db))
    at = through_the_app(LEADER)
    (red,) = at.error
    assert unescape(red.value) == f"- 东门（物资通道） 2月19日 周三 07:00–13:00：{name} 未到岗，无人顶岗"
    assert links(at)[0] == ("前往门岗排班", "roster", "")  # the red box's link comes first
    assert {m.label: m.value for m in at.metric}["东门（物资通道）"] == "1 / 2"
    assert_app_on(backend_page_db)


def test_a_page_run_alone_still_shows_the_items_without_links(app_env):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = PLANNER
    at.run()
    assert not at.exception, at.exception
    assert at.warning and not at.get("page_link")
