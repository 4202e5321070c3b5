"""A compound's roster week as the planner edits it: loaded with the weeks around it, checked, copied, cleared.

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
from coordpanel.core.redact import mask_phones_in

WEEK = dt.timedelta(days=7)


def load_rules(db: Database) -> roster.rules.Rules:
    """The roster rules with the values of the setting table (the checker, the editor and the CLI use the same)."""
    return roster.rules.Rules.from_settings(settings.read(db).rules)


def check_week(db: Database, compound_id: int, monday: dt.date) -> list[roster.rules.Violation]:
    """Every rule violation of a week's roster as saved, the weeks before and after counting for the rules that span
    time; violations are reported only for the week's own shifts."""
    week = load_week(db, compound_id, monday)
    return check(week, week.crews, load_rules(db))


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
    # the saved shifts of the weeks before and after, so that the rules spanning time (overlap, rest, hours of a
    # day crossing midnight, hours of a week) are checked across the week's edges
    before: list[roster.rules.Shift] = field(default_factory=list)
    before_crews: Crews = field(default_factory=dict)
    after: list[roster.rules.Shift] = field(default_factory=list)
    after_crews: Crews = field(default_factory=dict)
    # declared unavailability overlapping the week: person id → [(id, start, end, note)]
    unavailable: dict[int, list[tuple[int, dt.datetime, dt.datetime, str | None]]] = field(default_factory=dict)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time())

    @property
    def end(self) -> dt.datetime:
        return self.start + WEEK

    def shift_objects(self) -> list[roster.rules.Shift]:
        return _shift_objects(self.shifts)

    def context(self, crews: Crews) -> tuple[list[roster.rules.Shift], Crews]:
        """(every shift, every crew): the weeks before and after as saved, this week's shifts with `crews`."""
        return self.before + self.shift_objects() + self.after, {**self.before_crews, **self.after_crews, **crews}


def load_week(db: Database, compound_id: int, monday: dt.date) -> Week:
    """The week as saved, with the saved weeks before and after it. `db` may also be an open transaction
    (anything with `records` and `df`): a save re-reads the week inside its own transaction."""
    monday = clock.week_start(monday)
    # the version is read before the crews: a save landing in between then makes the next save a conflict,
    # instead of pairing old crews with the new version
    version = db.records("roster/week_version", compound_id=compound_id, week_start=monday)
    start = dt.datetime.combine(monday, dt.time())
    end = start + WEEK
    window = {"from": start - WEEK, "to": end + WEEK}
    shifts = db.df("roster/staffing", compound_id=compound_id, **window)
    crews: Crews = defaultdict(list)
    accepted: Accepted = {}
    for r in db.records("roster/assignments", compound_id=compound_id, **window):
        crews[r["shift_id"]].append(r["person_id"])
        if r["accepted_reason"]:
            accepted[(r["shift_id"], r["person_id"])] = r["accepted_reason"]
    own = shifts[(shifts["starts_at"] >= start) & (shifts["starts_at"] < end)].reset_index(drop=True)
    earlier, later = shifts[shifts["starts_at"] < start], shifts[shifts["starts_at"] >= end]
    # a shift of the week may end on the Monday after it: declared times up to then count
    unavailable = _unavailable(db, compound_id, {"from": start - dt.timedelta(days=1), "to": end + dt.timedelta(days=1)})
    people = {r["id"]: roster.rules.Person(**r, unavailable=tuple((a, b, note) for _, a, b, note in unavailable.get(r["id"], ())))
              for r in db.records("people/for_roster", compound_id=compound_id)}
    own_ids = set(own["shift_id"])
    return Week(
        compound_id=compound_id, monday=monday, shifts=own,
        crews={s: list(crews.get(s, [])) for s in own["shift_id"]},
        accepted={k: v for k, v in accepted.items() if k[0] in own_ids},
        people=people,
        version=version[0]["version"] if version else 0,
        saved_by=version[0]["saved_by"] if version else None,
        saved_at=version[0]["saved_at"] if version else None,
        before=_shift_objects(earlier), before_crews={s: list(crews.get(s, [])) for s in earlier["shift_id"]},
        after=_shift_objects(later), after_crews={s: list(crews.get(s, [])) for s in later["shift_id"]},
        unavailable=unavailable,
    )


