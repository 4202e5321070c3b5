"""roster/publish.py and roster/imports.py: a roster week as xlsx, csv and iCalendar, and office files read back, checked and imported all-or-nothing.

The demo week is 2020-02-17..23 and the dataset's "today" 2020-02-19 08:00: only later shifts are edited here.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from coordpanel import roster
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.roster.week import load_rules as rules


# every test of this module runs on both backends: the demo in memory (DuckDB) and in PostgreSQL (tests/conftest.py)
@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


MONDAY = dt.date(2020, 2, 17)
SOUTH, NORTH, EAST = "南门（主卡口）", "北门", "东门（物资通道）"
HEADERS_ZH = ["门岗", "日期", "开始", "结束", "人员", "编号", "需要", "已排"]


def week_of(db, day=MONDAY) -> roster.week.Week:
    return roster.week.load_week(db, 1, day)


def shift_at(week, gate: str, starts: dt.datetime) -> int:
    rows = week.shifts[(week.shifts["gate"] == gate) & (week.shifts["starts_at"] == starts)]
    assert len(rows) == 1, (gate, starts)
    return int(rows["shift_id"].iloc[0])


def dump(db) -> tuple:
    """Everything an import may change: every assignment, every week's version, and how many audit entries."""
    cur = db.cursor()
    return (
        cur.execute("SELECT shift_id, person_id, accepted_reason FROM shift_assignment ORDER BY ALL").fetchall(),
        cur.execute("SELECT * FROM roster_week ORDER BY ALL").fetchall(),
        cur.execute("SELECT count(*) FROM audit_log").fetchone()[0],
    )


def write_csv(path, lines: list[str], encoding="utf-8-sig"):
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def replacement(db, week, shift_id) -> tuple[int, int]:
    """(someone to take off, someone to put on) for a future shift: a non-anchor member and the top offered candidate."""
    crew = week.crews[shift_id]
    leaving = next(p for p in crew if week.people[p].tier not in ("property", "cadre"))
    trial = {**week.crews, shift_id: [p for p in crew if p != leaving]}
    joining = next(c.person.id for c in roster.candidates.candidates(week, trial, shift_id, rules(db))
                   if c.offered and c.person.id != leaving)
    return leaving, joining


# --- the week as a table and its exports ---------------------------------------------------------------------------


def test_week_table_has_one_row_per_person_per_shift_and_one_per_empty_shift(fresh_demo):
    week = week_of(fresh_demo)
    emptied = shift_at(week, NORTH, dt.datetime(2020, 2, 22, 8))
    week.crews[emptied] = []
    table = roster.publish.week_table(week, "zh")
    assert list(table.columns) == ["gate", "date", "start", "end", "person", "person_id"]
    assert len(table) == sum(max(len(c), 1) for c in week.crews.values())
    gap = table[(table["gate"] == NORTH) & (table["date"] == "2020-02-22") & (table["start"] == "08:00")]
    assert len(gap) == 1 and gap["person"].iloc[0] == "" and pd.isna(gap["person_id"].iloc[0])
    evening = table[(table["gate"] == SOUTH) & (table["date"] == "2020-02-17") & (table["start"] == "16:00")]
    assert set(evening["end"]) == {"24:00"} and len(evening) == 3
    first = table.iloc[0]
    assert first["person"] == week.people[int(first["person_id"])].name
    assert roster.publish.week_table(week, "en")["gate"].iloc[0] == "South gate (main checkpoint)"


def test_xlsx_has_a_sheet_per_gate_with_chinese_headers_and_headcounts(fresh_demo):
    week = week_of(fresh_demo)
    short = shift_at(week, EAST, dt.datetime(2020, 2, 21, 13))
    week.crews[short] = week.crews[short][:1]
    book = load_workbook(io.BytesIO(roster.publish.to_xlsx(week, "zh")))
    assert book.sheetnames == [SOUTH, NORTH, EAST]
    for name in book.sheetnames:
        ws = book[name]
        assert "门岗排班表" in ws.cell(1, 1).value
        assert [c.value for c in ws[2]] == HEADERS_ZH
        assert {r[0] for r in ws.iter_rows(min_row=3, values_only=True)} == {name}
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    rows = list(book[EAST].iter_rows(min_row=3, values_only=True))
    assert len(rows) == sum(len(week.crews[s]) or 1 for s in week.shifts[week.shifts["gate"] == EAST]["shift_id"])
    short_row = next(i for i, r in enumerate(rows, start=3) if r[1] == "2020-02-21" and r[2] == "13:00")
    assert rows[short_row - 3][6:] == (2, 1)
    assert book[EAST].cell(short_row, 8).font.color.rgb.endswith("C00000")
    english = load_workbook(io.BytesIO(roster.publish.to_xlsx(week, "en")))
    assert english.sheetnames[0] == "South gate (main checkpoint)"
    assert [c.value for c in english.worksheets[0][2]] == ["Gate", "Date", "Start", "End", "Person", "Person ID",
                                                          "Required", "Filled"]


