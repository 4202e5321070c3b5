"""The shift planner's operations on a gate-roster week: load, check, save with a version, undo, generate shifts
from templates, copy a week, rank candidates, and find replacements when someone falls ill.

Every check goes through the pure rules of roster.py; every write is one audited transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from coordpanel import roster
from coordpanel.auth import User, require
from coordpanel.db import Database
from coordpanel.errors import Refused, Term
from coordpanel.staffing import rules as load_rules
from coordpanel.staffing import week_start

SAVE_ACTION = "save roster"
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
    people: dict[int, roster.Person]
    version: int
    saved_by: str | None
    saved_at: dt.datetime | None
    # shifts of the day before the week, so rest and overlap at the week's start are checked
    before: list[roster.Shift] = field(default_factory=list)
    before_crews: Crews = field(default_factory=dict)
    # declared unavailability overlapping the week: person id → [(id, start, end, note)]
    unavailable: dict[int, list[tuple[int, dt.datetime, dt.datetime, str | None]]] = field(default_factory=dict)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time())

    def shift_objects(self) -> list[roster.Shift]:
        return [roster.Shift(r.shift_id, r.gate, r.starts_at, r.ends_at, r.required) for r in self.shifts.itertuples()]


def load_week(db: Database, compound_id: int, monday: dt.date) -> Week:
    monday = week_start(monday)
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
    people = {r["id"]: roster.Person(**r, unavailable=tuple((start, end, note) for _, start, end, note in unavailable.get(r["id"], ())))
              for r in db.records("people/for_roster", compound_id=compound_id)}
    return Week(
        compound_id=compound_id, monday=monday, shifts=own,
        crews={s: list(crews.get(s, [])) for s in own["shift_id"]},
        accepted={k: v for k, v in accepted.items() if k[0] in set(own["shift_id"])},
        people=people,
        version=version[0]["version"] if version else 0,
        saved_by=version[0]["saved_by"] if version else None,
        saved_at=version[0]["saved_at"] if version else None,
        before=[roster.Shift(r.shift_id, r.gate, r.starts_at, r.ends_at, r.required) for r in earlier.itertuples()],
        before_crews={s: list(crews.get(s, [])) for s in earlier["shift_id"]},
        unavailable=unavailable,
    )


def _unavailable(db: Database, compound_id: int, window: dict) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for r in db.records("roster/unavailable", compound_id=compound_id, **window):
        out[r["person_id"]].append((r["id"], r["starts_at"], r["ends_at"], r["note"]))
    return dict(out)


def declare_unavailable(db: Database, user: User, compound_id: int, person_id: int, starts_at: dt.datetime,
                        ends_at: dt.datetime, note: str | None = None) -> int:
    """Record that someone cannot take shifts in [starts_at, ends_at) (a planner hears it on the phone or in the
    group chat); candidates then leave them out of those shifts, saying why. Returns the record's id."""
    require(user, "edit_roster")
    if ends_at <= starts_at:
        raise Refused("roster.bad_span", start=f"{starts_at:%m-%d %H:%M}", end=f"{ends_at:%m-%d %H:%M}")
    known = db.records("people/full", id=person_id)
    if not known or known[0]["compound_id"] != compound_id:
        raise Refused("roster.unknown_person", person=person_id)
    note = (note or "").strip() or None
    with db.transaction(user.username, "declare unavailable", compound_id) as tx:
        (new_id,) = tx.run("roster/add_unavailable", person_id=person_id, starts_at=starts_at, ends_at=ends_at, note=note)[0]
        tx.record("availability", str(new_id), None, {"person_id": person_id, "starts_at": starts_at, "ends_at": ends_at,
                                                      "available": False, "note": note})
    return new_id


def withdraw_unavailable(db: Database, user: User, compound_id: int, record_id: int) -> None:
    """Remove a declared unavailability (the person can after all)."""
    require(user, "edit_roster")
    with db.transaction(user.username, "withdraw unavailable", compound_id) as tx:
        removed = tx.records("roster/delete_availability", id=record_id, compound_id=compound_id)
        if not removed:
            raise Refused("roster.unknown_availability", id=record_id)
        tx.record("availability", str(record_id), removed[0], None)


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


def check(week: Week, crews: Crews, rules: roster.Rules) -> list[roster.Violation]:
    """Every violation of the week's shifts with these crews (the day before counts for rest and overlap)."""
    return _memo(week, "check", (_crews_key(crews), rules.key), lambda: _check(week, crews, rules))


