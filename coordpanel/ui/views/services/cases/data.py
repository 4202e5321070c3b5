"""The case log page's data, per data version: the log with its translated table, the chart and the derived days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.services import cases, charts, exports
from coordpanel.ui.cache import per_version
from coordpanel.ui.widgets import frozen


@dataclass(frozen=True)
class Log:
    frame: pd.DataFrame  # cases.trend: the log up to the last full day, oldest first
    table: pd.DataFrame  # the same rows translated, newest first
    chart: go.Figure | None  # None while there are no reports
    derived: dict  # cases.days_without_new_case


@per_version(maxsize=16)
def log(db: Database, compound: int, user: auth.User, now: dt.datetime, lang: str) -> Log:
    """The log as this user may read it (notes masked without see_phones), built together: one data version."""
    frame = cases.trend(db, user, compound, now.date())  # up to today: a day entered today shows at once
    table = exports.log_table(frame, lang).iloc[::-1].reset_index(drop=True)
    chart = frozen(charts.case_trend(frame, lang)) if len(frame) else None
    return Log(frame, table, chart, cases.days_without_new_case(db, compound, now))


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab."""
    user: auth.User
    compound: int
    lang: str
    now: dt.datetime
    log: Log
