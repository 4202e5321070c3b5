"""The people directory: validated, audited adds and edits; deactivation opens gaps; phones masked by role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coordpanel import overview, people
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.people.directory import PersonInput

ROOT = Path(__file__).resolve().parents[2]
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


# --- through the page -------------------------------------------------------------------------------------
def open_page(user: User, view: str | None = None) -> AppTest:
    """The people page on one of its views (lazy tabs: only the open one runs); the directory when none is named."""
    at = AppTest.from_file(str(ROOT / "pages" / "people.py"), default_timeout=30)
    at.session_state["user"] = user
    if view:
        at.session_state["people_view"] = view
    return at.run()


def test_an_admin_adds_a_person_through_the_page(page_db):
    at = open_page(ADMIN, "新增人员")
    form = [w for w in at.text_input if w.label == "姓名"][0]
    form.input("<script>alert(1)</script>")
    next(w for w in at.text_input if w.label == "电话").input("139 1234 5678")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    db = Database(page_db)
    row = db.cursor().execute("SELECT name, phone FROM person WHERE phone = '13912345678'").fetchone()
    assert row == ("<script>alert(1)</script>", "13912345678")
    assert "<script>alert(1)</script>" in open_page(ADMIN).dataframe[0].value.iloc[:, 0].tolist()


def test_a_bad_phone_on_the_page_gets_a_message(page_db):
    at = open_page(ADMIN, "新增人员")
    next(w for w in at.text_input if w.label == "姓名").input("王五")
    next(w for w in at.text_input if w.label == "电话").input("1234")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert any("手机号格式不对" in e.value for e in at.error)


def test_filter_chips_narrow_the_directory(page_db):
    at = open_page(LEADER)
    assert len(at.dataframe[0].value) == 102
    chips = at.multiselect[0]
    chips.select(("tier", "volunteer")).select(("party", True))
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 18  # the article's 18 party members among the 43 volunteers
    at.multiselect[0].unselect(("party", True)).select(("tier", "cadre")).run()
    assert len(at.dataframe[0].value) == 43 + 29  # within one kind of chip, any of them
    assert at.caption[0].value == "共 72 人"


def test_the_export_buttons_run_only_while_their_popover_is_open(page_db):
    at = open_page(LEADER)
    assert not at.get("download_button")
    at.session_state["people_export"] = True
    at.run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["导出 Excel", "导出 CSV"]


def test_a_leader_sees_no_forms(page_db):
    at = open_page(LEADER)
    assert not at.exception and not at.button and at.dataframe
    assert [tab.label for tab in at.tabs] == ["名录"]
    assert not open_page(LEADER, "新增人员").text_input[1:]  # asking for a view one may not see shows the directory


def test_an_admin_edits_and_deactivates_through_the_page_and_the_building_becomes_a_gap(page_db):
    db = Database(page_db)
    b = db.records("buildings/list", compound_id=1)[5]
    volunteers = [r for r in db.records("coverage/assignments", compound_id=1)
                  if r["building_id"] == b["id"] and r["tier"] == "volunteer"]
    first = volunteers[0]
    at = open_page(ADMIN, "修改人员")
    next(s for s in at.selectbox if s.label == "人员").set_value(first["person_id"])
    at.run()
    edit_name = [w for w in at.text_input if w.label == "姓名"][-1]
    edit_name.input(first["name"] + "（已核实）")
    [b_ for b_ in at.button if b_.label == "保存"][-1].click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert Database(page_db).records("people/full", id=first["person_id"])[0]["name"] == first["name"] + "（已核实）"
    for volunteer in volunteers:
        at = open_page(ADMIN, "修改人员")
        next(s for s in at.selectbox if s.label == "人员").set_value(volunteer["person_id"])
        at.run()
        next(b_ for b_ in at.button if b_.label == "停用（离开）").click()
        at.run()
        assert not at.exception
    assert overview.figures.load(Database(page_db), 1).gaps["code"].tolist() == [b["code"]]
