"""Attendance writes: check-in, absence, check-out, stand-ins and corrections, each checked and audited.

Who may write: today's records need the right "record_attendance": planners and admins at any gate, a gate lead
only at the gates given to their account (read from it on every write, see allowed_gates; a caller's `gates`
narrows further), a shift at another gate is refused. Corrections of any started shift need "edit_roster" and a
reason. Every rule is checked inside the write's
transaction, on the records as they are then; a refusal changes nothing.

A stand-in is a row of its own: (shift, stand-in) present or late, with covers_person_id naming the roster member
whose place it covers; that member's row is then 'absent' (written by add_stand_in when it is not yet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from coordpanel.core import auth, clock
from coordpanel.core.auth import User, require
from coordpanel.core.busy import retried
from coordpanel.core.db import Database, Transaction
from coordpanel.core.errors import Localised, PermissionDenied, Refused, Term

RIGHT = "record_attendance"  # today's records
CORRECT_RIGHT = "edit_roster"  # corrections of past records: planners and admins
STATUSES = ("present", "late", "absent")
EARLIEST = dt.timedelta(hours=1)  # no check-in more than this before a shift starts
TABLE = "attendance"
MAX_TEXT = 200  # characters of a correction's reason or a record's note (the correction form's limit)
_FIELDS = ("status", "checked_in_at", "checked_out_at", "covers_person_id", "note")


def _when(moment: dt.datetime) -> str:
    return f"{moment:%m-%d %H:%M}"


def _gate(shift: dict) -> Localised:
    return Localised(shift["gate_zh"], shift["gate_en"] or shift["gate_zh"])


def _shift(db: Database, shift_id: int, gates: Collection[int] | None) -> dict:
    """The shift (its gate and compound never change, so it is read before the transaction that names them)."""
    rows = db.records("attendance/shift", shift_id=shift_id)
    if not rows:
        raise Refused("att.unknown_shift", shift=shift_id)
    shift = rows[0]
    if gates is not None and shift["gate_id"] not in set(gates):
        raise PermissionDenied("att.other_gate", gate=_gate(shift))
    return shift


def _person(tx: Transaction, person_id: int, shift: dict) -> dict:
    rows = tx.records("attendance/person", person_id=person_id)
    if not rows or rows[0]["compound_id"] != shift["compound_id"]:
        raise Refused("att.unknown_person", person=person_id)
    return rows[0]


def _today(shift: dict, now: dt.datetime) -> None:
    """Today's shifts: those overlapping the calendar day of `now` (a night shift that started yesterday counts)."""
    day = dt.datetime.combine(now.date(), dt.time())
    if not (shift["starts_at"] < day + dt.timedelta(days=1) and shift["ends_at"] > day):
        raise Refused("att.not_today", gate=_gate(shift), start=_when(shift["starts_at"]))


def _not_on_roster(person: dict, shift: dict) -> Refused:
    return Refused("att.not_on_roster", name=person["name"], gate=_gate(shift), start=_when(shift["starts_at"]))


def _check_in_time(shift: dict, person: dict, at: dt.datetime, now: dt.datetime) -> None:
    if at > now:
        raise Refused("att.future", name=person["name"], at=_when(at), now=_when(now))
    if at < shift["starts_at"] - EARLIEST:
        raise Refused("att.too_early", name=person["name"], gate=_gate(shift), start=_when(shift["starts_at"]),
                      earliest=_when(shift["starts_at"] - EARLIEST))
    if at >= shift["ends_at"]:
        raise Refused("att.after_end", name=person["name"], gate=_gate(shift), end=_when(shift["ends_at"]))


def _check_out_time(person: dict, at: dt.datetime, checked_in_at: dt.datetime, now: dt.datetime) -> None:
    if at > now:
        raise Refused("att.future", name=person["name"], at=_when(at), now=_when(now))
    if at <= checked_in_at:
        raise Refused("att.out_before_in", name=person["name"], at=_when(at), checked_in=_when(checked_in_at))


def _not_elsewhere(tx: Transaction, person: dict, shift: dict, at: dt.datetime, until: dt.datetime | None = None) -> None:
    """Nobody is present at two places at once: [at, until or the shift's end) must not meet a presence elsewhere
    ([its check-in, its check-out or its shift's end)) at a shift whose times overlap this one."""
    end = until or shift["ends_at"]
    for other in tx.records("attendance/present_elsewhere", person_id=person["id"], shift_id=shift["shift_id"],
                            starts_at=shift["starts_at"], ends_at=shift["ends_at"]):
        other_end = other["checked_out_at"] or other["ends_at"]
        if other["checked_in_at"] < end and other_end > at:
            raise Refused("att.elsewhere", name=person["name"], gate=_gate(other), start=_when(other["starts_at"]),
                          end=_when(other["ends_at"]))


def _records(tx: Transaction, shift_id: int) -> dict[int, dict]:
    return {r["person_id"]: r for r in tx.records("attendance/of_shift", shift_id=shift_id)}


def _roster(tx: Transaction, shift_id: int) -> set[int]:
    return {r[0] for r in tx.run("attendance/roster_of_shift", shift_id=shift_id)}