def _check(week: Week, crews: Crews, rules: roster.Rules) -> list[roster.Violation]:
    own = {int(s) for s in week.shifts["shift_id"]}
    found = roster.check(week.before + week.shift_objects(), {**week.before_crews, **crews}, week.people, rules)
    return [v for v in found if v.shift_id in own]


def blocking(violations: list[roster.Violation], accepted: Mapping[tuple[int, int], str],
             existing: frozenset[tuple] = frozenset()) -> list[roster.Violation]:
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


def saved_violations(week: Week, rules: roster.Rules) -> frozenset[tuple]:
    """(rule, shift, person) of every violation the week has as saved; computed once per week and rules."""
    memo = week.__dict__.setdefault("_saved_violations", {})
    if rules.key not in memo:
        memo[rules.key] = frozenset((v.rule, v.shift_id, v.person_id) for v in check(week, week.crews, rules))
    return memo[rules.key]


def _now(db: Database) -> dt.datetime:
    from coordpanel.overview import today

    return today(db)


def save(db: Database, user: User, week: Week, crews: Crews, accepted: Accepted | None = None, *, undo_of: int | None = None) -> int:
    """Save the week's crews as one transaction if they break no blocking rule and nobody saved the week since
    `week.version` was read. Shifts that have started are never changed. Returns the new version."""
    crews, accepted = _checked(db, user, week, crews, accepted)
    with db.transaction(user.username, "undo" if undo_of else SAVE_ACTION, week.compound_id) as tx:
        return _write(tx, user, week, crews, accepted, undo_of)


def save_weeks(db: Database, user: User, weeks: list[tuple[Week, Crews, Accepted]]) -> list[int]:
    """Save several weeks of one compound as one transaction: each checked as `save` checks it, all of them before
    anything is written, and either every week is saved or none is. Returns the new versions, in order."""
    if not weeks:
        return []
    checked = [(week, *_checked(db, user, week, crews, accepted)) for week, crews, accepted in weeks]
    versions = []
    with db.transaction(user.username, SAVE_ACTION, checked[0][0].compound_id) as tx:
        for n, (week, crews, accepted) in enumerate(checked):
            if n:
                tx.new_batch()  # each week's save is its own audit batch, so that undo_last undoes one week
            versions.append(_write(tx, user, week, crews, accepted, None))
    return versions


def _checked(db: Database, user: User, week: Week, crews: Crews, accepted: Accepted | None) -> tuple[Crews, Accepted]:
    """The crews of every shift of the week and the stripped reasons, or Refused: unknown shift or person, a shift
    that has started, a blocking rule."""
    require(user, "edit_roster")
    accepted = {k: v.strip() for k, v in (accepted or {}).items() if v and v.strip()}
    own = {int(s): r for s, r in zip(week.shifts["shift_id"], week.shifts.itertuples(), strict=True)}
    unknown_shifts = set(crews) - set(own)
    if unknown_shifts:
        raise Refused("roster.unknown_shift", shift=min(unknown_shifts))
    for pid in {p for crew in crews.values() for p in crew}:
        if pid not in week.people:
            raise Refused("roster.unknown_person", person=pid)
    crews = {s: sorted(set(crews.get(s, week.crews.get(s, [])))) for s in own}
    now = _now(db)
    for s, row in own.items():
        if row.starts_at < now and sorted(crews[s]) != sorted(week.crews.get(s, [])):
            raise Refused("roster.past_shift", gate=row.gate, start=f"{row.starts_at:%m-%d %H:%M}")
    rules = load_rules(db)
    stopping = blocking(check(week, crews, rules), accepted, saved_violations(week, rules))
    if stopping:
        raise RosterRefused(stopping, week)
    return crews, accepted


