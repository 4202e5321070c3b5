"""A person's status (active, sick, quarantined, left) and what it leaves open."""


from __future__ import annotations

import datetime as dt

from coordpanel.core.auth import User, require
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.vocab import STATUSES


def set_status(db: Database, user: User, person_id: int, status: str, since: dt.date | None, note: str | None) -> None:
    """Mark a person sick, quarantined, left or active again from a date; nothing else is changed for them."""
    user = require(user, "edit_status", db)
    if status not in STATUSES:
        raise Refused("people.bad_status", status=status)
    row = db.records("people/by_id", id=person_id)
    if not row:
        raise Refused("coverage.unknown_person", person=person_id)
    person = row[0]
    if status != "active" and since is None:
        raise Refused("people.since_required")
    since = None if status == "active" else since
    note = (note or "").strip() or None
    with db.transaction(user.username, "set status", person["compound_id"]) as tx:
        tx.run("people/set_status", id=person_id, status=status, since=since, note=note)
        tx.record("person", person_id,
                  {k: person[k] for k in ("status", "status_since", "status_note")},
                  {"status": status, "status_since": since, "status_note": note})


def still_assigned(db: Database, compound_id: int, person_id: int, from_: dt.datetime) -> dict[str, list]:
    """What a person is still on record for: buildings, and gate shifts from a moment on (for the planner to decide)."""
    buildings = [r["building"] for r in db.records("coverage/assignments", compound_id=compound_id) if r["person_id"] == person_id]
    shifts = db.records("roster/person_shifts", person_id=person_id, **{"from": from_})
    return {"buildings": buildings, "shifts": shifts}
