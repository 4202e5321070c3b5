"""A compound's roster week as the planner edits it: loaded with the day before, checked, copied, cleared.

Also the rule values from the settings, and results memoised on the week for pages that rerun on every click."""


from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from coordpanel import roster
from coordpanel.core import clock, settings
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused


def load_rules(db: Database) -> roster.rules.Rules:
    """The roster rules with the values of the setting table (the checker, the editor and the CLI use the same)."""
    return roster.rules.Rules.from_settings(settings.read(db).rules)


def load(db: Database, compound_id: int, start: dt.datetime, end: dt.datetime):
    """(shifts, assignments, people) of shifts starting in [start, end), as the rule functions take them."""
    shifts = [
        roster.rules.Shift(r["shift_id"], r["gate"], r["starts_at"], r["ends_at"], r["required"])
        for r in db.records("roster/staffing", compound_id=compound_id, **{"from": start, "to": end})
    ]
    crews: dict[int, list[int]] = defaultdict(list)
    for shift_id, person_id, _reason in db.rows("roster/assignments", compound_id=compound_id, **{"from": start, "to": end}):
        crews[shift_id].append(person_id)
    people = {r["id"]: roster.rules.Person(**r) for r in db.records("people/for_roster", compound_id=compound_id)}
    return shifts, dict(crews), people


def check_week(db: Database, compound_id: int, monday: dt.date) -> list[roster.rules.Violation]:
    """Every rule violation of a week's roster. Shifts of the day before are read too, so rest and overlap at the
    week's start are checked; violations are reported only for the week's own shifts."""
    start = dt.datetime.combine(monday, dt.time())
    end = start + dt.timedelta(days=7)
    shifts, crews, people = load(db, compound_id, start - dt.timedelta(days=1), end)
    own = {s.id for s in shifts if s.starts_at >= start}
    return [v for v in roster.rules.check(shifts, crews, people, load_rules(db)) if v.shift_id in own]

Crews = dict[int, list[int]]  # shift id -> person ids
Accepted = dict[tuple[int, int], str]  # (shift id, person id) -> the reason a planner gave for a soft rule


@dataclass
class Week:
    """One compound's roster week as the planner edits it."""

    compound_id: int
    monday: dt.date
    shifts: pd.DataFrame  # roster/staffing rows of the week
    crews: Crews
    accepted: Accepted
    people: dict[int, roster.rules.Person]
    version: int
    saved_by: str | None
    saved_at: dt.datetime | None
    # shifts of the day before the week, so rest and overlap at the week's start are checked
    before: list[roster.rules.Shift] = field(default_factory=list)
    before_crews: Crews = field(default_factory=dict)
    # declared unavailability overlapping the week: person id → [(id, start, end, note)]
    unavailable: dict[int, list[tuple[int, dt.datetime, dt.datetime, str | None]]] = field(default_factory=dict)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time())

    def shift_objects(self) -> list[roster.rules.Shift]:
        return [roster.rules.Shift(r.shift_id, r.gate, r.starts_at, r.ends_at, r.required) for r in self.shifts.itertuples()]


def load_week(db: Database, compound_id: int, monday: dt.date) -> Week:
    monday = clock.week_start(monday)
    # the version is read before the crews: a save landing in between then makes the next save a conflict,
    # instead of pairing old crews with the new version
    version = db.records("roster/week_version", compound_id=compound_id, week_start=monday)
    start = dt.datetime.combine(monday, dt.time())
    window = {"from": start - dt.timedelta(days=1), "to": start + dt.timedelta(days=7)}
    shifts = db.df("roster/staffing", compound_id=compound_id, **window)
    crews: Crews = defaultdict(list)
    accepted: Accepted = {}
    for shift_id, person_id, reason in db.rows("roster/assignments", compound_id=compound_id, **window):
        crews[shift_id].append(person_id)
        if reason:
            accepted[(shift_id, person_id)] = reason
    own = shifts[shifts["starts_at"] >= start].reset_index(drop=True)
    earlier = shifts[shifts["starts_at"] < start]
    unavailable = _unavailable(db, compound_id, window)
    people = {r["id"]: roster.rules.Person(**r, unavailable=tuple((start, end, note) for _, start, end, note in unavailable.get(r["id"], ())))
              for r in db.records("people/for_roster", compound_id=compound_id)}
    return Week(
        compound_id=compound_id, monday=monday, shifts=own,
        crews={s: list(crews.get(s, [])) for s in own["shift_id"]},
        accepted={k: v for k, v in accepted.items() if k[0] in set(own["shift_id"])},
        people=people,
        version=version[0]["version"] if version else 0,
        saved_by=version[0]["saved_by"] if version else None,
        saved_at=version[0]["saved_at"] if version else None,
        before=[roster.rules.Shift(r.shift_id, r.gate, r.starts_at, r.ends_at, r.required) for r in earlier.itertuples()],
        before_crews={s: list(crews.get(s, [])) for s in earlier["shift_id"]},
        unavailable=unavailable,
    )


