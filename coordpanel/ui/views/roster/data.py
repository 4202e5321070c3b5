"""The roster page's data: the saved week, the rules, the pictures; cached per data version and shared read-only."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from coordpanel import roster
from coordpanel.core import charts
from coordpanel.core.db import Database
from coordpanel.core.vocab import TIERS
from coordpanel.ui.cache import per_version
from coordpanel.ui.session import t
from coordpanel.ui.widgets import frozen


@per_version(maxsize=32)
def roster_week(db: Database, compound: int, monday: dt.date) -> roster.week.Week:
    """The week as saved, shared read-only: edits build new crews, never change this object."""
    return roster.week.load_week(db, compound, monday)


@per_version(maxsize=8)
def roster_rules(db: Database) -> roster.rules.Rules:
    return roster.week.load_rules(db)


@per_version(maxsize=32)
def staffing_figure(db: Database, compound: int, monday: dt.date, lang: str) -> go.Figure:
    week = roster_week(compound, monday)
    names = {s: [week.people[p].name for p in crew if p in week.people] for s, crew in week.crews.items()}
    return frozen(charts.staffing_heatmap(week.shifts, lang, names))


@per_version(maxsize=32)
def timeline_figure(db: Database, compound: int, monday: dt.date, lang: str) -> go.Figure:
    """The saved week as a timeline, one row per person on duty."""
    week = roster_week(compound, monday)
    names = {p.id: p.name for p in week.people.values()}
    return frozen(charts.roster_timeline(week.shifts, week.crews, names, lang))


def candidate_table(offered: list) -> pd.DataFrame:
    tiers = {code: t(f"tier.{code}") for code in TIERS}
    return pd.DataFrame({
        t("roster.col.name"): [c.person.name for c in offered],
        t("roster.col.tier"): [tiers.get(c.person.tier, c.person.tier) for c in offered],
        t("roster.col.hours"): [round(c.hours_this_week, 1) for c in offered],
        t("roster.col.rest"): [None if c.rest_before is None else round(c.rest_before, 1) for c in offered],
    })


def person_week_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("roster.col.gate"): rows["gate"],
        t("roster.col.start"): rows["starts_at"].map(lambda x: f"{x:%m-%d %H:%M}"),
        t("roster.col.end"): rows["ends_at"].map(lambda x: f"{x:%m-%d %H:%M}"),
        t("roster.col.hours"): rows["hours"],
        t("roster.col.rest"): rows["rest_before"].map(lambda x: None if pd.isna(x) else round(x, 1)),
    })
