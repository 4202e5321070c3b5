"""The brief's figures owned by other features: no-shows (attendance), resident requests and supplies (services)."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coordpanel.attendance import noshows
from coordpanel.core.db import Database
from coordpanel.services import requests as service_requests
from coordpanel.services import supplies as service_supplies


@dataclass(frozen=True)
class NoShows:
    """Roster places of a day nobody came to: all of them, and those a stand-in covered."""

    total: int
    covered: int

    @property
    def open(self) -> int:
        """Places nobody came to and nobody covered: the ones a leader must ask about."""
        return self.total - self.covered


@dataclass(frozen=True)
class Requests:
    open: int
    overdue: int


@dataclass(frozen=True)
class Supply:
    supply_id: int
    name_zh: str
    name_en: str
    quantity: float
    unit_zh: str
    unit_en: str
    minimum: float
    low: bool
    running_out: bool


def no_shows(db: Database, compound_id: int, day: dt.date, now: dt.datetime) -> NoShows | None:
    """The no-shows of shifts starting on `day`, as known at `now`, covered by a stand-in or not: a leader wants to
    know that someone stayed away even when the place was filled. None when no attendance was kept for that day at
    all: every place would count as a no-show, which says nothing about who came."""
    start = dt.datetime.combine(day, dt.time())
    end = start + dt.timedelta(days=1)
    frame = noshows.no_shows(db, compound_id, start, end, now, include_covered=True)
    if frame.empty:
        return NoShows(0, 0)
    if day not in noshows.kept_days(db, compound_id, start, end, now):
        return None
    return NoShows(total=len(frame), covered=int(frame["stand_in_id"].notna().sum()))


def requests(db: Database, compound_id: int, now: dt.datetime) -> Requests:
    """Resident requests open (new or in progress) and overdue at `now` (services.requests.figures)."""
    found = service_requests.figures(db, compound_id, now)
    return Requests(open=int(found.open), overdue=int(found.overdue))


def supplies(db: Database, compound_id: int, now: dt.datetime) -> list[Supply]:
    """Supplies below their minimum or running out within 3 days (services.supplies.stock), worst first."""
    frame = service_supplies.stock(db, compound_id, now.date())
    return [_supply(row) for _, row in frame.iterrows() if row["below_min"] or row["running_out"]]


def _supply(row: pd.Series) -> Supply:
    return Supply(supply_id=int(row["supply_id"]), name_zh=row["name_zh"], name_en=row["name_en"],
                  quantity=float(row["quantity"]), unit_zh=row["unit_zh"], unit_en=row["unit_en"],
                  minimum=float(row["min_stock"]), low=bool(row["below_min"]), running_out=bool(row["running_out"]))
