"""Attendance writes (#15): check-in, absence, check-out, stand-ins and corrections on the demo, on both backends.

The demo's "today" is 2020-02-19 08:00: the 00:00 shifts have just ended, the east gate's 07:00 shift is in
progress (its crew checked in), the 08:00 shifts at the south and north gates are starting (nobody recorded yet)."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel.attendance import noshows, records
from coordpanel.core import auth
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.people import status

D = dt.datetime
NOW = D(2020, 2, 19, 8)
PLANNER = auth.User(None, "planner", "planner")
LEADER = auth.User(None, "leader", "leader")
SOUTH, NORTH, EAST = 0, 1, 2  # gate order in the demo
WEEK = {"from": D(2020, 2, 17), "to": D(2020, 2, 24)}


def crew(db, start: dt.datetime, gate: int) -> tuple[int, list[int]]:
    """The shift starting at `start` at the gate in that order, and its roster (person ids)."""
    places = [p for p in db.records("attendance/places", compound_id=1, **WEEK)
              if p["starts_at"] == start and p["gate_order"] == gate]
    return places[0]["shift_id"], [p["person_id"] for p in places]


def state(db):
    """Every attendance record and the newest audit id: what a refused write must leave as it was."""
    return db.rows("attendance/records", compound_id=1, **WEEK), db.scalar("audit/latest_id")


def record(db, shift_id: int, person_id: int) -> dict | None:
    found = [r for r in db.records("attendance/of_shift", shift_id=shift_id) if r["person_id"] == person_id]
    return found[0] if found else None


def audit_entries(db, action: str) -> list[tuple]:
    return db.cursor().execute("SELECT table_name, row_key, before, after, actor FROM audit_log WHERE action = $a "
                               "ORDER BY id", {"a": action}).fetchall()


def free_gate_person(db, shift_id: int, start: dt.datetime, end: dt.datetime) -> int:
    """An active, gate-eligible person with no roster place or record at a shift overlapping [start - 8 h, end + 8 h)."""
    rest = dt.timedelta(hours=8)
    busy = {p["person_id"] for p in db.records("attendance/places", compound_id=1, **WEEK)
            if p["starts_at"] < end + rest and p["ends_at"] + rest > start}
    busy |= {r["person_id"] for r in db.records("attendance/records", compound_id=1, **WEEK)
             if r["starts_at"] < end + rest and r["ends_at"] + rest > start}
    people = db.records("people/for_roster", compound_id=1)
    return min(p["id"] for p in people if p["gate_eligible"] and p["status"] == "active" and p["id"] not in busy)


def refused(key: str, db, write, *args, **kwargs) -> Refused:
    """The write is refused with `key`, in words in both languages, and changes nothing."""
    before = state(db)
    with pytest.raises(Refused) as caught:
        write(db, *args, **kwargs)
    assert caught.value.key == key, (caught.value.key, caught.value.params)
    for lang in ("zh", "en"):
        assert caught.value.message(lang).strip()
    assert state(db) == before
    return caught.value


def test_check_in_is_present_or_late_by_the_start_and_check_out_follows(backend_demo):
    db = backend_demo
    shift, (first, second, *_) = crew(db, D(2020, 2, 19, 8), SOUTH)
    row = records.check_in(db, PLANNER, shift, first, D(2020, 2, 19, 7, 50), now=D(2020, 2, 19, 7, 55))
    assert row["status"] == "present"
    records.check_in(db, PLANNER, shift, second, D(2020, 2, 19, 8, 10), now=D(2020, 2, 19, 8, 12))
    assert record(db, shift, second)["status"] == "late"
    assert record(db, shift, second)["checked_in_at"] == D(2020, 2, 19, 8, 10)
    records.check_out(db, PLANNER, shift, first, D(2020, 2, 19, 16, 5), now=D(2020, 2, 19, 16, 6))
    assert record(db, shift, first)["checked_out_at"] == D(2020, 2, 19, 16, 5)
    entries = audit_entries(db, "check in")
    assert [(e[0], e[1], e[4]) for e in entries] == [("attendance", f"{shift}:{first}", "planner"),
                                                     ("attendance", f"{shift}:{second}", "planner")]
    assert '"late"' in entries[1][3]
    # late as the caller says, whatever the time
    north, (third, *_) = crew(db, D(2020, 2, 19, 8), NORTH)
    assert records.check_in(db, PLANNER, north, third, D(2020, 2, 19, 7, 59), late=True, now=NOW)["status"] == "late"


def test_every_rule_of_the_day_is_refused_in_words_and_changes_nothing(backend_demo):
    db = backend_demo
    south, south_crew = crew(db, D(2020, 2, 19, 8), SOUTH)
    north, north_crew = crew(db, D(2020, 2, 19, 8), NORTH)
    east, east_crew = crew(db, D(2020, 2, 19, 7), EAST)  # in progress, checked in by the demo
    night, night_crew = crew(db, D(2020, 2, 19, 0), SOUTH)  # ended at 08:00, checked out by the demo
    monday, monday_crew = crew(db, D(2020, 2, 17, 8), SOUTH)
    outsider = next(p["id"] for p in db.records("people/for_roster", compound_id=1)
                    if p["id"] not in south_crew and p["gate_eligible"])
    refused("att.unknown_shift", db, records.check_in, PLANNER, 999999, south_crew[0], now=NOW)
    refused("att.unknown_person", db, records.check_in, PLANNER, south, 999999, now=NOW)
    refused("att.too_early", db, records.check_in, PLANNER, south, south_crew[0], D(2020, 2, 19, 6, 59),
            now=D(2020, 2, 19, 7))
    refused("att.future", db, records.check_in, PLANNER, south, south_crew[0], D(2020, 2, 19, 8, 30), now=NOW)
    refused("att.not_today", db, records.check_in, PLANNER, monday, monday_crew[0], D(2020, 2, 17, 8), now=NOW)
    refused("att.not_on_roster", db, records.check_in, PLANNER, south, outsider, now=NOW)
    refused("att.not_on_roster", db, records.mark_absent, PLANNER, south, outsider, now=NOW)
    refused("att.not_checked_in", db, records.check_out, PLANNER, south, south_crew[0], now=NOW)
    refused("att.already_in", db, records.check_in, PLANNER, east, east_crew[0], now=NOW)
    refused("att.already_in", db, records.mark_absent, PLANNER, east, east_crew[0], now=NOW)
    checked_in = record(db, east, east_crew[0])["checked_in_at"]
    refused("att.out_before_in", db, records.check_out, PLANNER, east, east_crew[0], checked_in, now=NOW)
    refused("att.already_out", db, records.check_out, PLANNER, night, night_crew[0], now=NOW)
    refused("att.future", db, records.check_out, PLANNER, east, east_crew[0], D(2020, 2, 19, 9), now=NOW)
    # nobody present at two places: the east gate's crew is on duty until 13:00
    refused("att.elsewhere", db, records.add_stand_in, PLANNER, north, east_crew[0], north_crew[0], now=NOW)
    records.mark_absent(db, PLANNER, south, south_crew[-1], now=NOW)
    refused("att.already_absent", db, records.mark_absent, PLANNER, south, south_crew[-1], now=NOW)


def test_stand_in_rules_and_a_covered_place_is_no_no_show(backend_demo):
    db = backend_demo
    north, north_crew = crew(db, D(2020, 2, 19, 8), NORTH)
    later = D(2020, 2, 19, 8, 20)
    due = noshows.no_shows(db, 1, D(2020, 2, 19), D(2020, 2, 20), later)
    assert set(due[due["shift_id"] == north]["person_id"]) == set(north_crew)
    people = db.records("people/for_roster", compound_id=1)
    buyer = next(p["id"] for p in people if not p["gate_eligible"])
    stand_in = free_gate_person(db, north, D(2020, 2, 19, 8), D(2020, 2, 19, 16))
    absent, present = north_crew
    refused("att.stand_in_not_eligible", db, records.add_stand_in, PLANNER, north, buyer, absent, now=later)
    refused("att.stand_in_on_shift", db, records.add_stand_in, PLANNER, north, present, absent, now=later)
    refused("att.unknown_person", db, records.add_stand_in, PLANNER, north, stand_in, 999999, now=later)
    refused("att.not_on_roster", db, records.add_stand_in, PLANNER, north, stand_in, buyer, now=later)
    records.check_in(db, PLANNER, north, present, now=later)
    refused("att.covered_present", db, records.add_stand_in, PLANNER, north, stand_in, present, now=later)

    row = records.add_stand_in(db, PLANNER, north, stand_in, absent, now=later)
    assert (row["status"], row["covers_person_id"], row["checked_in_at"]) == ("late", absent, later)
    assert record(db, north, absent)["status"] == "absent"
    due = noshows.no_shows(db, 1, D(2020, 2, 19), D(2020, 2, 20), later)
    assert north not in set(due["shift_id"])
    covered = noshows.no_shows(db, 1, D(2020, 2, 19), D(2020, 2, 20), later, include_covered=True)
    assert covered[covered["shift_id"] == north][["person_id", "stand_in_id"]].values.tolist() == [[absent, stand_in]]
    other = free_gate_person(db, north, D(2020, 2, 19, 8), D(2020, 2, 19, 16))
    refused("att.already_covered", db, records.add_stand_in, PLANNER, north, other, absent, now=later)
    on_duty = noshows.on_duty_now(db, 1, later)
    assert on_duty[on_duty["shift_id"] == north][["planned", "present"]].values.tolist() == [[2, 2]]


def test_an_inactive_person_cannot_stand_in(backend_demo):
    db = backend_demo
    north, (absent, _) = crew(db, D(2020, 2, 19, 8), NORTH)
    sick = free_gate_person(db, north, D(2020, 2, 19, 8), D(2020, 2, 19, 16))
    status.set_status(db, PLANNER, sick, "quarantined", dt.date(2020, 2, 19), None)
    error = refused("att.stand_in_not_active", db, records.add_stand_in, PLANNER, north, sick, absent, now=NOW)
    assert "隔离" in error.message("zh")


def test_rights_and_gates_are_checked_on_every_write(backend_demo):
    db = backend_demo
    south, south_crew = crew(db, D(2020, 2, 19, 8), SOUTH)
    north, north_crew = crew(db, D(2020, 2, 19, 8), NORTH)
    with pytest.raises(PermissionDenied):
        records.check_in(db, LEADER, south, south_crew[0], now=NOW)
    refused("auth.denied", db, records.mark_absent, LEADER, south, south_crew[0], now=NOW)
    # a planner's page narrowed to one gate, and a gate lead with no gates of their own
    refused("att.other_gate", db, records.check_in, PLANNER, north, north_crew[0], gates=[south], now=NOW)
    no_gates = auth.User(None, "nobody", "gatelead")
    refused("att.other_gate", db, records.check_in, no_gates, south, south_crew[0], now=NOW)
    gate_id = db.records("attendance/shift", shift_id=south)[0]["gate_id"]
    auth.create_user(db, auth.CLI_USER, "southlead", "gatelead", "long-enough-secret", gates=[gate_id])
    lead = auth.User(None, "southlead", "gatelead")
    # the gates come from the account, whatever the caller passes
    refused("att.other_gate", db, records.check_in, lead, north, north_crew[0], gates=[north, south], now=NOW)
    assert records.check_in(db, lead, south, south_crew[0], now=NOW)["status"] == "present"
    refused("auth.denied", db, records.correct, lead, south, south_crew[0], status="late", checked_in_at=NOW,
            reason="x", now=NOW)


def test_a_correction_of_a_past_record_is_planners_only_needs_a_reason_and_is_audited(backend_demo):
    db = backend_demo
    monday, (first, *_) = crew(db, D(2020, 2, 17, 8), SOUTH)
    before = record(db, monday, first)
    fixed = {"status": "late", "checked_in_at": D(2020, 2, 17, 8, 40), "checked_out_at": D(2020, 2, 17, 16)}
    refused("auth.denied", db, records.correct, LEADER, monday, first, **fixed, reason="记错了", now=NOW)
    refused("att.reason_required", db, records.correct, PLANNER, monday, first, **fixed, reason="  ", now=NOW)
    refused("att.bad_status", db, records.correct, PLANNER, monday, first, status="gone", reason="r", now=NOW)
    refused("att.in_required", db, records.correct, PLANNER, monday, first, status="present", reason="r", now=NOW)
    refused("att.out_before_in", db, records.correct, PLANNER, monday, first, status="present",
            checked_in_at=D(2020, 2, 17, 8), checked_out_at=D(2020, 2, 17, 7, 59), reason="r", now=NOW)
    refused("att.too_early", db, records.correct, PLANNER, monday, first, status="present",
            checked_in_at=D(2020, 2, 17, 6, 30), reason="r", now=NOW)
    refused("att.after_end", db, records.correct, PLANNER, monday, first, status="present",
            checked_in_at=D(2020, 2, 17, 16), reason="r", now=NOW)
    refused("att.unknown_shift", db, records.correct, PLANNER, 999999, first, status="absent", reason="r", now=NOW)
    future, future_crew = crew(db, D(2020, 2, 19, 16), SOUTH)
    refused("att.not_started", db, records.correct, PLANNER, future, future_crew[0], status="absent", reason="r",
            now=NOW)
    # the demo's stand-in (Tuesday) cannot be turned absent
    stand_in = next(r for r in db.records("attendance/records", compound_id=1, **WEEK) if r["covers_person_id"])
    refused("att.stand_in_absent", db, records.correct, PLANNER, stand_in["shift_id"], stand_in["person_id"],
            status="absent", reason="r", now=NOW)

    records.correct(db, PLANNER, monday, first, **fixed, reason="记错了：实际 8:40 到岗", now=NOW)
    after = record(db, monday, first)
    assert (after["status"], after["checked_in_at"], after["checked_out_at"]) == tuple(fixed.values())
    (entry,) = audit_entries(db, "correct attendance")
    assert entry[0:2] == ("attendance", f"{monday}:{first}")
    assert '"present"' in entry[2] and str(before["checked_in_at"]) in entry[2]
    assert "记错了：实际 8:40 到岗" in entry[3] and '"late"' in entry[3]
    # a correction may mark a past place absent, which makes it a no-show of its day
    records.correct(db, PLANNER, monday, first, status="absent", reason="其实没来", now=NOW)
    due = noshows.no_shows(db, 1, D(2020, 2, 17), D(2020, 2, 18), NOW)
    assert due[["shift_id", "person_id"]].values.tolist() == [[monday, first]]


def test_a_reason_or_note_too_long_is_refused_by_the_core_not_only_by_the_form(backend_demo):
    """The correction form stops at 200 characters; a caller that bypasses it (another page, the CLI, a script) is
    refused in words by the write itself, and nothing is written or audited."""
    db = backend_demo
    monday, (first, *_) = crew(db, D(2020, 2, 17, 8), SOUTH)
    south, south_crew = crew(db, D(2020, 2, 19, 8), SOUTH)
    limit = 200  # the correction form's max_chars
    long_text = "长" * (limit + 1)
    error = refused("att.reason_too_long", db, records.correct, PLANNER, monday, first, status="absent",
                    reason=long_text, now=NOW)
    assert str(limit) in error.message("zh") and str(limit) in error.message("en")
    refused("att.note_too_long", db, records.correct, PLANNER, monday, first, status="absent", reason="r",
            note=long_text, now=NOW)
    refused("att.note_too_long", db, records.mark_absent, PLANNER, south, south_crew[0], note=long_text, now=NOW)
    refused("att.note_too_long", db, records.check_in, PLANNER, south, south_crew[0], note=long_text, now=NOW)
    # at the limit, and with spaces around it, the text is taken (trimmed)
    records.correct(db, PLANNER, monday, first, status="absent", reason=" " + "因" * limit + " ", now=NOW)
    assert record(db, monday, first)["status"] == "absent"
