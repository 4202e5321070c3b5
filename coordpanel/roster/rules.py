"""Gate-roster rules as pure functions: shifts + assignments + people + settings -> violations.

The same rule objects serve the editor's warnings, the save check, the CLI and the demo builder.
Intervals are half-open [start, end), so back-to-back shifts do not overlap; shifts may cross midnight."""


from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from coordpanel.core.vocab import ANCHOR_TIERS

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Shift:
    id: int
    gate: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    required: int

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at) / HOUR


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    tier: str
    group_code: str | None
    status: str = "active"
    status_since: dt.date | None = None
    gate_eligible: bool = False
    # times they said they cannot be on duty: (start, end, why), half-open
    unavailable: tuple[tuple[dt.datetime, dt.datetime, str | None], ...] = ()


@dataclass(frozen=True)
class Rules:
    """Rule values and severities, read from the `setting` table (keys rule.*)."""

    min_rest_hours: float = 8
    max_hours_day: float = 12
    max_hours_week: float = 48
    severity: Mapping[str, str] = field(
        default_factory=lambda: {
            "no_overlap": "hard",
            "min_rest_hours": "hard",
            "max_hours_day": "soft",
            "max_hours_week": "soft",
            "gate_eligible": "soft",
            "active_only": "hard",
            "headcount": "soft",
            "property_or_cadre": "soft",
            "unavailable": "soft",
        }
    )

    @property
    def key(self) -> tuple:
        """A hashable identity of these rule values, for memos."""
        return (self.min_rest_hours, self.max_hours_day, self.max_hours_week, tuple(sorted(self.severity.items())))

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> Rules:
        """Build from {key: json text}; unknown or missing keys keep their defaults."""
        base = cls()
        values: dict[str, float] = {}
        severity = dict(base.severity)
        for key, raw in settings.items():
            if not key.startswith("rule."):
                continue
            name = key.removeprefix("rule.")
            spec = json.loads(raw)
            if "value" in spec and name in ("min_rest_hours", "max_hours_day", "max_hours_week"):
                values[name] = float(spec["value"])
            if spec.get("severity") in ("hard", "soft") and name in severity:
                severity[name] = spec["severity"]
        return cls(**values, severity=severity)


@dataclass(frozen=True)
class Violation:
    rule: str
    severity: str
    shift_id: int
    person_id: int | None
    # message parameters for the translation layer (i18n key "rule.<rule>")
    params: Mapping[str, object]


def hours_by_day(start: dt.datetime, end: dt.datetime) -> dict[dt.date, float]:
    """Split [start, end) at midnights: hours falling on each calendar day."""
    out: dict[dt.date, float] = {}
    cursor = start
    while cursor < end:
        next_midnight = dt.datetime.combine(cursor.date() + dt.timedelta(days=1), dt.time())
        piece_end = min(end, next_midnight)
        out[cursor.date()] = out.get(cursor.date(), 0.0) + (piece_end - cursor) / HOUR
        cursor = piece_end
    return out


def is_active_at(person: Person, moment: dt.datetime) -> bool:
    if person.status == "active":
        return True
    # a person marked sick/quarantined/left from a date still counts before that date
    return person.status_since is not None and moment.date() < person.status_since


