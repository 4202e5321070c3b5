"""Who can take a shift, ranked, and why the others cannot; shifts left open by absent people."""


from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from coordpanel import roster
from coordpanel.core.vocab import ANCHOR_TIERS


@dataclass(frozen=True)
class Candidate:
    person: roster.rules.Person
    hours_this_week: float
    rest_before: float | None  # hours since their previous shift ended; None: no shift before
    reasons: tuple[roster.rules.Violation, ...]  # why not, when not offered

    @property
    def offered(self) -> bool:
        return not self.reasons


def candidates(week: roster.week.Week, crews: roster.week.Crews, shift_id: int, rules: roster.rules.Rules) -> list[Candidate]:
    """Everyone of the compound for one shift: those who can take it first, ranked by fewest hours this week,
    then longest rest, then the tier the shift still needs; then the others, each with the rules that stop them
    (or the unavailability they declared for that time).

    Only the person's own shifts are checked, with and without this one, so ranking a hundred people stays cheap."""
    return roster.week._memo(week, "candidates", (roster.week._crews_key(crews), shift_id, rules.key),
                 lambda: _candidates(week, crews, shift_id, rules))


def _candidates(week: roster.week.Week, crews: roster.week.Crews, shift_id: int, rules: roster.rules.Rules) -> list[Candidate]:
    context, every_crew = week.context(crews)
    all_shifts = {s.id: s for s in context}
    week_shifts = {int(s) for s in week.shifts["shift_id"]}
    shift = all_shifts[shift_id]
    crew = set(crews.get(shift_id, []))
    needs_anchor = not any(week.people[p].tier in ANCHOR_TIERS and roster.rules.is_active_at(week.people[p], shift.starts_at)
                           for p in crew if p in week.people)
    own: dict[int, list[roster.rules.Shift]] = defaultdict(list)
    for s, people in every_crew.items():
        for p in people:
            own[p].append(all_shifts[s])
    out = []
    for person in week.people.values():
        if person.id in crew:
            continue
        mine = [s for s in own.get(person.id, []) if s.id != shift_id]

        def person_rules(shifts: list[roster.rules.Shift], pid: int = person.id, who: roster.rules.Person = person) -> list:
            found = roster.rules.check(shifts, {s.id: [pid] for s in shifts}, {pid: who}, rules, focus=week_shifts)
            return [v for v in found if v.person_id == pid]

        before = {(v.rule, v.shift_id) for v in person_rules(mine)}
        new = tuple(sorted((v for v in person_rules([*mine, shift]) if (v.rule, v.shift_id) not in before),
                           key=lambda v: v.rule))
        hours = sum(s.hours for s in mine if week.start <= s.starts_at < week.end)
        ended = [s.ends_at for s in mine if s.ends_at <= shift.starts_at]
        rest = (shift.starts_at - max(ended)) / roster.rules.HOUR if ended else None
        out.append(Candidate(person, hours, rest, new))

    def rank(c: Candidate):
        anchor_first = 0 if (needs_anchor and c.person.tier in ANCHOR_TIERS) else 1
        return (not c.offered, anchor_first, c.hours_this_week, -(c.rest_before if c.rest_before is not None else 1e9), c.person.name)

    return sorted(out, key=rank)


def affected_shifts(week: roster.week.Week, now: dt.datetime) -> list[tuple[int, int]]:
    """(shift id, person id) for every future shift of the week with someone on it who is no longer active then,
    or who declared they cannot be on duty at that time."""
    out = []
    for r in week.shifts.itertuples():
        if r.starts_at < now:
            continue
        for pid in week.crews.get(r.shift_id, []):
            person = week.people.get(pid)
            declared = any(start < r.ends_at and end > r.starts_at for _, start, end, _ in week.unavailable.get(pid, ()))
            if person is not None and (not roster.rules.is_active_at(person, r.starts_at) or declared):
                out.append((r.shift_id, pid))
    return out
