"""The auto-scheduler's core on pure problems (issue #13): objectives in their order (fill, keep, fairness), what it
keeps and what it may not touch, determinism, the greedy baseline, and the words for a place it cannot fill.
The hypothesis properties against the checker and a brute force are in tests/slow/test_scheduler_properties.py."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scheduler_cases import MONDAY, WEEK_START, places_filled, problems, unexplained

from coordpanel.roster.rules import Person, Rules, Shift
from coordpanel.roster.scheduler import explain, greedy, search
from coordpanel.roster.scheduler.explain import Unfilled
from coordpanel.roster.scheduler.plan import fairness
from coordpanel.roster.scheduler.problem import Problem, conflict, is_night, night_minutes, week_minutes

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def _shift(sid: int, day: int, hour: int, hours: int = 8, required: int = 1, gate: str = "北门") -> Shift:
    start = WEEK_START + day * D + hour * H
    return Shift(sid, gate, start, start + hours * H, required)


def _person(pid: int, tier: str = "property", **kw) -> Person:
    return Person(pid, f"p{pid}", tier, None, **({"gate_eligible": True} | kw))


DEFAULT_RULES = Rules()


def _problem(shifts, people, crews=None, accepted=None, rules=DEFAULT_RULES, now=WEEK_START, context=(), context_crews=None):
    crews = {s.id: [] for s in shifts} | (crews or {})
    return Problem(shifts=tuple(sorted(shifts, key=lambda s: (s.starts_at, s.gate, s.id))), crews=crews,
                   accepted=accepted or {}, context=tuple(context), context_crews=context_crews or {},
                   people={p.id: p for p in people}, rules=rules, now=now, monday=MONDAY)


# --- objectives in order -------------------------------------------------------------------------------------------
def test_hours_are_spread_evenly_over_the_people_who_may_take_them():
    shifts = [_shift(n + 1, n, 8) for n in range(4)]
    problem = _problem(shifts, [_person(p) for p in range(1, 5)])
    solution = search.solve(problem, fresh=True, time_limit=5)
    assert solution.complete and places_filled(problem, solution.crews) == 4
    assert fairness(problem, solution.crews) == {"max_hours": 8.0, "spread": 0.0, "max_nights": 0, "night_spread": 0}


def test_night_shifts_are_spread_too():
    # two nights (00:00-08:00) and two days, two people: each does one of each
    shifts = [_shift(1, 0, 0), _shift(2, 1, 0), _shift(3, 2, 12), _shift(4, 3, 12)]
    problem = _problem(shifts, [_person(1), _person(2)])
    solution = search.solve(problem, fresh=True, time_limit=5)
    assert solution.complete
    assert fairness(problem, solution.crews) == {"max_hours": 16.0, "spread": 0.0, "max_nights": 1, "night_spread": 0}


def test_keeping_saved_assignments_comes_before_fairness_and_a_fresh_plan_drops_it():
    shifts = [_shift(1, 0, 8), _shift(2, 1, 8)]
    problem = _problem(shifts, [_person(1), _person(2)], crews={1: [1], 2: [1]})
    kept = search.solve(problem, time_limit=5)
    assert kept.complete and kept.crews == {1: [1], 2: [1]}
    fresh = search.solve(problem, fresh=True, time_limit=5)
    assert fresh.complete and sorted(fresh.crews[1] + fresh.crews[2]) == [1, 2]


def test_a_saved_assignment_that_now_breaks_a_rule_is_not_kept():
    shifts = [_shift(1, 0, 8)]
    sick = _person(1, status="sick", status_since=MONDAY)
    problem = _problem(shifts, [sick, _person(2, unavailable=((WEEK_START, WEEK_START + D, None),)), _person(3)],
                       crews={1: [1, 2]})
    solution = search.solve(problem, time_limit=5)
    assert solution.crews == {1: [3]}


def test_filling_places_comes_before_keeping_what_was_saved():
    # p1 is saved on the day shift, which p2 could take too; the evening shift after it only p1 can take (p2 cannot
    # come then, and p1 cannot do both: 8 h rest). Filling both places moves p1.
    day, evening = _shift(1, 0, 8), _shift(2, 0, 16)
    p2 = _person(2, unavailable=((evening.starts_at, evening.ends_at, None),))
    problem = _problem([day, evening], [_person(1), p2], crews={1: [1]}, rules=Rules(min_rest_hours=8))
    solution = search.solve(problem, time_limit=5)
    assert solution.complete and solution.crews == {1: [2], 2: [1]}


def test_a_crew_without_a_property_member_or_cadre_is_never_made():
    shifts = [_shift(1, 0, 8, required=2)]
    problem = _problem(shifts, [_person(1, "volunteer"), _person(2, "grid"), _person(3, "volunteer")])
    assert search.solve(problem, time_limit=5).crews == {1: []}
    assert greedy.fill(problem) == {1: []}
    problem = dataclasses.replace(problem, people={**problem.people, 4: _person(4, "cadre")})
    solution = search.solve(problem, time_limit=5)
    assert len(solution.crews[1]) == 2 and 4 in solution.crews[1]


# --- what it keeps, and what it never touches ------------------------------------------------------------------------
def test_started_shifts_keep_their_crews_even_when_they_break_rules():
    shifts = [_shift(1, 0, 0), _shift(2, 0, 4, gate="南门"), _shift(3, 1, 8)]
    ineligible = _person(1, "volunteer", gate_eligible=False)
    problem = _problem(shifts, [ineligible, _person(2)], crews={1: [1, 2], 2: [2]}, now=WEEK_START + 6 * H)
    solution = search.solve(problem, time_limit=5)
    assert solution.crews[1] == [1, 2] and solution.crews[2] == [2] and solution.crews[3] == [2]
    assert unexplained(problem, solution.crews, solution.accepted) == []


def test_a_person_kept_with_the_planners_reason_stays_and_the_reason_with_them():
    shifts = [_shift(1, 0, 8, required=2)]
    trainee = _person(1, "volunteer", gate_eligible=False)
    problem = _problem(shifts, [trainee, _person(2), _person(3)], crews={1: [1]}, accepted={(1, 1): " training "})
    solution = search.solve(problem, time_limit=5)
    # the trainee stays (filling no place), and both places go to the two who can stand the gate
    assert solution.crews[1] == [1, 2, 3]
    assert solution.accepted == {(1, 1): "training"}  # the planner's reason, trimmed, stays with them
    fresh = search.solve(problem, fresh=True, time_limit=5)
    assert fresh.crews[1] == [2, 3] and fresh.accepted == {}  # a fresh plan drops both


def test_a_kept_person_who_fills_no_place_does_not_take_the_place_of_one_who_does():
    # the planner kept a trainee (not gate-eligible) on a one-person shift with a reason: the place is still open
    shifts = [_shift(1, 0, 8, required=1)]
    trainee = _person(1, "grid", gate_eligible=False)
    problem = _problem(shifts, [trainee, _person(2)], crews={1: [1]}, accepted={(1, 1): "training"})
    solution = search.solve(problem, time_limit=5)
    assert solution.crews == {1: [1, 2]} and places_filled(problem, solution.crews) == 1
    assert unexplained(problem, solution.crews, solution.accepted) == []
    assert greedy.fill(problem) == {1: [1, 2]}


def test_it_never_adds_more_people_than_a_shift_needs_to_even_the_hours():
    # three people, one two-person shift: the third stays at 0 hours rather than crowd the shift
    problem = _problem([_shift(1, 0, 8, required=2)], [_person(p) for p in (1, 2, 3)])
    solution = search.solve(problem, fresh=True, time_limit=5)
    assert len(solution.crews[1]) == 2


def test_rules_it_may_not_break_are_kept_even_when_asked_to_break_them():
    shifts = [_shift(1, 0, 8), _shift(2, 0, 12, gate="南门")]  # overlapping
    rules = Rules(severity={**Rules().severity, "no_overlap": "soft", "max_hours_week": "hard"})
    problem = _problem(shifts, [_person(1)], rules=dataclasses.replace(rules, max_hours_week=4))
    solution = search.solve(problem, allow=("no_overlap", "max_hours_week", "gate_eligible"), time_limit=5)
    assert solution.crews == {1: [], 2: []}
    # a soft breakable rule it was allowed to break: it does
    problem = dataclasses.replace(problem, rules=dataclasses.replace(Rules(), max_hours_week=4))
    solution = search.solve(problem, allow=("max_hours_week",), time_limit=5)
    assert places_filled(problem, solution.crews) == 1


# --- determinism ------------------------------------------------------------------------------------------------
@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.booleans())
def test_the_same_problem_solved_twice_gives_the_same_crews(problem, fresh):
    first = search.solve(problem, fresh=fresh, time_limit=5)
    second = search.solve(problem, fresh=fresh, time_limit=5)
    if first.complete and second.complete:
        assert first.crews == second.crews and first.accepted == second.accepted
    assert greedy.fill(problem, fresh=fresh) == greedy.fill(problem, fresh=fresh)


# --- time ------------------------------------------------------------------------------------------------------------
def test_hours_nights_and_conflicts_of_shifts_crossing_midnight_and_the_week():
    sunday_night = _shift(1, 6, 22)  # Sunday 22:00 to Monday 06:00: 2 hours this week, 6 the next
    assert week_minutes(sunday_night, MONDAY) == 120 and week_minutes(sunday_night, MONDAY + 7 * D) == 360
    assert night_minutes(sunday_night) == 360 and is_night(sunday_night)
    assert not is_night(_shift(2, 0, 7)) and is_night(_shift(3, 0, 0)) and not is_night(_shift(4, 0, 20))
    assert not conflict(_shift(5, 0, 0), _shift(6, 0, 16), 8) and conflict(_shift(5, 0, 0), _shift(6, 0, 16), 8.5)
    assert not conflict(_shift(5, 0, 0), _shift(6, 0, 8), 0)  # back to back, no rest needed


# --- the words for a place it cannot fill --------------------------------------------------------------------------
def _gap(**kw) -> Unfilled:
    base = dict(shift_id=1, gate="北门", gate_en="North gate", starts_at=dt.datetime(2020, 2, 20),
                ends_at=dt.datetime(2020, 2, 20, 8), required=2, filled=1, eligible=5, free=0, anchors_free=0,
                led=True, stopped={"no_overlap": 3, "min_rest_hours": 1, "max_hours_week": 1})
    return Unfilled(**(base | kw))


def test_an_unfilled_place_reads_in_chinese_with_its_counts_and_reasons():
    assert explain.describe(_gap(), "zh") == (
        "北门 2月20日 周四 00:00–08:00：需要 2 人，已排 1 人；5 位可站岗的在岗人员中，只有 0 位有空、休息足够且未超工时"
        "（3 位同一时段在别的班次，1 位休息不足 8 小时，1 位本周工时已满）")


def test_an_unfilled_place_reads_in_english_with_the_gates_english_name():
    line = explain.describe(_gap(rest_hours=10), "en")
    assert line.startswith("North gate Thu 2/20 00:00–08:00: needs 2, has 1; only 0 of 5 ")
    assert "3 on another shift then, 1 not rested 10 h, 1 at their weekly hours" in line
    assert explain.describe(_gap(gate_en=None), "en").startswith("北门 ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unfilled_place_says_when_nobody_free_can_lead_it_and_when_the_search_was_cut_short(lang):
    from coordpanel.core.i18n import t

    plain = explain.describe(_gap(stopped={}), lang)
    assert t("scheduler.stopped_list", lang, list="x")[:1] not in plain[-1:] and t("scheduler.cut_short", lang) not in plain
    leaderless = explain.describe(_gap(free=2, anchors_free=0, led=False, stopped={}), lang)
    assert leaderless.endswith(t("scheduler.no_anchor_free", lang))
    assert explain.describe(_gap(cut_short=True), lang).endswith(t("scheduler.cut_short", lang))


def test_each_person_who_cannot_take_an_open_place_is_counted_under_the_first_rule_that_stops_them():
    night = _shift(1, 1, 0, required=3)  # Tuesday 00:00-08:00
    people = [
        _person(1, unavailable=((night.starts_at, night.ends_at, None),)),  # unavailable
        _person(2), _person(3),  # on the other gate's night shift at the same time
        _person(4),  # on Monday 18:00-22:00: 2 h rest
        _person(5),  # on Tuesday 16:00-22:00: 14 h that day
        _person(6),  # 40 h this week already
        _person(7, "volunteer"),  # free
        _person(8, gate_eligible=False), _person(9, status="sick", status_since=MONDAY),  # not counted at all
    ]
    others = [_shift(2, 1, 0, required=2, gate="南门"), _shift(3, 0, 18, 4, gate="南门"), _shift(4, 1, 16, 6, gate="南门")]
    week = [_shift(10 + n, 2 + n, 8) for n in range(5)]  # Wednesday to Sunday, 8 h each
    crews = {2: [2, 3], 3: [4], 4: [5], **{s.id: [6] for s in week}}
    problem = _problem([night, *others, *week], people, crews=crews, rules=Rules(max_hours_week=44), now=WEEK_START)
    (gap,) = [u for u in explain.unfilled(problem, crews) if u.shift_id == 1]
    assert (gap.required, gap.filled, gap.eligible, gap.free, gap.anchors_free, gap.led) == (3, 0, 7, 1, 0, False)
    assert gap.stopped == {"unavailable": 1, "no_overlap": 2, "min_rest_hours": 1, "max_hours_day": 1, "max_hours_week": 1}


def test_the_words_for_too_little_rest_say_the_rules_own_minimum():
    # one person, on a shift ending at 08:00: with 10 hours' rest required the 16:00 shift is out of reach
    first, second = _shift(1, 0, 0), _shift(2, 0, 16)
    problem = _problem([first, second], [_person(1)], crews={1: [1]}, accepted={(1, 1): "kept"},
                       rules=Rules(min_rest_hours=10))
    (gap,) = explain.unfilled(problem, search.solve(problem, time_limit=5).crews)
    assert gap.shift_id == 2 and gap.stopped == {"min_rest_hours": 1} and gap.rest_hours == 10
    assert "1 not rested 10 h" in explain.describe(gap, "en")
