"""What the auto-scheduler works on: a week's shifts (some still to be created from the gate templates), the crews
fixed around them (started shifts, the weeks before and after), the people and the rule values."""


from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from coordpanel import roster
from coordpanel.roster.rules import Person, Rules, Shift

# the soft rules a planner may let the scheduler break to fill places. Not offered: the gate-eligibility rule (a
# person who is not gate-eligible fills no place), and overlap and rest, which it always keeps, even where a
# deployment has made them soft.
BREAKABLE = ("max_hours_week", "max_hours_day", "unavailable", "property_or_cadre")


@dataclass(frozen=True)
class NewShift:
    """A shift a gate template would create: planned with a negative id, created when the plan is saved."""

    gate_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    required: int


@dataclass(frozen=True)
class Problem:
    shifts: tuple[Shift, ...]  # the week's shifts, started ones included, new ones with negative ids
    crews: Mapping[int, list[int]]  # the week's crews as saved (new shifts have none)
    accepted: Mapping[tuple[int, int], str]  # reasons the planner gave for soft rules, as saved
    context: tuple[Shift, ...]  # the saved shifts of the weeks before and after
    context_crews: Mapping[int, list[int]]
    people: Mapping[int, Person]
    rules: Rules
    now: dt.datetime  # shifts starting before this are history and never change
    monday: dt.date
    new_shifts: Mapping[int, NewShift] = field(default_factory=dict)
    gate_en: Mapping[str, str] = field(default_factory=dict)  # gate name -> English name, for the words

    @property
    def week_start(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time())

    def is_open(self, shift: Shift) -> bool:
        return shift.starts_at >= self.now

    def violations(self, crews: Mapping[int, list[int]]) -> list[roster.rules.Violation]:
        """Every violation of the week's shifts with these crews, the weeks around them as saved."""
        every = {**self.context_crews, **{s: list(c) for s, c in crews.items()}}
        return roster.rules.check([*self.context, *self.shifts], every, self.people, self.rules,
                                  focus={s.id for s in self.shifts})

    def existing(self) -> frozenset[tuple]:
        """The violations the week has as saved, on today's data (roster.week.violation_keys: test a violation
        with roster.week.already_there)."""
        return roster.week.violation_keys(self.violations(self.crews))


def from_week(week: roster.week.Week, rules: Rules, now: dt.datetime, templates: list[dict] | None = None) -> Problem:
    """The problem of a loaded week; with `templates` (roster/templates rows), the template shifts the week lacks
    that have not started are added as new shifts, as roster.templates.generate_shifts would create them."""
    shifts = week.shift_objects()
    new: dict[int, NewShift] = {}
    if templates:
        taken = {(int(r.gate_id), r.starts_at) for r in week.shifts.itertuples()}
        for day in range(7):
            date = week.monday + dt.timedelta(days=day)
            for tpl in templates:
                starts = dt.datetime.combine(date, tpl["starts"])
                if starts < now or (tpl["gate_id"], starts) in taken:
                    continue
                ends = starts + dt.timedelta(hours=float(tpl["hours"]))
                sid = -(len(new) + 1)
                new[sid] = NewShift(tpl["gate_id"], starts, ends, int(tpl["required"]))
                shifts.append(Shift(sid, tpl["gate"], starts, ends, int(tpl["required"])))
                taken.add((tpl["gate_id"], starts))
    shifts.sort(key=lambda s: (s.starts_at, s.gate, s.id))
    gate_en = {r.gate: r.gate_en for r in week.shifts.itertuples() if r.gate_en}
    return Problem(
        shifts=tuple(shifts), crews={**{s.id: [] for s in shifts}, **week.crews}, accepted=dict(week.accepted),
        context=tuple(week.before + week.after), context_crews={**week.before_crews, **week.after_crews},
        people=week.people, rules=rules, now=now, monday=week.monday, new_shifts=new, gate_en=gate_en,
    )


