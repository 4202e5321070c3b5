"""Reading the audit trail: filtered, newest first, with phone numbers masked for those who may not see them."""


from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core.auth import User, require
from coordpanel.core.db import Database
from coordpanel.core.redact import mask_phones_in

LIMIT = 1000


def facets(db: Database, user: User) -> dict:
    require(user, "see_audit")
    return db.records("audit/facets")[0]


def search(db: Database, user: User, actor: str | None = None, table: str | None = None,
           start: dt.date | None = None, end: dt.date | None = None, limit: int = LIMIT) -> pd.DataFrame:
    """Entries in [start, end] (whole days), newest first."""
    require(user, "see_audit")
    lower = dt.datetime.combine(start or dt.date(1970, 1, 1), dt.time())
    upper = dt.datetime.combine((end or dt.date(9999, 12, 30)) + dt.timedelta(days=1), dt.time())
    frame = db.df("audit/search", actor=actor, table_name=table, limit=limit, **{"from": lower, "to": upper})
    if not user.can("see_phones"):
        for column in ("before", "after"):
            frame[column] = frame[column].map(mask_phones_in)
    return frame
