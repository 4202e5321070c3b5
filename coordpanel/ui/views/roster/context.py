"""What every roster tab shares in one run of the page: who, which compound and week, the rules, the editor's keys."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from coordpanel import roster
from coordpanel.core import auth


@dataclasses.dataclass(frozen=True)
class RosterContext:
    user: auth.User
    t: Callable[..., str]
    lang: str
    compound: int
    now: dt.datetime
    can_edit: bool
    monday: dt.date
    rules: roster.rules.Rules
    editor_key: str
    base_key: str
    draft_key: str
    unsaved: bool  # a draft or editor edits not saved yet, for this compound and week
    week: roster.week.Week  # the version the editor started from; the editor and its save work on it
    current: roster.week.Week  # the week as saved now; every other tab shows it

    @property
    def as_saved(self) -> bool:
        """Nothing edited: the editor shows the saved week as it is, so what it reads back can be cached per data version."""
        return not self.unsaved and self.week is self.current

    @property
    def keys(self) -> tuple[str, str, str]:
        """The session keys a save, an undo or a reset forgets, so the editor starts again from the saved week."""
        return self.editor_key, self.base_key, self.draft_key
