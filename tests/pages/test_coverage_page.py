"""The coverage page: the chain of contact, assignment edits and status changes that reach the database."""

from __future__ import annotations

from pathlib import Path

import pgdemo
import pytest
from helpers import buildings, people_by_id, unescape
from helpers import coverage_dump as dump
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel import coverage, overview, seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
PLANNER = User(2, "planner", "planner")
LEADER = User(1, "leader", "leader")


def open_page(user: User, view: str = "调整楼栋对口人员") -> AppTest:
    """The coverage page on one of its views (lazy tabs: only the open one runs), the assignment editor by default."""
    at = AppTest.from_file(str(ROOT / "pages" / "coverage.py"), default_timeout=30)
    at.session_state["user"] = user
    at.session_state["coverage_view"] = view
    return at.run()


def test_the_page_shows_the_chain_of_contact_with_masked_phones_for_leaders(backend_page_db):
    at = open_page(LEADER, "联系链")
    assert not at.exception
    chain = unescape(at.markdown[-1].value)
    assert "社区网格员" in chain and "139****" in chain
    leader_views = [tab.label for tab in open_page(LEADER).tabs]
    assert leader_views[0] == "覆盖热力图" and "联系链" in leader_views and "调整楼栋对口人员" not in leader_views
    planner_chain = unescape(open_page(PLANNER, "联系链").markdown[-1].value)
    assert "****" not in planner_chain and "13900" in planner_chain
    assert_app_on(backend_page_db)


def test_an_assignment_edit_through_the_page_reaches_the_database(backend_page_db):
    at = open_page(PLANNER)
    db = Database(backend_page_db)
    base = coverage.assignments.current(db, 1)
    b3 = buildings(db)["3栋"]
    who = people_by_id(db)
    rows = [i for i, a in enumerate(base) if a.building_id == b3 and who[a.person_id]["tier"] == "volunteer"]
    at.session_state["coverage_editor_1"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": rows}
    at.run()
    assert not at.exception and not at.error[1:]
    assert "3栋" in at.info[0].value  # the preview names the building that loses its volunteers
    next(b for b in at.button if b.label == "保存调整").click()
    at.run()
    assert not at.exception
    assert "已保存" in at.success[0].value
    assert overview.figures.load(db, 1).gaps["code"].tolist() == ["3栋"]
    next(b for b in at.button if b.label == "撤销上一次保存").click()
    at.run()
    assert not at.exception and any("已撤销" in m.value for m in at.success), [e.value for e in at.error]
    assert overview.figures.load(db, 1).gaps.empty
    assert_app_on(backend_page_db)


def test_a_bad_edit_on_the_page_shows_why_and_cannot_be_saved(page_db):  # refused before a write: DuckDB only
    db = Database(page_db)
    person = next(p for p in people_by_id(db).values() if p["tier"] == "property" and p["group_code"] == "security")
    before = dump(db)
    at = open_page(PLANNER)
    at.session_state["coverage_editor_1"] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"building": "2栋", "slot": "志愿者", "person": coverage.assignments.person_label(person), "role": "主责"}]}
    at.run()
    assert any("不能填在「志愿者」一栏" in e.value for e in at.error)
    assert next(b for b in at.button if b.label == "保存调整").disabled
    assert dump(db) == before


def test_a_status_change_through_the_page_turns_a_building_into_a_gap(backend_page_db):
    db = Database(backend_page_db)
    b = buildings(db)["5栋"]
    grid = next(a.person_id for a in coverage.assignments.current(db, 1) if a.building_id == b and people_by_id(db)[a.person_id]["tier"] == "grid")
    label = next(p for p in db.records("people/directory", compound_id=1) if p["id"] == grid)
    at = open_page(PLANNER, "人员状态")
    form = at.selectbox
    next(s for s in form if s.label == "人员").set_value(label)
    next(s for s in form if s.label == "状态").set_value("quarantined")
    next(b for b in at.button if b.label == "更新状态").click()
    at.run()
    assert not at.exception
    assert "5栋" in overview.figures.load(db, 1).gaps["code"].tolist()
    assert any("5栋" in e.value for e in at.error)


@pytest.fixture(params=["duckdb", "postgres"])
def two_compounds(request, tmp_path):
    """Two compounds of a generated district, in a DuckDB file and in a new PostgreSQL database."""
    if request.param == "duckdb":
        yield tmp_path / "two.duckdb"
        return
    import pgserver

    with pgserver.new_database() as url:
        yield url
        pgdemo.close_app_database(url)


def test_coverage_edits_survive_a_switch_to_another_compound_and_back(two_compounds, monkeypatch):
    path = two_compounds
    db = Database(path)
    first, second = seed.district.generate(db, 2, weeks=1)
    db.close()
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "coverage.py"), default_timeout=60)
    at.session_state["user"] = PLANNER
    at.session_state["coverage_view"] = "调整楼栋对口人员"
    at.session_state["compound_id"] = first
    at.run()
    key = f"coverage_editor_{first}"
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}
    at.run()
    assert not at.exception, at.exception
    at.session_state["compound_id"] = second
    at.run()
    assert not at.exception and key not in at.session_state
    at.session_state["compound_id"] = first
    at.run()
    kept = at.session_state[key + ":kept"]
    base = at.session_state[f"coverage_base_{first}"]
    assert len(kept) == len(base) - 1  # the deleted row is still deleted
