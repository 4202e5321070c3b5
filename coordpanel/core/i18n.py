"""The translation layer: every user-facing string, zh-CN first, English second.

The strings are data: one catalog per language in locales/<lang>.toml, grouped by feature. They are
read once at import, so t() stays a plain dict lookup.
"""


from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT = "zh"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """TOML tables to dotted keys: [ov] "gap.shift" = … is ov.gap.shift (quoted, since cov.chain and cov.chain.none both exist)."""
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = prefix + name
        for full, text in (_flatten(value, key + ".") if isinstance(value, dict) else {key: value}).items():
            # both spellings ([ov.gap] shift and [ov] "gap.shift") are valid TOML: one key written twice must not win silently
            if full in flat:
                raise ValueError(f"i18n key {full!r} is defined twice")
            if not isinstance(text, str):
                raise TypeError(f"i18n key {full!r} is not a string: {text!r}")
            flat[full] = text
    return flat


def load_catalog(lang: str) -> dict[str, str]:
    """One language's strings, key -> str.format template, in file order."""
    with (resources.files("coordpanel.core") / "locales" / f"{lang}.toml").open("rb") as f:
        return _flatten(tomllib.load(f))


_ZH = load_catalog("zh")
_EN = load_catalog("en")


def t(key: str, lang: str = DEFAULT, **params: Any) -> str:
    """The string for `key` in `lang`; an unknown key is a programming error and fails loudly (KeyError)."""
    text = (_EN if lang == "en" else _ZH)[key]
    return text.format(**params) if params else text


def weekday(day, lang: str = DEFAULT) -> str:
    names = t("weekday", lang)
    return names.split()[day.weekday()] if lang == "en" else names[day.weekday()]


def day_label(day, lang: str = DEFAULT) -> str:
    return t("day.format", lang, month=day.month, day=day.day, weekday=weekday(day, lang))


def date_label(day, lang: str = DEFAULT) -> str:
    return t("date.format", lang, year=day.year, month=day.month, day=day.day)
