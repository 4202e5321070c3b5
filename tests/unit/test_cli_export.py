"""python -m coordpanel export --what requests|supplies|cases: xlsx or csv, on a DuckDB file and on PostgreSQL."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from helpers import cli


@pytest.fixture(params=["duckdb", "postgres"])
def target(request, db_file):
    """The demo as a DuckDB file, or in a new PostgreSQL database (built by the CLI itself)."""
    if request.param == "duckdb":
        return str(db_file)
    url = request.getfixturevalue("pg_url")
    assert cli(url, "init", "--demo").returncode == 0
    return url


def _csv(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_each_table_exports_as_csv_with_chinese_headers(target, tmp_path):
    for what, header, rows in (("requests", "联系电话", 48), ("supplies", "可用天数", 12), ("cases", "新增疑似", 25)):
        out = tmp_path / f"{what}.csv"
        done = cli(target, "export", "--what", what, "-o", str(out))
        assert done.returncode == 0, done.stderr
        table = _csv(out)
        assert header in table[0] and len(table) == rows + 1, what
    supplies_rows = _csv(tmp_path / "supplies.csv")
    assert supplies_rows[1][0] == "消毒用喷雾器" and supplies_rows[2][0] == "面条"  # below minimum, then running out


def test_xlsx_in_english_and_the_format_from_the_file_name(target, tmp_path):
    out = tmp_path / "cases.xlsx"
    done = cli(target, "--lang", "en", "export", "--what", "cases", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "25 rows" in done.stdout
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(1, 1).value == "case log" and ws.cell(2, 1).value == "Date"


def test_bad_arguments_are_refused_in_words_and_write_nothing(db_file, tmp_path):
    out = tmp_path / "x.pdf"
    done = cli(db_file, "export", "--what", "requests", "-o", str(out), lang="zh_CN.UTF-8")
    assert done.returncode == 1 and "无法从文件名" in done.stderr and not out.exists()
    done = cli(db_file, "export", "--what", "people", "-o", str(tmp_path / "x.csv"))
    assert done.returncode == 2 and not (tmp_path / "x.csv").exists()
    done = cli(db_file, "export", "--what", "cases", "--compound", "99", "-o", str(tmp_path / "y.csv"))
    assert done.returncode == 1 and not (tmp_path / "y.csv").exists()
    done = cli(db_file, "export", "--what", "cases", "-o", str(db_file))
    assert done.returncode == 1
