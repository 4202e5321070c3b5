"""The district summary's data: one SQL aggregate over every compound, cached per data version."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa

from coordpanel import district
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version


@per_version(maxsize=16)
def district_frame(db: Database, user: User, monday: dt.date) -> pd.DataFrame:
    """Every compound's gaps for the week; the summary itself checks the user's right to read."""
    return district.summary.summary(db, user, monday)


@per_version(maxsize=16)
def district_table(db: Database, user: User, monday: dt.date, lang: str) -> pa.Table:
    """The district summary as shown, translated."""
    return pa.Table.from_pandas(district.summary.table(district_frame(user, monday), lang), preserve_index=False)
