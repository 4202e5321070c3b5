"""Importing roster spreadsheets (xlsx, CSV in UTF-8 or GBK): parse, plan, check and save all-or-nothing."""


from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from coordpanel import roster
from coordpanel.core import sheets
from coordpanel.core.auth import User, require
from coordpanel.core.clock import today, week_start
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused, Term
from coordpanel.core.sheets import RowRef, RowRefused
from coordpanel.core.sheets import filled as _filled
from coordpanel.core.sheets import norm as _norm
from coordpanel.roster.week import load_rules

COLUMNS = ("gate", "date", "start", "end", "person", "person_id")
REQUIRED = ("gate", "date", "start", "end")  # and a person by name or id
# Header texts an office file may use for each column, compared by sheets.header_key (width, case, spaces, _ and -).
ALIASES: dict[str, tuple[str, ...]] = {
    "gate": ("gate", "门岗", "卡口", "门岗/卡口", "岗位", "门岗名称", "卡口名称"),
    "date": ("date", "日期", "值班日期", "排班日期"),
    "start": ("start", "start_time", "开始", "开始时间", "起始时间", "上岗时间"),
    "end": ("end", "end_time", "结束", "结束时间", "截止时间", "下岗时间"),
    "person": ("person", "name", "人员", "姓名", "值班人员", "值班人"),
    "person_id": ("person_id", "id", "编号", "人员编号", "工号"),
    # optional: why the planner accepts a soft rule for this person on this shift (never read from a free "备注")
    "reason": ("reason", "accepted_reason", "理由", "确认理由", "接受理由"),
}
_COLUMNS = sheets.Columns(ALIASES)
EXCEL_EPOCH = dt.date(1899, 12, 30)


# --- reading an office file ----------------------------------------------------------------------------------


def read_roster_file(path: str | Path) -> pd.DataFrame:
    """The roster rows of an .xlsx or .csv file, with canonical column names (gate, date, start, end, person,
    person_id) for the headers it recognises, other columns under their own header, and `sheet` and `row`: where
    each row is in the file as a spreadsheet shows it (1-based, title and header rows counted).

    The file is read by sheets.read_table: UTF-8 or GBK, title rows above the header, Chinese or English headers,
    every sheet of a workbook that has such a header, merged cells filled from their first cell. Values are left
    as read (text, numbers, Excel dates and times); `plan_import` parses them. An empty file gives an empty frame;
    a file with no recognisable header gives its first row as the header, so that the import can say which
    columns it found. Unreadable files raise ImportRefused."""
    try:
        return sheets.read_table(path, _COLUMNS)
    except sheets.UnreadableFile as exc:
        raise ImportRefused([exc]) from exc


# --- parsing the cells ----------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s*[(（]?\s*(?:周|星期)[一二三四五六日天][)）]?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_TIME = re.compile(r"(\d{1,2})\s*[:点]\s*(\d{1,2})?\s*分?(?::(\d{2}))?")


def parse_date(value: Any) -> dt.date | None:
    """2020-02-20, 2020/2/20, 2020.2.20, 2020年2月20日 (a weekday after it is allowed), 20200220, an Excel date
    cell, or an Excel serial day number; None when it is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 20000 <= value <= 80000:  # an unformatted Excel date cell
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        match = _DATE.fullmatch(text)
        if match:
            return dt.date(*(int(g) for g in match.groups()))
        if re.fullmatch(r"\d{8}", text):
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:  # 2020-02-30
        return None
    return None


def parse_time(value: Any) -> tuple[dt.time, int] | None:
    """(time, days to add): 08:00, 8:00, 8:00:00, 8点, 8点30分, 800 or 0800, 8 (an hour), an Excel time cell or a
    fraction of a day; 24:00 is (00:00, 1), midnight at the end of the day. None when it is none of these."""
    if isinstance(value, dt.datetime):
        if value.date() == dt.date(1899, 12, 31) and value.time() == dt.time():  # Excel's 24:00 in a time cell
            return dt.time(), 1
        return value.time().replace(second=0, microsecond=0), 0
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0), 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if 0 < number < 1 and not number.is_integer():  # Excel stores a time as a fraction of a day
            minutes = round(number * 24 * 60)
            return (dt.time(minutes // 60, minutes % 60), 0) if minutes < 24 * 60 else (dt.time(), 1)
        if not number.is_integer():
            return None
        value = str(int(number))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    stamp = re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T](.+)", text)  # a date and time written out
    if stamp:
        text = stamp.group(1)
    hour = minute = None
    match = _TIME.fullmatch(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    elif re.fullmatch(r"\d{3,4}", text):
        hour, minute = int(text[:-2]), int(text[-2:])
    elif re.fullmatch(r"\d{1,2}", text):
        hour, minute = int(text), 0
    if hour is None:
        return None
    if (hour, minute) == (24, 0):
        return dt.time(), 1
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return dt.time(hour, minute), 0


def parse_int(value: Any) -> int | None:
    """101, 101.0 (a number stored by a spreadsheet), "101", "101.0"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = re.fullmatch(r"(\d+)(?:\.0*)?", text)
    return int(match.group(1)) if match else None


# --- planning an import ----------------------------------------------------------------------------------------


