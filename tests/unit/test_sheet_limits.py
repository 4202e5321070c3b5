"""core/workbooks.py and core/sheets.py against files that would hurt: cells claimed far away, zip bombs, huge files, huge
CSV fields, too many rows or columns. Each is refused with a message naming what is wrong, and nothing is built in
memory first. The crafted files are real: the xlsx parts are written by hand with zipfile. A reader that regresses
runs out of memory in a child process under an address-space limit, so the test fails instead of eating the machine."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from crafted import PEOPLE_ROWS, rewritten, xlsx
from helpers import file_dump

from coordpanel import people
from coordpanel.core import sheets, workbooks
from coordpanel.core.auth import User
from coordpanel.people.importer import ImportRefused

ROOT = Path(__file__).resolve().parents[2]
ADMIN = User(3, "admin", "admin")
MEMORY_LIMIT_MB = 1024  # the reader needs ~200 MB with pandas, DuckDB and openpyxl loaded
def read_in_child(path: Path) -> subprocess.CompletedProcess:
    """people.importer.read(path) in a fresh interpreter whose address space is capped: a reader that builds the
    claimed grid fails there with MemoryError (exit 1) instead of taking the machine's memory."""
    code = (
        "import resource, sys\n"
        f"limit = {MEMORY_LIMIT_MB} * 1024 * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
        "from coordpanel import people\n"
        "from coordpanel.core import sheets\n"
        "try:\n"
        "    frame = people.importer.read(sys.argv[1])\n"
        "except sheets.UnreadableFile as exc:\n"
        "    print(exc.key); print(exc.message('en'))\n"
        "else:\n"
        "    print('read'); print(frame.drop(columns=['sheet']).values.tolist())\n"
    )
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120)


# --- cells claimed far away ----------------------------------------------------------------------------------------