def conflict(a: Shift, b: Shift, rest_hours: float) -> bool:
    """Whether one person may not work both: they overlap, or the rest between them is shorter than the minimum.
    (Pairwise, this is exactly what the checker's overlap and rest rules forbid together.)"""
    rest = dt.timedelta(hours=rest_hours)
    return a.starts_at < b.ends_at + rest and b.starts_at < a.ends_at + rest


@functools.lru_cache(maxsize=1 << 16)
def minutes_by_day(shift: Shift) -> dict[dt.date, int]:
    """Minutes of the shift on each calendar day (cached: shifts are immutable; callers only read the result)."""
    return {day: round(hours * 60) for day, hours in roster.rules.hours_by_day(shift.starts_at, shift.ends_at).items()}


@functools.lru_cache(maxsize=1 << 16)
def minutes_by_week(shift: Shift) -> dict[dt.date, int]:
    out: dict[dt.date, int] = {}
    for day, minutes in minutes_by_day(shift).items():
        monday = day - dt.timedelta(days=day.weekday())
        out[monday] = out.get(monday, 0) + minutes
    return out


def week_minutes(shift: Shift, monday: dt.date) -> int:
    """Minutes of the shift inside the calendar week starting on `monday`."""
    week_start = dt.datetime.combine(monday, dt.time())
    start, end = max(shift.starts_at, week_start), min(shift.ends_at, week_start + dt.timedelta(days=7))
    return max(0, round((end - start) / dt.timedelta(minutes=1)))


def night_minutes(shift: Shift) -> int:
    """Minutes of the shift between 00:00 and 08:00."""
    total, day = 0, shift.starts_at.date() - dt.timedelta(days=1)
    while dt.datetime.combine(day, dt.time()) < shift.ends_at:
        night_start = dt.datetime.combine(day, dt.time())
        night_end = night_start + dt.timedelta(hours=8)
        overlap = min(shift.ends_at, night_end) - max(shift.starts_at, night_start)
        total += max(0, round(overlap / dt.timedelta(minutes=1)))
        day += dt.timedelta(days=1)
    return total


def is_night(shift: Shift) -> bool:
    """A night shift: more than half of it falls between 00:00 and 08:00 (the 00:00–08:00 shift, not the 07:00 one)."""
    return night_minutes(shift) * 2 > (shift.ends_at - shift.starts_at) / dt.timedelta(minutes=1)


def fixed(problem: Problem, fresh: bool) -> tuple[dict[int, list[Shift]], dict[int, list[int]]]:
    """(person -> shifts they stay on, open shift -> people kept on it). People stay on the weeks around, on the
    week's started shifts and (unless planning afresh) on open shifts where the planner accepted a soft rule with a
    reason, while they are still active then: that was the planner's decision."""
    on: dict[int, list[Shift]] = defaultdict(list)
    kept: dict[int, list[int]] = defaultdict(list)
    for s in problem.context:
        for pid in problem.context_crews.get(s.id, []):
            on[pid].append(s)
    for s in problem.shifts:
        for pid in problem.crews.get(s.id, []):
            person = problem.people.get(pid)
            if not problem.is_open(s):
                on[pid].append(s)
            elif (not fresh and person is not None and (problem.accepted.get((s.id, pid)) or "").strip()
                  and roster.rules.is_active_at(person, s.starts_at)):
                kept[s.id].append(pid)
                on[pid].append(s)
    return on, kept


def may_take(problem: Problem, person: Person, shift: Shift, already: list[Shift], allow: frozenset[str] = frozenset()) -> bool:
    """Whether the rules about one person alone let them take the shift beside the shifts they are on (`already`):
    active, gate-eligible, no overlap or short rest, not declared unavailable (unless allowed)."""
    if not person.gate_eligible or not roster.rules.is_active_at(person, shift.starts_at):
        return False
    if any(conflict(shift, other, problem.rules.min_rest_hours) for other in already):
        return False
    return "unavailable" in allow or not declared_unavailable(person, shift)


def declared_unavailable(person: Person, shift: Shift) -> bool:
    return any(a < shift.ends_at and b > shift.starts_at for a, b, _ in person.unavailable)
