"""The generated district: plausible compounds, unique phones, rule-abiding rosters, and compound k independent of N."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import roster, seed
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.roster.week import load_rules

FIRST_WEEK = dt.date(2020, 2, 17)

# One compound's rows in every table that holds them; $c is the compound id. Times set by the clock are left out.
COMPOUND_ROWS = {
    "compound": "SELECT * FROM compound WHERE id = $c",
    "building": "SELECT * FROM building WHERE compound_id = $c",
    "gate": "SELECT * FROM gate WHERE compound_id = $c",
    "person": "SELECT * FROM person WHERE compound_id = $c",
    "organisation": "SELECT DISTINCT o.* FROM organisation o JOIN person p ON p.organisation_id = o.id WHERE p.compound_id = $c",
    "building_assignment": "SELECT a.* FROM building_assignment a JOIN building b ON b.id = a.building_id WHERE b.compound_id = $c",
    "shift_template": "SELECT t.* FROM shift_template t JOIN gate g ON g.id = t.gate_id WHERE g.compound_id = $c",
    "gate_shift": "SELECT s.* FROM gate_shift s JOIN gate g ON g.id = s.gate_id WHERE g.compound_id = $c",
    "shift_assignment": "SELECT a.* FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id JOIN gate g ON g.id = s.gate_id"
                        " WHERE g.compound_id = $c",
    "roster_week": "SELECT * EXCLUDE (saved_at) FROM roster_week WHERE compound_id = $c",
    "resident_request": "SELECT r.* FROM resident_request r JOIN building b ON b.id = r.building_id WHERE b.compound_id = $c",
    "supply": "SELECT * FROM supply WHERE compound_id = $c",
    "stock_movement": "SELECT m.* FROM stock_movement m JOIN supply s ON s.id = m.supply_id WHERE s.compound_id = $c",
    "case_report": "SELECT * FROM case_report WHERE compound_id = $c",
    "community_figure": "SELECT * FROM community_figure WHERE community = (SELECT community FROM compound WHERE id = $c)",
    "grid_chat_group": "SELECT * FROM grid_chat_group WHERE community = (SELECT community FROM compound WHERE id = $c)",
    "official_post": "SELECT * FROM official_post WHERE community = (SELECT community FROM compound WHERE id = $c)",
}


def rows_of(db: Database, compound_id: int) -> dict[str, list[tuple]]:
    cur = db.cursor()
    return {table: sorted(cur.execute(sql, {"c": compound_id}).fetchall(), key=repr) for table, sql in COMPOUND_ROWS.items()}


def everything(db: Database) -> dict[str, list[tuple]]:
    """Every table, sorted; the columns the clock sets are left out."""
    clock = {"audit_log": "logged_at", "roster_week": "saved_at", "schema_migration": "applied_at"}
    cur = db.cursor()
    tables = [r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {t: cur.execute(f"SELECT * {f'EXCLUDE ({clock[t]})' if t in clock else ''} FROM {t} ORDER BY ALL").fetchall()
            for t in tables}


@pytest.fixture(scope="module")
def five() -> tuple[Database, list[int]]:
    database = Database(":memory:")
    ids = seed.district.generate(database, 5, weeks=2)
    yield database, ids
    database.close()


def test_compounds_are_plausible_and_varied(five):
    db, ids = five
    assert len(ids) == 5
    cur = db.cursor()
    rows = cur.execute("""
        SELECT c.id, c.name, c.street, c.community,
               (SELECT count(*) FROM building b WHERE b.compound_id = c.id) AS buildings,
               (SELECT count(*) FROM gate g WHERE g.compound_id = c.id) AS gates,
               (SELECT count(*) FROM person p WHERE p.compound_id = c.id) AS people,
               (SELECT count(DISTINCT p.tier) FROM person p WHERE p.compound_id = c.id) AS tiers,
               (SELECT count(*) FROM roster_week r WHERE r.compound_id = c.id) AS weeks,
               (SELECT count(*) FROM resident_request r JOIN building b ON b.id = r.building_id WHERE b.compound_id = c.id) AS requests,
               (SELECT count(*) FROM supply s WHERE s.compound_id = c.id) AS supplies,
               (SELECT count(*) FROM case_report r WHERE r.compound_id = c.id) AS case_days,
               (SELECT count(*) FROM gate_shift s JOIN gate g ON g.id = s.gate_id WHERE g.compound_id = c.id) AS shifts,
               (SELECT count(*) FROM shift_template t JOIN gate g ON g.id = t.gate_id WHERE g.compound_id = c.id) AS templates
        FROM compound c ORDER BY c.id""").fetchall()
    assert [r[0] for r in rows] == ids
    assert rows[0][1] == "万科嘉园" and rows[0][4] == 14  # compound 0 is the demo compound
    assert len({r[1] for r in rows}) == 5
    for _, name, street, community, buildings, gates, people, tiers, weeks, requests, supplies, case_days, shifts, templates in rows:
        assert name.endswith(("园", "区", "村", "苑", "寓", "庭", "居")), name
        assert street.endswith("街") and community.endswith("社区")
        assert 8 <= buildings <= 30
        assert 2 <= gates <= 6
        assert people > 2 * buildings and tiers == 4
        assert weeks == 2 and requests == 48 and supplies == 12 and case_days == 25
        assert shifts == templates * 7 * 2
    assert len({r[4] for r in rows}) > 1, "building counts should vary"
    # every building has its households and residents
    assert cur.execute("SELECT count(*) FROM building WHERE households <= 0 OR residents < households").fetchone()[0] == 0


def test_phones_are_unique_across_the_district(five):
    db, _ = five
    total, distinct, missing = db.cursor().execute(
        "SELECT count(*), count(DISTINCT phone), count(*) FILTER (WHERE phone IS NULL) FROM person").fetchone()
    assert missing == 0 and total == distinct


def test_every_roster_week_breaks_no_hard_rule(five):
    db, ids = five
    rules = load_rules(db)
    for compound_id in ids:
        for week_start in (FIRST_WEEK, FIRST_WEEK + dt.timedelta(days=7)):
            week = roster.week.load_week(db, compound_id, week_start)
            assert len(week.shifts) > 0
            violations = roster.week.check(week, week.crews, rules)
            assert roster.rules.hard(violations) == [], (compound_id, week_start, roster.rules.hard(violations)[:3])
            # the greedy fill staffs every shift with a property member or a cadre and its full headcount
            assert all(len(crew) >= r.required for crew, r in zip(
                (week.crews[s] for s in week.shifts["shift_id"]), week.shifts.itertuples(), strict=True))


def test_generation_is_deterministic(five):
    db, _ = five
    again = Database(":memory:")
    try:
        seed.district.generate(again, 5, weeks=2)
        assert everything(again) == everything(db)
    finally:
        again.close()


def test_compound_k_does_not_depend_on_the_district_size(five):
    db5, ids5 = five
    db3 = Database(":memory:")
    try:
        ids3 = seed.district.generate(db3, 3, weeks=2)
        assert ids3 == ids5[:3]
        for compound_id in ids3:
            assert rows_of(db3, compound_id) == rows_of(db5, compound_id)
    finally:
        db3.close()


def test_refuses_a_database_that_has_compounds(five):
    db, _ = five
    with pytest.raises(Refused) as caught:
        seed.district.generate(db, 1)
    assert caught.value.key == "district.not_empty"


def test_layout_extends_and_never_reshuffles():
    base = seed.demo.DemoSpec.load()
    small, large = seed.district.layout(30, 2020, base), seed.district.layout(200, 2020, base)
    assert large[:30] == small
    assert large[0].street == "关东街" and large[0].community == "长山社区"
    assert len({p.street for p in large}) > 1 and len({p.community for p in large}) > 10
    names = {seed.district.compound_name(k, 2020)[0] for k in range(1, 200)}
    assert len(names) == 199 and "万科嘉园" not in names
