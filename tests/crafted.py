"""Office files written by hand, part by part, as a hostile or broken program may produce them (shared by the reader's
unit tests and the import page's tests)."""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(sheet_data: str, dimension: str = "A1:XFD1048576", *, extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A minimal workbook of one sheet named 名单, written part by part: what a hostile or broken program may produce."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>'))
        z.writestr("_rels/.rels", f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
                                  'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="名单" sheetId="1" '
                                      'r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
                                                 'Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
                                               f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>')
        for name, content in extra:
            z.writestr(name, content)
    return out.getvalue()


def rewritten(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its sheet part."""
    book = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in book.infolist():
            content = book.read(info)
            z.writestr(info.filename, content.replace(old, new, 1) if info.filename == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


PEOPLE_ROWS = (f'<row r="1">{text("A1", "姓名")}{text("B1", "层级")}{text("C1", "手机号")}</row>'
               f'<row r="2">{text("A2", "赵一鸣")}{text("B2", "志愿者")}<c r="C2"><v>13712340071</v></c></row>')
