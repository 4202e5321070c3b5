"""The domain's codes are defined once (core.vocab): the old names point at them, the orders users see hold,
and every code has its words in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from coordpanel import coverage, people, roster
from coordpanel.core import auth, charts, vocab
from coordpanel.core.i18n import LANGUAGES, t


def test_the_tiers_are_exactly_the_four():
    assert vocab.TIERS == ("grid", "property", "volunteer", "cadre")
    assert set(vocab.COVERING_TIERS) <= set(vocab.TIERS) and set(vocab.ANCHOR_TIERS) <= set(vocab.TIERS)


def test_the_old_names_are_the_vocabulary_itself():
    assert people.directory.TIERS is vocab.TIERS
    assert coverage.assignments.STATUSES is vocab.STATUSES
    assert coverage.assignments.ROLES is vocab.COVERAGE_ROLES
    assert auth.ROLES is vocab.USER_ROLES
    assert roster.rules.ANCHOR_TIERS is vocab.ANCHOR_TIERS


def _coverage() -> pd.DataFrame:
    return pd.DataFrame([{"building_id": 1, "code": "1栋", "status": "partial", "grid": 1, "property": 0, "volunteer": 2,
                          "cadre": 0, "households": 10, "residents": 25}])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_charts_and_the_coverage_table_use_the_one_tier_order(lang):
    # one order on every screen: the three covering tiers, then the cadres who reinforce them
    shown = [t(f"tier.{code}", lang) for code in vocab.TIERS]
    heatmap = charts.coverage_heatmap(_coverage(), lang).data[0]
    assert list(heatmap.x) == shown
    assert list(heatmap.z[0]) == [1.0, 0.0, 1.0, 0.5]  # a missing covering tier is red (0), a missing cadre grey (0.5)
    assignments = pd.DataFrame({"building_id": [1], "tier": ["grid"], "name": ["张三"], "phone": ["13900001234"],
                                "status": ["active"]})
    table = coverage.assignments.table(_coverage(), assignments, lang, see_phones=False)
    assert [c for c in table.columns if c in shown] == shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_tier_status_and_role_has_words_in_both_languages(lang):
    keys = ([f"tier.{code}" for code in vocab.TIERS] + [f"person.{code}" for code in vocab.STATUSES]
            + [f"role.{code}" for code in vocab.USER_ROLES] + [f"cov.role.{code}" for code in vocab.COVERAGE_ROLES])
    for key in keys:
        assert t(key, lang).strip(), key