def _unavailable(db: Database, compound_id: int, window: dict) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for r in db.records("roster/unavailable", compound_id=compound_id, **window):
        out[r["person_id"]].append((r["id"], r["starts_at"], r["ends_at"], r["note"]))
    return dict(out)


def _memo(week: Week, kind: str, key: tuple, compute):
    """Results kept on the (read-only) week object: a page reruns on every click with the same crews."""
    store = week.__dict__.setdefault("_memo", {})
    found = store.get((kind, key))
    if found is None:
        if len(store) > 256:
            store.clear()  # another session may clear it too: the result is returned from here, not re-read
        found = store[(kind, key)] = compute()
    return found


def _crews_key(crews: Crews) -> tuple:
    return tuple(sorted((s, tuple(sorted(c))) for s, c in crews.items()))


def check(week: Week, crews: Crews, rules: roster.rules.Rules) -> list[roster.rules.Violation]:
    """Every violation of the week's shifts with these crews (the day before counts for rest and overlap)."""
    return _memo(week, "check", (_crews_key(crews), rules.key), lambda: _check(week, crews, rules))


def _check(week: Week, crews: Crews, rules: roster.rules.Rules) -> list[roster.rules.Violation]:
    own = {int(s) for s in week.shifts["shift_id"]}
    found = roster.rules.check(week.before + week.shift_objects(), {**week.before_crews, **crews}, week.people, rules)
    return [v for v in found if v.shift_id in own]


def blocking(violations: list[roster.rules.Violation], accepted: Mapping[tuple[int, int], str],
             existing: frozenset[tuple] = frozenset()) -> list[roster.rules.Violation]:
    """Hard violations, and soft ones about a person that the planner has not accepted with a reason.
    Soft rules about a whole shift (headcount, the property-or-cadre rule) show as gaps and never block, and neither
    does a violation the saved week already had (someone on a shift fell ill): it is shown, and fixing the other
    shifts must stay possible."""
    out = []
    for v in violations:
        if (v.rule, v.shift_id, v.person_id) in existing:
            continue
        if v.severity == "hard":
            out.append(v)
        elif v.person_id is not None and not (accepted.get((v.shift_id, v.person_id)) or "").strip():
            out.append(v)
    return out


def saved_violations(week: Week, rules: roster.rules.Rules) -> frozenset[tuple]:
    """(rule, shift, person) of every violation the week has as saved; computed once per week and rules."""
    memo = week.__dict__.setdefault("_saved_violations", {})
    if rules.key not in memo:
        memo[rules.key] = frozenset((v.rule, v.shift_id, v.person_id) for v in check(week, week.crews, rules))
    return memo[rules.key]


def copy_previous(db: Database, week: Week, mode: str) -> Crews:
    """Crews for this week taken from the previous week's same gate, weekday and time: into empty shifts only
    ("fill") or replacing every crew ("replace"). Nothing is saved; the planner reviews and saves."""
    if mode not in ("fill", "replace"):
        raise Refused("roster.bad_copy_mode", mode=mode)
    previous = load_week(db, week.compound_id, week.monday - dt.timedelta(days=7))
    by_slot = {(r.gate_id, r.starts_at + dt.timedelta(days=7)): previous.crews.get(r.shift_id, [])
               for r in previous.shifts.itertuples()}
    crews = {s: list(c) for s, c in week.crews.items()}
    for r in week.shifts.itertuples():
        source = by_slot.get((r.gate_id, r.starts_at))
        if source is None:
            continue
        if mode == "replace" or not crews.get(r.shift_id):
            crews[r.shift_id] = list(source)
    return crews


def cleared(week: Week, now: dt.datetime) -> Crews:
    """Empty crews for every shift of the week that has not started."""
    return {r.shift_id: ([] if r.starts_at >= now else list(week.crews.get(r.shift_id, []))) for r in week.shifts.itertuples()}


def history(db: Database, shift_id: int) -> list[dict]:
    return db.records("audit/shift_history", prefix=f"{shift_id}:")


def staffed(week: Week, crews: Crews) -> tuple[int, int]:
    """(places filled, places required) over the week's shifts; people beyond a shift's headcount fill nothing."""
    required = week.shifts["required"].tolist()
    filled = sum(min(len(crews.get(sid, ())), need) for sid, need in zip(week.shifts["shift_id"].tolist(), required, strict=True))
    return filled, sum(required)


def only(week: Week, person_id: int) -> Week:
    """The week with every crew cut down to one person: their own roster, for "my shifts" and their calendar."""
    return dataclasses.replace(week, crews={s: [p for p in c if p == person_id] for s, c in week.crews.items()})