def _write(tx, user: User, week: Week, crews: Crews, accepted: Accepted, undo_of: int | None) -> int:
    """Inside a transaction: refuse if the week was saved since it was read, write what changed, bump the version."""
    current = tx.records("roster/week_version", compound_id=week.compound_id, week_start=week.monday)
    version = current[0]["version"] if current else 0
    if version != week.version:
        raise Refused("roster.conflict", who=current[0]["saved_by"], when=f"{current[0]['saved_at']:%m-%d %H:%M}")
    changes = 0
    for s in crews:
        old, new = set(week.crews.get(s, [])), set(crews[s])
        for pid in sorted(old - new):
            tx.run("roster/unassign", shift_id=s, person_id=pid)
            tx.record("shift_assignment", f"{s}:{pid}", {"shift_id": s, "person_id": pid,
                                                         "accepted_reason": week.accepted.get((s, pid))}, None)
        for pid in sorted(new - old):
            tx.run("roster/assign", shift_id=s, person_id=pid, accepted_reason=accepted.get((s, pid)))
            tx.record("shift_assignment", f"{s}:{pid}", None, {"shift_id": s, "person_id": pid,
                                                               "accepted_reason": accepted.get((s, pid))})
        for pid in sorted(old & new):
            if accepted.get((s, pid)) != week.accepted.get((s, pid)):
                tx.run("roster/set_reason", shift_id=s, person_id=pid, accepted_reason=accepted.get((s, pid)))
                tx.record("shift_assignment", f"{s}:{pid}", {"accepted_reason": week.accepted.get((s, pid))},
                          {"accepted_reason": accepted.get((s, pid))})
        changes += len(old ^ new) + sum(1 for p in old & new if accepted.get((s, p)) != week.accepted.get((s, p)))
    if changes == 0 and undo_of is None:
        raise Refused("roster.nothing_to_save")
    (new_version,) = tx.run("roster/bump_version", compound_id=week.compound_id, week_start=week.monday,
                            saved_by=user.username, saved_at=tx.at)[0]
    tx.record("roster_week", f"{week.compound_id}:{week.monday}", {"version": version},
              {"version": new_version, "changes": changes})
    if undo_of is not None:
        tx.record(None, None, None, {"undo_of": undo_of, "action": SAVE_ACTION, "week": str(week.monday)})
    return new_version


class RosterRefused(Refused):
    """A save stopped by rules: carries every blocking violation for the editor to show."""

    def __init__(self, violations: list[roster.Violation], week: Week) -> None:
        super().__init__("roster.blocked", n=len(violations))
        self.violations = violations
        self.week = week


def undo_last(db: Database, user: User, compound_id: int, monday: dt.date) -> int:
    """Undo the newest save of this week if its rows have not changed since; returns the new version."""
    require(user, "edit_roster")
    monday = week_start(monday)
    last = db.records("audit/last_batch_for_row", action=SAVE_ACTION, compound_id=compound_id,
                      table_name="roster_week", row_key=f"{compound_id}:{monday}")
    if not last:
        raise Refused("roster.nothing_to_undo")
    batch = last[0]["batch"]
    week = load_week(db, compound_id, monday)
    own = {int(s) for s in week.shifts["shift_id"]}
    entries = [e for e in db.records("audit/batch", batch=batch)
               if e["table_name"] == "shift_assignment" and int(e["row_key"].split(":")[0]) in own]
    crews = {s: set(c) for s, c in week.crews.items()}
    accepted = dict(week.accepted)
    for e in reversed(entries):
        shift_id, person_id = (int(x) for x in e["row_key"].split(":"))
        before, after = json.loads(e["before"] or "null"), json.loads(e["after"] or "null")
        if before is not None and after is not None:  # a reason changed
            accepted[(shift_id, person_id)] = before.get("accepted_reason") or ""
            continue
        if after is not None:
            if person_id not in crews.get(shift_id, set()):
                raise Refused("roster.undo_stale")
            crews[shift_id].discard(person_id)
        else:
            if person_id in crews.get(shift_id, set()):
                raise Refused("roster.undo_stale")
            crews.setdefault(shift_id, set()).add(person_id)
            accepted[(shift_id, person_id)] = before.get("accepted_reason") or ""
    # the undo is itself a save, checked and versioned like any other, and marks the batch it undoes
    return save(db, user, week, {s: sorted(c) for s, c in crews.items()},
                {k: v for k, v in accepted.items() if v} | _accept_all(db, week, crews, accepted), undo_of=batch)


def _accept_all(db: Database, week: Week, crews: dict[int, set[int]], accepted: Accepted) -> Accepted:
    """An undo restores what was saved before, soft warnings included: keep their reasons, or note the undo."""
    found = check(week, {s: sorted(c) for s, c in crews.items()}, load_rules(db))
    return {(v.shift_id, v.person_id): accepted.get((v.shift_id, v.person_id)) or "undo"
            for v in found if v.severity == "soft" and v.person_id is not None}


