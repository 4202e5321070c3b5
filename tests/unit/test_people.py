"""The people directory: validated, audited adds and edits; deactivation opens gaps; phones masked by role.
The people page is tested in tests/pages/test_people_page.py."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import overview, people
from coordpanel.core import audit
from coordpanel.core.auth import User
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.people.directory import PersonInput


# every test of this module runs on both backends: the demo in memory (DuckDB) and in PostgreSQL (tests/conftest.py)
@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


ADMIN, PLANNER, LEADER = User(3, "admin", "admin"), User(2, "planner", "planner"), User(1, "leader", "leader")


def count(db):
    return db.cursor().execute("SELECT count(*), (SELECT count(*) FROM audit_log) FROM person").fetchone()


def test_add_and_edit_are_audited(fresh_demo):
    pid = people.directory.add(fresh_demo, ADMIN, 1, PersonInput("新志愿者", "volunteer", "gate", phone="13912345678", home_building_id=1))
    people.directory.edit(fresh_demo, ADMIN, pid, PersonInput("新志愿者", "volunteer", "emergency", phone="13912345679", home_building_id=2))
    row = fresh_demo.records("people/full", id=pid)[0]
    assert (row["group_code"], row["phone"], row["home_building_id"]) == ("emergency", "13912345679", 2)
    log = fresh_demo.records("audit/search", actor="admin", table_name="person", limit=10,
                             **{"from": dt.datetime(2000, 1, 1), "to": dt.datetime(2100, 1, 1)})
    assert [e["action"] for e in log] == ["edit person", "add person"]
    assert '"group_code": "gate"' in log[0]["before"] and '"group_code": "emergency"' in log[0]["after"]


@pytest.mark.parametrize(("person", "key"), [
    (PersonInput("  ", "volunteer"), "people.no_name"),
    (PersonInput("甲", "alien"), "people.bad_tier"),
    (PersonInput("甲", "volunteer", "nope"), "people.bad_group"),
    (PersonInput("甲", "volunteer", "security"), "people.group_tier"),
    (PersonInput("甲", "volunteer", phone="12345"), "people.bad_phone"),
    (PersonInput("甲", "volunteer", phone="13900000001"), "people.phone_taken"),
    (PersonInput("甲", "volunteer", home_building_id=9999), "people.bad_building"),
    (PersonInput("甲", "cadre", organisation_id=9999), "people.bad_organisation"),
])
def test_bad_people_are_refused_with_a_reason_and_change_nothing(fresh_demo, person, key):
    before = count(fresh_demo)
    with pytest.raises(Refused) as err:
        people.directory.add(fresh_demo, ADMIN, 1, person)
    assert err.value.key == key and err.value.message("zh") and err.value.message("en")
    assert count(fresh_demo) == before


def test_a_phone_may_stay_with_its_owner_on_edit(fresh_demo):
    row = fresh_demo.records("people/full", id=1)[0]
    people.directory.edit(fresh_demo, ADMIN, 1, PersonInput(row["name"] + "（改）", row["tier"], row["group_code"], row["organisation_id"],
                                                  phone=row["phone"]))
    assert fresh_demo.records("people/full", id=1)[0]["name"].endswith("（改）")


@pytest.mark.parametrize(("raw", "phone"), [
    ("139-0000-1234", "13900001234"), ("+86 139 0000 1234", "13900001234"), (13900001234.0, "13900001234"),
    ("13900001234.0", "13900001234"), (None, None), ("", None),
])
def test_phones_as_offices_keep_them(raw, phone):
    assert people.directory.normalise_phone(raw) == phone


def test_deactivating_a_buildings_only_volunteer_opens_a_gap(fresh_demo):
    b = fresh_demo.records("buildings/list", compound_id=1)[3]
    volunteers = [r["person_id"] for r in fresh_demo.records("coverage/assignments", compound_id=1)
                  if r["building_id"] == b["id"] and r["tier"] == "volunteer"]
    for pid in volunteers:
        people.directory.deactivate(fresh_demo, ADMIN, pid, dt.date(2020, 2, 19), "搬离")
    assert overview.figures.load(fresh_demo, 1).gaps["code"].tolist() == [b["code"]]


@pytest.mark.parametrize("write", [
    lambda db, u: people.directory.add(db, u, 1, PersonInput("甲", "volunteer")),
    lambda db, u: people.directory.edit(db, u, 1, PersonInput("甲", "volunteer")),
    lambda db, u: people.directory.deactivate(db, u, 1, dt.date(2020, 2, 19), None),
])
@pytest.mark.parametrize("user", [LEADER, PLANNER])
def test_only_admins_change_the_directory(fresh_demo, write, user):
    before = count(fresh_demo)
    with pytest.raises(PermissionDenied):
        write(fresh_demo, user)
    assert count(fresh_demo) == before


def test_the_directory_masks_phones_for_leaders(demo_db):
    assert demo_db.records("people/full", id=1)[0]["phone"] in people.directory.directory(demo_db, ADMIN, 1)["phone"].tolist()
    assert all("****" in p for p in people.directory.directory(demo_db, LEADER, 1)["phone"])


def test_search_and_filters(demo_db):
    frame = people.directory.directory(demo_db, ADMIN, 1)
    assert len(people.directory.search(frame, tiers=["cadre"])) == 29
    assert len(people.directory.search(frame, tiers=["volunteer"], party=True)) == 18
    assert len(people.directory.search(frame, groups=["checkpoint"])) == 11
    name = frame["name"].iloc[0]
    assert name in people.directory.search(frame, text=name[:2])["name"].tolist()


# --- a new tier or group warns with its consequences before it is saved (issue #12, item 18) -------------------
def _as_input(db, pid: int, **changes) -> PersonInput:
    row = db.records("people/full", id=pid)[0]
    fields = {k: row[k] for k in ("name", "tier", "group_code", "organisation_id", "title", "party_member", "phone",
                                  "home_building_id", "note")}
    return PersonInput(**(fields | changes))


def _person_state(db):
    cur = db.cursor()
    return cur.execute("SELECT * FROM person ORDER BY id").fetchall(), cur.execute("SELECT count(*) FROM audit_log").fetchone()


def _sole_grid_worker(db) -> tuple[int, list[str]]:
    """A grid worker and the buildings that have no other grid worker."""
    grid = [r for r in db.records("coverage/assignments", compound_id=1) if r["tier"] == "grid"]
    pid = grid[0]["person_id"]
    alone = [r["building"] for r in grid if r["person_id"] == pid
             and all(o["person_id"] == pid for o in grid if o["building_id"] == r["building_id"])]
    return pid, alone


def test_a_new_tier_that_takes_buildings_out_of_coverage_needs_confirming(fresh_demo):
    pid, alone = _sole_grid_worker(fresh_demo)
    assert alone
    changed = _as_input(fresh_demo, pid, tier="volunteer", group_code="emergency")
    before = _person_state(fresh_demo)
    with pytest.raises(people.consequences.ConfirmationNeeded) as warned:
        people.directory.edit(fresh_demo, ADMIN, pid, changed)
    assert _person_state(fresh_demo) == before  # nothing saved, nothing audited
    found = warned.value.consequences
    assert [b for b, _, _ in found.buildings] == alone and {(was, now) for _, was, now in found.buildings} == {("covered", "partial")}
    name = changed.name
    assert warned.value.message("zh") == f"修改 {name} 的层级或分组会带来以下影响，请核对并确认后再保存。"
    assert warned.value.message("en").startswith(f"Changing the tier or group of {name} has consequences")
    assert f"{alone[0]}：全覆盖 → 部分覆盖" in warned.value.lines("zh")
    assert f"{alone[0]}: covered → partly covered" in warned.value.lines("en")
    people.directory.edit(fresh_demo, ADMIN, pid, changed, found)  # confirmed: saved
    assert fresh_demo.records("people/full", id=pid)[0]["tier"] == "volunteer"
    assert set(alone) <= set(overview.figures.load(fresh_demo, 1).gaps["code"])


def test_a_new_group_that_leaves_gate_shifts_short_needs_confirming(fresh_demo):
    row = fresh_demo.cursor().execute("""SELECT a.person_id, a.shift_id FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id
        JOIN person p ON p.id = a.person_id WHERE p.group_code = 'gate' AND s.starts_at >= TIMESTAMP '2020-02-22'
        ORDER BY s.starts_at, a.person_id LIMIT 1""").fetchone()
    pid, shift_id = row
    future = {r["shift_id"] for r in fresh_demo.records("roster/person_shifts", person_id=pid, **{"from": dt.datetime(2020, 2, 19, 8)})}
    with pytest.raises(people.consequences.ConfirmationNeeded) as warned:
        people.directory.edit(fresh_demo, ADMIN, pid, _as_input(fresh_demo, pid, group_code="purchasing"))
    shifts = warned.value.consequences.shifts
    assert shift_id in {s.shift_id for s in shifts} and {s.shift_id for s in shifts} == future
    first = next(s for s in shifts if s.shift_id == shift_id)
    staffing = {r["shift_id"]: r for r in fresh_demo.records("roster/staffing", compound_id=1, **{"from": dt.datetime(2020, 2, 17),
                                                                                                   "to": dt.datetime(2020, 2, 24)})}
    assert (first.filled, first.required) == (staffing[shift_id]["filled"] - 1, staffing[shift_id]["required"])
    zh, en = warned.value.lines("zh"), warned.value.lines("en")
    assert len(zh) == len(en) == len(shifts)
    assert any(first.gate in line and f"在岗 {first.filled}/{first.required}" in line for line in zh)
    assert any(f"{first.filled}/{first.required} on duty" in line for line in en)
    assert fresh_demo.records("people/full", id=pid)[0]["group_code"] == "gate"  # not saved


def test_losing_the_only_anchor_of_a_shift_is_named(fresh_demo):
    rows = fresh_demo.records("roster/staffing", compound_id=1, **{"from": dt.datetime(2020, 2, 20), "to": dt.datetime(2020, 2, 24)})
    lone = next(r for r in rows if r["anchors"] == 1)
    pid = fresh_demo.cursor().execute("""SELECT a.person_id FROM shift_assignment a JOIN person p ON p.id = a.person_id
        WHERE a.shift_id = $s AND p.tier IN ('property', 'cadre')""", {"s": lone["shift_id"]}).fetchone()[0]
    with pytest.raises(people.consequences.ConfirmationNeeded) as warned:
        people.directory.edit(fresh_demo, ADMIN, pid, _as_input(fresh_demo, pid, tier="volunteer", group_code="gate"))
    effect = next(s for s in warned.value.consequences.shifts if s.shift_id == lone["shift_id"])
    assert effect.anchor_lost and effect.filled == lone["filled"]  # still counts for the headcount, but no anchor
    assert any("没有物业人员或下沉党员在岗" in line for line in warned.value.lines("zh"))
    assert any("no property member or cadre left on duty" in line for line in warned.value.lines("en"))


def test_a_confirmation_of_other_consequences_does_not_save(fresh_demo):
    pid, alone = _sole_grid_worker(fresh_demo)
    changed = _as_input(fresh_demo, pid, tier="volunteer", group_code="emergency")
    before = _person_state(fresh_demo)
    for stale in (None, people.consequences.Consequences(changed.name), people.consequences.Consequences(changed.name, (("9栋", "covered", "partial"),))):
        with pytest.raises(people.consequences.ConfirmationNeeded):
            people.directory.edit(fresh_demo, ADMIN, pid, changed, stale)
    assert _person_state(fresh_demo) == before


def test_a_change_without_consequences_is_saved_at_once(fresh_demo):
    pid = people.directory.add(fresh_demo, ADMIN, 1, PersonInput("新人", "volunteer", "gate"))
    people.directory.edit(fresh_demo, ADMIN, pid, PersonInput("新人", "cadre", "screening"))  # no building, no shift
    assert fresh_demo.records("people/full", id=pid)[0]["group_code"] == "screening"
    grid, _ = _sole_grid_worker(fresh_demo)
    people.directory.edit(fresh_demo, ADMIN, grid, _as_input(fresh_demo, grid, name="改名", title="组长"))  # same tier and group
    assert fresh_demo.records("people/full", id=grid)[0]["name"] == "改名"


# --- phone numbers typed into notes (issue #12, item 19) -------------------------------------------------------
def test_phone_numbers_in_notes_are_masked_for_leaders_in_the_directory_and_its_export(fresh_demo):
    pid = people.directory.add(fresh_demo, ADMIN, 1, PersonInput("记事人", "volunteer", "gate", title="联系 027-8765 4321",
                                                              note="家属电话 139-0000-1234，备用 13800001111"))
    people.status.set_status(fresh_demo, ADMIN, pid, "sick", dt.date(2020, 2, 19), "住院，病房电话+86 137 0000 2222")
    leader = people.directory.directory(fresh_demo, LEADER, 1).set_index("id").loc[pid]
    assert (leader["note"], leader["title"], leader["status_note"]) == (
        "家属电话 139****1234，备用 138****1111", "联系 027****4321", "住院，病房电话137****2222")
    admin = people.directory.directory(fresh_demo, ADMIN, 1).set_index("id").loc[pid]
    assert "139-0000-1234" in admin["note"] and "+86 137 0000 2222" in admin["status_note"]


def test_phone_numbers_in_notes_are_masked_in_the_audit_with_the_same_function(fresh_demo):
    people.directory.add(fresh_demo, ADMIN, 1, PersonInput("记事人", "volunteer", "gate", note="家属 139 0000 1234"))
    entry = audit.search(fresh_demo, LEADER, table="person")["after"].iloc[0]
    assert "139****1234" in entry and "0000" not in entry
    assert "139 0000 1234" in audit.search(fresh_demo, ADMIN, table="person")["after"].iloc[0]
