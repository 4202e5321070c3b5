"""The daily brief's figures (on both backends), what changed since the day before, and the chat text."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import execute

from coordpanel.attendance import noshows
from coordpanel.brief import diff, figures, sections, sources, text
from coordpanel.brief.figures import Brief, Gap
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.overview import figures as overview
from coordpanel.services import requests, supplies

DEMO_TODAY = dt.date(2020, 2, 19)  # data/demo.toml's as_of


def _set_status(db, person_id: int, status: str, since: dt.date) -> None:
    with db.transaction("test", "set status", 1) as tx:
        tx.run("people/set_status", id=person_id, status=status, since=since, note=None)


def _tomorrow_crew(db) -> list[dict]:
    start = dt.datetime.combine(DEMO_TODAY + dt.timedelta(days=1), dt.time())
    return db.records("brief/roster_day", compound_id=1, **{"from": start, "to": start + dt.timedelta(days=1)})


def test_brief_figures_equal_the_overview_s_and_the_article_s(backend_demo):
    brief = figures.build(backend_demo, 1)
    o = overview.load(backend_demo, 1)
    metrics = {m.label: m.value for m in overview.view(o, "en").metrics}
    label = {key: t(f"ov.{key}", "en") for key in ("buildings_covered", "shifts_today", "shifts_week", "open_requests")}
    facts = overview.facts(o)
    assert brief.day == DEMO_TODAY
    # the article (FACTS.md): 4 days without a new case, 14 buildings, all covered by the three tiers
    assert brief.days_without_case == facts["days_without_new_case"] == 4
    assert brief.buildings == facts["buildings"] == 14
    assert (brief.covered, brief.partial, brief.uncovered) == (14, [], [])
    assert f"{brief.covered} / {brief.buildings}" == metrics[label["buildings_covered"]]
    assert "{} / {}".format(*brief.places_today) == metrics[label["shifts_today"]]
    assert "{} / {}".format(*brief.places_week) == metrics[label["shifts_week"]]
    assert brief.places_today == (18, 18) and brief.places_week == (126, 126)
    assert brief.requests.open == o.open_requests == int(metrics[label["open_requests"]])
    assert [s.name_zh for s in brief.supplies if s.low] == o.low_supplies["name_zh"].tolist() == ["消毒用喷雾器"]
    assert (brief.sick, brief.quarantined, brief.absent_places) == (0, 0, 0)
    assert len(brief.tomorrow) == 8 and all(s.names and not s.open_places for s in brief.tomorrow)


def test_someone_off_sick_is_counted_named_left_off_tomorrow_and_reported_as_a_change(backend_demo):
    crew = _tomorrow_crew(backend_demo)
    person = crew[0]
    places = sum(1 for row in crew if row["person_id"] == person["person_id"])
    _set_status(backend_demo, person["person_id"], "sick", DEMO_TODAY)
    brief = figures.build(backend_demo, 1)
    assert (brief.sick, brief.quarantined) == (1, 0)
    assert brief.absent_places >= places
    assert all(person["name"] not in s.names for s in brief.tomorrow)
    assert any(s.open_places for s in brief.tomorrow)
    assert any(g.kind == "person" and person["name"] in g.text["zh"] for g in brief.gaps)
    changes = diff.since_previous_day(backend_demo, brief)
    assert diff.Change("sick", 0, 1) in changes.figures
    assert any(g.kind == "person" for g in changes.new_gaps)
    assert figures.build(backend_demo, 1, DEMO_TODAY - dt.timedelta(days=1)).sick == 0  # not sick yet the day before


def test_coverage_of_the_day_before_counts_the_people_active_then(backend_demo):
    served = backend_demo.records("coverage/assignments", compound_id=1)
    building = served[0]["building_id"]
    grid = {r["person_id"] for r in served if r["building_id"] == building and r["tier"] == "grid"}
    for person_id in grid:
        _set_status(backend_demo, person_id, "quarantined", DEMO_TODAY)
    today = figures.build(backend_demo, 1)
    before = figures.build(backend_demo, 1, DEMO_TODAY - dt.timedelta(days=1))
    assert today.covered < 14 and before.covered == 14
    changes = diff.compare(before, today)
    assert diff.Change("covered", 14, today.covered) in changes.figures
    assert any(g.kind == "building" for g in changes.new_gaps)
    assert diff.compare(today, before).closed_gaps  # and the other way round: the gap is closed


def test_days_without_a_case_rises_from_the_day_before(backend_demo):
    changes = diff.since_previous_day(backend_demo, figures.build(backend_demo, 1))
    assert diff.Change("days_without_case", 3, 4) in changes.figures
    assert not diff.Change("days_without_case", 3, 4).worse


def test_yesterday_s_requests_are_those_open_then_not_those_open_now(demo_db):
    """Requests 13 and 27 were open on the 18th at 08:00 and done later that day; the six open now came after."""
    changes = diff.since_previous_day(demo_db, figures.build(demo_db, 1))
    assert diff.Change("requests_open", 2, 6) in changes.figures
    assert diff.Change("requests_overdue", 0, 3) in changes.figures


def _brief(day: dt.date, gaps: list[Gap], **numbers) -> Brief:
    values = dict(days_without_case=4, covered=14, sick=0)
    values.update(numbers)
    return Brief(compound_id=1, name={"zh": "小区", "en": "Compound"}, day=day,
                 as_of=dt.datetime.combine(day, dt.time(8)), days_without_case=values["days_without_case"],
                 last_case=None, buildings=14, covered=values["covered"], partial=[], uncovered=[],
                 places_today=(18, 18), places_week=(126, 126), sick=values["sick"], quarantined=0, absent_places=0,
                 no_shows_yesterday=None, requests=sources.Requests(open=2, overdue=0), supplies=[], gaps=gaps)


def test_a_shift_gap_that_is_over_is_not_closed_and_unknown_figures_are_not_compared():
    day = dt.date(2020, 2, 19)
    over = Gap("shift", "1", {"zh": "甲", "en": "a"}, until=dt.datetime(2020, 2, 19, 7))
    still = Gap("shift", "2", {"zh": "乙", "en": "b"}, until=dt.datetime(2020, 2, 19, 16))
    person = Gap("person", "7:sick", {"zh": "丙", "en": "c"})
    before = _brief(day - dt.timedelta(days=1), [over, still, person], covered=13)
    after = _brief(day, [person], covered=14)
    changes = diff.compare(before, after)
    assert changes.closed_gaps == [still] and changes.new_gaps == []
    assert changes.figures == [diff.Change("covered", 13, 14)]
    assert "no_shows" not in {c.key for c in changes.figures}  # None on both days: never a change
    assert not diff.compare(after, after)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chat_text_is_short_lines_without_tables_and_within_600_chinese_characters(demo_db, lang):
    brief = figures.build(demo_db, 1)
    message = text.render(brief, diff.since_previous_day(demo_db, brief), lang)
    assert text.chinese_characters(message) <= text.MAX_CHINESE
    lines = message.splitlines()
    assert all(len(line) <= (40 if lang == "zh" else 80) for line in lines), max(lines, key=len)
    assert not any(mark in message for mark in ("|", "\t", "<", "**"))
    if lang == "zh":
        assert "连续无新增病例：4 天" in message and "三级全覆盖楼栋：14/14" in message
        assert "门岗到岗：今日 18/18，本周 126/126" in message and "居民诉求未办结 6 件" in message
        assert "明日门岗（2月20日 周四）" in message
    else:
        assert "Days without a new case: 4" in message and "covered by all three tiers: 14/14" in message
    for shift in brief.tomorrow:
        assert all(name in message for name in shift.names)


def test_a_long_brief_is_shortened_to_the_chat_limit():
    gaps = [Gap("person", str(i), {"zh": f"某某某{i}（志愿者）：病休，自 2020-02-19", "en": f"x{i}"}) for i in range(80)]
    brief = _brief(dt.date(2020, 2, 19), gaps)
    brief.tomorrow = [figures.RosterShift({"zh": "南门（主卡口）", "en": "S"}, 1, dt.datetime(2020, 2, 20, h),
                                          dt.datetime(2020, 2, 20, h + 1), 8, tuple(f"张三{i}三" for i in range(8)), 0)
                      for h in range(23)]
    changes = diff.compare(_brief(dt.date(2020, 2, 18), []), brief)
    assert text.chinese_characters(text._render(brief, changes, "zh", list(text.MAX_LINES))) > text.MAX_CHINESE
    message = text.render(brief, changes, "zh")
    assert text.chinese_characters(message) <= text.MAX_CHINESE
    assert "……另" in message and "张三0三" in message


def test_the_first_and_last_days_a_brief_can_have(demo_db):
    for day in (figures.FIRST_DAY, figures.LAST_DAY):
        brief = figures.build(demo_db, 1, figures.parse_day(day.isoformat()))
        assert diff.since_previous_day(demo_db, brief).since == day - dt.timedelta(days=1)


@pytest.mark.parametrize("typed", ["2020-13-01", "yesterday", "", "0001-01-01", "2000-01-01", "9999-12-31"])
def test_a_bad_date_is_refused_in_words(typed):
    with pytest.raises(Refused) as refused:
        figures.parse_day(typed)
    assert "YYYY-MM-DD" in refused.value.message("zh") or "超出范围" in refused.value.message("zh")
    assert typed in refused.value.message("en")


def test_requests_and_supplies_are_the_services_figures(backend_demo):
    brief = figures.build(backend_demo, 1)
    theirs = requests.figures(backend_demo, 1, brief.as_of)
    assert (brief.requests.open, brief.requests.overdue) == (theirs.open, theirs.overdue)
    stock = supplies.stock(backend_demo, 1, brief.day)
    assert sorted(s.name_zh for s in brief.supplies if s.low) == sorted(stock.loc[stock["below_min"], "name_zh"])
    assert sorted(s.name_zh for s in brief.supplies if s.running_out) == sorted(stock.loc[stock["running_out"], "name_zh"])
    assert brief.numbers()["supplies_running_out"] == int(stock["running_out"].sum())


def test_a_no_show_covered_by_a_stand_in_is_shown_not_hidden(backend_demo):
    """The demo's one no-show (Tue 北门 16:00, covered by a stand-in) is what a leader reads the morning after."""
    brief = figures.build(backend_demo, 1)
    start = dt.datetime.combine(brief.day - dt.timedelta(days=1), dt.time())
    theirs = noshows.no_shows(backend_demo, 1, start, start + dt.timedelta(days=1), brief.as_of, include_covered=True)
    assert brief.numbers()["no_shows"] == len(theirs) == 1
    assert "昨日缺勤 1 人次（均已有替岗）" in sections.figure_lines(brief, "zh")
    assert brief.no_shows_yesterday == sources.NoShows(total=1, covered=1) and brief.numbers()["no_shows_open"] == 0
    assert "No-shows yesterday: 1 (all replaced by stand-ins)" in sections.figure_lines(brief, "en")