def _write(tx: Transaction, shift_id: int, person_id: int, before: dict | None, values: dict[str, Any],
           reason: str | None = None) -> dict:
    """Insert or update one record and add its audit entry (before and after, with a correction's reason)."""
    row = {k: (before or {}).get(k) for k in _FIELDS} | values
    params = {**row, "shift_id": shift_id, "person_id": person_id, "recorded_by": tx.actor, "recorded_at": tx.at}
    if before is None:
        tx.run("attendance/insert", **params)
    else:
        params.pop("covers_person_id")  # written once, with the row
        tx.run("attendance/update", **params)
    after = row if reason is None else {**row, "reason": reason}
    tx.record(TABLE, f"{shift_id}:{person_id}", None if before is None else {k: before[k] for k in _FIELDS}, after)
    return row


def _begin(db: Database, user: User, right: str, now: dt.datetime | None) -> tuple[User, dt.datetime]:
    user = require(user, right, db)
    return user, now or clock.today(db)


def _todays_shift(db: Database, user: User, shift_id: int, gates: Collection[int] | None,
                  now: dt.datetime | None) -> tuple[User, dt.datetime, dict]:
    """What every write of the day's records starts with: the right, on the account as it stands now; the moment;
    the shift, at a gate the user may record at (allowed_gates), overlapping today."""
    user, now = _begin(db, user, RIGHT, now)
    shift = _shift(db, shift_id, allowed_gates(db, user, gates))
    _today(shift, now)
    return user, now, shift


def allowed_gates(db: Database, user: User, gates: Collection[int] | None = None) -> set[int] | None:
    """The gates `user` may record at (None: any). Planners and admins (who may edit the roster) record at any gate;
    anyone else with the right (a gate lead) only at the gates given to their account, read here whatever the
    caller passes. `gates`, when given, narrows this further (a page showing one gate)."""
    if user.can(CORRECT_RIGHT):
        return None if gates is None else set(gates)
    own = {g["id"] for g in auth.user_gates(db, user.username)}
    return own if gates is None else own & set(gates)


def _is_late(shift: dict, at: dt.datetime, late: bool | None) -> str:
    return "late" if (at > shift["starts_at"] if late is None else late) else "present"


@retried
def check_in(db: Database, user: User, shift_id: int, person_id: int, at: dt.datetime | None = None,
             late: bool | None = None, *, gates: Collection[int] | None = None, now: dt.datetime | None = None,
             note: str | None = None) -> dict:
    """A roster member arrives at `at` (default: now): present, or late when `at` is after the shift's start (or as
    `late` says). A member marked absent may still arrive. Returns the record written."""
    user, now, shift = _todays_shift(db, user, shift_id, gates, now)
    at = at or now
    with db.transaction(user.username, "check in", shift["compound_id"]) as tx:
        person = _person(tx, person_id, shift)
        before = _records(tx, shift_id).get(person_id)
        if person_id not in _roster(tx, shift_id) and before is None:
            raise _not_on_roster(person, shift)
        if before is not None and before["status"] != "absent":
            raise Refused("att.already_in", name=person["name"], at=_when(before["checked_in_at"]))
        _check_in_time(shift, person, at, now)
        _not_elsewhere(tx, person, shift, at)
        return _write(tx, shift_id, person_id, before, {"status": _is_late(shift, at, late), "checked_in_at": at,
                                                        "checked_out_at": None, "note": _note(note, before)})


def _note(note: str | None, before: dict | None) -> str | None:
    """The note typed (trimmed; refused when too long), else the record's note as it was."""
    typed = (note or "").strip()
    if len(typed) > MAX_TEXT:
        raise Refused("att.note_too_long", limit=MAX_TEXT)
    return typed or (before or {}).get("note")


@retried
def mark_absent(db: Database, user: User, shift_id: int, person_id: int, *, gates: Collection[int] | None = None,
                now: dt.datetime | None = None, note: str | None = None) -> dict:
    """A roster member does not come (a no-show, or called in sick): absent, no check-in."""
    user, now, shift = _todays_shift(db, user, shift_id, gates, now)
    with db.transaction(user.username, "mark absent", shift["compound_id"]) as tx:
        person = _person(tx, person_id, shift)
        if person_id not in _roster(tx, shift_id):
            raise _not_on_roster(person, shift)
        before = _records(tx, shift_id).get(person_id)
        if before is not None and before["status"] == "absent":
            raise Refused("att.already_absent", name=person["name"])
        if before is not None:
            raise Refused("att.already_in", name=person["name"], at=_when(before["checked_in_at"]))
        return _write(tx, shift_id, person_id, before, {"status": "absent", "checked_in_at": None,
                                                        "checked_out_at": None, "note": _note(note, before)})


