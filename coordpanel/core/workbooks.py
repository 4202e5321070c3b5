"""Office files into grids of cells (.csv, .xlsx, legacy .xls), within limits that keep a hostile file from exhausting memory.

Before anything is parsed a file's size is checked, and for an .xlsx (a zip) what its parts would unpack to. An .xlsx
is then read in openpyxl's streaming mode, but only over the area a first pass over each sheet's XML found cells with
a value in: a cell claimed at XFD1048576 without a value costs nothing, and a value beyond MAX_ROWS or MAX_COLUMNS is
refused, not read. sheets.py turns the grids into tables; what the cells mean is the importers' business."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.parsers import expat

from coordpanel.core.errors import Refused

MAX_FILE_MB = 20  # the upload limit too (.streamlit/config.toml server.maxUploadSize)
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_UNPACKED_MB = 200  # every part of an .xlsx together, as its zip directory declares them
MAX_ZIP_PARTS = 2_000
MAX_ROWS = 200_000  # rows with a value, counted as the spreadsheet shows them (title and header rows too)
MAX_COLUMNS = 256
MAX_CELLS = 5_000_000  # rows × columns of the area a sheet uses (100,000 rows of 50 columns)
CSV_FIELD_LIMIT_KIB = csv.field_size_limit() // 1024  # Python's own limit (128 KiB); a name or a note is far shorter
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .xls (and of .et, and encrypted .xlsx)
EXTENSIONS = (".csv", ".xlsx", ".xlsm", ".xls")

Grid = list[list[Any]]
Source = str | Path | bytes


class UnreadableFile(Refused):
    """The file is missing, of a kind we do not read, too large, or damaged: nothing was read from it."""


def read_grids(source: Source, name: str | None = None) -> list[tuple[str | None, Grid]]:
    """(sheet name, rows of cell values) for every sheet of a workbook, or (None, rows) for a .csv file. `source` is
    a path, or the file's bytes with `name` giving its file name (and so its kind). Merged cells hold the value of
    their first cell. Raises UnreadableFile for a missing, unknown, oversized or damaged file."""
    data, name = _load(source, name)
    suffix = Path(name).suffix.lower()
    if suffix == ".et":
        raise UnreadableFile("import.wps_et", file=name)
    if suffix not in EXTENSIONS:
        raise UnreadableFile("import.bad_extension", file=name)
    if suffix == ".csv":
        return [(None, csv_grid(data, name))]
    if data.startswith(OLE2):  # an .xls, also when saved under an .xlsx name
        return xls_grids(data, name)
    return xlsx_grids(data, name)


def _load(source: Source, name: str | None) -> tuple[bytes, str]:
    """The file's bytes and name; its size is checked before a file on disk is read."""
    if isinstance(source, (bytes, bytearray)):
        name, size = name or "?", len(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise UnreadableFile("import.no_file", file=str(path))
        name, size = name or path.name, path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableFile("import.too_large", file=name, size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_MB)
    return (bytes(source) if isinstance(source, (bytes, bytearray)) else path.read_bytes()), name


def cell_name(row: int, column: int) -> str:
    """A cell as a spreadsheet names it: (3, 28) → AB3."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _beyond(name: str, sheet: str | None, row: int, column: int) -> UnreadableFile:
    cell = cell_name(row, column)
    return UnreadableFile("import.too_far", file=name, cell=f"{sheet}!{cell}" if sheet else cell, rows=MAX_ROWS,
                          columns=MAX_COLUMNS)


def _check_area(name: str, sheet: str | None, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        area = f"A1:{cell_name(rows, columns)}"
        raise UnreadableFile("import.too_many_cells", file=name, area=f"{sheet}!{area}" if sheet else area,
                             n=rows * columns, limit=MAX_CELLS)


# --- CSV -------------------------------------------------------------------------------------------------------------


def csv_grid(data: bytes, name: str) -> Grid:
    """The rows of a CSV file in UTF-8 (with or without BOM), UTF-16 with a BOM, or GBK/GB18030, separated by
    any of , ; or tab. A field over Python's limit (128 KiB) or a value beyond the row or column limit is refused,
    naming the row."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("import.binary_csv", file=name)  # an .xlsx or another binary file renamed .csv
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("import.bad_encoding", file=name)
    sample = "\n".join(text.splitlines()[:15])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    rows: Grid = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for n, row in enumerate(reader, start=1):
            if len(row) > MAX_COLUMNS:
                beyond = next((i for i, v in enumerate(row[MAX_COLUMNS:], start=MAX_COLUMNS + 1) if v.strip()), None)
                if beyond is not None:
                    raise _beyond(name, None, n, beyond)
                row = row[:MAX_COLUMNS]
            if n > MAX_ROWS:
                if any(v.strip() for v in row):
                    raise _beyond(name, None, n, next(i for i, v in enumerate(row, start=1) if v.strip()))
                continue  # blank lines past the limit hold nothing
            rows.append(row)
    except csv.Error as exc:
        row_number = len(rows) + 1
        if "field larger than field limit" in str(exc):
            raise UnreadableFile("import.csv_field_too_large", file=name, row=row_number,
                                 limit=CSV_FIELD_LIMIT_KIB) from exc
        raise UnreadableFile("import.bad_csv", file=name, row=row_number, reason=str(exc)) from exc
    return rows


# --- .xlsx -----------------------------------------------------------------------------------------------------------


def xlsx_grids(data: bytes, name: str) -> list[tuple[str, Grid]]:
    """Every sheet of a workbook as read by openpyxl (numbers, dates and times as Excel stored them), over the area
    that holds values only."""
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableFile("import.unreadable", file=name, reason=type(exc).__name__) from exc
    if len(parts) > MAX_ZIP_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_MB * 1024 * 1024:
        raise UnreadableFile("import.unpacked_too_large", file=name, limit=MAX_UNPACKED_MB)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or mislabelled file: openpyxl raises many kinds
        raise UnreadableFile("import.unreadable", file=name, reason=type(exc).__name__) from exc
    out = []
    try:
        for ws in book.worksheets:
            out.append((ws.title, _sheet_grid(archive, ws, name)))
    except UnreadableFile:
        raise
    except Exception as exc:  # a damaged sheet part
        raise UnreadableFile("import.unreadable", file=name, reason=type(exc).__name__) from exc
    finally:
        book.close()
    return out


def _sheet_grid(archive: zipfile.ZipFile, ws: Any, name: str) -> Grid:
    # openpyxl's streaming sheet keeps its part's name privately; the scan reads the same part
    with archive.open(ws._worksheet_path) as part:
        rows, columns, merges = SheetScan(name, ws.title).run(part)
    _check_area(name, ws.title, rows, columns)
    if not rows:
        return []
    grid = [list(row) for row in ws.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=columns, values_only=True)]
    grid.extend([None] * columns for _ in range(rows - len(grid)))
    fill_merged(grid, merges, name, ws.title)
    return grid


