"""The roster commands of the admin CLI: import-roster, export-roster, check-roster — exit codes, the lines they
print, and a database left exactly as it was after every refusal."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import pytest
from helpers import cli
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from coordpanel import roster
from coordpanel.core.db import Database
from coordpanel.roster.week import load_rules as rules

ROOT = Path(__file__).resolve().parents[2]
MONDAY = dt.date(2020, 2, 17)
SOUTH, NORTH = "南门（主卡口）", "北门"


def dump(db_file: Path | str) -> tuple:
    """Every assignment, every week's version and the number of audit entries."""
    if str(db_file).startswith("postgresql://"):
        con = Database(db_file)
        assert con.backend == "postgres"
        cur = con.cursor()
    else:
        con = cur = duckdb.connect(str(db_file), read_only=True)
    try:
        return (
            cur.execute("SELECT shift_id, person_id, accepted_reason FROM shift_assignment ORDER BY ALL").fetchall(),
            cur.execute("SELECT * FROM roster_week ORDER BY ALL").fetchall(),
            cur.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        )
    finally:
        con.close()


def read_week(db_file: Path, monday: dt.date = MONDAY):
    database = Database(db_file)
    try:
        week = roster.week.load_week(database, 1, monday)
        offered = {}
        north = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
        crew = week.crews[north]
        leaving = next(p for p in crew if week.people[p].tier not in ("property", "cadre"))
        trial = {**week.crews, north: [p for p in crew if p != leaving]}
        offered = next(c.person.id for c in roster.candidates.candidates(week, trial, north, rules(database))
                       if c.offered and c.person.id != leaving)
        return week, north, leaving, offered
    finally:
        database.close()


def shift_at(week, gate: str, starts: dt.datetime) -> int:
    rows = week.shifts[(week.shifts["gate"] == gate) & (week.shifts["starts_at"] == starts)]
    return int(rows["shift_id"].iloc[0])


# --- export, and export then import -------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "lang", "backend_db_file"), [
    ("csv", "C.UTF-8", "duckdb"), ("xlsx", "zh_CN.UTF-8", "duckdb"), ("xlsx", "C.UTF-8", "duckdb"),
    ("csv", "C.UTF-8", "postgres"), ("xlsx", "zh_CN.UTF-8", "postgres")], indirect=["backend_db_file"])
def test_export_then_import_changes_nothing(backend_db_file, tmp_path, fmt, lang):
    db_file = backend_db_file
    out = tmp_path / f"week.{fmt}"
    exported = cli(db_file, "export-roster", "--week", "2020-02-19", "--format", fmt, "-o", str(out), lang=lang)
    assert exported.returncode == 0, exported.stderr
    assert out.stat().st_size > 0 and str(out) in exported.stdout
    before = dump(db_file)
    imported = cli(db_file, "import-roster", str(out), lang=lang)
    assert imported.returncode == 0, imported.stderr
    expected = "与现有排班一致，未作修改" if lang.startswith("zh") else "match the roster as it is; nothing was changed"
    assert expected in imported.stdout
    assert dump(db_file) == before


