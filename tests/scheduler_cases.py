"""Scheduler problems drawn by hypothesis, and what a plan may break (shared by the scheduler's unit and slow tests).

A problem is a pure scheduler.problem.Problem: a few gates, one to three days of the week (Monday to Wednesday, with
the Sunday before as context, or Friday to Sunday, with the Monday after), shifts of varied lengths and starts (some
crossing midnight, one to three places), two to eight people of every tier, status and eligibility, some declared
unavailable, saved crews (some breaking rules already) with some reasons, a moment `now` that has some shifts
started, and rule values and severities from small sets so the edges are hit."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping

from hypothesis import strategies as st

from coordpanel.roster.rules import Person, Rules, Shift, Violation, is_active_at
from coordpanel.roster.scheduler.problem import BREAKABLE, Problem, fixed

MONDAY = dt.date(2020, 2, 17)
WEEK_START = dt.datetime.combine(MONDAY, dt.time())
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
GATES = ("北门", "南门", "东门")
TIERS = ("grid", "property", "volunteer", "cadre")
STATUSES = ("active", "active", "active", "sick", "quarantined", "left")
SEVERITY_RULES = ("no_overlap", "min_rest_hours", "max_hours_day", "max_hours_week", "gate_eligible", "active_only",
                  "headcount", "property_or_cadre", "unavailable")

START_HOUR = st.sampled_from((0, 6, 7, 8, 12, 16, 20, 22))
LENGTH = st.sampled_from((2, 4, 6, 8, 9, 12))
REQUIRED = st.integers(1, 3)
SEVERITY = st.sampled_from(("soft", "soft", "hard"))
RULE_VALUES = st.tuples(st.sampled_from((0, 4, 8, 12)), st.sampled_from((4, 8, 12, 16)), st.sampled_from((8, 16, 24, 48)))
REASON = st.sampled_from(("", "  ", "planner's choice"))


def _shift(draw, sid: int, day: dt.datetime, gate: str) -> Shift:
    start = day + draw(START_HOUR) * HOUR
    return Shift(sid, gate, start, start + draw(LENGTH) * HOUR, draw(REQUIRED))


@st.composite
def problems(draw, max_open: int = 8, max_people: int = 8, saved_open: bool | str = True, reasons: bool = True) -> Problem:
    """A scheduler problem. `max_open` bounds the shifts that have not started, `max_people` the people;
    without `saved_open` the open shifts have no saved crew, with saved_open="kept" only people saved with a reason,
    without `reasons` nobody has a saved reason."""
    first = draw(st.sampled_from((0, 4)))
    days = draw(st.integers(1, 3))
    gates = GATES[:draw(st.integers(1, 3))]
    shifts: list[Shift] = []
    for d in range(days):
        for gate in gates:
            for _ in range(draw(st.integers(0, 2))):
                shifts.append(_shift(draw, len(shifts) + 1, WEEK_START + (first + d) * DAY, gate))
    if not shifts:
        shifts.append(_shift(draw, 1, WEEK_START + first * DAY, gates[0]))
    # now: the week's start, or a moment inside the drawn days (shifts before it have started)
    now = WEEK_START + first * DAY + draw(st.integers(0, days * 6)) * 4 * HOUR
    open_ids = [s.id for s in sorted(shifts, key=lambda s: s.starts_at) if s.starts_at >= now]
    # too many open shifts: the latest ones go (the started ones stay, as history)
    shifts = [s for s in shifts if s.starts_at < now or s.id in open_ids[:max_open]]

    # the neighbouring week's shifts: the Sunday evening before Monday, or the Monday after Sunday
    context_day = WEEK_START - DAY if first == 0 else WEEK_START + 7 * DAY
    context = [_shift(draw, 100 + n, context_day, draw(st.sampled_from(gates))) for n in range(draw(st.integers(0, 2)))]

    n_people = draw(st.integers(2, max_people))
    days_of = [(WEEK_START + (first + d) * DAY).date() for d in range(-1, days + 1)]
    people: dict[int, Person] = {}
    for pid in range(1, n_people + 1):
        status = draw(st.sampled_from(STATUSES))
        since = None if status == "active" else draw(st.none() | st.sampled_from(days_of))
        unavailable = ()
        if draw(st.integers(0, 3)) == 0:
            start = WEEK_START + (first + draw(st.integers(-1, days))) * DAY + draw(START_HOUR) * HOUR
            unavailable = ((start, start + draw(st.sampled_from((2, 8, 24))) * HOUR, None),)
        people[pid] = Person(pid, f"p{pid}", draw(st.sampled_from(TIERS)), None, status=status, status_since=since,
                             gate_eligible=draw(st.integers(0, 4)) > 0, unavailable=unavailable)
    crew = st.lists(st.sampled_from(sorted(people)), unique=True, max_size=3)

    # in the week's order, as from_week makes them: of two shifts with the same start, the checker reports an
    # overlap against the one later in the crews' order
    shifts.sort(key=lambda s: (s.starts_at, s.gate, s.id))
    crews: dict[int, list[int]] = {}
    accepted: dict[tuple[int, int], str] = {}
    for s in shifts:
        crews[s.id] = draw(crew) if (saved_open or s.starts_at < now) else []
        kept_only = saved_open == "kept" and s.starts_at >= now
        for pid in crews[s.id]:
            reason = "planner's choice" if kept_only else draw(REASON) if reasons else ""
            if reason:
                accepted[(s.id, pid)] = reason
    context_crews = {s.id: draw(crew) for s in context}

    rest, day_cap, week_cap = draw(RULE_VALUES)
    severity = {rule: draw(SEVERITY) for rule in SEVERITY_RULES}
    rules = Rules(min_rest_hours=rest, max_hours_day=day_cap, max_hours_week=week_cap, severity=severity)
    return Problem(shifts=tuple(shifts), crews=crews,
                   accepted=accepted, context=tuple(context), context_crews=context_crews, people=people, rules=rules,
                   now=now, monday=MONDAY)


ALLOW = st.lists(st.sampled_from((*BREAKABLE, "no_overlap", "gate_eligible")), unique=True, max_size=3).map(tuple)


def allowed(problem: Problem, allow) -> frozenset[str]:
    """The rules a plan may break when asked to: breakable and soft (anything else asked for is ignored)."""
    return frozenset(r for r in allow if r in BREAKABLE and problem.rules.severity.get(r) == "soft")


def unexplained(problem: Problem, crews: Mapping[int, list[int]], accepted: Mapping[tuple[int, int], str],
                allow=(), *, by_reason: bool = True) -> list[Violation]:
    """The violations of the plan that nothing excuses: not headcount (a place left open), not one the week as saved
    already had, not a rule about a person kept with the planner's reason (nor the missing property member or
    cadre of a crew so kept), not a rule it was allowed to break. Without `by_reason`, a reason excuses only that
    missing property member or cadre (a brute force must not take a reason given for one rule as leave to break
    another)."""
    existing = problem.existing()
    may = allowed(problem, allow)
    over = _hours_over(problem.violations(problem.crews))
    open_ids = {s.id for s in problem.shifts if problem.is_open(s)}
    out = []
    for v in problem.violations(crews):
        if v.rule == "headcount" or v.rule in may:
            continue
        hours = _hours_over([v])
        if hours:
            # too many hours that the saved week already had, and no more of them: the checker reports them against
            # the person's last shift in the day or week, which moves when the plan takes a later one away
            if all(over.get(key, -1) >= worked for key, worked in hours.items()):
                continue
        elif (v.rule, v.shift_id, v.person_id) in existing and not (v.rule == "property_or_cadre" and v.shift_id in open_ids):
            # (an open shift's crew is the plan's: that it lacks a property member or cadre is the plan's doing, as
            # the saved crew's lacking one was the planner's; excused below only for a crew the planner's reasons keep)
            continue
        if by_reason and v.person_id is not None and (accepted.get((v.shift_id, v.person_id)) or "").strip():
            continue
        # a crew kept with the planner's reasons that no property member or cadre can join: kept as decided
        if v.rule == "property_or_cadre" and any((v.shift_id, p) in accepted for p in crews.get(v.shift_id, [])):
            continue
        out.append(v)
    return out


def _hours_over(violations) -> dict[tuple, float]:
    """(rule, person, day or week) -> hours, of the hours rules' violations."""
    return {(v.rule, v.person_id, v.params.get("day", v.params.get("week"))): v.params["hours"]
            for v in violations if v.rule in ("max_hours_day", "max_hours_week")}


