"""Planning a roster import: each row of the file resolved to a gate, a day and times, a person, and the existing
shift they name, grouped by week; every problem found, in file order. Nothing is written."""


from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from coordpanel import roster
from coordpanel.core import sheets
from coordpanel.core.clock import today, week_start
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused, Term
from coordpanel.core.sheets import RowRef, RowRefused
from coordpanel.core.sheets import filled as _filled
from coordpanel.core.sheets import norm as _norm
from coordpanel.roster.cells import REQUIRED, parse_date, parse_int, parse_time, shown


@dataclass
class ImportPlan:
    """A roster file resolved: its weeks, the crews it gives the shifts it mentions, where each came from, its problems."""

    weeks: dict[dt.date, roster.week.Week] = field(default_factory=dict)
    crews: dict[dt.date, roster.week.Crews] = field(default_factory=dict)  # only the shifts the file mentions
    shift_rows: dict[int, RowRef] = field(default_factory=dict)  # first row of each shift
    person_rows: dict[tuple[int, int], RowRef] = field(default_factory=dict)  # (shift id, person id) -> row
    reasons: dict[tuple[int, int], str] = field(default_factory=dict)  # (shift id, person id) -> accepted reason
    errors: list[Refused] = field(default_factory=list)


def plan_file(db: Database, compound_id: int, frame: pd.DataFrame) -> ImportPlan:
    """Every row resolved to a shift of the compound and a person, grouped by week; every problem, in file order."""
    plan = ImportPlan()
    unusable = _file_problem(frame)
    if unusable is not None:
        plan.errors.append(unusable)
        return plan
    known = _Known.load(db, compound_id)
    for n, record in enumerate(frame.to_dict("records")):
        _plan_row(known, plan, record, sheets.row_ref(record, n))
    if not plan.shift_rows and not plan.errors:
        plan.errors.append(Refused("import.empty"))
    _refuse_started(db, plan)
    return plan


def _file_problem(frame: pd.DataFrame) -> Refused | None:
    """What makes the whole file unusable: no columns, a required column missing, or no rows."""
    columns = [c for c in frame.columns if c not in ("sheet", "row")]
    if not columns:
        return Refused("import.empty")
    has_person = "person" in columns or "person_id" in columns
    missing = [c for c in REQUIRED if c not in columns] + ([] if has_person else ["person/person_id"])
    if missing:
        found = frame.attrs.get("header") or columns
        return Refused("import.wrong_columns", found=", ".join(map(str, found)) or "-", missing=", ".join(missing))
    if frame.empty:
        return Refused("import.empty")
    return None