def test_export_xlsx_has_a_sheet_per_gate_with_chinese_headers(db_file, tmp_path):
    out = tmp_path / "week.xlsx"
    result = cli(db_file, "export-roster", "--week", "2020-02-23", "-o", str(out), lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "已导出 2020年2月17日 这一周（xlsx，56 个班次）" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames == [SOUTH, NORTH, "东门（物资通道）"]
    assert [c.value for c in book[NORTH][2]][:6] == ["门岗", "日期", "开始", "结束", "人员", "编号"]


def test_export_ics_parses_back(backend_db_file, tmp_path):
    db_file = backend_db_file
    out = tmp_path / "week.ics"
    result = cli(db_file, "export-roster", "--week", "2020-02-17", "--format", "ics", "-o", str(out))
    assert result.returncode == 0, result.stderr
    week = read_week(db_file)[0]
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == sum(len(c) for c in week.crews.values())
    late = next(e for e in events if e.decoded("DTSTART").replace(tzinfo=None) == dt.datetime(2020, 2, 17, 16))
    assert late.decoded("DTEND").replace(tzinfo=None) == dt.datetime(2020, 2, 18, 0)
    assert late["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_export_refuses_bad_dates_formats_and_empty_weeks(db_file, tmp_path):
    bad_date = cli(db_file, "export-roster", "--week", "2020-02-30", "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert bad_date.returncode == 2 and "2020-02-30" in bad_date.stderr and "YYYY-MM-DD" in bad_date.stderr
    bad_format = cli(db_file, "export-roster", "--week", "2020-02-17", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert bad_format.returncode == 2 and "invalid choice" in bad_format.stderr
    no_suffix = cli(db_file, "export-roster", "--week", "2020-02-17", "-o", str(tmp_path / "roster"))
    assert no_suffix.returncode == 1 and "--format" in no_suffix.stderr
    empty = cli(db_file, "export-roster", "--week", "2020-03-04", "-o", str(tmp_path / "x.csv"), lang="zh_CN.UTF-8")
    assert empty.returncode == 1 and "2020年3月2日 这一周没有班次" in empty.stderr
    assert not (tmp_path / "x.csv").exists()
    unwritable = cli(db_file, "export-roster", "--week", "2020-02-17", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert unwritable.returncode == 1 and "Cannot write" in unwritable.stderr and "Traceback" not in unwritable.stderr


def test_roster_commands_never_create_a_database(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = cli(missing, "check-roster", "--week", "2020-02-17")
    assert result.returncode == 1 and "init --demo" in result.stderr
    assert not missing.exists()


def test_an_unknown_compound_is_refused(backend_db_file):
    db_file = backend_db_file
    result = cli(db_file, "check-roster", "--week", "2020-02-17", "--compound", "7")
    assert result.returncode == 1 and "no compound with ID 7" in result.stderr


# --- import: good files -----------------------------------------------------------------------------------------


def test_import_of_a_gbk_csv_with_a_title_row_chinese_headers_and_float_ids(backend_db_file, tmp_path):
    db_file = backend_db_file
    week, north, leaving, joining = read_week(db_file)
    crew = [p for p in week.crews[north] if p != leaving] + [joining]
    lines = ["万科嘉园门岗排班表（2月21日白班）,,,,,", "门岗,日期,开始时间,结束时间,姓名,人员编号"]
    lines += [f"北门,2020/2/21,8:00,16:00,{week.people[p].name},{p}.0" for p in crew]
    path = tmp_path / "排班.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    result = cli(db_file, "import-roster", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("Imported the week of 2020-02-17: 1 assignments added, 1 removed, 1 shifts in the file; "
                                     "now version 2.")
    after = read_week(db_file)[0]
    assert sorted(after.crews[north]) == sorted(crew) and after.version == 2 and after.saved_by == "cli"
    assert {s: c for s, c in after.crews.items() if s != north} == {s: c for s, c in week.crews.items() if s != north}


def test_import_of_an_xlsx_in_chinese(db_file, tmp_path):
    week, north, leaving, joining = read_week(db_file)
    book = Workbook()
    ws = book.active
    ws.append(["门岗排班"])
    ws.append(["门岗", "日期", "开始", "结束", "人员"])
    for p in [p for p in week.crews[north] if p != leaving] + [joining]:
        ws.append([NORTH, dt.datetime(2020, 2, 21), dt.time(8), dt.time(16), week.people[p].name])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(buffer.getvalue())
    result = cli(db_file, "import-roster", str(path), lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "已导入 2020年2月17日 这一周：新增 1 人次，移除 1 人次，文件涉及 1 个班次；新版本 2。"
    assert joining in read_week(db_file)[0].crews[north]


# --- import: bad files change nothing ---------------------------------------------------------------------------


def bad_file(kind: str, week, north: int, tmp_path: Path) -> tuple[Path, list[str]]:
    """A file with one kind of problem and the English lines the refusal must print."""
    name = week.people[week.crews[north][0]].name
    head = "gate,date,start,end,person"
    rows = {
        "unknown person": ([head, "北门,2020-02-21,08:00,16:00,查无此人"], ["row 2: the compound has nobody named “查无此人”."]),
        "unknown gate": ([head, f"西门,2020-02-21,08:00,16:00,{name}"], ["row 2: unknown gate “西门”"]),
        "end before start": ([head, f"北门,2020-02-21,08:00,08:00,{name}"],
                             ["row 2: the end 08:00 is not after the start 08:00: the shift would last no time."]),
        "overnight without a shift": ([head, f"北门,2020-02-21,20:00,04:00,{name}"],
                                      ["row 2: the end 04:00 is before the start 20:00, so it is read as ending the next day"]),
        "bad date": ([head, f"北门,2020-02-30,08:00,16:00,{name}", f"北门,2月21日,08:00,16:00,{name}"],
                     ["row 2: cannot read the date “2020-02-30”", "row 3: cannot read the date “2月21日”"]),
        "empty file": ([""], ["error: Not imported: 1 problems found; nothing was changed.", "The file holds no roster rows."]),
        "wrong columns": (["姓名,电话,楼栋", "张三,13900000000,1栋"],
                          ["Wrong columns: the file has 姓名, 电话, 楼栋; missing gate, date, start, end."]),
    }
    lines, expected = rows[kind]
    path = tmp_path / f"{kind.replace(' ', '_')}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, expected


@pytest.mark.parametrize("kind", ["unknown person", "unknown gate", "end before start", "overnight without a shift",
                                  "bad date", "empty file", "wrong columns"])
def test_import_of_a_bad_file_is_refused_and_changes_nothing(db_file, tmp_path, kind):
    week, north, _, _ = read_week(db_file)
    path, expected = bad_file(kind, week, north, tmp_path)
    before = dump(db_file)
    result = cli(db_file, "import-roster", str(path))
    assert result.returncode == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: Not imported: ")
    for text in expected:
        assert text in result.stderr, result.stderr
    assert dump(db_file) == before


def test_import_refusal_lines_are_in_chinese_for_a_chinese_locale(backend_db_file, tmp_path):
    db_file = backend_db_file
    path = tmp_path / "bad.csv"
    path.write_text("门岗,日期,开始,结束,人员\n西门,2020-02-21,08:00,16:00,查无此人\n北门,2020-02-30,08:00,16:00,\n", encoding="utf-8")
    before = dump(db_file)
    result = cli(db_file, "import-roster", str(path), lang="zh_CN.UTF-8")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 导入未成功：发现 3 处问题，数据库未作任何修改。"
    assert lines[1].startswith("  第 2 行：未知门岗「西门」（本小区的门岗：南门（主卡口）、北门、东门（物资通道））。")
    assert lines[2] == "  第 2 行：本小区没有名为「查无此人」的人员。"
    assert lines[3] == "  第 3 行：日期「2020-02-30」无法识别，请写成 2020-02-20 或 2020年2月20日。"
    assert dump(db_file) == before


def test_import_breaking_a_hard_rule_is_refused_with_one_line_per_violation(backend_db_file, tmp_path):
    db_file = backend_db_file
    week, north, _, _ = read_week(db_file)
    south = shift_at(week, SOUTH, dt.datetime(2020, 2, 21, 8))
    double = week.crews[south][0]  # on the south gate already; the file puts them on the north gate at the same hours
    lines = ["gate,date,start,end,person_id"] + [f"北门,2020-02-21,08:00,16:00,{p}" for p in [*week.crews[north], double]]
    path = tmp_path / "overlap.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    before = dump(db_file)
    result = cli(db_file, "import-roster", str(path))
    assert result.returncode == 1
    detail = result.stderr.splitlines()[1:]
    name = week.people[double].name
    overlap = [line for line in detail if "at the same time" in line]
    assert overlap == [f"  row {len(lines)}: North gate Fri 2/21 08:00–16:00: {name} is also on South gate (main checkpoint) "
                       f"(from 02-21 08:00) at the same time"]
    assert dump(db_file) == before


# --- check-roster --------------------------------------------------------------------------------------------------


def test_check_roster_on_the_demo_week_passes(backend_db_file):
    db_file = backend_db_file
    result = cli(db_file, "check-roster", "--week", "2020-02-19")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "The week of 2020-02-17: 0 hard-rule violations, 0 warnings."


def test_check_roster_reports_a_hard_violation_made_in_the_database(backend_db_file):
    db_file = backend_db_file
    week, north, _, _ = read_week(db_file)
    south = shift_at(week, SOUTH, dt.datetime(2020, 2, 21, 8))
    double = week.crews[south][0]
    con = Database(db_file)  # as another program would write it, past the app's checks
    con.cursor().execute("INSERT INTO shift_assignment (shift_id, person_id) VALUES (?, ?)", [north, double])
    con.close()
    result = cli(db_file, "check-roster", "--week", "2020-02-21", lang="zh_CN.UTF-8")
    assert result.returncode == 1
    name = week.people[double].name
    hard = [line for line in result.stdout.splitlines() if line.startswith("【硬性】")]
    assert hard == [f"【硬性】北门 2月21日 周五 08:00–16:00：{name} 同时在 南门（主卡口）（02-21 08:00 开始）的班次上，时间重叠"]
    assert "处违反硬性规则" in result.stdout.splitlines()[-1]


def test_check_roster_needs_a_valid_week(db_file):
    result = cli(db_file, "check-roster", "--week", "next week")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    empty = cli(db_file, "check-roster", "--week", "2021-01-01")
    assert empty.returncode == 0 and "has no shifts" in empty.stdout
