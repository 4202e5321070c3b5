"""The overview's attention items from attendance and the resident services (#15, #16), and 在岗 now, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import demo_week

from coordpanel import attendance, overview, roster
from coordpanel.core.auth import User
from coordpanel.services import requests, supplies

PLANNER = User(2, "planner", "planner")
NOW = dt.datetime(2020, 2, 19, 8, 0)  # the demo's "today"
EIGHT = dt.datetime(2020, 2, 19, 8, 0)  # the 08:00 shifts start: the demo recorded nothing for them


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


def items(db, as_of=None, lang="zh", limit=50):
    return overview.figures.attention_items(overview.figures.load(db, 1, as_of), lang, limit)


def eight_o_clock_crews(db) -> list[tuple[int, int, str]]:
    """(shift, person, name) of the places of the shifts starting at 08:00 on the demo's today, in gate order."""
    found = attendance.noshows.no_shows(db, 1, EIGHT, EIGHT + dt.timedelta(minutes=1), EIGHT + dt.timedelta(hours=1))
    return list(zip(found["shift_id"].astype(int), found["person_id"].astype(int), found["name"], strict=True))


def test_the_demo_no_show_was_covered_by_a_stand_in_so_it_is_told_not_flagged(demo_db):
    found = items(demo_db)
    assert not [i for i in found if i.level == "error"]
    assert not any("未到岗" in i.message for i in found if i.level != "info")
    told = [i for i in found if i.level == "info"]
    assert [(i.message, i.page) for i in told] == [
        ("今日及昨日未到岗 1 人次，已有人顶岗：北门 2月18日 周二 16:00–00:00 钟珊馨，由 段飘 顶岗", "roster")]
    assert found[-1] == told[0]  # blue after red and amber
    english = [i.message for i in items(demo_db, lang="en") if i.level == "info"]
    assert english == ["No-shows today and yesterday: 1, covered by a stand-in: North gate Tue 2/18 16:00–00:00 钟珊馨, "
                       "段飘 stood in"]


def test_a_started_shift_nobody_checked_in_at_is_a_red_no_show_first_and_linked_to_the_roster(fresh_demo):
    crews = eight_o_clock_crews(fresh_demo)
    assert len(crews) == 5  # 南门 3, 北门 2
    half_past = EIGHT + dt.timedelta(minutes=30)
    found = items(fresh_demo, half_past)
    red = [i for i in found if i.level == "error"]
    assert found[:len(red)] == red and len(red) == 5
    assert all(i.page == "roster" and "08:00–16:00" in i.message and "未到岗，无人顶岗" in i.message for i in red)
    assert all(name in i.message for (_, _, name), i in zip(crews, red, strict=True))  # in gate order
    # one arrives late, another is covered by a stand-in: two fewer red lines, the stand-in told in blue
    (s1, p1, _), (s2, p2, name2) = crews[0], crews[3]
    attendance.records.check_in(fresh_demo, PLANNER, s1, p1, at=EIGHT + dt.timedelta(minutes=20), now=half_past)
    week = demo_week(fresh_demo)
    stand_in = next(c for c in roster.candidates.candidates(week, week.crews, s2, roster.week.load_rules(fresh_demo))
                    if c.offered)
    attendance.records.add_stand_in(fresh_demo, PLANNER, s2, stand_in.person.id, p2, at=half_past, now=half_past)
    found = items(fresh_demo, half_past)
    assert len([i for i in found if i.level == "error"]) == 3
    info = next(i.message for i in found if i.level == "info")
    assert info.startswith("今日及昨日未到岗 2 人次") and f"{name2}，由 {stand_in.person.name} 顶岗" in info


def test_within_the_grace_minutes_an_empty_place_is_no_no_show(fresh_demo):
    grace = attendance.noshows.grace_minutes(fresh_demo)
    assert grace == 15
    before = items(fresh_demo, EIGHT + dt.timedelta(minutes=grace - 1))
    assert not [i for i in before if i.level == "error"]
    assert len([i for i in items(fresh_demo, EIGHT + dt.timedelta(minutes=grace)) if i.level == "error"]) == 5


def test_a_day_on_which_no_attendance_was_kept_shows_no_no_shows(fresh_demo):
    """On the 20th nothing was recorded at all (the demo's records end on the 19th at 08:00): no attendance kept
    that day is no sign that nobody came. The 19th's places after 08:00 were kept that day: they are no-shows."""
    found = items(fresh_demo, dt.datetime(2020, 2, 20, 9, 0))
    lines = [i.message for i in found if "未到岗" in i.message]
    assert lines and not any("2月20日" in m for m in lines)
    assert any("2月19日 周三 08:00–16:00" in m and "班次已结束" in m for m in lines)  # over: amber, not red
    assert all(i.level == "warning" for i in found if "班次已结束" in i.message)


def test_overdue_requests_and_low_or_running_out_supplies_come_from_the_services_and_link_to_their_pages(demo_db):
    found = items(demo_db)
    figures = requests.figures(demo_db, 1, NOW)
    assert figures.overdue == 3
    (request,) = [i for i in found if i.page == "requests"]
    assert (request.level, request.query) == ("warning", {"show": "overdue"})
    assert request.message == f"{figures.overdue} 件居民诉求已超时（未办结共 {figures.open} 件）"
    stock = supplies.stock(demo_db, 1, NOW.date())
    flagged = stock[stock["below_min"] | stock["running_out"]]
    lines = [i for i in found if i.page == "supplies"]
    assert [i.query for i in lines] == [{"show": "low"}] * len(flagged) and len(lines) == 2
    assert lines[0].message == "消毒用喷雾器：库存 0 个，低于下限 4"
    assert lines[1].message == "面条：库存 32 公斤，按近 7 天发放量约 2.6 天用完"
    o = overview.figures.load(demo_db, 1)
    assert o.open_requests == figures.open and o.low_supplies["name_zh"].tolist() == ["消毒用喷雾器"]


def test_on_duty_now_is_present_against_planned_per_gate(demo_db):
    view = overview.figures.view(overview.figures.load(demo_db, 1), "zh")
    assert view.on_duty_caption == "此刻在岗（08:00）：已签到 / 排班人数，按门岗"
    assert [(m.label, m.value) for m in view.on_duty] == [("南门（主卡口）", "0 / 3"), ("北门", "0 / 2"), ("东门（物资通道）", "2 / 2")]
    assert "尚在签到宽限期内" in view.on_duty[0].help and "宽限" not in view.on_duty[2].help
    shifts = attendance.noshows.on_duty_now(demo_db, 1, NOW)
    assert sum(int(m.value.split(" / ")[1]) for m in view.on_duty) == shifts["planned"].sum()
    later = overview.figures.view(overview.figures.load(demo_db, 1, EIGHT + dt.timedelta(minutes=30)), "en")
    assert later.on_duty[0].label == "South gate (main checkpoint)" and "grace" not in later.on_duty[0].help
    night = overview.figures.view(overview.figures.load(demo_db, 1, dt.datetime(2020, 2, 19, 3)), "zh")
    assert [m.value for m in night.on_duty] == ["2 / 2", "2 / 2"]  # the east gate is closed at night


def test_the_days_without_a_new_case_stay_as_the_case_log_derives_them(demo_db):
    from coordpanel.services import cases

    o = overview.figures.load(demo_db, 1)
    assert o.days_without_case == cases.days_without_new_case(demo_db, 1, NOW) and o.days_without_case["days"] == 4
