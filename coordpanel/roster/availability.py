"""Declared unavailability: times someone said they cannot be on duty."""


from __future__ import annotations

import datetime as dt

from coordpanel.core.auth import User, require
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused


def declare_unavailable(db: Database, user: User, compound_id: int, person_id: int, starts_at: dt.datetime,
                        ends_at: dt.datetime, note: str | None = None) -> int:
    """Record that someone cannot take shifts in [starts_at, ends_at) (a planner hears it on the phone or in the
    group chat); candidates then leave them out of those shifts, saying why. Returns the record's id."""
    user = require(user, "edit_roster", db)
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
    user = require(user, "edit_roster", db)
    with db.transaction(user.username, "withdraw unavailable", compound_id) as tx:
        removed = tx.records("roster/delete_availability", id=record_id, compound_id=compound_id)
        if not removed:
            raise Refused("roster.unknown_availability", id=record_id)
        tx.record("availability", str(record_id), removed[0], None)
