"""Refusals a user sees: each carries a translation key and its parameters, never a traceback."""


from __future__ import annotations

from typing import Any

from coordpanel.core.i18n import t


class Term(str):
    """A parameter that is itself a translation key (a tier, a status), translated with the message."""


class Localised(tuple):
    """A parameter that is data in two languages (a group's Chinese and English name)."""

    def __new__(cls, zh: str, en: str):
        return super().__new__(cls, (zh, en))


class Refused(Exception):
    """A request the rules do not allow; nothing was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        def shown(value: Any) -> Any:
            if isinstance(value, Term):
                return t(value, lang)
            if isinstance(value, Localised):
                return value[1] if lang == "en" else value[0]
            return value

        return t(self.key, lang, **{k: shown(v) for k, v in self.params.items()})


class PermissionDenied(Refused):
    """The signed-in user's role does not allow this."""
