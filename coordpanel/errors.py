"""Refusals a user sees: each carries a translation key and its parameters, never a traceback."""

from __future__ import annotations

from typing import Any


class Term(str):
    """A parameter that is itself a translation key (a tier, a status), translated with the message."""


class Refused(Exception):
    """A request the rules do not allow; nothing was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        from coordpanel.i18n import t

        return t(self.key, lang, **{k: t(v, lang) if isinstance(v, Term) else v for k, v in self.params.items()})


class PermissionDenied(Refused):
    """The signed-in user's role does not allow this."""
