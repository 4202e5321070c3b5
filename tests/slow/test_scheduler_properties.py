"""The auto-scheduler against the roster checker, on hypothesis-drawn weeks (issue #13).

Every plan passes the checker (nothing but open places, what the saved week already broke, the planner's accepted
reasons and the rules it was allowed to break); started shifts never change; no crew grows past its headcount or its
saved size; the greedy baseline breaks nothing either; and on small weeks a brute force over every plan fills no
more places than the solver (what it calls unfillable really is)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scheduler_cases import ALLOW, MONDAY, WEEK_START, best_by_brute_force, places_filled, problems, unexplained

from coordpanel.roster.rules import Person, Rules, Shift
from coordpanel.roster.scheduler import explain, greedy, search
from coordpanel.roster.scheduler.problem import Problem, fixed

SLOW = settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = settings(deadline=None, max_examples=50, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _fixed_parts_hold(problem, crews, fresh: bool) -> None:
    """Started shifts as saved; open ones with no one twice, no one unknown, and no more than they need."""
    _, kept = fixed(problem, fresh)
    for s in problem.shifts:
        saved = problem.crews.get(s.id, [])
        if not problem.is_open(s):
            assert sorted(crews[s.id]) == sorted(saved), f"started shift {s.id} changed"
        else:
            crew = crews[s.id]
            assert len(set(crew)) == len(crew) and set(crew) <= set(problem.people)
            # no more people who fill a place than it needs, or than were saved on it when keeping; anyone else on
            # it is someone the planner kept there with a reason
            eligible = [p for p in crew if problem.people[p].gate_eligible]
            limit = s.required if fresh else max(s.required, sum(1 for p in saved if problem.people[p].gate_eligible))
            assert len(eligible) <= limit, f"shift {s.id}: {crew} over {limit}"
            assert all(p in kept.get(s.id, []) for p in crew if p not in eligible)


@SLOW
@given(problems(), st.booleans())
def test_every_plan_passes_the_checker(problem, fresh):
    solution = search.solve(problem, fresh=fresh, time_limit=3)
    _fixed_parts_hold(problem, solution.crews, fresh)
    assert unexplained(problem, solution.crews, solution.accepted) == []


@SLOW
@given(problems(), st.booleans(), ALLOW)
def test_a_plan_allowed_to_break_rules_breaks_only_those(problem, fresh, allow):
    solution = search.solve(problem, fresh=fresh, allow=allow, time_limit=3)
    _fixed_parts_hold(problem, solution.crews, fresh)
    assert unexplained(problem, solution.crews, solution.accepted, allow) == []
    # breaking rules only ever fills more: never fewer places than the plan that breaks none
    strict = search.solve(problem, fresh=fresh, time_limit=3)
    if solution.complete and strict.complete:
        assert places_filled(problem, solution.crews) >= places_filled(problem, strict.crews)


@SLOW
@given(problems(), st.booleans())
def test_the_greedy_baseline_breaks_no_rule(problem, fresh):
    crews = greedy.fill(problem, fresh=fresh)
    _fixed_parts_hold(problem, crews, fresh)
    _, kept = fixed(problem, fresh)  # the people it keeps with the planner's reasons
    reasons = {(s, p): problem.accepted[(s, p)] for s, people in kept.items() for p in people}
    assert unexplained(problem, crews, reasons) == []


@SMALL
@given(problems(max_open=4, max_people=4, saved_open=False, reasons=False))
def test_on_small_weeks_no_plan_fills_more_places_than_the_solver(problem):
    _fills_what_a_brute_force_fills(problem)


# the planner kept a trainee (not gate-eligible) with a reason on a one-person shift: the place is still there to fill
TRAINEE = Problem(
    shifts=(Shift(1, "北门", WEEK_START, WEEK_START + dt.timedelta(hours=8), 1),), crews={1: [1]},
    accepted={(1, 1): "training"}, context=(), context_crews={},
    people={1: Person(1, "p1", "grid", None), 2: Person(2, "p2", "property", None, gate_eligible=True)},
    rules=Rules(), now=WEEK_START, monday=MONDAY)


@SMALL
@given(problems(max_open=3, max_people=4, saved_open="kept"))
@example(TRAINEE)
def test_on_small_weeks_with_people_kept_by_the_planner_no_plan_fills_more_places_than_the_solver(problem):
    _fills_what_a_brute_force_fills(problem)


def _fills_what_a_brute_force_fills(problem) -> None:
    solution = search.solve(problem, time_limit=10)
    assert solution.complete
    assert unexplained(problem, solution.crews, solution.accepted) == []
    best = best_by_brute_force(problem)
    filled = places_filled(problem, solution.crews)
    assert filled == best
    # the places it leaves open are named, each with how many it has
    open_shifts = [s for s in problem.shifts if problem.is_open(s)]
    gaps = explain.unfilled(problem, solution.crews)
    started = places_filled(problem, {s.id: problem.crews[s.id] for s in problem.shifts if not problem.is_open(s)})
    assert sum(u.required - u.filled for u in gaps) == sum(s.required for s in open_shifts) - (best - started)
