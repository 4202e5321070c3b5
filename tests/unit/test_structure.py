"""The three-tier structure: the demo's counts equal the article's, differences are named.
The structure page is tested in tests/pages/test_structure_page.py."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import overview, structure


# every test of this module runs on both backends: the demo in memory (DuckDB) and in PostgreSQL (tests/conftest.py)
@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


def test_the_demo_matches_every_article_figure(demo_db):
    comparisons = structure.tiers.compare(overview.figures.facts(overview.figures.load(demo_db, 1)))
    assert [c.figure for c in comparisons if c.differs] == []
    assert {c.figure: c.data for c in comparisons} == structure.tiers.ARTICLE


def test_a_difference_from_the_article_is_named(fresh_demo):
    fresh_demo.cursor().execute(
        "UPDATE person SET tier = 'property', group_code = 'security' "
        "WHERE id = (SELECT min(id) FROM person WHERE tier = 'volunteer' AND NOT party_member)")
    differs = [c for c in structure.tiers.compare(overview.figures.facts(overview.figures.load(fresh_demo, 1))) if c.differs]
    assert [(c.figure, c.data, c.article) for c in differs] == [("volunteers", 42, 43)]


def test_the_sunburst_holds_tiers_groups_and_the_cadres_sources(demo_db):
    frames = structure.tiers.load(demo_db, 1, dt.date(2020, 2, 17))
    nodes = structure.tiers.sunburst_nodes(frames["people"], "zh")
    roots = nodes[nodes["parent"] == ""].set_index("id")["value"].to_dict()
    assert roots == {"grid": 6, "property": 24, "volunteer": 43, "cadre": 29}
    cadre_sources = nodes[nodes["parent"].str.startswith("cadre/")]
    assert set(cadre_sources["label"]) == {"武汉高科集团", "东管公司", "左开投", "湖滨公司"}
    assert cadre_sources["value"].sum() == 29
    gates = frames["gates"].set_index("tier")["person_shifts"].to_dict()
    assert set(gates) == {"property", "cadre", "volunteer"} and sum(gates.values()) == 126
    assert len(frames["chat"]) == 19 and frames["chat"]["answering"].min() >= 29
