"""The overview's data, ready to lay out: built once per data version and language, shared read-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go
import pyarrow as pa

from coordpanel import overview
from coordpanel.core import auth, charts
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version
from coordpanel.ui.widgets import frozen


@dataclass(frozen=True)
class OverviewPage:
    view: overview.figures.OverviewView
    coverage: go.Figure
    staffing: go.Figure
    cases: go.Figure | None
    people: pa.Table
    supplies: pa.Table


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab: who is signed in, which compound, the language, and the overview's data."""
    user: auth.User
    compound: int
    lang: str
    page: OverviewPage


@per_version(maxsize=64)
def overview_page(db: Database, compound: int, lang: str, as_of: dt.datetime) -> OverviewPage:
    """The overview as of `as_of` (the page passes the dataset's now to the minute: on the real clock no-shows and
    who is on duty move with time, not only with the data version)."""
    data = overview.figures.load(db, compound, as_of)
    shown = overview.figures.view(data, lang)
    return OverviewPage(
        view=shown,
        coverage=frozen(charts.coverage_heatmap(data.coverage, lang)),
        staffing=frozen(charts.staffing_heatmap(data.week, lang)),
        cases=frozen(charts.cases_trend(data.cases, lang)) if len(data.cases) else None,
        people=pa.Table.from_pandas(shown.people, preserve_index=False),
        supplies=pa.Table.from_pandas(shown.supplies, preserve_index=False),
    )
