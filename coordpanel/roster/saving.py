"""Saving a roster week: checked, versioned, audited, all-or-nothing; undo and one-click replacements."""


from __future__ import annotations

import dataclasses
import datetime as dt
import json

from coordpanel import roster
from coordpanel.core import clock
from coordpanel.core.auth import User, require
from coordpanel.core.busy import retried
from coordpanel.core.clock import week_start
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.roster.week import load_rules

SAVE_ACTION = "save roster"



@retried
def save(db: Database, user: User, week: roster.week.Week, crews: roster.week.Crews, accepted: roster.week.Accepted | None = None, *, undo_of: int | None = None) -> int:
    """Save the week's crews as one transaction if they break no blocking rule and nobody saved the week since
    `week.version` was read. Shifts that have started are never changed. Returns the new version.

    The rules are checked inside the transaction, on the people, declared unavailability and neighbouring weeks as
    they are then: someone marked sick, moved out of a gate group or declared unavailable since the planner loaded
    the week, or a neighbouring week saved since, is seen by the save."""
    crews, accepted = _checked(db, user, week, crews, accepted)
    rules = load_rules(db)
    with db.transaction(user.username, "undo" if undo_of else SAVE_ACTION, week.compound_id) as tx:
        current = _current(tx, week)
        _rules_hold(current, crews, accepted, rules, {})
        return _write(tx, user, current, crews, accepted, undo_of)


@retried
def save_weeks(db: Database, user: User, weeks: list[tuple[roster.week.Week, roster.week.Crews, roster.week.Accepted]]) -> list[int]:
    """Save several weeks of one compound as one transaction: each checked as `save` checks it (each against the
    others' new crews where they are neighbours), all of them before anything is written, and either every week is
    saved or none is. Returns the new versions, in order."""
    if not weeks:
        return []
    checked = [(week, *_checked(db, user, week, crews, accepted)) for week, crews, accepted in weeks]
    rules = load_rules(db)
    proposed = {s: c for _, crews, _ in checked for s, c in crews.items()}
    versions = []
    with db.transaction(user.username, SAVE_ACTION, checked[0][0].compound_id) as tx:
        current = [_current(tx, week) for week, _, _ in checked]
        for now, (_, crews, accepted) in zip(current, checked, strict=True):
            _rules_hold(now, crews, accepted, rules, proposed)
        for n, (now, (_, crews, accepted)) in enumerate(zip(current, checked, strict=True)):
            if n:
                tx.new_batch()  # each week's save is its own audit batch, so that undo_last undoes one week
            versions.append(_write(tx, user, now, crews, accepted, None))
    return versions


def _checked(db: Database, user: User, week: roster.week.Week, crews: roster.week.Crews, accepted: roster.week.Accepted | None) -> tuple[roster.week.Crews, roster.week.Accepted]:
    """The crews of every shift of the week and the stripped reasons, or Refused: unknown shift or person, a shift
    that has started. (The rules are checked inside the save's transaction.)"""
    require(user, "edit_roster", db)
    accepted = {k: v.strip() for k, v in (accepted or {}).items() if v and v.strip()}
    own = {int(s): r for s, r in zip(week.shifts["shift_id"], week.shifts.itertuples(), strict=True)}
    unknown_shifts = set(crews) - set(own)
    if unknown_shifts:
        raise Refused("roster.unknown_shift", shift=min(unknown_shifts))
    for pid in {p for crew in crews.values() for p in crew}:
        if pid not in week.people:
            raise Refused("roster.unknown_person", person=pid)
    crews = {s: sorted(set(crews.get(s, week.crews.get(s, [])))) for s in own}
    now = clock.today(db)
    for s, row in own.items():
        if row.starts_at < now and sorted(crews[s]) != sorted(week.crews.get(s, [])):
            raise Refused("roster.past_shift", gate=row.gate, start=f"{row.starts_at:%m-%d %H:%M}")
    return crews, accepted


def _current(tx, week: roster.week.Week) -> roster.week.Week:
    """Inside the transaction: the week as it is now, with the people and the neighbouring weeks as they are now;
    refused if the week was saved since the planner read it."""
    current = roster.week.load_week(tx, week.compound_id, week.monday)
    if current.version != week.version:
        raise Refused("roster.conflict", who=current.saved_by, when=f"{current.saved_at:%m-%d %H:%M}")
    return current


def _rules_hold(current: roster.week.Week, crews: roster.week.Crews, accepted: roster.week.Accepted,
                rules: roster.rules.Rules, proposed: roster.week.Crews) -> None:
    """Refuse (RosterRefused) the crews if they break a blocking rule on the data as it is now. `proposed` holds the
    new crews of other weeks saved with this one, which stand in for their saved crews as neighbours.

    What the week as saved already breaks on today's data (someone on a shift fell ill) does not block: it is shown,
    and fixing the other shifts must stay possible."""
    for pid in {p for crew in crews.values() for p in crew}:
        if pid not in current.people:
            raise Refused("roster.unknown_person", person=pid)
    existing = roster.week.saved_violations(current, rules)
    if proposed:
        current = dataclasses.replace(
            current, before_crews={s: proposed.get(s, c) for s, c in current.before_crews.items()},
            after_crews={s: proposed.get(s, c) for s, c in current.after_crews.items()})
    stopping = roster.week.blocking(roster.week.check(current, {**current.crews, **crews}, rules), accepted, existing)
    if stopping:
        raise RosterRefused(stopping, current)


def _write(tx, user: User, week: roster.week.Week, crews: roster.week.Crews, accepted: roster.week.Accepted, undo_of: int | None) -> int:
    """Inside the transaction, on the week as `_current` read it: write what changed, bump the version."""
    version = week.version
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

    def __init__(self, violations: list[roster.rules.Violation], week: roster.week.Week) -> None:
        super().__init__("roster.blocked", n=len(violations))
        self.violations = violations
        self.week = week


@retried
def undo_last(db: Database, user: User, compound_id: int, monday: dt.date) -> int:
    """Undo the newest save of this week if its rows have not changed since; returns the new version."""
    user = require(user, "edit_roster", db)
    monday = week_start(monday)
    last = db.records("audit/last_batch_for_row", action=SAVE_ACTION, compound_id=compound_id,
                      table_name="roster_week", row_key=f"{compound_id}:{monday}")
    if not last:
        raise Refused("roster.nothing_to_undo")
    batch = last[0]["batch"]
    week = roster.week.load_week(db, compound_id, monday)
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


def _accept_all(db: Database, week: roster.week.Week, crews: dict[int, set[int]], accepted: roster.week.Accepted) -> roster.week.Accepted:
    """An undo restores what was saved before, soft warnings included: keep their reasons, or note the undo."""
    found = roster.week.check(week, {s: sorted(c) for s, c in crews.items()}, load_rules(db))
    return {(v.shift_id, v.person_id): accepted.get((v.shift_id, v.person_id)) or "undo"
            for v in found if v.severity == "soft" and v.person_id is not None}


@retried
def replace(db: Database, user: User, week: roster.week.Week, shift_id: int, absent: int, stand_in: int) -> int:
    """One action per shift: take the absent person off and put the stand-in on, checked and saved like any edit."""
    crews = {s: list(c) for s, c in week.crews.items()}
    if absent not in crews.get(shift_id, []):
        raise Refused("roster.not_on_shift")
    crews[shift_id] = [p for p in crews[shift_id] if p != absent] + [stand_in]
    return save(db, user, week, crews, dict(week.accepted))
