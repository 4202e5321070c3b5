"""The people directory: validated, audited adds and edits; deactivation opens gaps; phones masked by role.
The people page is tested in tests/pages/test_people_page.py."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import overview, people
from coordpanel.core.auth import User
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.people.directory import PersonInput

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
