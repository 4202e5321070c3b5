"""Hours at the gates per person for a date range: planned (the roster) and actual (the attendance records).

Planned hours are the full length of every roster place whose shift starts in the range (as roster/tier_hours
counts them). Actual hours are those of each present or late record (roster members and stand-ins), counted from
check-in to check-out and clipped to the shift: time before the shift's start or after its end is not counted.
A record without a check-out counts until the shift's end, or until `now` for a shift still in progress. Absent
places count nothing."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core import clock, exports
from coordpanel.core.db import Database
from coordpanel.core.i18n import t

PERSON_COLUMNS = ["person_id", "name", "tier", "tier_zh", "tier_en", "group_code", "group_zh", "group_en",
                  "planned_shifts", "planned_hours", "worked_shifts", "actual_hours"]
TOTAL_COLUMNS = ["tier", "tier_zh", "tier_en", "group_code", "group_zh", "group_en", "people", "planned_shifts",
                 "planned_hours", "worked_shifts", "actual_hours"]
_HOUR = dt.timedelta(hours=1)


def window(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The dates first..last (both included) as a half-open interval of moments [first 00:00, the day after last)."""
    return dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())


def worked_hours(records: pd.DataFrame, now: dt.datetime) -> pd.Series:
    """Actual hours of each attendance record (see the module's docstring); 0 for an absence."""
    if records.empty:
        return pd.Series(dtype=float)
    begin = records[["checked_in_at", "starts_at"]].max(axis=1)
    until = records["checked_out_at"].fillna(records["ends_at"])
    end = pd.concat([until, records["ends_at"], pd.Series(now, index=records.index)], axis=1).min(axis=1)
    hours = ((end - begin) / _HOUR).clip(lower=0).where(records["status"] != "absent", 0.0)
    return hours.fillna(0.0).astype(float)


def person_hours(db: Database, compound_id: int, first: dt.date, last: dt.date,
                 now: dt.datetime | None = None) -> pd.DataFrame:
    """One row per person with a roster place or an attendance record at a shift starting on the dates first..last:
    PERSON_COLUMNS, hours rounded to 0.01, in tier, group and name order."""
    start, end = window(first, last)
    now = now or clock.today(db)
    span = {"from": start, "to": end}
    places = db.df("attendance/places", compound_id=compound_id, **span)
    records = db.df("attendance/records", compound_id=compound_id, **span)
    people = db.df("attendance/people", compound_id=compound_id)
    planned = pd.DataFrame({"person_id": places["person_id"],
                            "hours": (places["ends_at"] - places["starts_at"]) / _HOUR})
    records = records.assign(hours=worked_hours(records, now))
    worked = records[records["status"] != "absent"]
    by_person = pd.DataFrame({
        "planned_shifts": planned.groupby("person_id").size(),
        "planned_hours": planned.groupby("person_id")["hours"].sum(),
        "worked_shifts": worked.groupby("person_id").size(),
        "actual_hours": worked.groupby("person_id")["hours"].sum(),
    }).fillna(0)
    by_person.index.name = "person_id"
    frame = people.merge(by_person.reset_index(), on="person_id", how="inner")
    for column in ("planned_shifts", "worked_shifts"):
        frame[column] = frame[column].astype(int)
    for column in ("planned_hours", "actual_hours"):
        frame[column] = frame[column].astype(float).round(2)
    frame = frame.sort_values(["tier_order", "group_order", "name", "person_id"], na_position="last")
    return frame[PERSON_COLUMNS].reset_index(drop=True)


def totals(hours: pd.DataFrame) -> pd.DataFrame:
    """person_hours summed per tier and group (people counted once): TOTAL_COLUMNS, in the frame's order."""
    keys = ["tier", "tier_zh", "tier_en", "group_code", "group_zh", "group_en"]
    if hours.empty:
        return pd.DataFrame(columns=TOTAL_COLUMNS)
    grouped = hours.groupby(keys, sort=False, dropna=False)
    out = grouped.agg(people=("person_id", "nunique"), planned_shifts=("planned_shifts", "sum"),
                      planned_hours=("planned_hours", "sum"), worked_shifts=("worked_shifts", "sum"),
                      actual_hours=("actual_hours", "sum")).reset_index()
    for column in ("planned_hours", "actual_hours"):
        out[column] = out[column].round(2)
    return out[TOTAL_COLUMNS]


def _localised(frame: pd.DataFrame, lang: str, columns: list[str]) -> pd.DataFrame:
    """The frame as a spreadsheet shows it: names in the language, headers translated."""
    suffix = "en" if lang == "en" else "zh"
    shown = frame.assign(tier_name=frame[f"tier_{suffix}"], group_name=frame[f"group_{suffix}"].fillna(""))
    return shown[columns].rename(columns={c: t(f"att.col.{c}", lang) for c in columns})


def person_table(hours: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """person_hours as the export's sheet: name, tier, group, planned and actual shifts and hours."""
    return _localised(hours, lang, ["name", "tier_name", "group_name", "planned_shifts", "planned_hours",
                                    "worked_shifts", "actual_hours"])


def totals_table(total: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    return _localised(total, lang, ["tier_name", "group_name", "people", "planned_shifts", "planned_hours",
                                    "worked_shifts", "actual_hours"])


def export_xlsx(hours: pd.DataFrame, first: dt.date, last: dt.date, lang: str = "zh") -> bytes:
    """Two sheets, per person and per tier and group, under a title naming the period (core/exports.py: formula
    text in names is written as text)."""
    title = t("att.export.title", lang, first=first.isoformat(), last=last.isoformat())
    return exports.to_xlsx({t("att.export.sheet_people", lang): person_table(hours, lang),
                            t("att.export.sheet_totals", lang): totals_table(totals(hours), lang)}, title=title)


def export_csv(hours: pd.DataFrame, lang: str = "zh") -> bytes:
    """The per-person table as CSV (UTF-8 with BOM, formula text neutralised by core/exports.py)."""
    return exports.to_csv(person_table(hours, lang))
