"""The daily brief as an A4 PDF: one page for the demo, Chinese as text (built-in CID font), names never markup."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from helpers import execute
from pypdf import PdfReader

from coordpanel.brief import diff, figures, pdf
from coordpanel.brief.sections import Section


def _pdf(db, lang: str = "zh") -> PdfReader:
    brief = figures.build(db, 1)
    return PdfReader(io.BytesIO(pdf.render(brief, diff.since_previous_day(db, brief), lang)))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_brief_is_one_a4_page_whose_text_holds_the_figures(demo_db, lang):
    reader = _pdf(demo_db, lang)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    found = _text(reader)
    if lang == "zh":
        for words in ("万科嘉园 今日简报", "连续无新增病例：4 天", "三级全覆盖楼栋：14/14", "今日 18/18", "本周 126/126",
                      "居民诉求未办结 6 件", "物资低于下限 1 项", "消毒用喷雾器", "明日门岗", "南门（主卡口）"):
            assert words in found, words
    else:
        for words in ("Vanke Jiayuan: daily brief", "Days without a new case: 4", "14/14", "today 18/18"):
            assert words in found, words
    brief = figures.build(demo_db, 1)
    assert all(name in found for shift in brief.tomorrow for name in shift.names)


def test_the_font_is_the_built_in_chinese_cid_font_and_no_font_file_is_needed(demo_db):
    fonts = [font.get_object() for font in _pdf(demo_db).pages[0]["/Resources"]["/Font"].values()]
    assert "/STSong-Light" in {str(font["/BaseFont"]) for font in fonts}
    for font in fonts:  # nothing embedded, so nothing was read from this machine's fonts
        for descendant in [d.get_object() for d in font.get("/DescendantFonts", [])] + [font]:
            descriptor = descendant.get("/FontDescriptor")
            assert descriptor is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())


def test_a_name_that_looks_like_markup_is_drawn_as_it_is(fresh_demo):
    start = dt.datetime(2020, 2, 20)
    crew = fresh_demo.records("brief/roster_day", compound_id=1, **{"from": start, "to": start + dt.timedelta(days=1)})
    odd = "<b>王</b>&amp;<br/>"
    with fresh_demo.transaction("test", "rename", 1) as tx:
        execute(tx.cursor, "UPDATE person SET name = $name WHERE id = $id", {"name": odd, "id": crew[0]["person_id"]})
    found = _text(_pdf(fresh_demo))
    assert odd in found


def test_a_long_document_goes_on_to_a_second_page_rather_than_off_the_page():
    lines = [f"第 {i} 行：某小区，未覆盖 0 栋" for i in range(120)]
    reader = PdfReader(io.BytesIO(pdf.document("标题", "", [Section("", lines)], "zh")))
    assert len(reader.pages) > 1
    assert "第 119 行" in _text(reader)


def test_a_line_wider_than_the_page_is_wrapped_not_cut():
    line = "很长的一行" * 40
    reader = PdfReader(io.BytesIO(pdf.document("标题", "", [Section("节", [line])], "zh")))
    assert _text(reader).replace("\n", "").count("很长的一行") == 40
