"""The roster rules at their edges (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

from coordpanel.roster.rules import Person, Rules, Shift, check, hours_by_day

D = dt.datetime
GUARD = Person(1, "保安甲", "property", "security", gate_eligible=True)
VOL = Person(2, "志愿者乙", "volunteer", "gate", gate_eligible=True)
BUYER = Person(3, "采购丙", "volunteer", "purchasing", gate_eligible=False)
PEOPLE = {p.id: p for p in (GUARD, VOL, BUYER)}


def shift(i, start, hours=8, gate="南门", required=1):
    return Shift(i, gate, start, start + dt.timedelta(hours=hours), required)


DEFAULT_RULES = Rules()


def rules_broken(shifts, crews, people=PEOPLE, rules=DEFAULT_RULES):
    return sorted({(v.rule, v.shift_id, v.person_id) for v in check(shifts, crews, people, rules)}, key=str)


def test_back_to_back_shifts_do_not_overlap_but_need_rest():
    a, b = shift(1, D(2020, 2, 17, 0)), shift(2, D(2020, 2, 17, 8))
    broken = rules_broken([a, b], {1: [1], 2: [1]})
    assert ("no_overlap", 2, 1) not in broken
    assert ("min_rest_hours", 2, 1) in broken


def test_rest_exactly_at_the_minimum_is_allowed():
    a, b = shift(1, D(2020, 2, 17, 0)), shift(2, D(2020, 2, 17, 16), hours=4)  # 8 h rest, 12 h that day
    assert rules_broken([a, b], {1: [1], 2: [1]}) == []


def test_overlap_across_midnight_at_two_gates():
    night = shift(1, D(2020, 2, 17, 20), hours=8, gate="南门")  # 20:00 – 04:00 next day
    early = shift(2, D(2020, 2, 18, 2), hours=4, gate="北门")
    broken = rules_broken([night, early], {1: [1], 2: [1]})
    assert ("no_overlap", 2, 1) in broken


def test_hours_are_split_at_midnight():
    assert hours_by_day(D(2020, 2, 17, 20), D(2020, 2, 18, 4)) == {dt.date(2020, 2, 17): 4.0, dt.date(2020, 2, 18): 4.0}


def test_daily_and_weekly_maxima():
    day = [shift(1, D(2020, 2, 17, 0), hours=8), shift(2, D(2020, 2, 17, 16), hours=8)]
    assert ("max_hours_day", 2, 1) in rules_broken(day, {1: [1], 2: [1]})
    week = [shift(10 + d, D(2020, 2, 17 + d, 8), hours=10) for d in range(5)]
    broken = rules_broken(week, {s.id: [1] for s in week})
    assert ("max_hours_week", 14, 1) in broken and not any(r == "max_hours_week" and s != 14 for r, s, _ in broken)


def test_headcount_met_only_by_ineligible_people_is_short():
    s = shift(1, D(2020, 2, 17, 8), required=1)
    broken = rules_broken([s], {1: [3]})
    assert ("gate_eligible", 1, 3) in broken
    assert ("headcount", 1, None) in broken
    assert ("property_or_cadre", 1, None) in broken


def test_a_person_turned_sick_mid_week_leaves_later_shifts_short():
    sick = Person(2, "志愿者乙", "volunteer", "gate", status="sick", status_since=dt.date(2020, 2, 19), gate_eligible=True)
    people = {1: GUARD, 2: sick}
    before, after = shift(1, D(2020, 2, 18, 8), required=2), shift(2, D(2020, 2, 20, 8), required=2)
    broken = rules_broken([before, after], {1: [1, 2], 2: [1, 2]}, people)
    assert ("active_only", 1, 2) not in broken and ("headcount", 1, None) not in broken
    assert ("active_only", 2, 2) in broken and ("headcount", 2, None) in broken


def test_severities_and_values_come_from_settings():
    rules = Rules.from_settings({"rule.min_rest_hours": '{"value": 10, "severity": "soft"}', "as_of": '"x"'})
    assert rules.min_rest_hours == 10 and rules.severity["min_rest_hours"] == "soft"
    a, b = shift(1, D(2020, 2, 17, 0)), shift(2, D(2020, 2, 17, 17), hours=4)  # 9 h rest
    (violation,) = check([a, b], {1: [1], 2: [1]}, PEOPLE, rules)
    assert (violation.rule, violation.severity, violation.params["rest"]) == ("min_rest_hours", "soft", 9.0)