@retried
def check_out(db: Database, user: User, shift_id: int, person_id: int, at: dt.datetime | None = None, *,
              gates: Collection[int] | None = None, now: dt.datetime | None = None) -> dict:
    """Someone checked in (a roster member or a stand-in) leaves at `at` (default: now), after their check-in."""
    user, now, shift = _todays_shift(db, user, shift_id, gates, now)
    at = at or now
    with db.transaction(user.username, "check out", shift["compound_id"]) as tx:
        person = _person(tx, person_id, shift)
        before = _records(tx, shift_id).get(person_id)
        if before is None or before["checked_in_at"] is None:
            raise Refused("att.not_checked_in", name=person["name"])
        if before["checked_out_at"] is not None:
            raise Refused("att.already_out", name=person["name"], at=_when(before["checked_out_at"]))
        _check_out_time(person, at, before["checked_in_at"], now)
        return _write(tx, shift_id, person_id, before, {"checked_out_at": at})


def _active_on(person: dict, day: dt.date) -> bool:
    """Active on the shift's day: active now, or not active only from a later day."""
    return person["status"] == "active" or (person["status_since"] is not None and person["status_since"] > day)


@retried
def add_stand_in(db: Database, user: User, shift_id: int, person_id: int, covers_person_id: int,
                 at: dt.datetime | None = None, late: bool | None = None, *, gates: Collection[int] | None = None,
                 now: dt.datetime | None = None, note: str | None = None) -> dict:
    """`person_id`, not on the shift's roster, covers the place of `covers_person_id` (on it, not checked in) from
    `at` (default: now). The covered member is recorded absent. The stand-in must be eligible for gate duty, active,
    not on the shift already and not present at an overlapping shift. Returns the stand-in's record."""
    user, now, shift = _todays_shift(db, user, shift_id, gates, now)
    at = at or now
    with db.transaction(user.username, "add stand-in", shift["compound_id"]) as tx:
        stand_in, covered = _person(tx, person_id, shift), _person(tx, covers_person_id, shift)
        roster, records = _roster(tx, shift_id), _records(tx, shift_id)
        if covers_person_id not in roster:
            raise _not_on_roster(covered, shift)
        if person_id in roster or person_id in records:
            raise Refused("att.stand_in_on_shift", name=stand_in["name"])
        if not stand_in["gate_eligible"]:
            raise Refused("att.stand_in_not_eligible", name=stand_in["name"])
        if not _active_on(stand_in, shift["starts_at"].date()):
            raise Refused("att.stand_in_not_active", name=stand_in["name"], status=Term(f"person.{stand_in['status']}"))
        covered_before = records.get(covers_person_id)
        if covered_before is not None and covered_before["status"] != "absent":
            raise Refused("att.covered_present", name=covered["name"])
        taken = [r for r in records.values() if r["covers_person_id"] == covers_person_id]
        if taken:
            raise Refused("att.already_covered", name=covered["name"])
        _check_in_time(shift, stand_in, at, now)
        _not_elsewhere(tx, stand_in, shift, at)
        if covered_before is None:
            _write(tx, shift_id, covers_person_id, None, {"status": "absent"})
        return _write(tx, shift_id, person_id, None, {"status": _is_late(shift, at, late), "checked_in_at": at,
                                                      "covers_person_id": covers_person_id, "note": _note(note, None)})


@retried
def correct(db: Database, user: User, shift_id: int, person_id: int, *, status: str,
            checked_in_at: dt.datetime | None = None, checked_out_at: dt.datetime | None = None, reason: str,
            note: str | None = None, now: dt.datetime | None = None) -> dict:
    """A planner's correction of a record of a shift that has started (today's or before): the whole record as it
    should be, with a reason, audited with before and after. The same rules hold as for the day's records. A roster
    member without a record gets one."""
    user, now = _begin(db, user, CORRECT_RIGHT, now)
    reason = (reason or "").strip()
    if not reason:
        raise Refused("att.reason_required")
    if len(reason) > MAX_TEXT:
        raise Refused("att.reason_too_long", limit=MAX_TEXT)
    if status not in STATUSES:
        raise Refused("att.bad_status", status=status)
    shift = _shift(db, shift_id, None)
    with db.transaction(user.username, "correct attendance", shift["compound_id"]) as tx:
        if shift["starts_at"] > now:
            raise Refused("att.not_started", gate=_gate(shift), start=_when(shift["starts_at"]))
        person = _person(tx, person_id, shift)
        before = _records(tx, shift_id).get(person_id)
        if before is None and person_id not in _roster(tx, shift_id):
            raise _not_on_roster(person, shift)
        if status == "absent":
            if before is not None and before["covers_person_id"] is not None:
                raise Refused("att.stand_in_absent", name=person["name"])
            checked_in_at = checked_out_at = None
        else:
            if checked_in_at is None:
                raise Refused("att.in_required", name=person["name"])
            _check_in_time(shift, person, checked_in_at, now)
            if checked_out_at is not None:
                _check_out_time(person, checked_out_at, checked_in_at, now)
            _not_elsewhere(tx, person, shift, checked_in_at, checked_out_at)
        return _write(tx, shift_id, person_id, before, {"status": status, "checked_in_at": checked_in_at,
                                                        "checked_out_at": checked_out_at, "note": _note(note, before)},
                      reason)
