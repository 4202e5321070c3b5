"""今日简报 in Chromium: the PDF a click downloads from the real server, the print view without the sidebar, and the
page on a 390 px phone (#17)."""

from __future__ import annotations

import io

import pytest
from browser_kit import DESKTOP, RENDER_TIMEOUT, RENDERED, SKELETON, USER, expect, needs_chromium, sign_in
from pypdf import PdfReader

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SIDEBAR = '[data-testid="stSidebar"]'


def _brief_page(chromium, server: str, viewport: dict):
    """A context signed in as the leader on /brief (a deep link: the sign-in form, then the page): (context, page)."""
    context = chromium.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(RENDER_TIMEOUT)
    page = context.new_page()
    page.goto(server + "/brief")
    page.wait_for_selector(RENDERED)
    sign_in(page, USER)
    expect(page.get_by_role("heading", level=1)).to_contain_text("万科嘉园 今日简报")
    page.wait_for_selector(RENDERED)
    expect(page.locator(SKELETON)).to_have_count(0)
    return context, page


@needs_chromium
def test_the_pdf_downloads_and_the_print_view_leaves_the_sidebar_out(server, chromium, tmp_path):
    context, page = _brief_page(chromium, server, DESKTOP)
    try:
        # the file is built on the click, by the server, outside any script run
        with page.expect_download() as download:
            page.get_by_role("button", name="下载 PDF").click()
        data = download.value.path().read_bytes()
        page.emulate_media(media="print")
        expect(page.locator(SIDEBAR)).to_be_visible()  # printed as it stands, the sidebar would be on the paper
        page.emulate_media(media="screen")
        page.get_by_text("打印视图", exact=True).click()
        page.wait_for_selector(RENDERED)
        expect(page.get_by_role("heading", name="明日门岗（2月20日 周四）")).to_be_visible()
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        page.emulate_media(media="print")
        expect(page.locator(SIDEBAR)).to_be_hidden()
        page.screenshot(path=tmp_path / "brief-print.png", full_page=True)
        page.emulate_media(media="screen")
        page.get_by_text("打印视图", exact=True).click()  # back: the sidebar opens again
        page.wait_for_selector(RENDERED)
        expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
        expect(page.get_by_role("button", name="下载 PDF")).to_be_visible()
        expect(page.locator(SIDEBAR)).to_have_attribute("data-collapsed", "false")
    finally:
        context.close()
    reader = PdfReader(io.BytesIO(data))
    found = reader.pages[0].extract_text()
    assert len(reader.pages) == 1 and "连续无新增病例：4 天" in found and "昨日缺勤 1 人次（均已有替岗）" in found


@needs_chromium
def test_the_brief_on_a_phone_does_not_scroll_sideways(server, chromium, tmp_path):
    context, page = _brief_page(chromium, server, PHONE_390)
    try:
        expect(page.locator('[data-testid="stCode"]').first).to_contain_text("【主要数字】")
        widths = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                          return {main: m.scrollWidth, client: m.clientWidth}; }""")
        page.screenshot(path=tmp_path / "brief-390.png", full_page=True)
    finally:
        context.close()
    assert widths["main"] <= widths["client"] + 2, f"the brief scrolls sideways on a phone: {widths}"