class ImportRefused(Refused):
    """An import that changed nothing: carries every bad row and every rule violation, one line each."""

    def __init__(self, errors: list[Refused],
                 violations: Iterable[tuple[roster.rules.Violation, roster.week.Week, RowRef | None]] = ()) -> None:
        self.errors = list(errors)
        self.violations = list(violations)
        super().__init__("import.refused", n=len(self.errors) + len(self.violations))

    def lines(self, lang: str) -> list[str]:
        out = [e.message(lang) for e in self.errors]
        for violation, week, where in self.violations:
            out.append((where.label(lang) if where else "") + roster.grid.describe(violation, week, lang))
        return out


@dataclass
class ImportPlan:
    weeks: dict[dt.date, roster.week.Week] = field(default_factory=dict)
    crews: dict[dt.date, roster.week.Crews] = field(default_factory=dict)  # only the shifts the file mentions
    shift_rows: dict[int, RowRef] = field(default_factory=dict)  # first row of each shift
    person_rows: dict[tuple[int, int], RowRef] = field(default_factory=dict)  # (shift id, person id) -> row
    reasons: dict[tuple[int, int], str] = field(default_factory=dict)  # (shift id, person id) -> accepted reason
    errors: list[Refused] = field(default_factory=list)


def plan_import(db: Database, compound_id: int, frame: pd.DataFrame) -> tuple[dict[dt.date, roster.week.Crews], list[Refused]]:
    """Resolve every row of a roster file: ({monday: {shift id: person ids}} for the shifts the file mentions,
    every problem found). A shift the file mentions gets exactly the people listed for it (none if its only row
    has no person); shifts the file does not mention are not touched. Nothing is written."""
    plan = _plan(db, compound_id, frame)
    return plan.crews, plan.errors


def _plan(db: Database, compound_id: int, frame: pd.DataFrame) -> ImportPlan:
    """Every row resolved to a shift of the compound and a person, grouped by week; every problem, in file order."""
    plan = ImportPlan()
    unusable = _file_problem(frame)
    if unusable is not None:
        plan.errors.append(unusable)
        return plan
    known = _Known.load(db, compound_id)
    for n, record in enumerate(frame.to_dict("records")):
        _plan_row(known, plan, record, _row_ref(record, n))
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


def _row_ref(record: dict, n: int) -> RowRef:
    """Where the n-th record is in the file: its sheet and row as read, or the row under a single header row."""
    return RowRef(record.get("sheet") if _filled(record.get("sheet")) else None,
                  int(record["row"]) if _filled(record.get("row")) else n + 2)


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
        refuse("import.bad_date", value=_shown(value))
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
            refuse(f"import.bad_{name}", value=_shown(value))
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
            refuse("import.bad_person_id", value=_shown(raw_id))
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


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- importing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """What an import did to one week."""

    monday: dt.date
    version: int
    saved: bool  # False: the file matched the week as it is, so nothing was written
    added: int
    removed: int
    shifts: int  # shifts of this week the file mentions


def import_frame(db: Database, user: User, compound_id: int, frame: pd.DataFrame) -> list[Imported]:
    """Check every row, then every week against the roster rules, and only then save each week that changes.
    A file that matches the roster as it is writes nothing (no new version, no audit entry)."""
    require(user, "edit_roster")
    plan = _plan(db, compound_id, frame)
    if plan.errors:
        raise ImportRefused(plan.errors)
    rules = load_rules(db)
    todo, done, violations = [], [], []
    for monday in sorted(plan.crews):
        week = plan.weeks[monday]
        crews = {s: list(c) for s, c in week.crews.items()} | {s: sorted(set(c)) for s, c in plan.crews[monday].items()}
        before = {s: set(week.crews.get(s, [])) for s in plan.crews[monday]}
        added = sum(len(set(crews[s]) - before[s]) for s in before)
        removed = sum(len(before[s] - set(crews[s])) for s in before)
        reasons_changed = any(week.accepted.get(k) != v for k, v in plan.reasons.items() if k[0] in before)
        if not added and not removed and not reasons_changed:
            done.append(Imported(monday, week.version, False, 0, 0, len(before)))
            continue
        # the reasons planners gave for soft rules stay with the assignments the file keeps; a reason column in the
        # file accepts a soft rule for its row, as the editor's reason does
        accepted = {k: v for k, v in week.accepted.items() if k[1] in crews.get(k[0], [])}
        accepted |= {k: v for k, v in plan.reasons.items() if k[0] in plan.crews[monday]}
        # the same test as roster.saving.save: what the saved week already broke (someone fell ill) does not block
        existing = roster.week.saved_violations(week, rules)
        for v in roster.week.blocking(roster.week.check(week, crews, rules), accepted, existing):
            where = plan.person_rows.get((v.shift_id, v.person_id)) or plan.shift_rows.get(v.shift_id)
            violations.append((v, week, where))
        todo.append((week, crews, accepted, Imported(monday, 0, True, added, removed, len(before))))
    if violations:
        raise ImportRefused([], violations)
    # every week was checked above; save_weeks checks them again and writes them all in one transaction, so a
    # concurrent save of any of them refuses the whole file and nothing is written
    versions = roster.saving.save_weeks(db, user, [(week, crews, accepted) for week, crews, accepted, _ in todo])
    done += [Imported(summary.monday, version, True, summary.added, summary.removed, summary.shifts)
             for (_, _, _, summary), version in zip(todo, versions, strict=True)]
    return sorted(done, key=lambda d: d.monday)


def import_roster(db: Database, user: User, compound_id: int, path: str | Path) -> list[int]:
    """Import a roster file all-or-nothing; the new version of each week saved (none if nothing changed)."""
    return [d.version for d in import_frame(db, user, compound_id, read_roster_file(path)) if d.saved]
