"""Reading the sheets offices keep by hand (.csv or .xlsx) into rows, each with its row number as a spreadsheet shows it.

Shared by the roster import (roster/imports.py) and the people import (people/importer.py): each importer names its columns
and the header texts an office may use for them; this module decodes the file, finds the header row, fills merged
cells and says where every row is. What the cells mean is the importer's business."""


from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t

HEADER_SCAN_ROWS = 10  # the header is looked for among the first rows: title rows come above it
Source = str | Path | bytes


class UnreadableFile(Refused):
    """The file is missing, of a kind we do not read, or damaged: nothing was read from it."""


@dataclass(frozen=True)
class RowRef:
    """Where a row is, as the spreadsheet shows it: 1-based, title and header rows counted; the sheet of a workbook."""

    sheet: str | None
    row: int

    def label(self, lang: str) -> str:
        if self.sheet:
            return t("import.at_sheet_row", lang, sheet=self.sheet, row=self.row)
        return t("import.at_row", lang, row=self.row)


class RowRefused(Refused):
    """A problem with one row of an import file: the message starts with where the row is."""

    def __init__(self, where: RowRef, key: str, **params: Any) -> None:
        super().__init__(key, **params)
        self.where = where

    def message(self, lang: str) -> str:
        return self.where.label(lang) + super().message(lang)


def norm(value: Any) -> str:
    """Full-width to half-width, lower case, no white space: how names and cell values are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).lower()


def filled(value: Any) -> bool:
    """False for an empty cell: None, NaN, or only white space."""
    if value is None:
        return False
    if isinstance(value, float) and value != value:  # NaN
        return False
    return not (isinstance(value, str) and not value.strip())


def row_ref(record: dict, n: int) -> RowRef:
    """Where the n-th record of read_table's frame is in the file: its sheet and row as read, or the row under a
    single header row when the frame has no `row` (one built by hand)."""
    return RowRef(record.get("sheet") if filled(record.get("sheet")) else None,
                  int(record["row"]) if filled(record.get("row")) else n + 2)


def header_key(value: Any) -> str:
    """A header as compared with the aliases: `Person ID`, `person_id`, `person-id` and `PERSONID` are the same."""
    return re.sub(r"[\s_\-*]+", "", unicodedata.normalize("NFKC", str(value)).lower()).rstrip(":")


_BRACKETED = re.compile(r"\([^()]*\)$")  # "电话（必填）", or "电话 (5)" for a second column of that name


class Columns:
    """The columns an importer knows, each with the header texts an office may use for it."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self.aliases = aliases
        self._index = {header_key(a): column for column, names in aliases.items() for a in names}

    def column_of(self, header: Any) -> str | None:
        """The known column a header names, if any; a bracketed remark after it is ignored."""
        if not filled(header):
            return None
        key = header_key(header)
        return self._index.get(key) or self._index.get(_BRACKETED.sub("", key))

    def mapping(self, headers: Iterable[Any]) -> dict[str, str]:
        """{known column: the first header that names it} for the headers given."""
        found: dict[str, str] = {}
        for header in headers:
            column = self.column_of(header)
            if column is not None and column not in found:
                found[column] = str(header)
        return found


# --- reading a file into grids of cells ------------------------------------------------------------------


def read_grids(source: Source, name: str | None = None) -> list[tuple[str | None, list[list[Any]]]]:
    """(sheet name, rows of cell values) for every sheet of an .xlsx file, or (None, rows) for a .csv file.
    `source` is a path, or the file's bytes with `name` giving its file name (and so its kind). Merged cells
    hold the value of their first cell. Raises UnreadableFile for a missing, unknown or damaged file."""
    data: bytes | None = None
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), name or "?"
    else:
        path = Path(source)
        if not path.is_file():
            raise UnreadableFile("import.no_file", file=str(path))
        name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise UnreadableFile("import.bad_extension", file=name)
    if data is None:
        data = path.read_bytes()
    if suffix == ".csv":
        return [(None, csv_grid(data, name))]
    return xlsx_grids(data, name)


