"""The demo compound reproduces every figure of ../shared/seed/FACTS.md, one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import overview, roster, seed
from coordpanel.core.db import Database


@pytest.fixture(scope="module")
def ov(demo_db):
    return overview.figures.load(demo_db, 1)


@pytest.fixture(scope="module")
def facts(ov):
    return overview.figures.facts(ov)


def q(db, sql, **params):
    return db.cursor().execute(sql, params).fetchall()


def test_place(ov):
    c = ov.compound
    assert (c["name"], c["district"], c["street"], c["community"]) == ("万科嘉园", "东湖高新区", "关东街", "长山社区")


def test_fourteen_buildings_with_3000_plus_households_and_8000_plus_residents(facts):
    assert facts["buildings"] == 14
    assert 3000 < facts["households"] < 4000
    assert 8000 < facts["residents"] < 9000


def test_29_cadres_are_5_original_plus_24_from_three_subsidiaries(facts, ov):
    assert facts["cadres"] == 29
    assert (facts["cadres_original"], facts["cadres_added"]) == (5, 24)
    assert sorted(facts["cadres_added_from"]) == sorted(["东管公司", "左开投", "湖滨公司"])
    original = ov.cadres_by_origin[ov.cadres_by_origin["kind"] == "state_company"]
    assert original["organisation"].tolist() == ["武汉高科集团"]


def test_cadres_are_party_members_in_the_three_groups(demo_db):
    rows = dict(q(demo_db, "SELECT group_code, count(*) FROM person WHERE tier = 'cadre' GROUP BY ALL"))
    assert set(rows) == {"checkpoint", "screening", "service"}
    assert sum(rows.values()) == 29
    assert q(demo_db, "SELECT count(*) FROM person WHERE tier = 'cadre' AND NOT party_member") == [(0,)]


def test_two_executives_stand_at_the_main_gate_every_weekday_morning(demo_db):
    executives = [r[0] for r in q(demo_db, "SELECT id FROM person WHERE tier = 'cadre' AND title LIKE '%副总经理%'")]
    assert len(executives) == 2
    for day in range(17, 22):
        crew = {r[0] for r in q(demo_db, """
            SELECT a.person_id FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id JOIN gate g ON g.id = s.gate_id
            WHERE g.sort_order = 0 AND s.starts_at = $at""", at=dt.datetime(2020, 2, day, 8))}
        assert set(executives) <= crew


def test_43_volunteers_18_party_members_in_three_groups_every_building_served(facts, demo_db):
    assert (facts["volunteers"], facts["volunteer_party_members"]) == (43, 18)
    groups = dict(q(demo_db, "SELECT group_code, count(*) FROM person WHERE tier = 'volunteer' GROUP BY ALL"))
    assert set(groups) == {"gate", "purchasing", "emergency"}
    served = q(demo_db, """SELECT b.code, count(a.person_id) FROM building b
        LEFT JOIN building_assignment a ON a.building_id = b.id AND a.person_id IN (SELECT id FROM person WHERE tier = 'volunteer')
        GROUP BY b.code""")
    assert len(served) == 14 and all(n >= 1 for _, n in served)


def test_every_building_covered_by_all_three_tiers(ov):
    assert ov.covered == 14 and ov.gaps.empty


def test_community_figures(facts, demo_db):
    assert facts["community_volunteers"] == 91
    assert facts["grid_chat_groups"] == 19
    assert q(demo_db, "SELECT count(*) FROM grid_chat_group WHERE community = '长山社区'") == [(19,)]
    # the sent-down cadres joined every grid chat group
    assert q(demo_db, "SELECT min(n) FROM (SELECT count(*) n FROM grid_chat_member m JOIN person p ON p.id = m.person_id "
                      "WHERE p.tier = 'cadre' GROUP BY m.group_id)") == [(29,)]


def test_official_account_first_day_reads(facts):
    assert facts["official_first_day_reads"] == 6393


ARTICLE_SUPPLIES = {
    "口罩": (2965, "只"), "防护服": (20, "套"), "消毒水": (82, "桶"), "手套": (400, "双"), "体温计": (30, "个"),
    "鞋套": (300, "个"), "大米": (320, "公斤"), "面粉": (80, "公斤"), "面条": (32, "公斤"),
    "蔬菜（豆角、茄子、萝卜等）": (7000, "公斤"), "疫情防控知识手册": (140, "本"),
}


def test_donated_supplies_with_exact_quantities_and_units(demo_db):
    rows = {name: (float(qty), unit) for name, qty, unit in q(demo_db, "SELECT name_zh, quantity, unit_zh FROM supply")}
    for item, (quantity, unit) in ARTICLE_SUPPLIES.items():
        assert rows[item] == (quantity, unit), item
    donated = dict(q(demo_db, "SELECT s.name_zh, sum(m.delta) FROM stock_movement m JOIN supply s ON s.id = m.supply_id "
                             "WHERE m.source = '武汉高科集团' GROUP BY ALL"))
    assert {k: float(v) for k, v in donated.items()} == {k: float(v[0]) for k, v in ARTICLE_SUPPLIES.items()}


def test_sprayers_are_named_as_urgently_needed(ov):
    assert ov.low_supplies["name_zh"].tolist() == ["消毒用喷雾器"]


def test_four_days_without_a_new_case_as_of_18_february_24h(ov, demo_db):
    assert ov.days_without_case["days"] == 4
    assert ov.days_without_case["last_report"] == dt.date(2020, 2, 18)
    assert q(demo_db, "SELECT min(report_date) FROM case_report") == [(dt.date(2020, 1, 25),)]
    last = ov.cases.iloc[-1]
    # all earlier cases admitted to hospital or central quarantine
    assert last["awaiting_placement"] == 0
    assert last["hospitalised"] + last["central_quarantine"] == last["total_cases"] > 0


def test_the_dataset_carries_its_own_today(ov):
    assert ov.as_of == dt.datetime(2020, 2, 19, 8, 0)
    assert ov.week_start == dt.date(2020, 2, 17)


def test_gates_are_staffed_around_the_clock_all_week(ov):
    assert len(ov.short(ov.week)) == 0
    for gate, shifts in ov.week.groupby("gate"):
        if (shifts["ends_at"] - shifts["starts_at"]).sum() >= dt.timedelta(days=7):
            spans = sorted(zip(shifts["starts_at"], shifts["ends_at"], strict=True))
            assert all(a_end == b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False)), gate
    assert ov.week["starts_at"].min() == dt.datetime(2020, 2, 17, 0, 0)


def test_the_demo_week_roster_breaks_no_rule(demo_db):
    assert roster.week.check_week(demo_db, 1, dt.date(2020, 2, 17)) == []


def test_names_and_phones_are_invented(demo_db):
    names = [r[0] for r in q(demo_db, "SELECT name FROM person")]
    assert len(names) == len(set(names))
    assert not {"黄峰", "高翔", "曾玉梅", "王婷"} & set(names)
    phones = [r[0] for r in q(demo_db, "SELECT phone FROM person")]
    assert all(p.startswith("13900") for p in phones) and len(set(phones)) == len(phones)


def test_the_demo_is_deterministic():
    def snapshot():
        db = Database(":memory:")
        seed.demo.build(db)
        return q(db, "SELECT name, phone, tier, group_code FROM person ORDER BY id"), q(
            db, "SELECT shift_id, person_id FROM shift_assignment ORDER BY ALL")

    assert snapshot() == snapshot()
