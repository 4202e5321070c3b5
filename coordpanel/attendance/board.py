"""Today's duty at the gates (今日到岗) as data: the day's shifts at the gates a user may record attendance at, each
with its roster members and stand-ins and their records, the people who may stand in, and clock times typed for a
shift placed on the right day. A gate lead's gates are the ones given to them (in any compound); a planner's or
admin's, every gate of the compound shown. Phones as the user's role may see them (a gate lead: masked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordpanel.attendance import records
from coordpanel.core import auth, gatelead
from coordpanel.core.db import Database


@dataclass(frozen=True)
class OnShift:
    person_id: int
    name: str
    tier: str
    status: str  # the person's: active, sick, quarantined, left
    phone: str  # as the user may see it
    record: str | None = None  # present, late, absent, or None (nothing recorded yet)
    checked_in_at: dt.datetime | None = None
    checked_out_at: dt.datetime | None = None
    covers: int | None = None  # a stand-in: the roster member whose place they cover

    @property
    def stand_in(self) -> bool:
        return self.covers is not None


@dataclass(frozen=True)
class Shift:
    shift_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    required: int
    people: tuple[OnShift, ...]  # the roster members, then the stand-ins


@dataclass(frozen=True)
class GateDay:
    gate_id: int
    compound_id: int
    name: str
    name_en: str | None
    shifts: tuple[Shift, ...]


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    tier: str


def gates_for(db: Database, user: auth.User, compound_id: int) -> list[dict]:
    """The gates whose shifts the user sees here: a gate lead's own, anyone else's every gate of the compound."""
    if user.role == gatelead.ROLE:
        return auth.user_gates(db, user.username)
    return [g | {"compound_id": compound_id} for g in db.records("roster/gates", compound_id=compound_id)]


def _moment(value) -> dt.datetime | None:
    """A timestamp as the database returns it (None, NaT or a datetime) as a datetime or None."""
    if value is None or value != value:  # NaT is not equal to itself
        return None
    return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value


def _on_shift(row: dict, record: dict | None, user: auth.User) -> OnShift:
    record = record or {}
    return OnShift(row["person_id"], row["name"], row["tier"], row.get("person_status", row.get("status")),
                   auth.shown_phone(user, row["phone"]), record.get("status"), _moment(record.get("checked_in_at")),
                   _moment(record.get("checked_out_at")), record.get("covers_person_id"))


def _shifts(rows: list[dict], records: list[dict], user: auth.User) -> tuple[Shift, ...]:
    """One gate's rows (a row per person on a shift, or one row without a person) and its records as shifts in time
    order, each with its roster members and then its stand-ins."""
    by_shift: dict[int, list[dict]] = {}
    for row in rows:
        by_shift.setdefault(row["shift_id"], []).append(row)
    recorded = {(r["shift_id"], r["person_id"]): r for r in records}
    shifts = []
    for shift_id, crew in by_shift.items():
        first = crew[0]
        members = [_on_shift(r, recorded.get((shift_id, r["person_id"])), user) for r in crew if r["person_id"] is not None]
        on_roster = {m.person_id for m in members}
        stand_ins = [_on_shift(r, r, user) for r in records if r["shift_id"] == shift_id and r["person_id"] not in on_roster]
        shifts.append(Shift(shift_id, first["starts_at"], first["ends_at"], int(first["required"]),
                            tuple(members + stand_ins)))
    return tuple(sorted(shifts, key=lambda s: (s.starts_at, s.shift_id)))


def day(db: Database, user: auth.User, compound_id: int, when: dt.date) -> tuple[GateDay, ...]:
    """The user's gates, each with the shifts that overlap the day `when` (a night shift from the evening before
    included), in time order, with the attendance recorded so far."""
    user = auth.require(user, "record_attendance", db)
    gates = gates_for(db, user, compound_id)
    start = dt.datetime.combine(when, dt.time())
    span = {"from": start, "to": start + dt.timedelta(days=1)}
    rows: list[dict] = []
    found: list[dict] = []
    for compound in sorted({g["compound_id"] for g in gates}):
        rows += db.records("attendance/day_shifts_by_gate", compound_id=compound, **span)
        found += db.records("attendance/day_records", compound_id=compound, **span)
    return tuple(GateDay(g["id"], g["compound_id"], g["name"], g.get("name_en"),
                         _shifts([r for r in rows if r["gate_id"] == g["id"]],
                                 [r for r in found if r["gate_id"] == g["id"]], user))
                 for g in gates)


def stand_in_pool(db: Database, user: auth.User, compound_id: int) -> tuple[Candidate, ...]:
    """Active people of the compound eligible for gate duty (the rules in records.py refuse anyone else, e.g.
    someone already on the shift or present elsewhere then)."""
    auth.require(user, "record_attendance", db)
    return tuple(Candidate(r["person_id"], r["name"], r["tier"])
                 for r in db.records("attendance/stand_in_pool", compound_id=compound_id))


def moments(shift: Shift, checked_in: dt.time | None, checked_out: dt.time | None
            ) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Clock times typed for a shift as moments. A check-in falls on the day (the shift's, the one before or after)
    that puts it in the window a check-in may have (from an hour before the start to the end; else the nearest to
    the start): 23:40 for a 00:00 shift is the evening before. A check-out is the first such moment after the
    check-in (or the start)."""
    days = [shift.starts_at.date() + dt.timedelta(days=k) for k in (-1, 0, 1)]
    at_in = at_out = None
    if checked_in is not None:
        candidates = [dt.datetime.combine(d, checked_in) for d in days]
        inside = [c for c in candidates if shift.starts_at - records.EARLIEST <= c < shift.ends_at]
        at_in = inside[0] if inside else min(candidates, key=lambda c: abs(c - shift.starts_at))
    if checked_out is not None:
        after = at_in or shift.starts_at
        at_out = min((c for c in (dt.datetime.combine(d, checked_out) for d in days + [days[-1] + dt.timedelta(days=1)])
                      if c > after), default=None)
    return at_in, at_out
