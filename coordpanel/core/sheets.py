"""Reading the sheets offices keep by hand (.csv or .xlsx) into rows, each with its row number as a spreadsheet shows it.

Shared by the roster import (roster/imports.py) and the people import (people/importer.py): each importer names its columns
and the header texts an office may use for them; this module finds the header row and says where every row is, and
core/workbooks.py reads the file (.csv, .xlsx, .xls) within its limits. What the cells mean is the importer's business."""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.core.workbooks import (  # noqa: F401  (UnreadableFile, read_grids, MAX_FILE_MB: the importers' names)
    MAX_FILE_MB,
    Source,
    UnreadableFile,
    cell_name,
    read_grids,
)

HEADER_SCAN_ROWS = 10  # the header is looked for among the first rows: title rows come above it


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
    """A header as compared with the aliases: `Person ID`, `person_id`, `person-id`, `PERSONID` and `Person ID:` are the
    same (width, case, white space, _ - * . # : and / do not count)."""
    return re.sub(r"[\s_\-*.#:/、]+", "", unicodedata.normalize("NFKC", str(value)).lower())


_REMARK = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")  # "电话（必填）", "姓名[必填]", "电话 (5)" for a second column
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[、.)]")  # "1、姓名", "2. 电话" (a number alone, as in "3栋", is a value)
# Words a header may wrap around a known name: "所在楼栋号" is 楼栋, "联系手机" 手机, "单位名称" 单位, "Building No." building.
PREFIXES = ("所在", "所住", "居住", "现住", "家庭", "本人", "人员", "个人", "联系", "所属", "home", "contact", "person", "mobile")
SUFFIXES = ("号码", "号", "名称", "no", "number", "name")


class Columns:
    """The columns an importer knows, each with the header texts an office may use for it."""

    def __init__(self, aliases: dict[str, tuple[str, ...]]) -> None:
        self.aliases = aliases
        self._index = {header_key(a): column for column, names in aliases.items() for a in names}

    def column_of(self, header: Any) -> str | None:
        """The known column a header names, if any. Tried in turn: the header as written; without remarks in
        brackets and a leading number; without a word such as 所在 before it or 号 after it."""
        if not filled(header):
            return None
        key = header_key(header)
        if key in self._index:
            return self._index[key]
        bare = _REMARK.sub("", header_key(_NUMBERED.sub("", unicodedata.normalize("NFKC", str(header)))))
        for candidate in (bare, *_unwrapped(bare)):
            if candidate in self._index:
                return self._index[candidate]
        return None

    def mapping(self, headers: Iterable[Any]) -> dict[str, str]:
        """{known column: the first header that names it} for the headers given."""
        found: dict[str, str] = {}
        for header in headers:
            column = self.column_of(header)
            if column is not None and column not in found:
                found[column] = str(header)
        return found


def _unwrapped(key: str) -> list[str]:
    """The key without one of PREFIXES before it, one of SUFFIXES after it, or both."""
    heads = [key[len(p):] for p in PREFIXES if key.startswith(p) and len(key) > len(p)]
    found = [*heads]
    for text in (key, *heads):
        found += [text[:-len(s)] for s in SUFFIXES if text.endswith(s) and len(text) > len(s)]
    return found


def unused_columns(frame: pd.DataFrame, used: Iterable[str]) -> list[str]:
    """The frame's columns (as read_table named them) that are not among `used`: what an import would not read,
    so that it can say so instead of dropping a column silently."""
    used = set(used)
    return [str(c) for c in frame.columns if c not in ("sheet", "row") and c not in used]


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
    """The rows of an .xlsx, .xls or .csv file as a frame, with `sheet` and `row` saying where each row is in the file
    as a spreadsheet shows it (1-based, title and header rows counted).

    Built for files kept by hand: title rows above the header (see header_row); Chinese or English headers; every
    sheet of a workbook that has such a header, one after the other; blank rows skipped; text cells stripped,
    other values left as read. With `rename`, the columns the header names are called by their known name and the
    others keep their header text; without it every column keeps its header text, a known column taking the text
    the first sheet used for it, so that sheets which word a header differently still line up. A header used twice
    gets its column number, as in "电话 (5)"; a column without a header that holds values is named by its letter,
    as in "(F)", so that no value is dropped unseen. `attrs["header"]` lists the header cells as written.

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
    header, body = grid[header_at], grid[header_at + 1:]
    width = max([len(header), *map(len, body)])
    names: list[str | None] = []
    known: set[str] = set()
    for i in range(width):
        cell = header[i] if i < len(header) else None
        if not filled(cell):  # a column without a header keeps its values under its letter, as in "(F)"
            holds = any(i < len(row) and filled(row[i]) for row in body)
            names.append(f"({cell_name(1, i + 1)[:-1]})" if holds else None)
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
    for offset, row in enumerate(body, start=header_at + 2):
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