def test_a_5_kb_xlsx_with_a_value_at_XFD1048576_is_refused_without_building_its_grid(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx(PEOPLE_ROWS + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    assert path.stat().st_size < 5_000
    result = read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    key, message = result.stdout.splitlines()
    assert key == "import.too_far"
    assert "名单!XFD1048576" in message and "at most 200000 rows and 256 columns" in message


def test_a_claimed_dimension_and_an_empty_far_cell_cost_nothing_and_the_used_cells_are_read(tmp_path):
    path = tmp_path / "quiet.xlsx"
    path.write_bytes(xlsx(PEOPLE_ROWS + '<row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>'))
    result = read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["read", "[[2, '赵一鸣', '志愿者', 13712340071]]"]


def test_cells_without_references_are_placed_as_excel_places_them():
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    rows = "".join("<row>" + "".join(cell.format(v) for v in values) + "</row>" for values in (("姓名", "层级"), ("赵一鸣", "志愿者")))
    frame = people.importer.read(xlsx(rows, "A1:B2"), "x.xlsx")
    assert frame[["row", "姓名", "层级"]].values.tolist() == [[2, "赵一鸣", "志愿者"]]


@pytest.mark.parametrize(("row", "cell"), [(2, "IW2"), (200_001, "A200001")])
def test_a_value_just_beyond_the_row_or_column_limit_is_refused(row, cell):
    with pytest.raises(sheets.UnreadableFile) as refused:
        people.importer.read(xlsx(PEOPLE_ROWS.replace("</row>", "", 1).replace(f'<row r="{row}">', "")
                                  + f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>'), "far.xlsx")
    assert refused.value.key == "import.too_far" and f"名单!{cell}" in refused.value.message("zh")


def test_values_just_within_the_limits_are_read_and_a_value_under_no_header_keeps_its_letter():
    far = '<row r="200000"><c r="IV200000"><v>1</v></c></row>'
    [(_, grid)] = sheets.read_grids(xlsx(PEOPLE_ROWS + far.replace("IV200000", "A200000")), "long.xlsx")
    assert len(grid) == 200_000 and grid[-1] == [1, None, None]
    frame = people.importer.read(xlsx(PEOPLE_ROWS + '<row r="3"><c r="IV3"><v>1</v></c></row>', "A1:IV3"), "ok.xlsx")
    assert frame["(IV)"].tolist() == [None, 1]


def test_an_area_of_too_many_cells_is_refused_before_it_is_built(tmp_path):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx(PEOPLE_ROWS + '<row r="30000"><c r="IV30000"><v>1</v></c></row>'))
    result = read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    key, message = result.stdout.splitlines()
    assert key == "import.too_many_cells" and "名单!A1:IV30000" in message and "7680000 cells" in message


def test_merged_ranges_far_beyond_the_values_are_clipped_to_them(tmp_path):
    path = tmp_path / "merged.xlsx"
    path.write_bytes(rewritten(xlsx(PEOPLE_ROWS), b"</sheetData>",
                               b'</sheetData><mergeCells count="1"><mergeCell ref="B1:XFD1048576"/></mergeCells>'))
    result = read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["read", "[[2, '赵一鸣', '层级', '层级']]"]


# --- zip bombs and large files --------------------------------------------------------------------------------------


def test_an_xlsx_whose_parts_unpack_to_hundreds_of_megabytes_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "zipbomb.xlsx"
    path.write_bytes(xlsx(PEOPLE_ROWS))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
        chunk = b" " * (1 << 20)
        for _ in range(workbooks.MAX_UNPACKED_MB + 10):
            part.write(chunk)
    assert path.stat().st_size < 1_000_000
    result = read_in_child(path)
    assert result.returncode == 0, result.stderr[-2000:]
    key, message = result.stdout.splitlines()
    assert key == "import.unpacked_too_large" and "more than 200 MB" in message


def test_a_sheet_with_a_dtd_is_refused():
    data = rewritten(xlsx(PEOPLE_ROWS), b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet')
    with pytest.raises(sheets.UnreadableFile) as refused:
        sheets.read_grids(data, "dtd.xlsx")
    assert refused.value.key == "import.unreadable"


@pytest.mark.parametrize("name", ["big.csv", "big.xlsx", "big.xls"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(fresh_demo, tmp_path, monkeypatch, name):
    path = tmp_path / name
    with path.open("wb") as f:  # sparse: nothing is written, the size is what counts
        f.truncate(workbooks.MAX_FILE_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    before = file_dump_db(fresh_demo)
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert [e.key for e in refused.value.errors] == ["import.too_large"]
    assert refused.value.lines("zh") == [f"文件 {name} 有 20.0 MB，超过 20 MB 的上限；请拆成几个文件分批导入。"]
    monkeypatch.undo()
    with pytest.raises(sheets.UnreadableFile) as refused:
        sheets.read_grids(bytes(workbooks.MAX_FILE_BYTES + 1), name)
    assert refused.value.key == "import.too_large"
    assert file_dump_db(fresh_demo) == before


def file_dump_db(db) -> tuple:
    cur = db.cursor()
    return cur.execute("SELECT count(*) FROM person").fetchone(), cur.execute("SELECT count(*) FROM audit_log").fetchone()


def test_the_upload_limit_is_the_readers_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == workbooks.MAX_FILE_MB == 20


# --- CSV ------------------------------------------------------------------------------------------------------------


def test_a_csv_field_over_128_kib_is_refused_naming_its_row(fresh_demo, tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes("\n".join(["姓名,层级,备注", "赵一鸣,志愿者,短", f'钱二丫,志愿者,"{"长" * 140_000}"', "孙三,志愿者,"]).encode())
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert [e.key for e in refused.value.errors] == ["import.csv_field_too_large"]
    assert refused.value.lines("en") == ["long.csv, row 3: a cell is larger than 128 KiB and cannot be imported "
                                         "(perhaps a quote is not closed); check that row."]
    assert refused.value.lines("zh")[0].startswith("文件 long.csv 第 3 行有一格超过 128 KiB")


def test_cli_says_which_row_holds_a_csv_field_over_the_limit(db_file, tmp_path):
    from helpers import cli

    path = tmp_path / "quote.csv"
    path.write_bytes(("姓名,层级,备注\n赵一鸣,志愿者,\"没有闭合的引号\n" + "x" * 140_000 + "\n").encode())
    before = file_dump(db_file)
    result = cli(db_file, "import-people", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "quote.csv, row 2: a cell is larger than 128 KiB" in result.stderr
    assert file_dump(db_file) == before


def test_a_csv_row_with_a_value_beyond_256_columns_is_refused_and_empty_cells_beyond_are_not(tmp_path):
    with pytest.raises(sheets.UnreadableFile) as refused:
        sheets.read_grids(("姓名,层级\n赵一鸣,志愿者" + "," * 255 + "x\n").encode(), "wide.csv")
    assert refused.value.key == "import.too_far" and "cell IW2" in refused.value.message("en")
    [(_, grid)] = sheets.read_grids(("姓名,层级\n赵一鸣,志愿者" + "," * 400 + "\n").encode(), "ok.csv")
    assert len(grid[1]) == 256


def test_a_csv_with_a_value_beyond_200000_rows_is_refused_and_blank_lines_beyond_are_not(tmp_path):
    body = "姓名\n" + "赵\n" * (workbooks.MAX_ROWS - 1)
    with pytest.raises(sheets.UnreadableFile) as refused:
        sheets.read_grids((body + "钱\n").encode(), "long.csv")
    assert refused.value.key == "import.too_far" and "cell A200001" in refused.value.message("en")
    [(_, grid)] = sheets.read_grids((body + "\n,,\n" * 5).encode(), "ok.csv")
    assert len(grid) == workbooks.MAX_ROWS


def test_a_binary_file_named_csv_is_refused():
    with pytest.raises(sheets.UnreadableFile) as refused:
        sheets.read_grids(b'a,b\n1,2\n3,"x"y\x00', "nul.csv")
    assert refused.value.key == "import.binary_csv"


# --- what a spreadsheet calls a cell --------------------------------------------------------------------------------


@pytest.mark.parametrize(("row", "column", "name"), [(1, 1, "A1"), (3, 26, "Z3"), (3, 27, "AA3"), (9, 52, "AZ9"),
                                                     (1, 256, "IV1"), (1048576, 16384, "XFD1048576")])
def test_cell_names(row, column, name):
    assert workbooks.cell_name(row, column) == name
    assert workbooks._ref(name) == (row, column)