def places_filled(problem: Problem, crews: Mapping[int, list[int]]) -> int:
    """Places filled as the checker counts them: active gate-eligible people, at most the shift's headcount."""
    total = 0
    for s in problem.shifts:
        people = [problem.people[p] for p in crews.get(s.id, []) if p in problem.people]
        total += min(s.required, sum(1 for p in people if p.gate_eligible and is_active_at(p, s.starts_at)))
    return total


def best_by_brute_force(problem: Problem) -> int:
    """The most places any plan of the open shifts fills that breaks nothing `unexplained` does not excuse: the people
    kept with the planner's reasons stay (as the scheduler keeps them), and every set of the others is tried on every
    open shift, after dropping the sets that break a rule about that shift alone."""
    _, kept = fixed(problem, False)
    reasons = {(s, p): problem.accepted[(s, p)] for s, people in kept.items() for p in people}
    base = {s.id: list(problem.crews.get(s.id, [])) for s in problem.shifts if not problem.is_open(s)}
    base |= {s.id: list(kept.get(s.id, [])) for s in problem.shifts if problem.is_open(s)}
    open_shifts = [s for s in problem.shifts if problem.is_open(s)]

    def clean(crews) -> bool:
        return not unexplained(problem, crews, reasons, by_reason=False)

    options = []
    for s in open_shifts:
        others = [p for p in sorted(problem.people) if p not in kept.get(s.id, [])]
        subsets = [[*kept.get(s.id, []), *c] for n in range(len(others) + 1) for c in itertools.combinations(others, n)]
        # a crew that breaks a rule on its own shift (or against the started shifts) breaks it in every plan
        options.append([c for c in subsets if clean({**base, s.id: c})])
    best = -1
    for choice in itertools.product(*options):
        crews = {**base, **{s.id: c for s, c in zip(open_shifts, choice, strict=True)}}
        if clean(crews):
            best = max(best, places_filled(problem, crews))
    return best
