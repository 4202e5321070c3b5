"""What the brief says: one compound's figures, gaps and tomorrow's roster on one day, built on the overview's load."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from coordpanel.brief import sources
from coordpanel.core import clock
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import LANGUAGES, day_label, t
from coordpanel.coverage.assignments import gap_lines
from coordpanel.overview import figures as overview

# a brief reads its day, the day before (what changed) and the day after (tomorrow's roster): all three are dates
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 2), dt.date(2999, 12, 30)
ABSENT = ("sick", "quarantined")
AHEAD = dt.timedelta(days=7)  # places left open by absent people: in the coming week


@dataclass(frozen=True)
class Gap:
    """A gap the brief names; `kind` and `ref` identify it from one day to the next, `text` is its line per language."""

    kind: str  # building, shift, person, supply
    ref: str
    text: dict[str, str]
    until: dt.datetime | None = None  # a shift's gap ends with the shift


@dataclass(frozen=True)
class RosterShift:
    """One of tomorrow's gate shifts: who is on it (those who count first) and how many places stay open."""

    gate: dict[str, str]
    gate_order: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    required: int
    names: tuple[str, ...]
    open_places: int


@dataclass
class Brief:
    compound_id: int
    name: dict[str, str]
    day: dt.date
    as_of: dt.datetime
    days_without_case: int | None
    last_case: dt.date | None
    buildings: int
    covered: int
    partial: list[str]
    uncovered: list[str]
    places_today: tuple[int, int]  # (filled, required)
    places_week: tuple[int, int]
    sick: int
    quarantined: int
    absent_places: int  # places in the coming week held by people off sick or quarantined
    no_shows_yesterday: sources.NoShows | None  # None: no attendance was kept that day
    requests: sources.Requests
    supplies: list[sources.Supply]
    gaps: list[Gap] = field(default_factory=list)
    tomorrow: list[RosterShift] = field(default_factory=list)

    def numbers(self) -> dict[str, int | None]:
        """The figures compared from one day to the next (None: not known that day)."""
        return {
            "days_without_case": self.days_without_case,
            "covered": self.covered,
            "partial": len(self.partial),
            "uncovered": len(self.uncovered),
            "open_today": self.places_today[1] - self.places_today[0],
            "sick": self.sick,
            "quarantined": self.quarantined,
            "absent_places": self.absent_places,
            "no_shows": None if self.no_shows_yesterday is None else self.no_shows_yesterday.total,
            "no_shows_open": None if self.no_shows_yesterday is None else self.no_shows_yesterday.open,
            "requests_open": self.requests.open,
            "requests_overdue": self.requests.overdue,
            "supplies_low": sum(1 for s in self.supplies if s.low),
            "supplies_running_out": sum(1 for s in self.supplies if s.running_out),
        }