def fill_merged(grid: Grid, merges: list[tuple[int, int, int, int]], name: str, sheet: str) -> None:
    """Every cell of a merged range (first row, first column, last row, last column; 1-based) takes the value of its
    first cell; ranges are clipped to the grid, and a file whose ranges add up to more than MAX_CELLS is refused."""
    rows, columns = len(grid), len(grid[0]) if grid else 0
    clipped = [(r0, c0, min(r1, rows), min(c1, columns)) for r0, c0, r1, c1 in merges if r0 <= rows and c0 <= columns]
    if sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in clipped) > MAX_CELLS:
        _check_area(name, sheet, MAX_CELLS + 1, 1)
    for r0, c0, r1, c1 in clipped:  # a printed sheet merges the cells a column shares across rows
        value = grid[r0 - 1][c0 - 1]
        for r in range(r0 - 1, r1):
            grid[r][c0 - 1:c1] = [value] * (c1 - c0 + 1)


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,9})$")


def _ref(text: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as AB3."""
    match = _REF.match(text.upper().replace("$", ""))
    if not match:
        raise ValueError(f"not a cell reference: {text[:20]!r}")
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


class SheetScan:
    """One pass of expat over a sheet's XML, keeping no tree: how many rows and columns hold a value, and the merged
    ranges. Cells are numbered as openpyxl numbers them (a row or cell without its `r` follows the one before).
    A value beyond MAX_ROWS or MAX_COLUMNS is refused at once; a DTD (never in an .xlsx) refuses the file."""

    def __init__(self, name: str, sheet: str) -> None:
        self.name, self.sheet = name, sheet
        self.rows = self.columns = self.row = self.column = 0
        self.valued = False
        self.merges: list[tuple[int, int, int, int]] = []

    def run(self, stream: Any) -> tuple[int, int, list[tuple[int, int, int, int]]]:
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.StartDoctypeDeclHandler = self.doctype
        try:
            parser.ParseFile(stream)
        except (expat.ExpatError, ValueError) as exc:
            raise UnreadableFile("import.unreadable", file=self.name, reason=type(exc).__name__) from exc
        return self.rows, self.columns, self.merges

    def doctype(self, *_: Any) -> None:
        raise ValueError("a DTD in a sheet")

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(":")[2]
        if tag == "c":
            ref = attrs.get("r")
            if ref:
                self.row, self.column = _ref(ref)
            else:
                self.column += 1
            self.valued = False
        elif tag in ("v", "is"):
            self.valued = True
        elif tag == "row":
            self.row = int(attrs["r"]) if attrs.get("r") else self.row + 1
            self.column = 0
        elif tag == "mergeCell" and attrs.get("ref"):
            first, _, last = attrs["ref"].partition(":")
            (r0, c0), (r1, c1) = _ref(first), _ref(last or first)
            self.merges.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
            if len(self.merges) > MAX_ROWS:
                _check_area(self.name, self.sheet, MAX_CELLS + 1, 1)

    def end(self, tag: str) -> None:
        if self.valued and tag.rpartition(":")[2] == "c":
            if self.row > MAX_ROWS or self.column > MAX_COLUMNS:
                raise _beyond(self.name, self.sheet, self.row, self.column)
            self.rows, self.columns = max(self.rows, self.row), max(self.columns, self.column)
            self.valued = False


# --- .xls (Excel 97-2003) -------------------------------------------------------------------------------------------


def xls_grids(data: bytes, name: str) -> list[tuple[str, Grid]]:
    """Every sheet of a legacy workbook as read by xlrd: whole numbers as int and dates as datetime (times of day as
    time), as openpyxl gives them for an .xlsx."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged or mislabelled file
        raise UnreadableFile("import.unreadable", file=name, reason=type(exc).__name__) from exc
    out = []
    for sheet in book.sheets():
        rows, columns = 0, 0
        for r in range(sheet.nrows):
            for c in range(sheet.row_len(r)):
                if sheet.cell_type(r, c) not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    rows, columns = r + 1, max(columns, c + 1)
        _check_area(name, sheet.name, rows, columns)
        grid = [[_xls_value(sheet, r, c, book.datemode) if c < sheet.row_len(r) else None for c in range(columns)]
                for r in range(rows)]
        fill_merged(grid, [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in sheet.merged_cells], name, sheet.name)
        out.append((sheet.name, grid))
    return out


def _xls_value(sheet: Any, row: int, column: int, datemode: int) -> Any:
    import xlrd

    kind, value = sheet.cell_type(row, column), sheet.cell_value(row, column)
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
        return moment.time() if 0 <= value < 1 else moment
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_TEXT:
        return value
    return None  # empty, blank, or an error value such as #N/A