def test_a_place_nobody_came_to_nor_covered_is_counted_open(backend_demo):
    with backend_demo.transaction("test", "forget a check-in", 1) as tx:
        row = execute(tx.cursor, "SELECT a.shift_id, a.person_id FROM attendance a JOIN gate_shift s ON s.id = a.shift_id "
                      "WHERE s.starts_at >= $day AND a.status = 'present' AND a.covers_person_id IS NULL "
                      "ORDER BY s.starts_at, a.person_id LIMIT 1", {"day": dt.datetime(2020, 2, 18)}).fetchone()
        execute(tx.cursor, "DELETE FROM attendance WHERE shift_id = $shift AND person_id = $person",
                {"shift": row[0], "person": row[1]})
    brief = figures.build(backend_demo, 1)
    assert "昨日缺勤 2 人次，其中 1 人次无人替岗" in sections.figure_lines(brief, "zh")
    assert brief.no_shows_yesterday == sources.NoShows(total=2, covered=1)
    changes = diff.since_previous_day(backend_demo, brief)
    assert diff.Change("no_shows_open", 0, 1) in changes.figures


def test_no_shows_are_unknown_on_a_day_without_attendance_kept_and_none_on_a_day_without_no_shows(demo_db):
    later = figures.build(demo_db, 1, dt.date(2020, 2, 21))  # the 20th's shifts are rostered, nobody recorded them
    assert later.no_shows_yesterday is None and later.numbers()["no_shows"] is None
    assert "昨日缺勤：暂无到岗记录" in sections.figure_lines(later, "zh")
    before = figures.build(demo_db, 1, dt.date(2020, 2, 18))  # the 17th: everyone came
    assert before.no_shows_yesterday == sources.NoShows(0, 0)
    assert "No-shows yesterday: none" in sections.figure_lines(before, "en")
