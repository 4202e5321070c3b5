"""Publishing a roster week: one table of who is on which shift, as xlsx, csv and iCalendar files.

The xlsx and csv files import back unchanged through roster.imports."""


from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from coordpanel import roster
from coordpanel.core import exports
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import date_label, t

TZ_NAME = "Asia/Shanghai"
ICS_MIME = "text/calendar"


# --- the week as a table ------------------------------------------------------------------------------------


def week_table(week: roster.week.Week, lang: str = "zh") -> pd.DataFrame:
    """One row per person per shift, in gate then time order; a shift with nobody on it appears once with an
    empty person, so that a printout shows the gap. Columns: gate, date, start, end, person, person_id."""
    return _table(week, lang)[list(roster.cells.COLUMNS)]


def _table(week: roster.week.Week, lang: str) -> pd.DataFrame:
    rows = []
    shifts = week.shifts.sort_values(["gate_order", "starts_at"], kind="stable")
    for r in shifts.itertuples():
        gate = r.gate_en if lang == "en" and r.gate_en else r.gate
        starts, ends = _py(r.starts_at), _py(r.ends_at)
        crew = sorted(week.crews.get(r.shift_id, []))
        filled = sum(1 for pid in crew if pid in week.people and week.people[pid].gate_eligible
                     and roster.rules.is_active_at(week.people[pid], starts))
        base = {"gate": gate, "date": f"{starts:%Y-%m-%d}", "start": f"{starts:%H:%M}", "end": _end_text(starts, ends),
                "required": int(r.required), "filled": filled, "sheet": gate}
        if not crew:
            rows.append({**base, "person": "", "person_id": None})
        for pid in crew:
            person = week.people.get(pid)
            rows.append({**base, "person": person.name if person else "", "person_id": pid})
    frame = pd.DataFrame(rows, columns=[*roster.cells.COLUMNS, "required", "filled", "sheet"])
    frame["person_id"] = frame["person_id"].astype("Int64")
    return frame


def _end_text(starts: dt.datetime, ends: dt.datetime) -> str:
    """HH:MM; a shift ending at the next midnight reads 24:00, as a gate post writes it."""
    if ends == dt.datetime.combine(starts.date() + dt.timedelta(days=1), dt.time()):
        return "24:00"
    return f"{ends:%H:%M}"


def _py(value: Any) -> dt.datetime:
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


# --- exports ------------------------------------------------------------------------------------------------


def to_xlsx(week: roster.week.Week, lang: str = "zh") -> bytes:
    """One sheet per gate (named after it), with a title row, localised headers, and each shift's required and
    filled headcount; short shifts are marked in red. The file imports back as it is."""
    if week.shifts.empty:
        raise Refused("export.no_shifts", week=date_label(week.monday, lang))
    table = _table(week, lang)
    headers = {c: t(f"publish.col.{c}", lang) for c in (*roster.cells.COLUMNS, "required", "filled")}
    sheets: dict[str, pd.DataFrame] = {}
    short: dict[str, list[tuple[int, str]]] = {}
    for gate, part in table.groupby("sheet", sort=False):
        name = _sheet_name(str(gate), sheets)
        sheets[name] = part.drop(columns="sheet").rename(columns=headers).reset_index(drop=True)
        filled, required = sheets[name][headers["filled"]], sheets[name][headers["required"]]
        short[name] = [(i, headers["filled"]) for i in range(len(filled)) if filled.iloc[i] < required.iloc[i]]
    last = week.monday + dt.timedelta(days=6)
    title = t("publish.title", lang, first=date_label(week.monday, lang), last=date_label(last, lang))
    return exports.to_xlsx(sheets, title=title, marked=short)


def _sheet_name(name: str, taken: dict[str, pd.DataFrame] | None = None) -> str:
    """Excel forbids []:*?/\\ in sheet names, an apostrophe at either end, and cuts them at 31 characters; two gates
    whose names end up the same (Excel ignores case) get a number, so that neither sheet replaces the other."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31].strip("'") or "_"
    used = {n.casefold() for n in taken or ()}
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    return candidate


def to_csv(week: roster.week.Week) -> bytes:
    """UTF-8 with a byte-order mark and the canonical English headers, so that it imports back unchanged."""
    return exports.to_csv(week_table(week, "zh"))


def to_ics(week: roster.week.Week, lang: str = "zh") -> bytes:
    """An iCalendar file: one event per person per shift, in Asia/Shanghai time, with a UID that stays the same
    across exports so that a calendar updates the event instead of adding a second one."""
    # lazy: only the calendar download needs icalendar, and it adds 30-50 ms to every `import coordpanel.roster`
    from icalendar import Calendar, Event

    zone = ZoneInfo(TZ_NAME)
    cal = Calendar()
    cal.add("prodid", "-//coordpanel//gate roster//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", t("publish.ics.calendar", lang, first=date_label(week.monday, lang)))
    cal.add("x-wr-timezone", TZ_NAME)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for r in week.shifts.sort_values(["starts_at", "gate_order"], kind="stable").itertuples():
        gate = r.gate_en if lang == "en" and r.gate_en else r.gate
        crew = [pid for pid in sorted(week.crews.get(r.shift_id, [])) if pid in week.people]
        names = [week.people[pid].name for pid in crew]
        for pid in crew:
            event = Event()
            event.add("uid", f"shift-{r.shift_id}-person-{pid}@coordpanel")
            event.add("dtstamp", stamp)
            event.add("sequence", max(week.version, 0))
            # "南门（主卡口）— 张三": a closing full-width bracket already leaves room before the dash
            spaced = gate if gate.endswith("）") else f"{gate} "
            event.add("summary", t("publish.ics.summary", lang, gate=spaced, name=week.people[pid].name))
            event.add("location", gate)
            event.add("description", t("publish.ics.crew", lang, names="、".join(names) if lang != "en" else ", ".join(names)))
            event.add("dtstart", _py(r.starts_at).replace(tzinfo=zone))
            event.add("dtend", _py(r.ends_at).replace(tzinfo=zone))
            cal.add_component(event)
    cal.add_missing_timezones(first_date=week.monday - dt.timedelta(days=1), last_date=week.monday + dt.timedelta(days=8))
    return cal.to_ical()
