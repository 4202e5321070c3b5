"""The brief as a one-page A4 PDF, in Chinese without any system font: reportlab's built-in CID font STSong-Light.

Every line, names included, is drawn with canvas.drawString, which draws text as it is: nothing is parsed as markup."""


from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from coordpanel.brief.diff import Changes
from coordpanel.brief.figures import Brief
from coordpanel.brief.sections import Section, heading, sections

FONT = "STSong-Light"  # Adobe's CID font for simplified Chinese: viewers supply it, nothing is embedded or installed
MARGIN = 42
SIZES = {"title": 16, "subtitle": 10, "heading": 12, "line": 10}


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def render(brief: Brief, changes: Changes, lang: str = "zh") -> bytes:
    title, as_of = heading(brief, lang)
    return document(title, as_of, sections(brief, changes, lang), lang)


def document(title: str, subtitle: str, parts: list[Section], lang: str) -> bytes:
    """A4 pages: the title, then each section's heading and lines, wrapped to the page width; a new page only when
    one is full (the demo compound's brief fits on one)."""
    font = _font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    page.setTitle(title)
    width, height = A4
    y = height - MARGIN

    def draw(text: str, size: int, indent: float = 0, gap: float = 1.45) -> None:
        nonlocal y
        for piece in wrap(text, font, size, width - 2 * MARGIN - indent):
            if y < MARGIN + size:
                page.showPage()
                y = height - MARGIN
            page.setFont(font, size)
            page.drawString(MARGIN + indent, y - size, piece)
            y -= size * gap

    draw(title, SIZES["title"])
    draw(subtitle, SIZES["subtitle"], gap=1.8)
    for part in parts:
        y -= 4
        if part.title:
            draw(part.title, SIZES["heading"], gap=1.6)
        for line in part.lines:
            draw(line, SIZES["line"], indent=10)
    page.showPage()
    page.save()
    return buffer.getvalue()


def wrap(text: str, font: str, size: int, room: float) -> list[str]:
    """Cut a line where it would pass the right margin (by character: Chinese has no spaces to break at)."""
    pieces, current = [], ""
    for ch in text:
        if current and pdfmetrics.stringWidth(current + ch, font, size) > room:
            pieces.append(current)
            current = ch.lstrip()
        else:
            current += ch
    return [*pieces, current] if current or not pieces else pieces
