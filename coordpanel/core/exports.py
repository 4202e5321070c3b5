"""Spreadsheet exports: xlsx with Chinese headers and readable column widths, and CSV that Excel opens as UTF-8.

Every spreadsheet the app, the CLI or a future feature hands out is written here, and every text cell, header and
title passes core.formulas.neutralise on the way: a name imported as =HYPERLINK(…) or +1+1 comes out as text, never as
a live formula (OWASP's CSV-injection guidance). tests/unit/test_export_formulas.py keeps other modules from writing
spreadsheets of their own."""


from __future__ import annotations

import io
from collections.abc import Iterable

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coordpanel.core.formulas import neutralise

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALERT = Font(bold=True, color="C00000")  # a figure a reader must not miss (a short shift), in red


def to_xlsx(sheets: dict[str, pd.DataFrame], title: str | None = None,
            marked: dict[str, Iterable[tuple[int, str]]] | None = None) -> bytes:
    """One sheet per frame; a bold header row, frozen, columns sized to their text, printed landscape and fitted.
    `marked` names cells to show in bold red: per sheet, (row position in its frame, column name)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = name[:31]
            start = 1 if title else 0
            safe = neutralised(frame)
            safe.to_excel(writer, sheet_name=sheet_name, index=False, startrow=start)
            ws = writer.sheets[sheet_name]
            if title:
                ws.cell(row=1, column=1, value=neutralise(title)).font = Font(bold=True, size=14)
            for cell in ws[start + 1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.freeze_panes = ws.cell(row=start + 2, column=1)
            for i, column in enumerate(safe.columns, start=1):
                longest = max([_width(column), *(_width(v) for v in safe[column].tolist())])
                ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 6), 60)
            for row, column in (marked or {}).get(name, ()):
                # title row (if any), header row, then the frame's rows
                ws.cell(row=start + 2 + row, column=frame.columns.get_loc(column) + 1).font = ALERT
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.print_title_rows = f"{start + 1}:{start + 1}"
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel and WPS show the Chinese text correctly. Lines end in CR LF (RFC 4180),
    which also makes every field holding a carriage return quoted: with LF alone, a lone CR inside a name was written
    bare, and a spreadsheet starts a new row there (a name "x\r=1+1" gave a cell "=1+1")."""
    return neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a spreadsheet may hold it: formula-looking text in its cells and headers written as text.
    Columns of numbers, dates and booleans are left as they are (a number is never a formula)."""
    out = frame.copy()
    for i, dtype in enumerate(out.dtypes):
        if pd.api.types.is_string_dtype(dtype):  # text or object columns; by position, as headers may repeat
            out.isetitem(i, out.iloc[:, i].map(neutralise))
    out.columns = [neutralise(c) for c in out.columns]
    return out


def _width(value: object) -> int:
    """Display width: CJK characters take two columns."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
