"""`python -m coordpanel hours` (#15): planned and actual gate hours per person, to xlsx or csv, on the demo file and
on PostgreSQL; bad dates and formats get a message and the usual exit code, and write nothing."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from helpers import cli
from openpyxl import load_workbook

from coordpanel import seed
from coordpanel.core.db import Database

HEADERS = ["姓名", "层级", "分组", "计划班次", "计划工时（小时）", "实际班次", "实际工时（小时）"]
DEMO_WEEK_HOURS = 952  # the demo week's roster: 7 days of 14 places of 8 h and 4 places of 6 h


def roster_hours(target) -> float:
    db = Database(target)
    try:
        rows = db.rows("roster/tier_hours", compound_id=1, **{"from": dt.datetime(2020, 2, 17), "to": dt.datetime(2020, 2, 24)})
        return sum(float(r[3]) for r in rows)
    finally:
        db.close()


def check_xlsx(path, planned: float) -> None:
    book = load_workbook(path)
    sheet = book["个人工时"]
    assert sheet["A1"].value == "门岗工时 2020-02-17 至 2020-02-23"
    assert [c.value for c in sheet[2]] == HEADERS
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) > 30
    assert sum(r[4] for r in rows) == pytest.approx(planned)
    assert 0 < sum(r[6] for r in rows) < planned  # the week has only begun on the demo's "today"
    assert "层级与分组合计" in book.sheetnames


def test_hours_to_xlsx_and_csv_on_the_demo_file(db_file, tmp_path):
    planned = roster_hours(db_file)
    assert planned == DEMO_WEEK_HOURS
    out = tmp_path / "hours.xlsx"
    result = cli(db_file, "hours", "--from", "2020-02-17", "--to", "2020-02-23", "-o", str(out))
    assert result.returncode == 0, result.stderr
    check_xlsx(out, planned)
    out_csv = tmp_path / "工时.csv"
    result = cli(db_file, "hours", "--from", "2020-02-17", "--to", "2020-02-23", "--compound", "1", "-o", str(out_csv),
                 lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "已导出 2020-02-17 至 2020-02-23 的门岗工时" in result.stdout
    with open(out_csv, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == HEADERS
    assert sum(float(line[4]) for line in lines[1:]) == pytest.approx(planned)
    # one day: Tuesday's shifts only, 18 places
    day = tmp_path / "day.csv"
    assert cli(db_file, "hours", "--from", "2020-02-18", "--to", "2020-02-18", "--format", "csv", "-o", str(day)).returncode == 0
    with open(day, encoding="utf-8-sig", newline="") as handle:
        assert sum(int(line[3]) for line in list(csv.reader(handle))[1:]) == 18


@pytest.mark.parametrize(("args", "code", "text"), [
    (("--from", "2020-02-30", "--to", "2020-03-01"), 2, "Invalid date “2020-02-30”"),
    (("--from", "17.02.2020", "--to", "2020-03-01"), 2, "YYYY-MM-DD"),
    (("--from", "2020-02-23", "--to", "2020-02-17"), 1, "The first date 2020-02-23 is after the last date 2020-02-17"),
    (("--from", "2020-02-17", "--to", "2020-02-23", "--compound", "9"), 1, "9"),
])
def test_bad_dates_and_compounds_are_refused_in_words_and_write_nothing(db_file, tmp_path, args, code, text):
    out = tmp_path / "hours.xlsx"
    result = cli(db_file, "hours", *args, "-o", str(out))
    assert result.returncode == code, (result.returncode, result.stderr)
    assert text in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_file_name_without_a_known_format_is_refused(db_file, tmp_path):
    out = tmp_path / "hours.pdf"
    result = cli(db_file, "hours", "--from", "2020-02-17", "--to", "2020-02-23", "-o", str(out), lang="zh_CN.UTF-8")
    assert result.returncode == 1 and "--format xlsx|csv" in result.stderr
    assert not out.exists()


def test_hours_on_postgresql(pg_url, tmp_path):
    database = Database(pg_url)
    seed.demo.build(database)
    database.close()
    out = tmp_path / "hours.xlsx"
    result = cli(pg_url, "hours", "--from", "2020-02-17", "--to", "2020-02-23", "-o", str(out))
    assert result.returncode == 0, result.stderr
    check_xlsx(out, DEMO_WEEK_HOURS)
