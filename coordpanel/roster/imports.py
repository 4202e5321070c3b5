"""Importing roster spreadsheets (xlsx, CSV in UTF-8 or GBK): read the file, plan it (roster/import_plan.py), check
every week it changes against the roster rules and save them all or none."""


from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coordpanel import roster
from coordpanel.core import formulas, sheets
from coordpanel.core.auth import User, require
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.sheets import RowRef
from coordpanel.roster.cells import HEADERS
from coordpanel.roster.import_plan import plan_file
from coordpanel.roster.week import load_rules


def read_roster_file(path: str | Path) -> pd.DataFrame:
    """The roster rows of an .xlsx or .csv file, with canonical column names (gate, date, start, end, person,
    person_id) for the headers it recognises, other columns under their own header, and `sheet` and `row`: where
    each row is in the file as a spreadsheet shows it (1-based, title and header rows counted).

    The file is read by sheets.read_table: UTF-8 or GBK, title rows above the header, Chinese or English headers,
    every sheet of a workbook that has such a header, merged cells filled from their first cell. Values are left
    as read (text, numbers, Excel dates and times); `plan_import` parses them. An empty file gives an empty frame;
    a file with no recognisable header gives its first row as the header, so that the import can say which
    columns it found. Unreadable files raise ImportRefused.

    Text our exports wrote with a leading apostrophe (formulas.neutralise: a name such as '=1+1) reads back as the
    text before it, so that export → import → export gives the same cells."""
    try:
        frame = sheets.read_table(path, HEADERS)
    except sheets.UnreadableFile as exc:
        raise ImportRefused([exc]) from exc
    return restored(frame)


def restored(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell with formulas.restore applied: the apostrophe an export put before formula-looking text dropped."""
    out = frame.copy()
    for i, dtype in enumerate(out.dtypes):
        if pd.api.types.is_string_dtype(dtype):  # text or object columns
            out.isetitem(i, out.iloc[:, i].map(formulas.restore))
    return out


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


def plan_import(db: Database, compound_id: int, frame: pd.DataFrame) -> tuple[dict[dt.date, roster.week.Crews], list[Refused]]:
    """Resolve every row of a roster file: ({monday: {shift id: person ids}} for the shifts the file mentions,
    every problem found). A shift the file mentions gets exactly the people listed for it (none if its only row
    has no person); shifts the file does not mention are not touched. Nothing is written."""
    plan = plan_file(db, compound_id, frame)
    return plan.crews, plan.errors


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
    user = require(user, "edit_roster", db)
    plan = plan_file(db, compound_id, frame)
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
