"""Resident requests in Chromium on a phone: a planner registers a request and finds it on the board (#16)."""

from __future__ import annotations

import re

import pytest
from browser_kit import RENDER_TIMEOUT, RENDERED, SKELETON, expect, needs_chromium, sign_in

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
NEED = "大米 5 公斤（浏览器登记）"


@needs_chromium
def test_a_planner_on_a_phone_registers_a_request_and_sees_it_on_the_board(server, chromium, tmp_path):
    context = chromium.new_context(viewport=PHONE_390)
    context.set_default_timeout(RENDER_TIMEOUT)
    page = context.new_page()
    try:
        page.goto(server + "/requests")  # a deep link: the sign-in form, then the page itself
        page.wait_for_selector(RENDERED)
        sign_in(page, "planner")
        expect(page.get_by_role("heading", level=1)).to_contain_text("居民诉求")
        page.wait_for_selector(RENDERED)
        expect(page.locator(SKELETON)).to_have_count(0)
        page.get_by_role("tab", name="登记诉求").click()
        page.wait_for_selector(RENDERED)
        page.get_by_label("单元/门牌", exact=True).fill("2单元1203")
        page.get_by_label("联系电话", exact=True).fill("139 0000 1234")
        page.get_by_label("需求内容", exact=True).fill(NEED)
        page.get_by_role("button", name="登记").click()
        page.wait_for_selector(RENDERED)
        registered = page.get_by_text(re.compile(r"已登记诉求 \d+"))
        expect(registered).to_be_visible()
        request_id = re.search(r"已登记诉求 (\d+)", registered.inner_text()).group(1)
        page.get_by_role("tab", name="诉求看板").click()
        page.wait_for_selector(RENDERED)
        grid = page.locator('[data-testid="stDataFrame"]').first
        expect(grid).to_be_visible()
        # the grid draws on a canvas and builds its (hidden) accessible copy of the cells in view once it has the
        # focus; at 390 px the first seven columns: number, status, overdue, building, unit, kind, what is needed
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 20, box["y"] + 55)
        number = page.locator('td[aria-colindex="1"]', has_text=re.compile(rf"^{request_id}$"))
        row = grid.locator("tbody tr").filter(has=number)
        expect(row).to_have_count(1)
        expect(row.locator('td[aria-colindex="2"]')).to_have_text("待分派")
        expect(row.locator("td", has_text=NEED)).to_have_count(1)
        # and it is offered to act on, with what was needed, in the list a planner picks from
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="选择诉求")
        picker.scroll_into_view_if_needed()
        picker.locator("input").click()
        expect(page.get_by_role("option", name=re.compile(rf"^#{request_id} · .*{re.escape(NEED)}"))).to_have_count(1)
        page.keyboard.press("Escape")
        widths = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                                          return {main: m.scrollWidth, client: m.clientWidth}; }""")
        page.screenshot(path=tmp_path / "requests-390.png")
    finally:
        context.close()
    assert widths["main"] <= widths["client"] + 2, f"the requests page scrolls sideways on a phone: {widths}"
