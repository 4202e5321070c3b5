"""Building coverage: the rules of an assignment edit, all-or-nothing saves, conflicts, undo, status changes.
The coverage page is tested in tests/pages/test_coverage_page.py."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from helpers import buildings, people_by_id
from helpers import coverage_dump as dump

from coordpanel import coverage, district, overview, people
from coordpanel.core import clock, exports, i18n
from coordpanel.core.auth import User
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.coverage.assignments import Assignment, EditorRow


# every test of this module runs on both backends: the demo in memory (DuckDB) and in PostgreSQL (tests/conftest.py)
@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


PLANNER = User(2, "planner", "planner")
OTHER = User(4, "planner2", "planner")
LEADER = User(1, "leader", "leader")


@pytest.fixture
def fresh(fresh_demo):
    return fresh_demo


def volunteers_of(db, code):
    b = buildings(db)[code]
    return [a for a in coverage.assignments.current(db, 1) if a.building_id == b and people_by_id(db)[a.person_id]["tier"] == "volunteer"]


def test_removing_a_buildings_volunteers_is_previewed_then_saved_and_audited(fresh):
    base = coverage.assignments.current(fresh, 1)
    gone = set(volunteers_of(fresh, "3栋"))
    proposed = [a for a in base if a not in gone]
    before = dump(fresh)
    after = coverage.assignments.preview(fresh, PLANNER, 1, proposed)
    assert dump(fresh) == before  # a preview changes nothing and audits nothing
    assert coverage.assignments.status_changes(fresh.df("coverage/by_building", compound_id=1, day=None), after) == [("3栋", "covered", "partial")]
    assert coverage.assignments.save(fresh, PLANNER, 1, base, proposed) == len(gone)
    assert overview.figures.load(fresh, 1).gaps["code"].tolist() == ["3栋"]
    log = fresh.records("audit/search", actor="planner", table_name="building_assignment", limit=100,
                        **{"from": dt.datetime(2000, 1, 1), "to": dt.datetime(2100, 1, 1)})
    assert len(log) == len(gone) and all(e["after"] is None and e["before"] for e in log)


def test_a_role_change_is_saved_audited_and_undone(fresh):
    base = coverage.assignments.current(fresh, 1)
    first = base[0]
    moved = Assignment(first.building_id, first.person_id, "backup" if first.role == "primary" else "primary")
    proposed = [moved, *base[1:]]
    assert coverage.assignments.save(fresh, PLANNER, 1, base, proposed) == 1
    assert set(coverage.assignments.current(fresh, 1)) == set(proposed)
    log = fresh.records("audit/search", actor="planner", table_name="building_assignment", limit=10,
                        **{"from": dt.datetime(2000, 1, 1), "to": dt.datetime(2100, 1, 1)})
    assert [(json.loads(e["before"])["role"], json.loads(e["after"])["role"]) for e in log] == [(first.role, moved.role)]
    coverage.assignments.undo_last(fresh, PLANNER, 1)
    assert set(coverage.assignments.current(fresh, 1)) == set(base)


def test_a_save_on_an_outdated_base_is_refused_and_names_who_saved(fresh):
    base = coverage.assignments.current(fresh, 1)
    first = [a for a in base if a not in set(volunteers_of(fresh, "1栋"))]
    coverage.assignments.save(fresh, OTHER, 1, base, first)
    before = dump(fresh)
    mine = [Assignment(a.building_id, a.person_id, "backup") if i == 0 else a for i, a in enumerate(base)]
    with pytest.raises(Refused) as err:
        coverage.assignments.save(fresh, PLANNER, 1, base, mine)
    assert err.value.key == "coverage.conflict" and err.value.params["who"] == "planner2"
    assert dump(fresh) == before


def test_undo_restores_the_last_save_and_only_once(fresh):
    base = coverage.assignments.current(fresh, 1)
    coverage.assignments.save(fresh, PLANNER, 1, base, base[1:])
    coverage.assignments.undo_last(fresh, PLANNER, 1)
    assert sorted(coverage.assignments.current(fresh, 1), key=lambda a: a.key) == sorted(base, key=lambda a: a.key)
    with pytest.raises(Refused, match="nothing_to_undo"):
        coverage.assignments.undo_last(fresh, PLANNER, 1)


def test_undo_is_refused_when_the_rows_changed_since(fresh):
    base = coverage.assignments.current(fresh, 1)
    coverage.assignments.save(fresh, PLANNER, 1, base, base[1:])
    # someone puts the removed row back by another way before the undo
    fresh.cursor().execute("INSERT INTO building_assignment (building_id, person_id, role) VALUES ($b, $p, $r)",
                           {"b": base[0].building_id, "p": base[0].person_id, "r": base[0].role})
    with pytest.raises(Refused, match="undo_stale"):
        coverage.assignments.undo_last(fresh, PLANNER, 1)


def test_nothing_to_save(fresh):
    base = coverage.assignments.current(fresh, 1)
    with pytest.raises(Refused, match="nothing_to_save"):
        coverage.assignments.save(fresh, PLANNER, 1, base, base)


def test_bad_edits_are_refused_with_a_reason_and_change_nothing(fresh):
    base = coverage.assignments.current(fresh, 1)
    who = people_by_id(fresh)
    volunteer = next(p for p in who.values() if p["tier"] == "volunteer")
    people.status.set_status(fresh, PLANNER, volunteer["id"], "quarantined", dt.date(2020, 2, 18), "密接")
    before = dump(fresh)
    b1 = buildings(fresh)["1栋"]
    for proposed, key in [
        (base + [Assignment(b1, 99999)], "coverage.unknown_person"),
        (base + [Assignment(b1 + 1000, volunteer["id"])], "coverage.unknown_building"),
        (base + [Assignment(buildings(fresh)["9栋"], volunteer["id"], "backup")], "coverage.inactive"),
        (base + [base[0]], "coverage.duplicate"),
        (base[:-1] + [Assignment(base[-1].building_id, base[-1].person_id, "chief")], "coverage.bad_role"),
    ]:
        with pytest.raises(Refused) as err:
            coverage.assignments.save(fresh, PLANNER, 1, base, proposed)
        assert err.value.key == key
        assert err.value.message("zh") and err.value.message("en")
    assert dump(fresh) == before
    # the quarantined volunteer's own rows stay and do not block other edits
    assert coverage.assignments.save(fresh, PLANNER, 1, base, base[1:]) == 1


def test_a_person_in_another_tiers_slot_is_refused():
    person = {"id": 7, "name": "保安甲", "tier": "property"}
    rows = [EditorRow("1栋", "volunteer", "保安甲 · #7", "primary"), EditorRow("1栋", "property", "保安甲 · #7", "backup"),
            EditorRow(None, "grid", None, "primary"), EditorRow("1栋", "grid", "无名 · #0", "primary")]
    assignments, errors = coverage.assignments.from_editor(rows, {"保安甲 · #7": person}, {"1栋": 1})
    assert assignments == [Assignment(1, 7, "backup")]
    assert [e.key for e in errors] == ["coverage.wrong_slot", "coverage.editor_incomplete", "coverage.unknown_person"]
    assert errors[0].message("zh") == "保安甲 属于「物业」，不能填在「志愿者」一栏。"


def test_a_volunteer_on_too_many_buildings_gets_a_warning(fresh):
    base = coverage.assignments.current(fresh, 1)
    volunteer = volunteers_of(fresh, "1栋")[0].person_id
    extra = [Assignment(b, volunteer, "backup") for code, b in buildings(fresh).items() if code in ("5栋", "6栋", "7栋")]
    result = coverage.assignments.validate(fresh, 1, base + extra)
    assert not result.errors and [w.key for w in result.warnings] == ["coverage.too_many"]


def test_marking_someone_sick_opens_gaps_and_marking_them_active_tells_what_counts_again(fresh):
    who = people_by_id(fresh)
    # the only grid worker of 1栋
    grid = next(a.person_id for a in coverage.assignments.current(fresh, 1) if a.building_id == buildings(fresh)["1栋"] and who[a.person_id]["tier"] == "grid")
    people.status.set_status(fresh, PLANNER, grid, "sick", dt.date(2020, 2, 19), "发热")
    data = overview.figures.load(fresh, 1)
    assert "1栋" in data.gaps["code"].tolist()
    assert fresh.records("people/by_id", id=grid)[0]["status_note"] == "发热"
    people.status.set_status(fresh, PLANNER, grid, "active", None, None)
    held = people.status.still_assigned(fresh, 1, grid, dt.datetime(2020, 2, 19, 8))
    assert "1栋" in held["buildings"]


def test_a_gate_volunteer_turned_quarantined_leaves_their_future_shifts_short(fresh):
    row = fresh.cursor().execute("""SELECT a.person_id FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id
        JOIN person p ON p.id = a.person_id WHERE p.tier = 'volunteer' AND s.starts_at >= TIMESTAMP '2020-02-20' LIMIT 1""").fetchone()
    people.status.set_status(fresh, PLANNER, row[0], "quarantined", dt.date(2020, 2, 20), None)
    items = overview.figures.attention(overview.figures.load(fresh, 1), "zh", limit=50)
    assert any("到岗" in message for level, message in items if level == "error")


def test_status_needs_a_date_and_a_known_status(fresh):
    pid = next(iter(people_by_id(fresh)))
    with pytest.raises(Refused, match="since_required"):
        people.status.set_status(fresh, PLANNER, pid, "sick", None, None)
    with pytest.raises(Refused, match="bad_status"):
        people.status.set_status(fresh, PLANNER, pid, "holiday", dt.date(2020, 2, 19), None)
    with pytest.raises(Refused, match="unknown_person"):
        people.status.set_status(fresh, PLANNER, 99999, "sick", dt.date(2020, 2, 19), None)


@pytest.mark.parametrize("write", [
    lambda db: coverage.assignments.save(db, LEADER, 1, [], []),
    lambda db: coverage.assignments.undo_last(db, LEADER, 1),
    lambda db: people.status.set_status(db, LEADER, 1, "sick", dt.date(2020, 2, 19), None),
    lambda db: coverage.assignments.preview(db, LEADER, 1, []),
])
def test_a_leader_cannot_change_coverage(fresh, write):
    before = dump(fresh)
    with pytest.raises(PermissionDenied):
        write(fresh)
    assert dump(fresh) == before


def test_coverage_table_exports_with_chinese_headers(fresh):
    assignments = fresh.df("coverage/assignments", compound_id=1)
    cov = fresh.df("coverage/by_building", compound_id=1, day=None)
    table = coverage.assignments.table(cov, assignments, "zh", see_phones=False)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx({"楼栋覆盖": table}, "楼栋覆盖")))
    sheet = book["楼栋覆盖"]
    assert [c.value for c in sheet[2]][:3] == ["楼栋", "状态", "缺少"]
    assert sheet.max_row == 2 + 14
    assert "****" in str(sheet["D3"].value)  # phones masked for those who may not see them
    text = exports.to_csv(table)
    assert text.startswith(b"\xef\xbb\xbf") and "楼栋".encode() in text
    assert "****" not in coverage.assignments.table(cov, assignments, "zh", see_phones=True).to_string()


# --- the status in force on the day shown (issue #12, item 16) ---------------------------------------------------
def _set_as_of(db, moment: dt.datetime | None) -> None:
    """Move the dataset's "today" (None: the real date), as the demo's as_of setting holds it."""
    if moment is None:
        db.cursor().execute("DELETE FROM setting WHERE key = 'as_of'")
    else:
        db.cursor().execute("UPDATE setting SET value = $v WHERE key = 'as_of'", {"v": json.dumps(f"{moment:%Y-%m-%d %H:%M:%S}")})


def _only_grid_worker(db, code: str) -> tuple[int, int]:
    """(the only grid worker of a building, how many buildings have no other grid worker)."""
    who = people_by_id(db)
    grid = [a for a in coverage.assignments.current(db, 1) if who[a.person_id]["tier"] == "grid"]
    pid = next(a.person_id for a in grid if a.building_id == buildings(db)[code])
    alone = {a.building_id for a in grid if a.person_id == pid
             and all(b.person_id == pid for b in grid if b.building_id == a.building_id)}
    return pid, len(alone)


def _covered_everywhere(db) -> tuple[int, int, int, int]:
    """Covered buildings as the overview, the coverage page, the district and the structure count them."""
    by_building = db.df("coverage/by_building", compound_id=1, day=None)
    district_row = district.summary.aggregate(db, dt.date(2020, 2, 17)).set_index("id").loc[1]
    grid_buildings = {r["tier"]: r["buildings"] for r in db.records("coverage/tier_counts", compound_id=1)}["grid"]
    return (overview.figures.load(db, 1).covered, int((by_building["status"] == "covered").sum()), int(district_row["covered"]),
            int(grid_buildings))


def test_a_status_dated_in_the_future_counts_only_from_that_day(fresh):
    grid, alone = _only_grid_worker(fresh, "1栋")
    everything = _covered_everywhere(fresh)
    active_grid = int(fresh.df("people/by_tier_group", compound_id=1).query("tier == 'grid'")["active"].sum())
    people.status.set_status(fresh, PLANNER, grid, "sick", dt.date(2020, 3, 1), "3月1日起住院")
    # today (2020-02-19) they still serve 1栋, as the roster still counts them on its shifts
    assert _covered_everywhere(fresh) == everything == (14, 14, 14, everything[3])
    assert int(fresh.df("people/by_tier_group", compound_id=1).query("tier == 'grid'")["active"].sum()) == active_grid
    shown = coverage.assignments.table(fresh.df("coverage/by_building", compound_id=1, day=None), fresh.df("coverage/assignments", compound_id=1),
                                       "zh", see_phones=True)
    assert fresh.records("people/full", id=grid)[0]["name"] in shown.set_index("楼栋").loc["1栋", i18n.t("tier.grid", "zh")]
    # from the day it is dated, the status is in force everywhere alike
    _set_as_of(fresh, dt.datetime(2020, 3, 1, 8))
    assert alone >= 1 and _covered_everywhere(fresh)[:3] == (14 - alone,) * 3
    assert "1栋" in overview.figures.load(fresh, 1).gaps["code"].tolist()
    assert int(fresh.df("people/by_tier_group", compound_id=1).query("tier == 'grid'")["active"].sum()) == active_grid - 1


def test_without_an_as_of_the_day_shown_is_todays_date_in_shanghai(fresh):
    grid, alone = _only_grid_worker(fresh, "1栋")
    _set_as_of(fresh, None)
    today = clock.today(fresh).date()
    people.status.set_status(fresh, PLANNER, grid, "quarantined", today + dt.timedelta(days=1), None)
    assert _covered_everywhere(fresh)[:3] == (14, 14, 14)
    people.status.set_status(fresh, PLANNER, grid, "quarantined", today, None)
    assert _covered_everywhere(fresh)[:3] == (14 - alone,) * 3


def test_someone_whose_absence_starts_later_may_still_be_given_a_building_today(fresh):
    grid, _ = _only_grid_worker(fresh, "1栋")
    people.status.set_status(fresh, PLANNER, grid, "sick", dt.date(2020, 3, 1), None)
    base = coverage.assignments.current(fresh, 1)
    more = Assignment(buildings(fresh)["9栋"], grid, "backup")
    assert not coverage.assignments.validate(fresh, 1, [*base, more], base).errors
    _set_as_of(fresh, dt.datetime(2020, 3, 1, 8))
    assert [e.key for e in coverage.assignments.validate(fresh, 1, [*base, more], base).errors] == ["coverage.inactive"]
