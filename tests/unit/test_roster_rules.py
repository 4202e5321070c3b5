"""The roster rules at their edges (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

from coordpanel.roster.rules import Person, Rules, Shift, check, hard, hours_by_day, is_active_at

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


# --- pinned edges (issue #12, item 23): half-open unavailability, the default limits, partial rule settings ------
def violations_of(shifts, crews, people=PEOPLE, rules=DEFAULT_RULES, focus=None):
    with_focus = {} if focus is None else {"focus": focus}
    return [(v.rule, v.severity, v.shift_id, v.person_id, dict(v.params)) for v in check(shifts, crews, people, rules, **with_focus)]


def test_the_default_rule_values_and_severities():
    rules = Rules()
    assert (rules.min_rest_hours, rules.max_hours_day, rules.max_hours_week) == (8, 12, 48)
    assert dict(rules.severity) == {
        "no_overlap": "hard", "min_rest_hours": "hard", "max_hours_day": "soft", "max_hours_week": "soft",
        "gate_eligible": "soft", "active_only": "hard", "headcount": "soft", "property_or_cadre": "soft",
        "unavailable": "soft",
    }
    assert check([shift(1, D(2020, 2, 17, 8))], {1: [1]}, PEOPLE) == []  # the default rules without an argument


def test_twelve_hours_a_day_is_the_default_limit_and_a_quarter_hour_more_breaks_it():
    twelve = [shift(1, D(2020, 2, 17, 0), hours=4), shift(2, D(2020, 2, 17, 12), hours=8)]
    assert rules_broken(twelve, {1: [1], 2: [1]}) == []
    more = [shift(1, D(2020, 2, 17, 0), hours=4), shift(2, D(2020, 2, 17, 12), hours=8.25)]  # ends 20:15
    assert violations_of(more, {1: [1], 2: [1]}) == [
        ("max_hours_day", "soft", 2, 1, {"name": "保安甲", "day": dt.date(2020, 2, 17), "hours": 12.2, "maximum": 12})]


def test_forty_eight_hours_a_week_is_the_default_limit():
    six_days = [shift(10 + d, D(2020, 2, 17 + d, 8)) for d in range(6)]  # 6 × 8 h = 48 h, Monday to Saturday
    assert rules_broken(six_days, {s.id: [1] for s in six_days}) == []
    longer = [*six_days, shift(20, D(2020, 2, 23, 8), hours=1 / 3)]  # Sunday 08:00–08:20
    assert violations_of(longer, {s.id: [1] for s in longer}) == [
        ("max_hours_week", "soft", 20, 1, {"name": "保安甲", "week": dt.date(2020, 2, 17), "hours": 48.3, "maximum": 48})]
    # the next Monday starts a new week
    next_week = [*six_days, shift(20, D(2020, 2, 24, 8))]
    assert rules_broken(next_week, {s.id: [1] for s in next_week}) == []


def test_rest_below_the_default_eight_hours_names_the_hours():
    a, b = shift(1, D(2020, 2, 17, 0)), shift(2, D(2020, 2, 17, 15, 40), hours=1)  # 7 h 40 min after 08:00
    assert violations_of([a, b], {1: [1], 2: [1]}) == [
        ("min_rest_hours", "hard", 2, 1, {"name": "保安甲", "rest": 7.7, "minimum": 8})]


def test_overlap_names_the_other_shift():
    a, b = shift(1, D(2020, 2, 17, 8), hours=4, gate="北门"), shift(2, D(2020, 2, 17, 10), hours=4, gate="南门")
    assert violations_of([a, b], {1: [1], 2: [1]}) == [
        ("no_overlap", "hard", 2, 1, {"name": "保安甲", "other_gate": "北门", "other_start": D(2020, 2, 17, 8)})]


def test_a_shift_overlapping_two_earlier_ones_is_reported_for_each():
    a, b, c = shift(1, D(2020, 2, 17, 8)), shift(2, D(2020, 2, 17, 9), gate="北门"), shift(3, D(2020, 2, 17, 10), gate="东门")
    found = violations_of([a, b, c], {1: [1], 2: [1], 3: [1]}, rules=Rules(max_hours_day=24))
    assert [(r, s, params["other_start"]) for r, _, s, _, params in found] == [
        ("no_overlap", 2, D(2020, 2, 17, 8)), ("no_overlap", 3, D(2020, 2, 17, 8)), ("no_overlap", 3, D(2020, 2, 17, 9))]


def unavailable(person, *spans):
    return Person(person.id, person.name, person.tier, person.group_code, gate_eligible=person.gate_eligible,
                  unavailable=tuple(spans))


def test_declared_unavailability_is_half_open_at_both_ends():
    busy = unavailable(GUARD, (D(2020, 2, 17, 8), D(2020, 2, 17, 16), "看病"))
    people = {1: busy}
    after = shift(1, D(2020, 2, 17, 16))  # starts exactly when the declared time ends
    before = shift(2, D(2020, 2, 17, 0))  # ends exactly when the declared time starts
    assert rules_broken([after], {1: [1]}, people) == []
    assert rules_broken([before], {2: [1]}, people) == []
    late = shift(3, D(2020, 2, 17, 15, 59), hours=1)  # one minute inside
    early = shift(4, D(2020, 2, 17, 0, 1))
    assert violations_of([late], {3: [1]}, people) == [
        ("unavailable", "soft", 3, 1, {"name": "保安甲", "start": "02-17 08:00", "end": "02-17 16:00", "note": "看病"})]
    assert [v[0] for v in violations_of([early], {4: [1]}, people)] == ["unavailable"]


def test_declared_unavailability_without_a_note_and_covering_a_whole_shift():
    people = {1: unavailable(GUARD, (D(2020, 2, 16), D(2020, 2, 19), None), (D(2020, 2, 20), D(2020, 2, 21), "x"))}
    assert violations_of([shift(1, D(2020, 2, 17, 8))], {1: [1]}, people) == [
        ("unavailable", "soft", 1, 1, {"name": "保安甲", "start": "02-16 00:00", "end": "02-19 00:00", "note": "—"})]


def test_a_rule_setting_with_a_value_but_no_severity_keeps_the_default_severity():
    rules = Rules.from_settings({"rule.max_hours_day": '{"value": 10}'})
    assert (rules.max_hours_day, rules.min_rest_hours, rules.max_hours_week) == (10.0, 8, 48)
    assert rules.severity == Rules().severity
    assert isinstance(rules.max_hours_day, float)
    ten_and_a_bit = [shift(1, D(2020, 2, 17, 8), hours=10.5)]
    assert [(v[0], v[1]) for v in violations_of(ten_and_a_bit, {1: [1]}, rules=rules)] == [("max_hours_day", "soft")]


def test_a_rule_setting_with_a_severity_but_no_value_keeps_the_default_value():
    rules = Rules.from_settings({"rule.max_hours_week": '{"severity": "hard"}', "rule.no_overlap": '{"severity": "soft"}'})
    assert (rules.min_rest_hours, rules.max_hours_day, rules.max_hours_week) == (8, 12, 48)
    assert rules.severity == {**Rules().severity, "max_hours_week": "hard", "no_overlap": "soft"}


def test_rule_settings_that_do_not_apply_are_ignored():
    rules = Rules.from_settings({
        "rule.gate_eligible": '{"value": 3, "severity": "hard"}',  # a value where the rule has none: only the severity
        "rule.headcount": '{"severity": "fatal"}',  # not a severity
        "rule.no_such_rule": '{"value": 1, "severity": "hard"}',  # not a rule
        "max_hours_day": '{"value": 1}',  # not a rule key
        "auth.lock_minutes": '{"value": 15}',
    })
    assert (rules.min_rest_hours, rules.max_hours_day, rules.max_hours_week) == (8, 12, 48)
    assert rules.severity == {**Rules().severity, "gate_eligible": "hard"}
    assert Rules.from_settings({}) == Rules()


def test_each_valued_rule_reads_its_own_setting():
    rules = Rules.from_settings({"rule.min_rest_hours": '{"value": 6}', "rule.max_hours_day": '{"value": 9}',
                                 "rule.max_hours_week": '{"value": 30.5}'})
    assert (rules.min_rest_hours, rules.max_hours_day, rules.max_hours_week) == (6.0, 9.0, 30.5)


def test_the_key_identifies_rule_values_and_severities():
    assert Rules().key == Rules().key == Rules.from_settings({"rule.x": "{}"}).key
    assert Rules().key == (8, 12, 48, tuple(sorted(Rules().severity.items())))
    assert Rules(min_rest_hours=9).key != Rules().key
    assert Rules(max_hours_day=11).key != Rules().key and Rules(max_hours_week=40).key != Rules().key
    assert Rules.from_settings({"rule.headcount": '{"severity": "hard"}'}).key != Rules().key
    reordered = Rules(severity=dict(reversed(list(Rules().severity.items()))))
    assert reordered.key == Rules().key
    hash(Rules().key)


def test_shift_hours_and_hours_by_day_over_several_midnights():
    long = shift(1, D(2020, 2, 16, 22), hours=27)  # Sunday 22:00 to Tuesday 01:00
    assert long.hours == 27
    assert hours_by_day(long.starts_at, long.ends_at) == {
        dt.date(2020, 2, 16): 2.0, dt.date(2020, 2, 17): 24.0, dt.date(2020, 2, 18): 1.0}
    assert hours_by_day(D(2020, 2, 17, 16), D(2020, 2, 18)) == {dt.date(2020, 2, 17): 8.0}  # ends at midnight
    assert hours_by_day(D(2020, 2, 17), D(2020, 2, 17, 0, 30)) == {dt.date(2020, 2, 17): 0.5}
    assert hours_by_day(D(2020, 2, 17, 8), D(2020, 2, 17, 8)) == {}


def test_a_night_shift_counts_its_hours_on_both_days_and_both_weeks():
    night = shift(1, D(2020, 2, 23, 20), hours=10)  # Sunday 20:00 to Monday 06:00
    rules = Rules(max_hours_day=5, max_hours_week=5)
    found = violations_of([night], {1: [1]}, rules=rules)
    assert [(r, p["day" if r == "max_hours_day" else "week"], p["hours"]) for r, _, _, _, p in found] == [
        ("max_hours_day", dt.date(2020, 2, 24), 6.0), ("max_hours_week", dt.date(2020, 2, 24), 6.0)]


def test_activity_follows_the_status_date():
    sick = Person(1, "甲", "property", "security", status="sick", status_since=dt.date(2020, 2, 18), gate_eligible=True)
    undated = Person(1, "甲", "property", "security", status="left", gate_eligible=True)
    assert is_active_at(sick, D(2020, 2, 17, 23, 59))
    assert not is_active_at(sick, D(2020, 2, 18, 0, 0))
    assert not is_active_at(undated, D(2000, 1, 1))
    assert is_active_at(GUARD, D(2000, 1, 1))
    found = violations_of([shift(1, D(2020, 2, 18, 8))], {1: [1]}, {1: sick})
    assert found[0] == ("active_only", "hard", 1, 1, {"name": "甲", "status": "sick"})
    assert [v[0] for v in found] == ["active_only", "headcount", "property_or_cadre"]


def test_headcount_and_anchor_at_their_edges():
    s = shift(1, D(2020, 2, 17, 8), required=2)
    cadre = Person(4, "干部丁", "cadre", "checkpoint", gate_eligible=True)
    people = {**PEOPLE, 4: cadre}
    assert rules_broken([s], {1: [2, 4]}, people) == []  # a cadre anchors; two eligible people fill two places
    assert violations_of([s], {1: [2]}, people) == [
        ("headcount", "soft", 1, None, {"filled": 1, "required": 2}),
        ("property_or_cadre", "soft", 1, None, {}),
    ]
    assert violations_of([s], {}, people) == [("headcount", "soft", 1, None, {"filled": 0, "required": 2})]
    assert violations_of([s], {1: [3]}, people)[0] == ("gate_eligible", "soft", 1, 3, {"name": "采购丙"})
    assert rules_broken([s], {1: [99, 1, 2]}, people) == []  # someone unknown is no violation of the known


def test_hard_keeps_only_hard_violations():
    a, b = shift(1, D(2020, 2, 17, 8)), shift(2, D(2020, 2, 17, 12))
    found = check([a, b], {1: [1, 3], 2: [1]}, PEOPLE)
    assert {v.rule for v in found} >= {"no_overlap", "gate_eligible"}
    assert {v.rule for v in hard(found)} == {"no_overlap"}
    assert hard([]) == []


# --- a focus: the week being saved, the weeks around it as context (issue #12, item 14) ----------------------
def test_only_violations_involving_the_focus_are_reported():
    context = [shift(1, D(2020, 2, 24, 0)), shift(2, D(2020, 2, 24, 2))]  # overlapping, both outside the focus
    own = shift(3, D(2020, 2, 21, 8), required=3)  # short, in the focus
    found = violations_of([*context, own], {1: [1], 2: [1], 3: [2]}, focus={3})
    assert [(r, s) for r, _, s, _, _ in found] == [("headcount", 3), ("property_or_cadre", 3)]


def test_a_pair_with_a_later_shift_outside_the_focus_is_reported_against_the_earlier():
    sunday = shift(1, D(2020, 2, 23, 16))  # 16:00–24:00, in the focus
    monday = shift(2, D(2020, 2, 24, 0), gate="北门")  # the next week, as saved
    assert violations_of([sunday, monday], {1: [1], 2: [1]}, focus={1}) == [
        ("min_rest_hours", "hard", 1, 1, {"name": "保安甲", "rest": 0.0, "minimum": 8})]
    overlapping = shift(3, D(2020, 2, 23, 23), gate="北门")
    assert violations_of([sunday, overlapping], {1: [1], 3: [1]}, focus={1}, rules=Rules(max_hours_day=24)) == [
        ("no_overlap", "hard", 1, 1, {"name": "保安甲", "other_gate": "北门", "other_start": D(2020, 2, 23, 23)})]
    # with the later one in the focus it is reported against the later, as without a focus
    assert [(r, s) for r, _, s, _, _ in violations_of([sunday, monday], {1: [1], 2: [1]}, focus={2})] == [("min_rest_hours", 2)]


def test_hours_of_a_day_crossing_midnight_into_the_context_are_reported_against_the_focus():
    night = shift(1, D(2020, 2, 23, 20))  # Sunday 20:00 – Monday 04:00, in the focus
    monday = shift(2, D(2020, 2, 24, 12), hours=10)  # 8 h rest, then 10 h: 14 h on Monday
    found = violations_of([night, monday], {1: [1], 2: [1]}, focus={1})
    assert found == [("max_hours_day", "soft", 1, 1, {"name": "保安甲", "day": dt.date(2020, 2, 24), "hours": 14.0, "maximum": 12})]
    assert violations_of([night, monday], {1: [1], 2: [1]}, focus=set()) == []


def test_a_week_is_its_own_unit_and_the_focus_answers_for_the_hours_it_adds_to_the_next():
    night = shift(1, D(2020, 2, 23, 20))  # 4 h on Sunday, 4 h in the next week
    next_week = [shift(10 + d, D(2020, 2, 24 + d, 12)) for d in range(6)]  # 48 h in the next week: + 4 h = 52
    crews = {1: [1], **{s.id: [1] for s in next_week}}
    found = violations_of([night, *next_week], crews, focus={1})
    assert found == [("max_hours_week", "soft", 1, 1, {"name": "保安甲", "week": dt.date(2020, 2, 24), "hours": 52.0, "maximum": 48})]
    # the week of the focus itself holds only 4 h of it
    assert violations_of([night], {1: [1]}, focus={1}) == []


def test_a_short_rest_between_two_context_shifts_is_not_the_focus_shifts_business():
    own = shift(1, D(2020, 2, 23, 0), hours=4)  # in the focus, long before the two below
    b, c = shift(2, D(2020, 2, 24, 8)), shift(3, D(2020, 2, 24, 18), hours=4)  # 2 h rest between them, both context
    assert violations_of([own, b, c], {1: [1], 2: [1], 3: [1]}, focus={1}) == []
    assert [(r, s) for r, _, s, _, _ in violations_of([own, b, c], {1: [1], 2: [1], 3: [1]}, focus={2})] == [("min_rest_hours", 2)]


def test_settings_that_are_not_rules_do_not_stop_the_rules_being_read():
    rules = Rules.from_settings({"as_of": '"2020-02-19 08:00:00"', "rule.min_rest_hours": '{"value": 10}',
                                 "auth.idle_minutes": '{"value": 30}', "rule.headcount": '{"severity": "hard"}'})
    assert rules.min_rest_hours == 10 and rules.severity["headcount"] == "hard"


def test_someone_not_among_the_people_is_named_by_their_id():
    a, b = shift(1, D(2020, 2, 17, 8), hours=4), shift(2, D(2020, 2, 17, 10), hours=4)
    assert violations_of([a, b], {1: [99], 2: [99]}, people={}) == [
        ("headcount", "soft", 1, None, {"filled": 0, "required": 1}), ("headcount", "soft", 2, None, {"filled": 0, "required": 1}),
        ("no_overlap", "hard", 2, 99, {"name": "99", "other_gate": "南门", "other_start": D(2020, 2, 17, 8)})]
