"""The people page: adds and edits through the forms, filter chips, exports, what a leader sees, the tiers' order."""

from __future__ import annotations

from pathlib import Path

from helpers import unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel import overview
from coordpanel.core import auth, vocab
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.i18n import t

ROOT = Path(__file__).resolve().parents[2]
ADMIN, LEADER = User(3, "admin", "admin"), User(1, "leader", "leader")


def open_page(user: User, view: str | None = None) -> AppTest:
    """The people page on one of its views (lazy tabs: only the open one runs); the directory when none is named."""
    at = AppTest.from_file(str(ROOT / "pages" / "people.py"), default_timeout=30)
    at.session_state["user"] = user
    if view:
        at.session_state["people_view"] = view
    return at.run()


def test_an_admin_adds_a_person_through_the_page(backend_page_db):
    at = open_page(ADMIN, "新增人员")
    form = [w for w in at.text_input if w.label == "姓名"][0]
    form.input("<script>alert(1)</script>")
    next(w for w in at.text_input if w.label == "电话").input("139 1234 5678")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    db = Database(backend_page_db)
    row = db.cursor().execute("SELECT name, phone FROM person WHERE phone = '13912345678'").fetchone()
    assert row == ("<script>alert(1)</script>", "13912345678")
    assert "<script>alert(1)</script>" in open_page(ADMIN).dataframe[0].value.iloc[:, 0].tolist()
    assert_app_on(backend_page_db)


def test_a_bad_phone_on_the_page_gets_a_message(page_db):  # refused before the database: DuckDB only
    at = open_page(ADMIN, "新增人员")
    next(w for w in at.text_input if w.label == "姓名").input("王五")
    next(w for w in at.text_input if w.label == "电话").input("1234")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert any("手机号格式不对" in e.value for e in at.error)


def test_filter_chips_narrow_the_directory(backend_page_db):
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


def test_the_export_buttons_run_only_while_their_popover_is_open(page_db):  # what is drawn: DuckDB only
    at = open_page(LEADER)
    assert not at.get("download_button")
    at.session_state["people_export"] = True
    at.run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == ["导出 Excel", "导出 CSV"]


def test_a_leader_sees_no_forms(page_db):  # the role, not the data: DuckDB only
    at = open_page(LEADER)
    assert not at.exception and not at.button and at.dataframe
    assert [tab.label for tab in at.tabs] == ["名录"]
    assert not open_page(LEADER, "新增人员").text_input[1:]  # asking for a view one may not see shows the directory


def test_an_admin_edits_and_deactivates_through_the_page_and_the_building_becomes_a_gap(backend_page_db):
    db = Database(backend_page_db)
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
    assert Database(backend_page_db).records("people/full", id=first["person_id"])[0]["name"] == first["name"] + "（已核实）"
    for volunteer in volunteers:
        at = open_page(ADMIN, "修改人员")
        next(s for s in at.selectbox if s.label == "人员").set_value(volunteer["person_id"])
        at.run()
        next(b_ for b_ in at.button if b_.label == "停用（离开）").click()
        at.run()
        assert not at.exception
    assert overview.figures.load(Database(backend_page_db), 1).gaps["code"].tolist() == [b["code"]]


def test_the_people_page_offers_the_tiers_in_the_same_order(app_env):  # the vocabulary: DuckDB only
    """The directory's filter chips and the person form list the tiers as the coverage screens do."""
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "pages" / "people.py"), default_timeout=30)
    at.session_state["user"] = auth.User(3, "admin", "admin")
    at.run()
    assert not at.exception, at.exception
    tier = t("cov.filter.tier", "zh")
    chips = [o.split(" · ")[1] for o in at.multiselect[0].options if o.startswith(f"{tier} · ")]
    assert chips == [t(f"tier.{code}", "zh") for code in vocab.TIERS]


def _edit_tier(at: AppTest, person_id: int, tier: str, group: str | None) -> AppTest:
    next(s for s in at.selectbox if s.label == "人员").set_value(person_id)
    at.run()
    next(s for s in at.selectbox if s.label == "层级").set_value(tier)
    next(s for s in at.selectbox if s.label == "分组").set_value(group)
    [b for b in at.button if b.label == "保存"][-1].click()
    return at.run()


def _sole_grid_worker(db: Database) -> tuple[dict, list[str]]:
    grid = [r for r in db.records("coverage/assignments", compound_id=1) if r["tier"] == "grid"]
    alone = [r["building"] for r in grid if r["person_id"] == grid[0]["person_id"]
             and all(o["person_id"] == grid[0]["person_id"] for o in grid if o["building_id"] == r["building_id"])]
    return grid[0], alone


def test_a_tier_change_that_opens_a_gap_is_warned_and_saved_only_when_confirmed(backend_page_db):
    """Issue #12, item 18: the consequences first, in the user's language; cancel keeps everything; confirm saves."""
    person, alone = _sole_grid_worker(Database(backend_page_db))
    at = _edit_tier(open_page(ADMIN, "修改人员"), person["person_id"], "volunteer", "emergency")
    assert not at.exception and not at.error, [e.value for e in at.error]
    warning = at.warning[0].value
    assert f"修改 {person['name']} 的层级或分组会带来以下影响" in unescape(warning)
    assert f"{alone[0]}：全覆盖 → 部分覆盖" in unescape(warning)
    assert Database(backend_page_db).records("people/full", id=person["person_id"])[0]["tier"] == "grid"  # not yet
    next(b for b in at.button if b.label == "取消").click()
    at.run()
    assert not at.warning and Database(backend_page_db).records("people/full", id=person["person_id"])[0]["tier"] == "grid"
    at = _edit_tier(at, person["person_id"], "volunteer", "emergency")
    next(b for b in at.button if b.label == "仍然保存").click()
    at.run()
    assert not at.exception and not at.error and not at.warning
    assert Database(backend_page_db).records("people/full", id=person["person_id"])[0]["tier"] == "volunteer"
    assert any("已更新" in s.value for s in at.success)
    assert alone[0] in overview.figures.load(Database(backend_page_db), 1).gaps["code"].tolist()


def test_a_leader_sees_phone_numbers_in_notes_masked(backend_page_db):
    db = Database(backend_page_db)
    db.cursor().execute("UPDATE person SET note = '家属电话 139-0000-1234' WHERE id = 1")
    db.close()
    shown = open_page(LEADER).dataframe[0].value
    note = t("people.col.note", "zh")
    assert "家属电话 139****1234" in shown[note].tolist() and not shown[note].astype(str).str.contains("0000-1234").any()
    assert "家属电话 139-0000-1234" in open_page(ADMIN).dataframe[0].value[note].tolist()