def generate_shifts(db: Database, user: User, compound_id: int, first: dt.date, last: dt.date) -> int:
    """Create each gate's template shifts for the days [first, last]; existing and past shifts are left alone."""
    require(user, "edit_roster")
    if last < first:
        raise Refused("roster.bad_range")
    if (last - first).days > 62:
        raise Refused("roster.range_too_long", days=62)
    now = _now(db)
    templates = db.records("roster/templates", compound_id=compound_id)
    created = 0
    with db.transaction(user.username, "generate shifts", compound_id) as tx:
        day = first
        while day <= last:
            for tpl in templates:
                starts = dt.datetime.combine(day, tpl["starts"])
                if starts < now:
                    continue
                ends = starts + dt.timedelta(hours=float(tpl["hours"]))
                made = tx.run("roster/create_shift", gate_id=tpl["gate_id"], starts_at=starts, ends_at=ends, required=tpl["required"])
                if made:
                    created += 1
                    tx.record("gate_shift", made[0][0], None, {"gate": tpl["gate"], "starts_at": starts, "ends_at": ends,
                                                               "required": tpl["required"]})
            day += dt.timedelta(days=1)
        if not created:
            tx.record("gate_shift", None, None, {"created": 0, "from": first, "to": last})
    return created


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


@dataclass(frozen=True)
class Candidate:
    person: roster.Person
    hours_this_week: float
    rest_before: float | None  # hours since their previous shift ended; None: no shift before
    reasons: tuple[roster.Violation, ...]  # why not, when not offered

    @property
    def offered(self) -> bool:
        return not self.reasons


def candidates(week: Week, crews: Crews, shift_id: int, rules: roster.Rules) -> list[Candidate]:
    """Everyone of the compound for one shift: those who can take it first, ranked by fewest hours this week,
    then longest rest, then the tier the shift still needs; then the others, each with the rules that stop them
    (or the unavailability they declared for that time).

    Only the person's own shifts are checked, with and without this one, so ranking a hundred people stays cheap."""
    return _memo(week, "candidates", (_crews_key(crews), shift_id, rules.key),
                 lambda: _candidates(week, crews, shift_id, rules))


def _candidates(week: Week, crews: Crews, shift_id: int, rules: roster.Rules) -> list[Candidate]:
    all_shifts = {s.id: s for s in week.before + week.shift_objects()}
    shift = all_shifts[shift_id]
    crew = set(crews.get(shift_id, []))
    needs_anchor = not any(week.people[p].tier in roster.ANCHOR_TIERS and roster.is_active_at(week.people[p], shift.starts_at)
                           for p in crew if p in week.people)
    own: dict[int, list[roster.Shift]] = defaultdict(list)
    for s, people in {**week.before_crews, **crews}.items():
        for p in people:
            own[p].append(all_shifts[s])
    out = []
    for person in week.people.values():
        if person.id in crew:
            continue
        mine = [s for s in own.get(person.id, []) if s.id != shift_id]

        def person_rules(shifts: list[roster.Shift], pid: int = person.id, who: roster.Person = person) -> list:
            found = roster.check(shifts, {s.id: [pid] for s in shifts}, {pid: who}, rules)
            return [v for v in found if v.person_id == pid]

        before = {(v.rule, v.shift_id) for v in person_rules(mine)}
        new = tuple(sorted((v for v in person_rules([*mine, shift]) if (v.rule, v.shift_id) not in before),
                           key=lambda v: v.rule))
        hours = sum(s.hours for s in mine if s.starts_at >= week.start)
        ended = [s.ends_at for s in mine if s.ends_at <= shift.starts_at]
        rest = (shift.starts_at - max(ended)) / roster.HOUR if ended else None
        out.append(Candidate(person, hours, rest, new))

    def rank(c: Candidate):
        anchor_first = 0 if (needs_anchor and c.person.tier in roster.ANCHOR_TIERS) else 1
        return (not c.offered, anchor_first, c.hours_this_week, -(c.rest_before if c.rest_before is not None else 1e9), c.person.name)

    return sorted(out, key=rank)


def affected_shifts(week: Week, now: dt.datetime) -> list[tuple[int, int]]:
    """(shift id, person id) for every future shift of the week with someone on it who is no longer active then,
    or who declared they cannot be on duty at that time."""
    out = []
    for r in week.shifts.itertuples():
        if r.starts_at < now:
            continue
        for pid in week.crews.get(r.shift_id, []):
            person = week.people.get(pid)
            declared = any(start < r.ends_at and end > r.starts_at for _, start, end, _ in week.unavailable.get(pid, ()))
            if person is not None and (not roster.is_active_at(person, r.starts_at) or declared):
                out.append((r.shift_id, pid))
    return out


