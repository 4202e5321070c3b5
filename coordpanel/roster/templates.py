"""Per-gate daily shift templates and the shifts created from them."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordpanel.core import clock
from coordpanel.core.auth import User, require
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused


def generate_shifts(db: Database, user: User, compound_id: int, first: dt.date, last: dt.date) -> int:
    """Create each gate's template shifts for the days [first, last]; existing and past shifts are left alone."""
    user = require(user, "edit_roster", db)
    if last < first:
        raise Refused("roster.bad_range")
    if (last - first).days > 62:
        raise Refused("roster.range_too_long", days=62)
    now = clock.today(db)
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


# --- shift templates ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Template:
    gate_id: int
    starts: dt.time
    hours: float
    required: int


def save_templates(db: Database, user: User, compound_id: int, templates: list[Template]) -> int:
    """Replace the daily shift templates of the compound's gates, all at once; existing shifts are not touched."""
    user = require(user, "edit_roster", db)
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
