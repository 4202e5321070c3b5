"""Why a place stays open, in words: who could have stood there, and what stops each of the others.

Counted on the plan as made: for each open shift with fewer people than it needs, the gate-eligible people active
then, and of them those the rules about one person (declared unavailability, another shift at that time, too little
rest, too many hours that day or week) leave free to take it beside their planned shifts."""


from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from coordpanel.core.i18n import day_label, t
from coordpanel.core.vocab import ANCHOR_TIERS
from coordpanel.roster.rules import Person, Shift, is_active_at
from coordpanel.roster.scheduler.problem import Problem, declared_unavailable, minutes_by_day, minutes_by_week

# the first of these that stops a person is the one counted for them
REASONS = ("unavailable", "no_overlap", "min_rest_hours", "max_hours_day", "max_hours_week")


@dataclass(frozen=True)
class Unfilled:
    shift_id: int
    gate: str
    gate_en: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    required: int
    filled: int
    eligible: int  # gate-eligible people active then (those on the shift included)
    free: int  # of them, not on it, whom no rule stops from taking it beside their planned shifts
    anchors_free: int  # of the free, property members and cadres
    led: bool  # the crew has a property member or cadre
    stopped: Mapping[str, int] = field(default_factory=dict)  # reason -> people it stops
    cut_short: bool = False  # the search stopped at its time limit: more might have fitted
    rest_hours: float = 8  # the rules' minimum rest, for the words of "not rested"


def unfilled(problem: Problem, crews: Mapping[int, list[int]], *, cut_short: bool = False) -> list[Unfilled]:
    """Every open shift of the week left with fewer gate-eligible active people than it needs, in time order."""
    mine: dict[int, list[Shift]] = defaultdict(list)
    for s in problem.context:
        for pid in problem.context_crews.get(s.id, []):
            mine[pid].append(s)
    for s in problem.shifts:
        for pid in crews.get(s.id, []):
            mine[pid].append(s)
    out = []
    for shift in problem.shifts:
        if not problem.is_open(shift):
            continue
        on = set(crews.get(shift.id, []))
        crew = [problem.people[p] for p in on if p in problem.people]
        counted = [p for p in crew if p.gate_eligible and is_active_at(p, shift.starts_at)]
        if len(counted) >= shift.required:
            continue
        eligible = [p for p in problem.people.values() if p.gate_eligible and is_active_at(p, shift.starts_at)]
        stopped: Counter[str] = Counter()
        free = []
        for person in eligible:
            if person.id in on:
                continue
            reason = _stopped_by(problem, person, shift, mine.get(person.id, []))
            if reason:
                stopped[reason] += 1
            else:
                free.append(person)
        out.append(Unfilled(
            shift.id, shift.gate, problem.gate_en.get(shift.gate), shift.starts_at, shift.ends_at, shift.required,
            len(counted), len(eligible), len(free), sum(1 for p in free if p.tier in ANCHOR_TIERS),
            any(p.tier in ANCHOR_TIERS for p in counted), dict(stopped), cut_short, problem.rules.min_rest_hours))
    return out


def _stopped_by(problem: Problem, person: Person, shift: Shift, planned: list[Shift]) -> str | None:
    """The first rule about this person alone that stops them taking the shift beside their planned shifts."""
    if declared_unavailable(person, shift):
        return "unavailable"
    rest = dt.timedelta(hours=problem.rules.min_rest_hours)
    others = [s for s in planned if s.id != shift.id]
    if any(s.starts_at < shift.ends_at and shift.starts_at < s.ends_at for s in others):
        return "no_overlap"
    if any(s.starts_at < shift.ends_at + rest and shift.starts_at < s.ends_at + rest for s in others):
        return "min_rest_hours"
    for rule, limit, split in (("max_hours_day", problem.rules.max_hours_day, minutes_by_day),
                               ("max_hours_week", problem.rules.max_hours_week, minutes_by_week)):
        used: Counter = Counter()
        for s in others:
            used.update(split(s))
        if any(used[key] + minutes > round(limit * 60) for key, minutes in split(shift).items()):
            return rule
    return None


def describe(u: Unfilled, lang: str) -> str:
    """One line a planner reads: "北门 2月20日 00:00–08:00：需要 2 人，已排 1 人；…"."""
    gate = u.gate_en if lang == "en" and u.gate_en else u.gate
    where = f"{gate} {day_label(u.starts_at, lang)} {u.starts_at:%H:%M}–{u.ends_at:%H:%M}"
    text = t("scheduler.unfilled", lang, required=u.required, filled=u.filled, free=u.free, eligible=u.eligible)
    parts = [t(f"scheduler.stopped.{rule}", lang, n=u.stopped[rule], rest=f"{u.rest_hours:g}") for rule in REASONS
             if u.stopped.get(rule)]
    if parts:
        text += t("scheduler.stopped_list", lang, list=("，" if lang != "en" else ", ").join(parts))
    if u.free and not u.led and not u.anchors_free:
        text += t("scheduler.no_anchor_free", lang)
    if u.cut_short:
        text += t("scheduler.cut_short", lang)
    return f"{where}：{text}" if lang != "en" else f"{where}: {text}"