def replace(db: Database, user: User, week: Week, shift_id: int, absent: int, stand_in: int) -> int:
    """One action per shift: take the absent person off and put the stand-in on, checked and saved like any edit."""
    crews = {s: list(c) for s, c in week.crews.items()}
    if absent not in crews.get(shift_id, []):
        raise Refused("roster.not_on_shift")
    crews[shift_id] = [p for p in crews[shift_id] if p != absent] + [stand_in]
    return save(db, user, week, crews, dict(week.accepted))


def history(db: Database, shift_id: int) -> list[dict]:
    return db.records("audit/shift_history", prefix=f"{shift_id}:")


def describe(v: roster.Violation, week: Week, lang: str) -> str:
    """A violation in a planner's words: the person, the shift, the rule and by how much."""
    from coordpanel.i18n import day_label, t

    row = week.shifts[week.shifts["shift_id"] == v.shift_id].iloc[0]
    gate = row["gate_en"] if lang == "en" and row["gate_en"] else row["gate"]
    where = f"{gate} {day_label(row['starts_at'], lang)} {row['starts_at']:%H:%M}–{row['ends_at']:%H:%M}"
    params = {k: (t(val, lang) if isinstance(val, Term) else val) for k, val in v.params.items()}
    if lang == "en" and "other_gate" in params:
        names = dict(zip(week.shifts["gate"], week.shifts["gate_en"], strict=True))
        params["other_gate"] = names.get(params["other_gate"]) or params["other_gate"]
    if "day" in params:
        params["day"] = day_label(params["day"], lang)
    if "week" in params:
        params["week"] = day_label(params["week"], lang)
    if "status" in params:
        params["status"] = t(f"person.{params['status']}", lang)
    if "other_start" in params:
        params["other_start"] = f"{params['other_start']:%m-%d %H:%M}"
    for key in ("rest", "minimum", "hours", "maximum"):
        if key in params:
            params[key] = f"{float(params[key]):g}"
    text = t(f"rule.{v.rule}", lang, **params)
    return f"{where}：{text}" if lang != "en" else f"{where}: {text}"


def staffed(week: Week, crews: Crews) -> tuple[int, int]:
    """(places filled, places required) over the week's shifts; people beyond a shift's headcount fill nothing."""
    required = week.shifts["required"].tolist()
    filled = sum(min(len(crews.get(sid, ())), need) for sid, need in zip(week.shifts["shift_id"].tolist(), required, strict=True))
    return filled, sum(required)


# --- the editor's grid: one row per shift ------------------------------------------------------------------
def person_label(person: roster.Person) -> str:
    return f"{person.name} · #{person.id}"


def editor_frame(week: Week, lang: str, crews: Crews | None = None) -> pd.DataFrame:
    """One row per shift of the week: where, when, how many are needed, who is on it (the saved crews, or a
    draft such as last week's copy), and the accepted reason. Kept on the week: treat it as read-only."""
    crews = week.crews if crews is None else crews
    return _memo(week, "editor_frame", (lang, _crews_key(crews)), lambda: _editor_frame(week, lang, crews))


def shift_labels(week: Week, lang: str) -> dict[int, str]:
    """Each shift of the week as the planner reads it: gate, day, start–end."""
    from coordpanel.i18n import day_label

    def compute() -> dict[int, str]:
        return {int(r.shift_id): f"{r.gate} {day_label(r.starts_at, lang)} {r.starts_at:%H:%M}–{r.ends_at:%H:%M}"
                for r in week.shifts.itertuples()}

    return _memo(week, "shift_labels", (lang,), compute)


def _editor_frame(week: Week, lang: str, crews: Crews) -> pd.DataFrame:
    from coordpanel.i18n import day_label

    rows = []
    for r in week.shifts.itertuples():
        crew = crews.get(r.shift_id, [])
        reasons = sorted({week.accepted[(r.shift_id, p)] for p in crew if (r.shift_id, p) in week.accepted})
        rows.append({
            "shift_id": int(r.shift_id),
            "gate": r.gate_en if lang == "en" and r.gate_en else r.gate,
            "day": day_label(r.starts_at, lang),
            "time": f"{r.starts_at:%H:%M}–{r.ends_at:%H:%M}",
            "required": int(r.required),
            "people": [person_label(week.people[p]) for p in crew if p in week.people],
            "reason": "; ".join(reasons),
        })
    return pd.DataFrame(rows, columns=["shift_id", "gate", "day", "time", "required", "people", "reason"])


