"""The demo's attendance: every roster place of a shift that started before the demo's "today" has a record.

Deterministic and within the attendance rules: most people check in a few minutes before their shift starts, a few
arrive late (5-20 minutes after the start), everyone checks out at the end of a finished shift (a shift still in
progress has no check-out yet). Exactly one place is a no-show: a roster member of Tuesday's 16:00 shift at the
second gate stays away, and a gate-eligible, active person with no shift within the minimum rest of it stands in,
arriving 25 minutes after the start."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core.db import Transaction
from coordpanel.core.vocab import ANCHOR_TIERS
from coordpanel.roster.rules import Rules

NO_SHOW_DAY = dt.date(2020, 2, 18)  # the day before the demo's "today": the brief's "no-shows yesterday"
NO_SHOW_START = dt.time(16)
NO_SHOW_GATE_ORDER = 1
STAND_IN_AFTER = dt.timedelta(minutes=25)
_COLUMNS = ["shift_id", "person_id", "status", "checked_in_at", "checked_out_at", "covers_person_id", "recorded_by",
            "recorded_at", "note"]


def _minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def seed(tx: Transaction, compound_id: int, first: dt.date, as_of: dt.datetime) -> int:
    """Attendance for the shifts of the compound starting in [first, as_of); returns the records written."""
    places = tx.records("attendance/places", compound_id=compound_id,
                        **{"from": dt.datetime.combine(first, dt.time()), "to": as_of})
    if not places:
        return 0
    absent = _no_show(places)
    rows = []
    for p in places:
        shift_id, pid, start, end = p["shift_id"], p["person_id"], p["starts_at"], p["ends_at"]
        if (shift_id, pid) == absent:
            rows.append(_row(shift_id, pid, "absent", None, None, None, start, tx.actor))
            continue
        late = (shift_id * 7 + pid) % 11 == 0
        arrived = start + _minutes(5 + 5 * (pid % 4)) if late else start - _minutes(5 + (shift_id + pid) % 20)
        left = min(end + _minutes((shift_id + pid) % 10), as_of) if end <= as_of else None
        rows.append(_row(shift_id, pid, "late" if late else "present", arrived, left, None, arrived, tx.actor))
    shift = next(p for p in places if p["shift_id"] == absent[0])
    stand_in = _stand_in(tx, compound_id, shift, first, as_of)
    arrived = shift["starts_at"] + STAND_IN_AFTER
    rows.append(_row(absent[0], stand_in, "late", arrived, shift["ends_at"], absent[1], arrived, tx.actor))
    tx.insert_df("attendance", pd.DataFrame(rows, columns=_COLUMNS))
    return len(rows)


def _row(shift_id, person_id, status, arrived, left, covers, at, actor) -> dict:
    return {"shift_id": shift_id, "person_id": person_id, "status": status, "checked_in_at": arrived,
            "checked_out_at": left, "covers_person_id": covers, "recorded_by": actor, "recorded_at": at, "note": None}


def _no_show(places: list[dict]) -> tuple[int, int]:
    """(shift, person): the last member of the chosen shift's crew who is not its only property member or cadre."""
    start = dt.datetime.combine(NO_SHOW_DAY, NO_SHOW_START)
    crew = [p for p in places if p["starts_at"] == start and p["gate_order"] == NO_SHOW_GATE_ORDER]
    others = [p for p in crew if p["tier"] not in ANCHOR_TIERS] or crew[1:]
    chosen = max(others, key=lambda p: p["person_id"])
    return chosen["shift_id"], chosen["person_id"]


def _stand_in(tx: Transaction, compound_id: int, shift: dict, first: dt.date, as_of: dt.datetime) -> int:
    """The lowest-id active, gate-eligible person with no roster place within the minimum rest of the shift."""
    rest = dt.timedelta(hours=Rules().min_rest_hours)
    week = tx.records("attendance/places", compound_id=compound_id,
                      **{"from": dt.datetime.combine(first, dt.time()) - dt.timedelta(days=7),
                         "to": as_of + dt.timedelta(days=7)})
    busy = {p["person_id"] for p in week
            if p["starts_at"] < shift["ends_at"] + rest and p["ends_at"] + rest > shift["starts_at"]}
    people = tx.records("people/for_roster", compound_id=compound_id)
    free = [p["id"] for p in people if p["gate_eligible"] and p["status"] == "active" and p["id"] not in busy]
    return min(free)
