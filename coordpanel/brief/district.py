"""The district brief: one line per compound of the database, worst first, from the district summary."""


from __future__ import annotations

import datetime as dt

from coordpanel.core.clock import week_start
from coordpanel.core.i18n import date_label, t
from coordpanel.district.summary import aggregate


def lines(db, day: dt.date, lang: str = "zh") -> tuple[str, list[str]]:
    """The title and one line per compound (district.summary's order: uncovered, partly covered, short shifts)."""
    frame = aggregate(db, week_start(day))
    title = t("brief.district.title", lang, date=date_label(day, lang), n=len(frame))
    if frame.empty:
        return title, [t("brief.district.none", lang)]
    return title, [
        t("brief.district.line", lang, name=row["name"], street=row["street"], uncovered=int(row["uncovered"]),
          partial=int(row["partial"]), covered=int(row["covered"]), buildings=int(row["buildings"]),
          short=int(row["short_shifts"]), staffed=f"{float(row['staffed']) * 100:.0f}")
        for _, row in frame.iterrows()
    ]
