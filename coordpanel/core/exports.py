"""Spreadsheet exports: xlsx with Chinese headers and readable column widths, and CSV that Excel opens as UTF-8."""


from __future__ import annotations

import io

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_xlsx(sheets: dict[str, pd.DataFrame], title: str | None = None) -> bytes:
    """One sheet per frame; a bold header row, frozen, columns sized to their text, printed landscape and fitted."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = name[:31]
            start = 1 if title else 0
            frame.to_excel(writer, sheet_name=sheet_name, index=False, startrow=start)
            ws = writer.sheets[sheet_name]
            if title:
                ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
            for cell in ws[start + 1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.freeze_panes = ws.cell(row=start + 2, column=1)
            for i, column in enumerate(frame.columns, start=1):
                longest = max([_width(column), *(_width(v) for v in frame[column].tolist())])
                ws.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 6), 60)
            ws.page_setup.orientation = "landscape"
            ws.page_setup.fitToWidth = 1
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.print_title_rows = f"{start + 1}:{start + 1}"
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel and WPS show the Chinese text correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def _width(value: object) -> int:
    """Display width: CJK characters take two columns."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
