"""The district summary's data: one SQL aggregate over every compound, cached per data version."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa

from coordpanel import district
from coordpanel.core import auth
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version


@per_version(maxsize=16)
def _aggregate(db: Database, monday: dt.date) -> pd.DataFrame:
    return district.summary.aggregate(db, monday)


@per_version(maxsize=16)
def _table(db: Database, monday: dt.date, lang: str) -> pa.Table:
    return pa.Table.from_pandas(district.summary.table(_aggregate(monday), lang), preserve_index=False)


def district_frame(user: User, monday: dt.date) -> pd.DataFrame:
    """Every compound's gaps for the week, once per data version for all readers; the right is checked first with
    the signed-in user (a district aggregate costs one query over every compound)."""
    auth.require(user, "read")
    return _aggregate(monday)


def district_table(user: User, monday: dt.date, lang: str) -> pa.Table:
    """The district summary as shown, translated."""
    auth.require(user, "read")
    return _table(monday, lang)