@dataclass
class _Known:
    """The compound's gates and people as a file may name them, and the shifts of each week the file reaches."""

    db: Database
    compound_id: int
    gates: dict[str, dict]  # by normalised name, see _gate_index
    gate_names: str  # every gate, for the message about an unknown one
    people: dict[int, str]  # id -> name
    by_name: dict[str, list[int]]  # normalised name -> ids
    slots: dict[dt.date, dict[tuple[int, dt.datetime], Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, db: Database, compound_id: int) -> _Known:
        gate_rows = db.records("roster/gates", compound_id=compound_id)
        people = {r["id"]: r["name"] for r in db.records("people/for_roster", compound_id=compound_id)}
        by_name: dict[str, list[int]] = {}
        for pid, name in people.items():
            by_name.setdefault(_norm(name), []).append(pid)
        return cls(db, compound_id, _gate_index(gate_rows), "、".join(g["name"] for g in gate_rows), people, by_name)

    def shift(self, plan: ImportPlan, monday: dt.date, gate_id: int, starts: dt.datetime) -> Any:
        """The gate's shift starting then (a staffing row), or None; a week is loaded into the plan when first reached."""
        if monday not in self.slots:
            week = roster.week.load_week(self.db, self.compound_id, monday)
            plan.weeks[monday] = week
            self.slots[monday] = {(int(r.gate_id), roster.publish._py(r.starts_at)): r for r in week.shifts.itertuples()}
        return self.slots[monday].get((gate_id, starts))


Refuse = Callable[..., None]  # refuse(i18n key, **params): one problem of the current row


def _plan_row(known: _Known, plan: ImportPlan, record: dict, where: RowRef) -> None:
    """One row: its gate, date and times, its person, then its place in a week's crews; problems go to the plan."""

    def refuse(key: str, **params: Any) -> None:
        plan.errors.append(RowRefused(where, key, **params))

    gate = _gate(record.get("gate"), known, refuse)
    day = _date(record.get("date"), refuse)
    start, end = _times(record.get("start"), record.get("end"), refuse)
    pid = _person(record, known.people, known.by_name, refuse)
    if gate is None or day is None or start is None or end is None:
        return
    found = _shift(known, plan, gate, day, start, end, refuse)
    if found is not None:
        _add_to_crew(plan, *found, pid, where, record.get("reason"), known.people, refuse)


def _gate(text: Any, known: _Known, refuse: Refuse) -> dict | None:
    """The gate a row names, or None (refused as missing or unknown)."""
    if not _filled(text):
        refuse("import.missing", column=Term("publish.col.gate"))
        return None
    gate = known.gates.get(_norm(text))
    if gate is None:
        refuse("import.unknown_gate", gate=text, known=known.gate_names)
    return gate


def _date(value: Any, refuse: Refuse) -> dt.date | None:
    """The row's date, or None (refused as missing or unreadable)."""
    if not _filled(value):
        refuse("import.missing", column=Term("publish.col.date"))
        return None
    day = parse_date(value)
    if day is None:
        refuse("import.bad_date", value=shown(value))
    return day


def _times(start_value: Any, end_value: Any, refuse: Refuse) -> tuple[dt.time | None, tuple[dt.time, int] | None]:
    """(start, (end, days to add)); each None when missing or unreadable (refused). A start cannot be 24:00."""
    start = end = None
    for name, value in (("start", start_value), ("end", end_value)):
        if not _filled(value):
            refuse("import.missing", column=Term(f"publish.col.{name}"))
            continue
        parsed = parse_time(value)
        if parsed is None or (name == "start" and parsed[1]):
            refuse(f"import.bad_{name}", value=shown(value))
        elif name == "start":
            start = parsed[0]
        else:
            end = parsed
    return start, end


def _shift(known: _Known, plan: ImportPlan, gate: dict, day: dt.date, start: dt.time, end: tuple[dt.time, int],
           refuse: Refuse) -> tuple[dt.date, int] | None:
    """(monday, shift id) of the existing shift the row's gate, date and times name; None when there is no such
    shift (refused: zero length, no shift then, or the shift ends at another time). An end at or before the start
    is the next day's (an overnight shift)."""
    starts = dt.datetime.combine(day, start)
    end_time, plus = end
    overnight = plus == 0 and end_time <= start
    if plus == 0 and end_time == start:
        refuse("import.zero_length", start=f"{start:%H:%M}", end=f"{end_time:%H:%M}")
        return None
    ends = dt.datetime.combine(day + dt.timedelta(days=plus or (1 if overnight else 0)), end_time)
    monday = week_start(day)
    shift = known.shift(plan, monday, gate["id"], starts)
    shown = {"gate": gate["name"], "date": f"{day:%Y-%m-%d}", "start": f"{start:%H:%M}",
             "end": f"{end_time:%H:%M}" if overnight else roster.publish._end_text(starts, ends)}
    if shift is None:
        refuse("import.no_overnight_shift" if overnight else "import.no_shift", **shown)
        return None
    if roster.publish._py(shift.ends_at) != ends:
        refuse("import.end_differs", **shown, actual=roster.publish._end_text(starts, roster.publish._py(shift.ends_at)))
        return None
    return monday, int(shift.shift_id)


def _add_to_crew(plan: ImportPlan, monday: dt.date, shift_id: int, pid: int | None, where: RowRef, reason: Any,
                 people: dict[int, str], refuse: Refuse) -> None:
    """Group the row into its week: the shift counts as mentioned (a row without a person leaves it empty), and the
    person joins its crew once, with the row's accepted reason if it gives one."""
    crew = plan.crews.setdefault(monday, {}).setdefault(shift_id, [])
    plan.shift_rows.setdefault(shift_id, where)
    if pid is None:
        return
    if (shift_id, pid) in plan.person_rows:
        refuse("import.duplicate", first=plan.person_rows[(shift_id, pid)].row, name=people[pid])
        return
    plan.person_rows[(shift_id, pid)] = where
    crew.append(pid)
    if _filled(reason) and str(reason).strip():
        plan.reasons[(shift_id, pid)] = str(reason).strip()


def _gate_index(gates: list[dict]) -> dict[str, dict]:
    """A gate by its name, its English name, or its name without the part in brackets when that is unique
    ("南门" for "南门（主卡口）"), compared without width, case or spaces."""
    index: dict[str, dict] = {}
    short: dict[str, list[dict]] = {}
    for gate in gates:
        for name in (gate["name"], gate["name_en"]):
            if name:
                index[_norm(name)] = gate
                short.setdefault(re.sub(r"\(.*\)$", "", _norm(name)), []).append(gate)
    for name, found in short.items():
        if len(found) == 1 and name:
            index.setdefault(name, found[0])
    return index


def _person(record: dict, people: dict[int, str], by_name: dict[str, list[int]], refuse: Refuse) -> int | None:
    """The person of a row by id (the id column, or a number in the person column) or by exact name; None
    when the row names nobody (the shift stays empty) or the person cannot be told (an error is added)."""
    name, raw_id = record.get("person"), record.get("person_id")
    pid = None
    if _filled(raw_id):
        pid = parse_int(raw_id)
        if pid is None:
            refuse("import.bad_person_id", value=shown(raw_id))
            return None
    elif _filled(name) and parse_int(name) is not None:
        pid, name = parse_int(name), None
    if pid is not None:
        if pid not in people:
            refuse("import.unknown_person_id", id=pid)
            return None
        if _filled(name) and _norm(name) != _norm(people[pid]):
            refuse("import.name_id_mismatch", id=pid, actual=people[pid], name=str(name))
            return None
        return pid
    if not _filled(name):
        return None
    found = by_name.get(_norm(name), [])
    if not found:
        refuse("import.unknown_person_name", name=str(name))
        return None
    if len(found) > 1:
        refuse("import.ambiguous_name", name=str(name), n=len(found), ids="、".join(map(str, sorted(found))))
        return None
    return found[0]


def _refuse_started(db: Database, plan: ImportPlan) -> None:
    """A shift that has started keeps its crew: the file may list it only as it is."""
    now = today(db)
    for monday, crews in plan.crews.items():
        week = plan.weeks[monday]
        starts = dict(zip(week.shifts["shift_id"].astype(int), week.shifts["starts_at"], strict=True))
        for shift_id, crew in crews.items():
            begun = roster.publish._py(starts[shift_id])
            if begun < now and sorted(set(crew)) != sorted(set(week.crews.get(shift_id, []))):
                gate = week.shifts.loc[week.shifts["shift_id"] == shift_id, "gate"].iloc[0]
                plan.errors.append(RowRefused(plan.shift_rows[shift_id], "import.started", gate=gate,
                                              start=f"{begun:%Y-%m-%d %H:%M}"))

