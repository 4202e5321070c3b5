"""今日到岗 on a 390 px phone in Chromium (#15): the gate lead signs in, checks someone in with one tap, adds a
stand-in, and nothing on the page scrolls sideways."""

from __future__ import annotations

import pytest
from browser_kit import RENDER_TIMEOUT, RENDERED, SKELETON, expect, needs_chromium, sign_in

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
WIDTHS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const buttons = [...document.querySelectorAll('[data-testid="stMain"] button')].map(b => b.getBoundingClientRect());
  return {page: document.documentElement.scrollWidth, main: main.scrollWidth, main_client: main.clientWidth,
          right: Math.max(0, ...buttons.map(b => Math.round(b.right))),
          smallest: Math.min(...buttons.map(b => Math.round(b.height)))};
}"""


def _fits(page) -> dict:
    widths = page.evaluate(WIDTHS_JS)
    assert widths["page"] <= PHONE_390["width"], f"the page scrolls sideways at 390 px: {widths}"
    assert widths["main"] <= widths["main_client"] + 2, f"the main area scrolls sideways: {widths}"
    assert widths["right"] <= PHONE_390["width"], f"a button reaches past the screen's edge: {widths}"
    assert widths["smallest"] >= 32, f"a button too small to tap: {widths}"
    return widths


def _settled(page) -> None:
    page.wait_for_selector(RENDERED)
    expect(page.locator(SKELETON)).to_have_count(0)


@needs_chromium
def test_a_gate_lead_checks_someone_in_on_a_phone(server, chromium, tmp_path):
    context = chromium.new_context(viewport=PHONE_390)
    context.set_default_timeout(RENDER_TIMEOUT)
    page = context.new_page()
    try:
        page.goto(server + "/")
        page.wait_for_selector(RENDERED)
        sign_in(page, "gatelead")
        expect(page.get_by_role("heading", level=1)).to_contain_text("今日到岗")
        _settled(page)
        expect(page.get_by_role("heading", level=3)).to_have_text(["南门（主卡口）"])  # their gate only
        _fits(page)

        # the night shift is over and checked out: the first 到岗 is the 08:00 shift's first member
        expect(page.get_by_text("未签到")).to_have_count(6)
        page.get_by_role("button", name="到岗", exact=True).first.click()
        expect(page.get_by_text("已记录", exact=False).first).to_be_visible()
        _settled(page)
        expect(page.get_by_text("到岗 08:00", exact=False)).to_have_count(1)
        expect(page.get_by_text("未签到")).to_have_count(5)
        expect(page.get_by_role("button", name="签退", exact=True)).to_have_count(1)
        _fits(page)

        # a stand-in for the second member of the 08:00 shift (the night shift's crew all came: its box is first)
        page.get_by_text("添加替岗").nth(1).click()
        _settled(page)
        confirm = page.get_by_role("button", name="确认替岗（现在签到）")
        expect(confirm).to_be_visible()
        _fits(page)
        confirm.click()
        expect(page.get_by_text("顶岗", exact=False).first).to_be_visible()
        _settled(page)
        expect(page.get_by_text("· 替岗 ·", exact=False).first).to_be_visible()  # the stand-in's line, tagged
        expect(page.get_by_text("缺勤 · 由 ", exact=False).first).to_be_visible()  # the covered member: by whom
        _fits(page)
        page.screenshot(path=tmp_path / "attendance-390.png", full_page=True)
    finally:
        context.close()