def parse_day(text: str) -> dt.date:
    """A day typed by a user (YYYY-MM-DD), refused in words when it is not one."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise Refused("brief.bad_date", value=str(text)) from None
    return in_range(day)


def in_range(day: dt.date, earliest: dt.date = FIRST_DAY) -> dt.date:
    """A brief's day, refused in words outside FIRST_DAY..LAST_DAY (`earliest`: the day before the first, which the
    first day's brief is compared with)."""
    if not earliest <= day <= LAST_DAY:
        raise Refused("brief.date_out_of_range", value=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
    return day


def moment(db: Database, day: dt.date | None) -> dt.datetime:
    """The brief's moment: the dataset's today, or the same time of day on another day."""
    now = clock.today(db)
    if day is None or day == now.date():
        return now
    return dt.datetime.combine(in_range(day, FIRST_DAY - dt.timedelta(days=1)), now.time())


def build(db: Database, compound_id: int, day: dt.date | None = None) -> Brief:
    """The brief of one compound on `day` (default: the dataset's today)."""
    as_of = moment(db, day)
    day = as_of.date()
    o = overview.load(db, compound_id, as_of)
    if day != clock.today(db).date():  # the overview's coverage is the dataset's today's
        o.coverage = db.df("coverage/by_building", compound_id=compound_id, day=day)
    absent = _absent(o.unavailable, day)
    places = db.df("brief/absent_places", compound_id=compound_id, day=day, **{"from": as_of, "to": as_of + AHEAD})
    brief = Brief(
        compound_id=compound_id,
        name={"zh": o.compound["name"], "en": o.compound["name_en"] or o.compound["name"]},
        day=day,
        as_of=as_of,
        days_without_case=o.days_without_case["days"],
        last_case=o.days_without_case["last_case"],
        buildings=len(o.coverage),
        covered=o.covered,
        partial=o.gaps.loc[o.gaps["status"] == "partial", "code"].tolist(),
        uncovered=o.gaps.loc[o.gaps["status"] == "uncovered", "code"].tolist(),
        places_today=_places(o.today_shifts),
        places_week=_places(o.week),
        sick=int((absent["status"] == "sick").sum()),
        quarantined=int((absent["status"] == "quarantined").sum()),
        absent_places=len(places),
        no_shows_yesterday=sources.no_shows(db, compound_id, day - dt.timedelta(days=1), as_of),
        requests=sources.requests(db, compound_id, as_of),
        supplies=sources.supplies(db, compound_id, as_of),
    )
    brief.gaps = _gaps(o, absent, brief.supplies)
    brief.tomorrow = tomorrow(db, compound_id, day)
    return brief


def _places(shifts: pd.DataFrame) -> tuple[int, int]:
    """Places filled (up to each shift's headcount) and required, as the overview's metrics count them."""
    return int(shifts[["filled", "required"]].min(axis=1).sum()), int(shifts["required"].sum())


def _absent(unavailable: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """People off sick or quarantined on `day`: a status dated later was not in force yet."""
    since = pd.to_datetime(unavailable["status_since"]).dt.date
    in_force = unavailable["status_since"].isna() | (since <= day)
    return unavailable[unavailable["status"].isin(ABSENT) & in_force]


def _gaps(o: overview.Overview, absent: pd.DataFrame, supplies: list[sources.Supply]) -> list[Gap]:
    """The gaps, worst first: buildings, short gate shifts not yet over, absent people, supplies."""
    gaps = [Gap("building", f"{b.code}:{b.status}", {lang: gap_lines(o.gaps.loc[[i]], lang)[0] for lang in LANGUAGES})
            for i, b in zip(o.gaps.index, o.gaps.itertuples(), strict=True)]
    for s in o.short(o.week[o.week["ends_at"] > o.as_of]).itertuples():
        key = "ov.gap.shift" if s.filled < s.required else "ov.gap.shift_anchor"
        text = {lang: t(key, lang, gate=s.gate_en if lang == "en" and s.gate_en else s.gate,
                        day=day_label(s.starts_at, lang), start=f"{s.starts_at:%H:%M}", end=f"{s.ends_at:%H:%M}",
                        filled=s.filled, required=s.required) for lang in LANGUAGES}
        gaps.append(Gap("shift", str(s.shift_id), text, until=s.ends_at))
    for p in absent.itertuples():
        text = {lang: t("ov.gap.person", lang, name=p.name, tier=t(f"tier.{p.tier}", lang),
                        status=t(f"person.{p.status}", lang), since=p.status_since or "—") for lang in LANGUAGES}
        gaps.append(Gap("person", f"{p.id}:{p.status}", text))
    for s in supplies:
        gaps.append(Gap("supply", f"{s.supply_id}:{'low' if s.low else 'running_out'}", _supply_text(s)))
    return gaps


def _supply_text(s: sources.Supply) -> dict[str, str]:
    text = {}
    for lang in LANGUAGES:
        name, unit = (s.name_en, s.unit_en) if lang == "en" else (s.name_zh, s.unit_zh)
        key = "ov.gap.supply" if s.low else "brief.gap.running_out"
        text[lang] = t(key, lang, item=name, quantity=f"{s.quantity:g}", unit=unit, minimum=f"{s.minimum:g}")
    return text


def tomorrow(db: Database, compound_id: int, day: dt.date) -> list[RosterShift]:
    """The day after `day`: per gate shift, the names on it (those who do not count, e.g. off sick, are left out)."""
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    rows = db.df("brief/roster_day", compound_id=compound_id, **{"from": start, "to": start + dt.timedelta(days=1)})
    shifts = []
    for _, crew in rows.sort_values(["gate_order", "starts_at"], kind="stable").groupby("shift_id", sort=False):
        first = crew.iloc[0]
        names = tuple(crew.loc[crew["counts"].fillna(False).astype(bool), "name"])
        shifts.append(RosterShift(gate={"zh": first["gate"], "en": first["gate_en"] or first["gate"]},
                                  gate_order=int(first["gate_order"]),
                                  starts_at=first["starts_at"], ends_at=first["ends_at"], required=int(first["required"]),
                                  names=names, open_places=max(int(first["required"]) - len(names), 0)))
    return shifts
