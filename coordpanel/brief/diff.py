"""What changed since the previous day's brief: figures up or down, new gaps, gaps closed."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coordpanel.brief.figures import Brief, Gap, build
from coordpanel.core.db import Database

# figures where a rise is good news (the others: a rise is worse)
BETTER_UP = frozenset({"days_without_case", "covered"})


@dataclass(frozen=True)
class Change:
    key: str
    before: int
    after: int

    @property
    def worse(self) -> bool:
        return (self.after < self.before) == (self.key in BETTER_UP)


@dataclass
class Changes:
    since: dt.date
    figures: list[Change] = field(default_factory=list)
    new_gaps: list[Gap] = field(default_factory=list)
    closed_gaps: list[Gap] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.figures or self.new_gaps or self.closed_gaps)


def compare(before: Brief, after: Brief) -> Changes:
    """The figures known on both days that differ, and the gaps opened and closed between the two briefs.

    A gap of the day before that has simply run out (a short shift that is over) is not "closed"."""
    old, new = before.numbers(), after.numbers()
    figures = [Change(key, old[key], new[key]) for key in new
               if old[key] is not None and new[key] is not None and old[key] != new[key]]
    old_gaps = {(g.kind, g.ref): g for g in before.gaps}
    new_gaps = {(g.kind, g.ref): g for g in after.gaps}
    opened = [g for key, g in new_gaps.items() if key not in old_gaps]
    closed = [g for key, g in old_gaps.items()
              if key not in new_gaps and (g.until is None or g.until > after.as_of)]
    return Changes(since=before.day, figures=figures, new_gaps=opened, closed_gaps=closed)


def since_previous_day(db: Database, brief: Brief) -> Changes:
    """The brief of the day before, computed the same way, compared with this one."""
    return compare(build(db, brief.compound_id, brief.day - dt.timedelta(days=1)), brief)
