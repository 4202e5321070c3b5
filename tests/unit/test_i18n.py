"""The string catalogs (coordpanel/core/locales/*.toml): complete, parallel, and covering every key the code asks for."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from coordpanel.core import i18n

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = {lang: i18n.load_catalog(lang) for lang in i18n.LANGUAGES}

# t("key" …), i18n.t('key' …), ui.t("key" …) with a plain literal as the whole first argument;
# f-strings and concatenations are skipped because their key is only known at run time.
LITERAL_CALL = re.compile(r"""(?<![\w.])(?:i18n\.|ui\.)?t\(\s*(["'])([^"'\\\n]+)\1\s*[,)]""")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _code_keys() -> dict[str, str]:
    """Literal keys used in the code -> the first place each is used."""
    files = [*sorted((ROOT / "coordpanel").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]
    keys: dict[str, str] = {}
    for path in files:
        for match in LITERAL_CALL.finditer(path.read_text(encoding="utf-8")):
            keys.setdefault(match.group(2), str(path.relative_to(ROOT)))
    return keys


def test_both_catalogs_hold_the_same_keys():
    zh, en = set(CATALOGS["zh"]), set(CATALOGS["en"])
    assert not zh - en, f"missing in en.toml: {sorted(zh - en)}"
    assert not en - zh, f"missing in zh.toml: {sorted(en - zh)}"
    assert len(zh) > 400  # guards against a loader that silently reads nothing


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_value_is_a_non_empty_string(lang):
    bad = [key for key, text in CATALOGS[lang].items() if not isinstance(text, str) or not text.strip()]
    assert not bad, f"empty or non-string values in {lang}.toml: {bad}"


def test_placeholders_match_across_languages():
    differ = {
        key: (sorted(_placeholders(zh)), sorted(_placeholders(CATALOGS["en"][key])))
        for key, zh in CATALOGS["zh"].items()
        if key in CATALOGS["en"] and _placeholders(zh) != _placeholders(CATALOGS["en"][key])
    }
    assert not differ, f"placeholders differ (zh, en): {differ}"


def test_every_literal_key_in_the_code_exists():
    used = _code_keys()
    assert len(used) > 200  # the scan must actually find the calls
    missing = {key: where for key, where in used.items() if key not in CATALOGS["zh"] or key not in CATALOGS["en"]}
    assert not missing, f"keys used in the code but missing from the catalogs: {missing}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_an_unknown_key_fails_loudly(lang):
    with pytest.raises(KeyError, match="no.such.key"):
        i18n.t("no.such.key", lang)


def test_t_formats_placeholders_and_keeps_nested_and_prefix_keys_apart():
    assert i18n.t("ov.more", "en", n=3) == "and 3 more"
    assert i18n.t("cov.chain", "en") == "Chain of contact"
    assert i18n.t("cov.chain.none", "en") == "(none)"
    assert i18n.t("weekday", "en") == "Mon Tue Wed Thu Fri Sat Sun"


def test_date_and_day_labels():
    day = dt.date(2020, 2, 19)
    assert i18n.date_label(day, "zh") == "2020年2月19日"
    assert i18n.date_label(day, "en") == "2020-02-19"
    assert i18n.day_label(day, "zh") == "2月19日 周三"
    assert i18n.day_label(day, "en") == "Wed 2/19"
