"""The 今日到岗 page's data, cached per data version: today's duty at the user's gates (coordpanel/attendance/board.py)
and who may stand in."""

from __future__ import annotations

import datetime as dt

from coordpanel.attendance import board, noshows
from coordpanel.attendance.board import Candidate, GateDay, OnShift, Shift  # noqa: F401 (the page's types)
from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version


@per_version(maxsize=16)
def _day(db: Database, user: auth.User, compound_id: int, when: dt.date) -> tuple[GateDay, ...]:
    return board.day(db, user, compound_id, when)


def day(user: auth.User, compound_id: int, when: dt.date) -> tuple[GateDay, ...]:
    """board.day for the signed-in user."""
    return _day(user, compound_id, when)


@per_version(maxsize=8)
def _pool(db: Database, user: auth.User, compound_id: int) -> tuple[Candidate, ...]:
    return board.stand_in_pool(db, user, compound_id)


def stand_in_choices(user: auth.User, gate: GateDay, shift: Shift) -> tuple[Candidate, ...]:
    """Who may stand in at the shift: the gate compound's stand-in pool less the people already on it."""
    taken = {p.person_id for p in shift.people}
    return tuple(c for c in _pool(user, gate.compound_id) if c.person_id not in taken)


@per_version(maxsize=4)
def _grace(db: Database) -> int:
    return noshows.grace_minutes(db)


def grace() -> dt.timedelta:
    """How long after a shift's start a place nobody checked in at is a no-show (setting attendance.grace_minutes)."""
    return dt.timedelta(minutes=_grace())
