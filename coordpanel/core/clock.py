"""Time as the compound lives it: Asia/Shanghai wall-clock time, the dataset's "today", the week's Monday."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from coordpanel.core.db import Database

TZ = ZoneInfo("Asia/Shanghai")


def now_local() -> dt.datetime:
    """Wall-clock time in Asia/Shanghai, naive, as stored in the database."""
    return dt.datetime.now(TZ).replace(tzinfo=None, microsecond=0)


def today(db: Database) -> dt.datetime:
    """The dataset's "as of" moment when it has one (the demo), otherwise the real time in Asia/Shanghai."""
    from coordpanel.core import settings

    return settings.as_of(db) or now_local()


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week holding `day`."""
    return day - dt.timedelta(days=day.weekday())