def test_a_week_without_shifts_is_not_exported(fresh_demo):
    with pytest.raises(Refused) as refused:
        roster.publish.to_xlsx(week_of(fresh_demo, dt.date(2020, 3, 2)), "zh")
    assert refused.value.key == "export.no_shifts"


def test_csv_has_a_bom_and_the_canonical_headers(fresh_demo):
    data = roster.publish.to_csv(week_of(fresh_demo))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "gate,date,start,end,person,person_id"
    assert lines[1].startswith(f"{SOUTH},2020-02-17,00:00,08:00,")


def test_ics_has_one_event_per_person_per_shift_in_shanghai_time(fresh_demo):
    week = week_of(fresh_demo)
    emptied = shift_at(week, NORTH, dt.datetime(2020, 2, 22, 8))
    week.crews[emptied] = []
    cal = Calendar.from_ical(roster.publish.to_ics(week))
    events = list(cal.walk("VEVENT"))
    assert len(events) == sum(len(c) for c in week.crews.values())
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert not any(u.startswith(f"shift-{emptied}-") for u in uids)
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    for e in events:
        assert e["DTSTART"].params["TZID"] == "Asia/Shanghai" and e["DTEND"].params["TZID"] == "Asia/Shanghai"
    evening = shift_at(week, SOUTH, dt.datetime(2020, 2, 20, 16))
    person = week.crews[evening][0]
    event = next(e for e in events if str(e["UID"]) == f"shift-{evening}-person-{person}@coordpanel")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (dt.datetime(2020, 2, 20, 16), dt.datetime(2020, 2, 21, 0))
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert str(event["SUMMARY"]) == f"门岗值班 南门（主卡口）— {week.people[person].name}"
    assert "DTSTART;TZID=Asia/Shanghai:20200220T160000" in roster.publish.to_ics(week).decode()
    # the same shift and person keep their UID from one export to the next
    assert f"shift-{evening}-person-{person}@coordpanel" in roster.publish.to_ics(week_of(fresh_demo)).decode()


# --- export then import changes nothing --------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "zh"), ("xlsx", "zh"), ("xlsx", "en")])
def test_export_then_import_of_the_same_week_changes_nothing(fresh_demo, tmp_path, fmt, lang):
    week = week_of(fresh_demo)
    data = roster.publish.to_csv(week) if fmt == "csv" else roster.publish.to_xlsx(week, lang)
    path = tmp_path / f"week.{fmt}"
    path.write_bytes(data)
    before = dump(fresh_demo)
    done = roster.imports.import_frame(fresh_demo, CLI_USER, 1, roster.imports.read_roster_file(path))
    assert [(d.monday, d.saved, d.added, d.removed, d.shifts) for d in done] == [(MONDAY, False, 0, 0, len(week.shifts))]
    assert roster.imports.import_roster(fresh_demo, CLI_USER, 1, path) == []
    assert dump(fresh_demo) == before
    assert week_of(fresh_demo).crews == week.crews