def _shift_objects(frame: pd.DataFrame) -> list[roster.rules.Shift]:
    return [roster.rules.Shift(r.shift_id, r.gate, r.starts_at, r.ends_at, r.required) for r in frame.itertuples()]


def _unavailable(db: Database, compound_id: int, window: dict) -> dict[int, list]:
    """Declared unavailability by person. The week is shared by every reader (leaders read it, the gate post gets
    it printed), so phone-like digits in the notes are masked for all."""
    out: dict[int, list] = defaultdict(list)
    for r in db.records("roster/unavailable", compound_id=compound_id, **window):
        out[r["person_id"]].append((r["id"], r["starts_at"], r["ends_at"], mask_phones_in(r["note"])))
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
    """Every violation of the week's shifts with these crews (the weeks before and after count, as saved)."""
    return _memo(week, "check", (_crews_key(crews), rules.key), lambda: _check(week, crews, rules))


def _check(week: Week, crews: Crews, rules: roster.rules.Rules) -> list[roster.rules.Violation]:
    shifts, every_crew = week.context(crews)
    return roster.rules.check(shifts, every_crew, week.people, rules, focus={int(s) for s in week.shifts["shift_id"]})


def blocking(violations: list[roster.rules.Violation], accepted: Mapping[tuple[int, int], str],
             existing: frozenset[tuple] = frozenset()) -> list[roster.rules.Violation]:
    """Hard violations, and soft ones about a person that the planner has not accepted with a reason.
    Soft rules about a whole shift (headcount, the property-or-cadre rule) show as gaps and never block, and neither
    does a violation the saved week already had (someone on a shift fell ill; `existing` from violation_keys): it is
    shown, and fixing the other shifts must stay possible."""
    out = []
    for v in violations:
        if already_there(v, existing):
            continue
        if v.severity == "hard":
            out.append(v)
        elif v.person_id is not None and not (accepted.get((v.shift_id, v.person_id)) or "").strip():
            out.append(v)
    return out


HOURS_RULES = ("max_hours_day", "max_hours_week")


def violation_keys(violations) -> frozenset[tuple]:
    """What marks a violation as one the saved week already had: (rule, shift, person); and for too many hours in a
    day or week also (rule, person, day or week, hours), since the checker reports those against the person's last
    shift in it, which moves to an earlier (even a started) shift when a later one is taken away."""
    out: set[tuple] = set()
    for v in violations:
        out.add((v.rule, v.shift_id, v.person_id))
        if v.rule in HOURS_RULES:
            out.add((v.rule, v.person_id, _period(v), float(v.params["hours"])))
    return frozenset(out)


def already_there(v: roster.rules.Violation, existing: frozenset[tuple]) -> bool:
    """Whether the saved week already had this violation: the same one; for the hours rules, as many hours or more
    in that day or week (whichever shift it is reported against: more hours than saved are new, even on the same)."""
    if v.rule not in HOURS_RULES:
        return (v.rule, v.shift_id, v.person_id) in existing
    hours, period = float(v.params["hours"]), _period(v)
    return any(len(k) == 4 and k[0] == v.rule and k[1] == v.person_id and k[2] == period and k[3] >= hours
               for k in existing)


def _period(v: roster.rules.Violation):
    return v.params["day"] if v.rule == "max_hours_day" else v.params["week"]


def saved_violations(week: Week, rules: roster.rules.Rules) -> frozenset[tuple]:
    """violation_keys of every violation the week has as saved; computed once per week and rules."""
    memo = week.__dict__.setdefault("_saved_violations", {})
    if rules.key not in memo:
        memo[rules.key] = violation_keys(check(week, week.crews, rules))
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
