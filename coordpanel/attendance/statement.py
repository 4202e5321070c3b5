"""A volunteer's service-hours statement (志愿服务时长证明): the shifts they stood, with dates, gates and hours.

The statement is data (`statement`) and plain lines of text (`lines`); a page shows the lines as text, never as
HTML or Markdown, since names are user text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coordpanel.attendance.hours import window, worked_hours
from coordpanel.core import clock
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import date_label, day_label, t


@dataclass(frozen=True)
class ServedShift:
    shift_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    gate_zh: str
    gate_en: str
    checked_in_at: dt.datetime
    checked_out_at: dt.datetime | None
    hours: float
    stand_in: bool  # covered a roster member's place


@dataclass(frozen=True)
class Statement:
    person_id: int
    name: str
    tier_zh: str
    tier_en: str
    group_zh: str | None
    group_en: str | None
    compound_zh: str
    compound_en: str
    first: dt.date
    last: dt.date
    shifts: tuple[ServedShift, ...]

    @property
    def total_hours(self) -> float:
        return round(sum(s.hours for s in self.shifts), 2)


def statement(db: Database, compound_id: int, person_id: int, first: dt.date, last: dt.date,
              now: dt.datetime | None = None) -> Statement:
    """The person's present or late records at shifts starting on the dates first..last, with actual hours (as
    hours.person_hours counts them), in time order. Refused for a person not of the compound or first after last."""
    if first > last:
        raise Refused("att.bad_period", first=first.isoformat(), last=last.isoformat())
    people = db.df("attendance/people", compound_id=compound_id)
    person = people[people["person_id"] == person_id]
    if person.empty:
        raise Refused("att.unknown_person", person=person_id)
    p = person.iloc[0]
    compound = next(c for c in db.records("compound/list") if c["id"] == compound_id)
    start, end = window(first, last)
    records = db.df("attendance/records", compound_id=compound_id, **{"from": start, "to": end})
    records = records[(records["person_id"] == person_id) & (records["status"] != "absent")]
    records = records.assign(hours=worked_hours(records, now or clock.today(db)).round(2))
    shifts = tuple(
        ServedShift(int(r.shift_id), _moment(r.starts_at), _moment(r.ends_at), r.gate_zh, r.gate_en or r.gate_zh,
                    _moment(r.checked_in_at), _moment(r.checked_out_at), float(r.hours), not pd.isna(r.covers_person_id))
        for r in records.itertuples())
    return Statement(person_id, p["name"], p["tier_zh"], p["tier_en"], _text(p["group_zh"]), _text(p["group_en"]),
                     compound["name"], compound["name_en"] or compound["name"], first, last, shifts)


def _moment(value) -> dt.datetime | None:
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def lines(st: Statement, lang: str = "zh") -> list[str]:
    """The statement as plain lines of text, in the language: title, who, period, one line per shift, the total."""
    en = lang == "en"
    group = (st.group_en if en else st.group_zh) or ""
    out = [t("att.statement.title", lang),
           t("att.statement.who", lang, name=st.name, compound=st.compound_en if en else st.compound_zh,
             tier=st.tier_en if en else st.tier_zh, group=group),
           t("att.statement.period", lang, first=date_label(st.first, lang), last=date_label(st.last, lang))]
    if not st.shifts:
        out.append(t("att.statement.none", lang))
    for s in st.shifts:
        key = "att.statement.shift_stand_in" if s.stand_in else "att.statement.shift"
        out.append(t(key, lang, day=day_label(s.starts_at.date(), lang), start=f"{s.starts_at:%H:%M}",
                     end=f"{s.ends_at:%H:%M}", gate=s.gate_en if en else s.gate_zh, hours=f"{s.hours:g}"))
    out.append(t("att.statement.total", lang, n=len(st.shifts), hours=f"{st.total_hours:g}"))
    return out


def text(st: Statement, lang: str = "zh") -> str:
    """The statement as one plain text (for a download or the chat group)."""
    return "\n".join(lines(st, lang)) + "\n"