def test_an_exported_week_with_an_empty_shift_imports_back_unchanged(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    emptied = shift_at(week, NORTH, dt.datetime(2020, 2, 22, 8))
    crews = {**week.crews, emptied: []}
    roster.saving.save(fresh_demo, CLI_USER, week, crews, dict(week.accepted))
    week = week_of(fresh_demo)
    path = tmp_path / "week.csv"
    path.write_bytes(roster.publish.to_csv(week))
    before = dump(fresh_demo)
    assert roster.imports.import_roster(fresh_demo, CLI_USER, 1, path) == []
    assert dump(fresh_demo) == before


# --- reading messy office files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("08:00", (dt.time(8), 0)), ("8:00", (dt.time(8), 0)), ("8:30:00", (dt.time(8, 30), 0)), ("800", (dt.time(8), 0)),
    ("0800", (dt.time(8), 0)), ("1630", (dt.time(16, 30), 0)), ("8", (dt.time(8), 0)), ("8点", (dt.time(8), 0)),
    ("8点30分", (dt.time(8, 30), 0)), ("１６：００", (dt.time(16), 0)), ("24:00", (dt.time(0), 1)), ("24", (dt.time(0), 1)),
    (800.0, (dt.time(8), 0)), (16, (dt.time(16), 0)), (0.5, (dt.time(12), 0)), (dt.time(16), (dt.time(16), 0)),
    (dt.datetime(2020, 2, 20, 7, 0), (dt.time(7), 0)), (dt.datetime(1899, 12, 31), (dt.time(0), 1)),
    ("2020-02-20 08:00:00", (dt.time(8), 0)),
    ("25:00", None), ("8:75", None), ("noon", None), ("", None), (8.25, None),
])
def test_times_as_offices_write_them(value, expected):
    assert roster.cells.parse_time(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-02-20", dt.date(2020, 2, 20)), ("2020/2/20", dt.date(2020, 2, 20)), ("2020年2月20日", dt.date(2020, 2, 20)),
    ("2020.2.20", dt.date(2020, 2, 20)), ("20200220", dt.date(2020, 2, 20)), ("2020年2月20日（周四）", dt.date(2020, 2, 20)),
    ("2020-02-20 00:00:00", dt.date(2020, 2, 20)), (dt.datetime(2020, 2, 20), dt.date(2020, 2, 20)),
    (dt.date(2020, 2, 20), dt.date(2020, 2, 20)), (43881, dt.date(2020, 2, 20)), (43881.0, dt.date(2020, 2, 20)),
    ("2020-02-30", None), ("2/20", None), ("明天", None), ("20-02-2020", None),
])
def test_dates_as_offices_write_them(value, expected):
    assert roster.cells.parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(101, 101), (101.0, 101), ("101", 101), ("101.0", 101), (" 101 ", 101),
                                                 (101.5, None), ("10a", None), (True, None)])
def test_ids_stored_as_numbers_read_as_integers(value, expected):
    assert roster.cells.parse_int(value) == expected