def check(
    shifts: Iterable[Shift],
    assignments: Mapping[int, Iterable[int]],
    people: Mapping[int, Person],
    rules: Rules = Rules(),
    focus: Collection[int] | None = None,
) -> list[Violation]:
    """Every violation of every rule, in shift order. `assignments` maps shift id -> person ids.

    `focus` (shift ids; default: every shift) is the part being checked, the other shifts its context (the weeks
    before and after the week a planner saves). Only violations that involve a focus shift are returned, each
    against a focus shift: an overlap or a short rest against the later of the two shifts, or the earlier when only
    that one is in focus; too many hours in a day or a week against the last focus shift working in it."""
    shift_by_id = {s.id: s for s in shifts}
    focus = set(shift_by_id) if focus is None else set(focus)
    out: list[Violation] = []

    def add(rule: str, shift: Shift, person_id: int | None, **params: object) -> None:
        out.append(Violation(rule, rules.severity[rule], shift.id, person_id, params))

    per_person: dict[int, list[Shift]] = defaultdict(list)
    for shift_id, person_ids in assignments.items():
        shift = shift_by_id[shift_id]
        for pid in person_ids:
            per_person[pid].append(shift)

    # rules about one shift's crew
    for shift in sorted((s for s in shift_by_id.values() if s.id in focus), key=lambda s: (s.starts_at, s.gate)):
        crew = [people[pid] for pid in assignments.get(shift.id, ()) if pid in people]
        active = [p for p in crew if is_active_at(p, shift.starts_at)]
        for person in crew:
            if person not in active:
                add("active_only", shift, person.id, name=person.name, status=person.status)
            elif not person.gate_eligible:
                add("gate_eligible", shift, person.id, name=person.name)
            for start, end, note in person.unavailable:
                if start < shift.ends_at and end > shift.starts_at:
                    add("unavailable", shift, person.id, name=person.name, start=f"{start:%m-%d %H:%M}",
                        end=f"{end:%m-%d %H:%M}", note=note or "—")
        counted = [p for p in active if p.gate_eligible]
        if len(counted) < shift.required:
            add("headcount", shift, None, filled=len(counted), required=shift.required)
        if crew and not any(p.tier in ANCHOR_TIERS for p in active):
            add("property_or_cadre", shift, None)

    for pid, own in per_person.items():
        person = people.get(pid)
        _person_rules(person.name if person else str(pid), pid, sorted(own, key=lambda s: s.starts_at), focus, rules, add)
    return out


def _person_rules(name: str, pid: int, own: list[Shift], focus: set[int], rules: Rules, add) -> None:
    """Overlap, rest and hours of one person's shifts (in start order), reported through `add`."""
    for j, later in enumerate(own):
        # an overlap is reported against the later shift, for every earlier shift it overlaps
        for earlier in own[:j]:
            if later.starts_at < earlier.ends_at:
                if later.id in focus:
                    add("no_overlap", later, pid, name=name, other_gate=earlier.gate, other_start=earlier.starts_at)
                elif earlier.id in focus:
                    add("no_overlap", earlier, pid, name=name, other_gate=later.gate, other_start=later.starts_at)
        # rest runs from the latest end of all earlier shifts, not only the one that started last
        latest = max(own[:j], key=lambda s: s.ends_at, default=None)
        if latest is not None and later.starts_at >= latest.ends_at:
            rest = (later.starts_at - latest.ends_at) / HOUR
            reported = later if later.id in focus else latest if latest.id in focus else None
            if rest < rules.min_rest_hours and reported is not None:
                add("min_rest_hours", reported, pid, name=name, rest=round(rest, 1), minimum=rules.min_rest_hours)

    day_hours: dict[dt.date, float] = defaultdict(float)
    week_hours: dict[dt.date, float] = defaultdict(float)
    last_shift_of_day: dict[dt.date, Shift] = {}
    last_shift_of_week: dict[dt.date, Shift] = {}
    for shift in own:
        for day, hours in hours_by_day(shift.starts_at, shift.ends_at).items():
            day_hours[day] += hours
            week = day - dt.timedelta(days=day.weekday())
            week_hours[week] += hours
            if shift.id in focus:
                last_shift_of_day[day] = shift
                last_shift_of_week[week] = shift
    # a week is its own unit: hours are counted in the calendar week (Monday 00:00 to Sunday 24:00) they fall in
    for day, hours in sorted(day_hours.items()):
        if hours > rules.max_hours_day and day in last_shift_of_day:
            add("max_hours_day", last_shift_of_day[day], pid, name=name, day=day, hours=round(hours, 1), maximum=rules.max_hours_day)
    for week, hours in sorted(week_hours.items()):
        if hours > rules.max_hours_week and week in last_shift_of_week:
            add("max_hours_week", last_shift_of_week[week], pid, name=name, week=week, hours=round(hours, 1),
                maximum=rules.max_hours_week)


def hard(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == "hard"]
