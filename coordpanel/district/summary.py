"""The district level: every compound's gaps aggregated in SQL, so the cost is one query whatever the count."""


from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core.auth import User, require
from coordpanel.core.db import Database
from coordpanel.core.i18n import t


def summary(db: Database, user: User, monday: dt.date) -> pd.DataFrame:
    """One row per compound, worst first: uncovered, then partly covered buildings, then short gate shifts."""
    require(user, "read")
    return aggregate(db, monday)


def aggregate(db: Database, monday: dt.date) -> pd.DataFrame:
    """The summary without a reader: the same for everyone who may read (it holds no phone or name of a person),
    so callers that checked the right may share it."""
    start = dt.datetime.combine(monday, dt.time())
    frame = db.df("district/summary", **{"from": start, "to": start + dt.timedelta(days=7)})
    frame["staffed"] = (frame["filled"] / frame["required"].where(frame["required"] > 0)).fillna(1.0)
    return frame


def table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("district.col.street", lang): frame["street"],
        t("district.col.community", lang): frame["community"],
        t("district.col.name", lang): frame["name"],
        t("district.col.uncovered", lang): frame["uncovered"],
        t("district.col.partial", lang): frame["partial"],
        t("district.col.covered", lang): frame["covered"].astype(str) + " / " + frame["buildings"].astype(str),
        t("district.col.short", lang): frame["short_shifts"],
        t("district.col.staffed", lang): (frame["staffed"] * 100).round(1),
    })