def test_a_gbk_csv_with_a_title_row_chinese_headers_and_float_ids_is_imported(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    sid = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
    leaving, joining = replacement(fresh_demo, week, sid)
    crew = [p for p in week.crews[sid] if p != leaving] + [joining]
    lines = ["万科嘉园门岗排班表（2月21日）,,,,,", ",,,,,", "卡口,日期,开始时间,结束时间,姓名,人员编号"]
    lines += [f"北门,2020/2/21,8:00,16:00,{week.people[p].name},{p}.0" for p in crew]
    path = write_csv(tmp_path / "北门.csv", lines, encoding="gbk")
    frame = roster.imports.read_roster_file(path)
    assert list(frame["row"]) == [4, 5]
    assert {"gate", "date", "start", "end", "person", "person_id"} <= set(frame.columns)
    crews, errors = roster.imports.plan_import(fresh_demo, 1, frame)
    assert errors == [] and crews == {MONDAY: {sid: crew}}
    versions = roster.imports.import_roster(fresh_demo, CLI_USER, 1, path)
    assert versions == [2]
    after = week_of(fresh_demo)
    assert sorted(after.crews[sid]) == sorted(crew)
    assert {s: c for s, c in after.crews.items() if s != sid} == {s: c for s, c in week.crews.items() if s != sid}
    assert after.saved_by == "cli"


def test_an_xlsx_with_a_title_row_excel_cells_and_merged_gate_cells_is_imported(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    north = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
    south = shift_at(week, SOUTH, dt.datetime(2020, 2, 20, 16))
    leaving, joining = replacement(fresh_demo, week, north)
    north_crew = [p for p in week.crews[north] if p != leaving] + [joining]
    book = Workbook()
    ws = book.active
    ws.title = "排班"
    ws.append(["万科嘉园 门岗值班表"])
    ws.append(["门岗", "日期", "开始", "结束", "人员", "编号", "备注"])
    for p in north_crew:
        ws.append([NORTH, dt.datetime(2020, 2, 21), dt.time(8), dt.time(16), week.people[p].name, float(p), "换人"])
    for i, p in enumerate(week.crews[south]):  # the gate cell is merged over the shift's rows, as printed rosters do
        ws.append([SOUTH if i == 0 else None, "2020年2月20日", "16:00", "24:00", None, p])
    ws.merge_cells(start_row=3 + len(north_crew), end_row=2 + len(north_crew) + len(week.crews[south]),
                   start_column=1, end_column=1)
    notes = book.create_sheet("说明")
    notes.append(["本表由物业填写，请勿改动表头。"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    frame = roster.imports.read_roster_file(path)
    assert set(frame["sheet"]) == {"排班"} and frame["row"].tolist()[0] == 3
    crews, errors = roster.imports.plan_import(fresh_demo, 1, frame)
    assert [e.message("en") for e in errors] == []
    assert crews == {MONDAY: {north: north_crew, south: sorted(week.crews[south])}}
    assert roster.imports.import_roster(fresh_demo, CLI_USER, 1, path) == [2]
    assert sorted(week_of(fresh_demo).crews[north]) == sorted(north_crew)


def test_gate_names_match_without_width_case_or_the_bracketed_part(fresh_demo):
    week = week_of(fresh_demo)
    sid = shift_at(week, SOUTH, dt.datetime(2020, 2, 20, 16))
    for name in ("南门(主卡口)", "南门", "south gate (main checkpoint)", " 南门（主卡口） "):
        frame = pd.DataFrame([{"gate": name, "date": "2020-02-20", "start": "16:00", "end": "00:00", "person_id": p}
                              for p in week.crews[sid]])
        crews, errors = roster.imports.plan_import(fresh_demo, 1, frame)
        assert errors == [] and crews == {MONDAY: {sid: week.crews[sid]}}, name


# --- bad rows: each refused with its row number; nothing is written --------------------------------------------


def one_row(**changes) -> list[str]:
    row = {"gate": NORTH, "date": "2020-02-21", "start": "08:00", "end": "16:00", "person": "", "person_id": ""}
    row.update(changes)
    return ["gate,date,start,end,person,person_id", ",".join(str(v) for v in row.values())]


@pytest.mark.parametrize(("changes", "key", "text"), [
    ({"gate": "西门"}, "import.unknown_gate", "unknown gate “西门”"),
    ({"date": "2020-02-31"}, "import.bad_date", "cannot read the date “2020-02-31”"),
    ({"date": ""}, "import.missing", "the Date cell is empty"),
    ({"start": "8:75"}, "import.bad_start", "start time “8:75”"),
    ({"end": "later"}, "import.bad_end", "end time “later”"),
    ({"end": "08:00"}, "import.zero_length", "the end 08:00 is not after the start 08:00"),
    ({"start": "20:00", "end": "04:00"}, "import.no_overnight_shift", "the end 04:00 is before the start 20:00"),
    ({"start": "16:00", "end": "08:00"}, "import.end_differs", "from 16:00 ends at 24:00, not 08:00"),
    ({"start": "09:00", "end": "17:00"}, "import.no_shift", "generate shifts"),
    ({"end": "15:00"}, "import.end_differs", "ends at 16:00, not 15:00"),
    ({"date": "2020-03-06"}, "import.no_shift", "北门 has no shift on 2020-03-06"),
    ({"person": "查无此人"}, "import.unknown_person_name", "nobody named “查无此人”"),
    ({"person_id": "9999"}, "import.unknown_person_id", "no person with ID 9999"),
    ({"person_id": "abc"}, "import.bad_person_id", "“abc” is not a whole number"),
    ({"date": "2020-02-18"}, "import.started", "has started"),
])
def test_a_bad_row_is_refused_with_its_row_number(fresh_demo, tmp_path, changes, key, text):
    path = write_csv(tmp_path / "bad.csv", one_row(**changes))
    before = dump(fresh_demo)
    _, errors = roster.imports.plan_import(fresh_demo, 1, roster.imports.read_roster_file(path))
    assert [e.key for e in errors] == [key]
    assert errors[0].where.row == 2
    message = errors[0].message("en")
    assert message.startswith("row 2: ") and text in message, message
    assert errors[0].message("zh").startswith("第 2 行：")
    with pytest.raises(roster.imports.ImportRefused) as refused:
        roster.imports.import_roster(fresh_demo, CLI_USER, 1, path)
    assert refused.value.lines("en") == [message]
    assert dump(fresh_demo) == before


def test_a_name_two_people_share_asks_for_the_id_and_a_mismatched_id_is_refused(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    sid = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
    twin = week.people[week.crews[sid][1]]
    fresh_demo.cursor().execute("INSERT INTO person (compound_id, name, tier, group_code) VALUES (1, $n, 'volunteer', 'gate')",
                                {"n": twin.name})
    path = write_csv(tmp_path / "twins.csv", ["门岗,日期,开始,结束,人员,编号",
                                              f"北门,2020-02-21,08:00,16:00,{twin.name},",
                                              f"北门,2020-02-21,08:00,16:00,{twin.name},{week.crews[sid][0]}"])
    _, errors = roster.imports.plan_import(fresh_demo, 1, roster.imports.read_roster_file(path))
    assert [e.key for e in errors] == ["import.ambiguous_name", "import.name_id_mismatch"]
    assert "请在「编号」一栏写明是哪一位" in errors[0].message("zh") and errors[1].where.row == 3
    # with the id the same name is fine
    path = write_csv(tmp_path / "ok.csv", ["门岗,日期,开始,结束,人员,编号"] +
                     [f"北门,2020-02-21,08:00,16:00,{week.people[p].name},{p}" for p in week.crews[sid]])
    assert roster.imports.plan_import(fresh_demo, 1, roster.imports.read_roster_file(path))[1] == []


def test_a_repeated_row_is_refused_and_every_bad_row_is_reported(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    sid = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
    name = week.people[week.crews[sid][0]].name
    path = write_csv(tmp_path / "dup.csv", ["gate,date,start,end,person",
                                            f"北门,2020-02-21,08:00,16:00,{name}",
                                            f"北门,2020-02-21,8:00,16:00,{name}",
                                            "西门,2020-02-21,08:00,16:00,",
                                            "北门,2020-02-21,08:00,16:00,nobody"])
    _, errors = roster.imports.plan_import(fresh_demo, 1, roster.imports.read_roster_file(path))
    assert [(e.key, e.where.row) for e in errors] == [("import.duplicate", 3), ("import.unknown_gate", 4),
                                                      ("import.unknown_person_name", 5)]
    assert "repeats row 2" in errors[0].message("en")


@pytest.mark.parametrize(("content", "key"), [
    (b"", "import.empty"),
    ("\ufeffgate,date,start,end,person\n".encode(), "import.empty"),
    ("姓名,电话,楼栋\n张三,13900000000,1栋\n".encode("gbk"), "import.wrong_columns"),
    (b"gate,date,start,person\nNorth,2020-02-21,08:00,x\n", "import.wrong_columns"),
    ("姓名,电话,楼栋\n".encode("gbk"), "import.wrong_columns"),
])
def test_empty_files_and_wrong_columns_are_refused(fresh_demo, tmp_path, content, key):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    _, errors = roster.imports.plan_import(fresh_demo, 1, roster.imports.read_roster_file(path))
    assert [e.key for e in errors] == [key]
    if key == "import.wrong_columns":
        text = errors[0].message("zh")
        assert "缺少" in text and "需要的列" in text
        found = "姓名, 电话, 楼栋" if "姓名" in content.decode("gbk") else "gate, date, start, person"
        assert found in text


def test_unreadable_files_are_refused(fresh_demo, tmp_path):
    for name, content, key in (("r.txt", b"x", "import.bad_extension"), ("r.xlsx", b"not a zip", "import.unreadable")):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(roster.imports.ImportRefused) as refused:
            roster.imports.read_roster_file(tmp_path / name)
        assert [e.key for e in refused.value.errors] == [key]
    with pytest.raises(roster.imports.ImportRefused) as refused:
        roster.imports.read_roster_file(tmp_path / "missing.csv")
    assert refused.value.errors[0].key == "import.no_file"


# --- rules, several weeks, rights -------------------------------------------------------------------------------


def test_a_hard_rule_violation_refuses_the_whole_file(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    north = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
    south = shift_at(week, SOUTH, dt.datetime(2020, 2, 21, 8))
    double = week.crews[south][0]  # also put on the north gate at the same hours
    lines = ["gate,date,start,end,person_id"] + [f"北门,2020-02-21,08:00,16:00,{p}" for p in week.crews[north] + [double]]
    path = write_csv(tmp_path / "overlap.csv", lines)
    before = dump(fresh_demo)
    with pytest.raises(roster.imports.ImportRefused) as refused:
        roster.imports.import_roster(fresh_demo, CLI_USER, 1, path)
    assert refused.value.errors == []
    assert "no_overlap" in {v.rule for v, _, _ in refused.value.violations}
    lines_en = refused.value.lines("en")
    row = len(week.crews[north]) + 2
    name = week.people[double].name
    assert any(line.startswith(f"row {row}: North gate") and name in line and "at the same time" in line for line in lines_en), lines_en
    assert any(name in line and "时间重叠" in line for line in refused.value.lines("zh"))
    assert dump(fresh_demo) == before


def two_weeks(db):
    """File lines for two weeks: a swap on the demo week's north gate, and a south-gate crew the week after (whose
    shifts are created here); with the two people of that crew."""
    roster.templates.generate_shifts(db, CLI_USER, 1, dt.date(2020, 2, 24), dt.date(2020, 3, 1))
    week = week_of(db)
    north = shift_at(week, NORTH, dt.datetime(2020, 2, 21, 8))
    leaving, joining = replacement(db, week, north)
    this_week = [f"北门,2020-02-21,08:00,16:00,{p}" for p in week.crews[north] if p != leaving]
    this_week.append(f"北门,2020-02-21,08:00,16:00,{joining}")
    anchor = next(p for p in week.people.values() if p.group_code == "security" and p.status == "active")
    volunteer = next(p for p in week.people.values() if p.group_code == "gate" and p.status == "active")
    next_week = [f"南门,2020-02-25,08:00,16:00,{anchor.id}", f"南门,2020-02-25,08:00,16:00,{volunteer.id}"]
    return this_week, next_week, anchor, volunteer


def test_a_file_over_two_weeks_is_checked_whole_before_either_week_is_saved(fresh_demo, tmp_path):
    this_week, next_week, anchor, volunteer = two_weeks(fresh_demo)
    head = "gate,date,start,end,person_id"
    overlapping = [f"北门,2020-02-25,08:00,16:00,{anchor.id}"]  # the same person at two gates at once
    path = write_csv(tmp_path / "bad.csv", [head, *this_week, *next_week, *overlapping])
    before = dump(fresh_demo)
    with pytest.raises(roster.imports.ImportRefused) as refused:
        roster.imports.import_roster(fresh_demo, CLI_USER, 1, path)
    assert "no_overlap" in {v.rule for v, _, _ in refused.value.violations}
    assert dump(fresh_demo) == before  # the first week, which was fine, was not saved either
    path = write_csv(tmp_path / "good.csv", [head, *this_week, *next_week])
    done = roster.imports.import_frame(fresh_demo, CLI_USER, 1, roster.imports.read_roster_file(path))
    assert [(d.monday, d.saved, d.version, d.added, d.removed) for d in done] == [
        (MONDAY, True, 2, 1, 1), (dt.date(2020, 2, 24), True, 1, 2, 0)]
    nxt = week_of(fresh_demo, dt.date(2020, 2, 24))
    assert sorted(nxt.crews[shift_at(nxt, SOUTH, dt.datetime(2020, 2, 25, 8))]) == sorted([anchor.id, volunteer.id])


def test_a_two_week_file_is_saved_whole_or_not_at_all_when_another_save_races_it(fresh_demo, tmp_path, monkeypatch):
    """All-or-nothing also against a concurrent save: the weeks are written in one transaction, so a planner
    saving the second week between the check and the write refuses the whole file."""
    this_week, next_week, anchor, volunteer = two_weeks(fresh_demo)
    path = write_csv(tmp_path / "two.csv", ["gate,date,start,end,person_id", *this_week, *next_week])
    real = roster.saving.save_weeks

    def racing(db, user, weeks):
        nxt = week_of(db, dt.date(2020, 2, 24))  # another planner saves the second week first
        s = shift_at(nxt, SOUTH, dt.datetime(2020, 2, 26, 8))
        roster.saving.save(db, User(9, "other", "planner"), nxt, {s: [anchor.id, volunteer.id]})
        return real(db, user, weeks)

    monkeypatch.setattr(roster.saving, "save_weeks", racing)
    before = week_of(fresh_demo)
    with pytest.raises(Refused) as refused:
        roster.imports.import_roster(fresh_demo, CLI_USER, 1, path)
    assert refused.value.key == "roster.conflict"
    after = week_of(fresh_demo)
    assert (after.version, after.crews) == (before.version, before.crews)  # the first week was not saved either
    assert week_of(fresh_demo, dt.date(2020, 2, 24)).version == 1  # only the other planner's save


def test_a_reason_column_accepts_a_soft_rule_for_its_row_as_the_editor_does(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    s = shift_at(week, NORTH, dt.datetime(2020, 2, 22, 8))
    outsider = next(p for p in week.people.values() if not p.gate_eligible and p.status == "active")
    kept = [f"北门,2020-02-22,08:00,16:00,{p}" for p in week.crews[s]]
    added = f"北门,2020-02-22,08:00,16:00,{outsider.id}"
    before = dump(fresh_demo)
    with pytest.raises(roster.imports.ImportRefused) as refused:
        roster.imports.import_roster(fresh_demo, CLI_USER, 1, write_csv(tmp_path / "no.csv", ["gate,date,start,end,person_id", *kept, added]))
    assert [v.rule for v, _, _ in refused.value.violations] == ["gate_eligible"]
    assert dump(fresh_demo) == before
    # the same file with a 理由 column: the reason on the outsider's row accepts the soft rule and is stored
    lines = ["门岗,日期,开始,结束,人员编号,理由", *(f"{line}," for line in kept), f"{added},临时顶班（已培训）"]
    assert roster.imports.import_roster(fresh_demo, CLI_USER, 1, write_csv(tmp_path / "yes.csv", lines)) == [2]
    after = week_of(fresh_demo)
    assert outsider.id in after.crews[s] and after.accepted[(s, outsider.id)] == "临时顶班（已培训）"
    # a reason does not wave a hard rule through: the same person at the same time on the south gate
    south = shift_at(after, SOUTH, dt.datetime(2020, 2, 22, 8))
    clash = ["gate,date,start,end,person_id,reason", *(f"{SOUTH},2020-02-22,08:00,16:00,{p}," for p in after.crews[south]),
             f"{SOUTH},2020-02-22,08:00,16:00,{outsider.id},也顶这个"]
    with pytest.raises(roster.imports.ImportRefused) as refused:
        roster.imports.import_roster(fresh_demo, CLI_USER, 1, write_csv(tmp_path / "clash.csv", clash))
    assert "no_overlap" in {v.rule for v, _, _ in refused.value.violations}


def test_each_week_of_a_multi_week_import_can_be_undone_on_its_own(fresh_demo, tmp_path):
    this_week, next_week, anchor, volunteer = two_weeks(fresh_demo)
    before = week_of(fresh_demo)
    path = write_csv(tmp_path / "two.csv", ["gate,date,start,end,person_id", *this_week, *next_week])
    assert roster.imports.import_roster(fresh_demo, CLI_USER, 1, path) == [2, 1]
    nxt = dt.date(2020, 2, 24)
    south = shift_at(week_of(fresh_demo, nxt), SOUTH, dt.datetime(2020, 2, 25, 8))
    assert roster.saving.undo_last(fresh_demo, CLI_USER, 1, nxt) == 2
    assert week_of(fresh_demo, nxt).crews[south] == [] and week_of(fresh_demo).version == 2  # the first week untouched
    assert roster.saving.undo_last(fresh_demo, CLI_USER, 1, MONDAY) == 3
    assert week_of(fresh_demo).crews == before.crews


def test_a_leader_may_not_import(fresh_demo, tmp_path):
    path = tmp_path / "week.csv"
    path.write_bytes(roster.publish.to_csv(week_of(fresh_demo)))
    with pytest.raises(PermissionDenied):
        roster.imports.import_roster(fresh_demo, User(1, "leader", "leader"), 1, path)


def test_a_started_shift_may_be_listed_as_it_is_but_not_changed(fresh_demo, tmp_path):
    week = week_of(fresh_demo)
    started = shift_at(week, SOUTH, dt.datetime(2020, 2, 19, 0))
    same = ["gate,date,start,end,person_id"] + [f"{SOUTH},2020-02-19,00:00,08:00,{p}" for p in week.crews[started]]
    assert roster.imports.import_roster(fresh_demo, CLI_USER, 1, write_csv(tmp_path / "same.csv", same)) == []
    changed = same[:-1]
    _, errors = roster.imports.plan_import(fresh_demo, 1, roster.imports.read_roster_file(write_csv(tmp_path / "changed.csv", changed)))
    assert [e.key for e in errors] == ["import.started"] and errors[0].where.row == 2