def csv_grid(data: bytes, name: str) -> list[list[str]]:
    """The rows of a CSV file in UTF-8 (with or without BOM), UTF-16 with a BOM, or GBK/GB18030, separated by
    any of , ; or tab."""
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
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS + 5])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def xlsx_grids(data: bytes, name: str) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of a workbook as read by openpyxl (numbers, dates and times as Excel stored them)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a corrupt or mislabelled file: openpyxl raises many kinds
        raise UnreadableFile("import.unreadable", file=name, reason=type(exc).__name__) from exc
    out = []
    for ws in book.worksheets:
        grid = [list(row) for row in ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1), min_col=1,
                                                 max_col=max(ws.max_column, 1), values_only=True)]
        for merged in ws.merged_cells.ranges:  # a printed sheet merges the cells a column shares across rows
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = value
        out.append((ws.title, grid))
    return out


# --- grids into a table --------------------------------------------------------------------------------


def header_row(grid: list[list[Any]], columns: Columns, min_known: int = 2) -> int | None:
    """The row among the first HEADER_SCAN_ROWS that names the most known columns (at least `min_known`)."""
    best, best_count = None, min_known - 1
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        count = len({c for c in map(columns.column_of, row) if c})
        if count > best_count:
            best, best_count = i, count
    return best


def read_table(source: Source, columns: Columns, *, name: str | None = None, rename: bool = True,
               min_known: int = 2) -> pd.DataFrame:
    """The rows of an .xlsx or .csv file as a frame, with `sheet` and `row` saying where each row is in the file
    as a spreadsheet shows it (1-based, title and header rows counted).

    Built for files kept by hand: title rows above the header (see header_row); Chinese or English headers; every
    sheet of a workbook that has such a header, one after the other; blank rows skipped; text cells stripped,
    other values left as read. With `rename`, the columns the header names are called by their known name and the
    others keep their header text; without it every column keeps its header text, a known column taking the text
    the first sheet used for it, so that sheets which word a header differently still line up. A header used twice
    gets its column number, as in "电话 (5)". `attrs["header"]` lists the header cells as written.

    An empty file gives an empty frame; a file with no recognisable header gives its first row as the header, so
    that the importer can say which columns it found. Unreadable files raise UnreadableFile."""
    frames, fallback = [], None
    first_header: dict[str, str] = {}
    for sheet, grid in read_grids(source, name):
        found = header_row(grid, columns, min_known)
        if found is None:
            first = next((i for i, row in enumerate(grid) if any(filled(v) for v in row)), None)
            if first is not None and fallback is None:
                fallback = (sheet, grid, first)
            continue
        frames.append(_frame(sheet, grid, found, columns, rename, first_header))
    if not frames and fallback is not None:
        frames.append(_frame(*fallback, columns, rename, first_header))
    if not frames:
        return pd.DataFrame(columns=["sheet", "row"])
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame.attrs["header"] = [h for f in frames for h in f.attrs["header"]]
    return frame


def _frame(sheet: str | None, grid: list[list[Any]], header_at: int, columns: Columns, rename: bool,
           first_header: dict[str, str]) -> pd.DataFrame:
    header = grid[header_at]
    names: list[str | None] = []
    known: set[str] = set()
    for i, cell in enumerate(header):
        if not filled(cell):
            names.append(None)
            continue
        text = str(cell).strip()
        column = columns.column_of(cell)
        if column is not None and column not in known:
            known.add(column)
            text = column if rename else first_header.setdefault(column, text)
        if text in names or text in ("sheet", "row"):
            text = f"{text} ({i + 1})"
        names.append(text)
    records = []
    for offset, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        if not any(filled(v) for v in row):
            continue
        record = {"sheet": sheet, "row": offset}
        for column, value in zip(names, row, strict=False):
            if column is not None:
                record[column] = value.strip() if isinstance(value, str) else value
        records.append(record)
    frame = pd.DataFrame(records, columns=["sheet", "row", *[n for n in names if n is not None]], dtype=object)
    frame.attrs["header"] = [str(h).strip() for h in header if filled(h)]
    return frame