def from_editor(week: Week, edited: pd.DataFrame) -> tuple[Crews, Accepted]:
    """Crews and accepted reasons from the editor's rows; a reason on a row applies to everyone on that shift."""
    by_label = {person_label(p): p.id for p in week.people.values()}
    crews: Crews = {}
    accepted: Accepted = {}
    for row in edited.to_dict("records"):
        shift_id = int(row["shift_id"])
        people = [by_label[label] for label in (row["people"] if isinstance(row["people"], list) else list(row["people"] or []))
                  if label in by_label]
        crews[shift_id] = people
        reason = (row.get("reason") or "").strip()
        if reason:
            accepted.update({(shift_id, p): reason for p in people})
    return crews, accepted


def diff_lines(before: Crews, after: Crews, week: Week, lang: str) -> list[str]:
    """What differs between two sets of crews, shift by shift, in words."""
    from coordpanel.i18n import day_label, t

    lines = []
    for r in week.shifts.itertuples():
        old, new = set(before.get(r.shift_id, [])), set(after.get(r.shift_id, []))
        if old == new:
            continue

        def names(ids):
            return "、".join(week.people[p].name if p in week.people else str(p) for p in sorted(ids)) or "—"

        lines.append(t("roster.diff", lang, gate=r.gate, day=day_label(r.starts_at, lang), start=f"{r.starts_at:%H:%M}",
                       added=names(new - old), removed=names(old - new)))
    return lines


def person_week(week: Week, crews: Crews, person_id: int) -> pd.DataFrame:
    """One person's shifts this week, with hours and the rest before each."""
    mine = [s for s in week.before + week.shift_objects() if person_id in {**week.before_crews, **crews}.get(s.id, [])]
    mine.sort(key=lambda s: s.starts_at)
    rows, previous_end = [], None
    for s in mine:
        if s.starts_at >= week.start:
            rows.append({"gate": s.gate, "starts_at": s.starts_at, "ends_at": s.ends_at, "hours": s.hours,
                         "rest_before": None if previous_end is None else (s.starts_at - previous_end) / roster.HOUR})
        previous_end = s.ends_at
    return pd.DataFrame(rows, columns=["gate", "starts_at", "ends_at", "hours", "rest_before"])


def only(week: Week, person_id: int) -> Week:
    """The week with every crew cut down to one person: their own roster, for "my shifts" and their calendar."""
    from dataclasses import replace

    return replace(week, crews={s: [p for p in c if p == person_id] for s, c in week.crews.items()})


# --- shift templates ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Template:
    gate_id: int
    starts: dt.time
    hours: float
    required: int


def save_templates(db: Database, user: User, compound_id: int, templates: list[Template]) -> int:
    """Replace the daily shift templates of the compound's gates, all at once; existing shifts are not touched."""
    require(user, "edit_roster")
    gates = {g["id"]: g["name"] for g in db.records("roster/gates", compound_id=compound_id)}
    seen: set[tuple[int, dt.time]] = set()
    for tpl in templates:
        if tpl.gate_id not in gates:
            raise Refused("roster.unknown_gate", gate=tpl.gate_id)
        if not 0 < tpl.hours <= 24:
            raise Refused("roster.bad_hours", gate=gates[tpl.gate_id], hours=tpl.hours)
        if tpl.required < 1:
            raise Refused("roster.bad_required", gate=gates[tpl.gate_id], required=tpl.required)
        if (tpl.gate_id, tpl.starts) in seen:
            raise Refused("roster.duplicate_template", gate=gates[tpl.gate_id], start=f"{tpl.starts:%H:%M}")
        seen.add((tpl.gate_id, tpl.starts))
    before = db.records("roster/templates", compound_id=compound_id)
    with db.transaction(user.username, "save shift templates", compound_id) as tx:
        for gate_id in gates:
            tx.run("roster/delete_templates", gate_id=gate_id)
        for tpl in sorted(templates, key=lambda x: (x.gate_id, x.starts)):
            tx.run("roster/insert_template", gate_id=tpl.gate_id, starts=tpl.starts, hours=tpl.hours, required=tpl.required)
        tx.record("shift_template", compound_id,
                  [{k: r[k] for k in ("gate", "starts", "hours", "required")} for r in before],
                  [{"gate": gates[x.gate_id], "starts": x.starts, "hours": x.hours, "required": x.required} for x in templates])
    return len(templates)
