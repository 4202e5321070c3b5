"""The frame in Chromium: links to a page ask for sign-in then open it, also as a fresh server's first request."""

from __future__ import annotations

import pytest
from browser_kit import DESKTOP, RENDER_TIMEOUT, RENDERED, expect, login_form, needs_chromium, serve, sign_in

pytestmark = pytest.mark.browser


@needs_chromium
def test_a_link_to_a_page_asks_for_sign_in_then_opens_that_page(server, chromium):
    """A link to the roster shared in a chat group: the sign-in form (not "page not found"), then the roster."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(RENDER_TIMEOUT)
    try:
        page = context.new_page()
        page.goto(server + "/roster")
        page.wait_for_selector(RENDERED)
        expect(login_form(page)).to_have_count(1)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        sign_in(page, "planner")
        expect(page.get_by_role("heading", level=1)).to_contain_text("门岗排班")
        assert page.url.rstrip("/").endswith("/roster")
    finally:
        context.close()


@needs_chromium
def test_a_fresh_servers_first_request_is_a_deep_link_and_lands_inside_the_frame(chromium, tmp_path):
    """A server that has never served anyone, first asked for /roster: with a pages/ folder beside app.py Streamlit
    would run pages/roster.py alone (its old multipage mode). The visitor must get the sign-in form, then 门岗排班
    inside the frame: the language switch, the signed-in line and the planner's navigation, all on /roster."""
    with serve(tmp_path) as url:
        context = chromium.new_context(viewport=DESKTOP)
        context.set_default_timeout(RENDER_TIMEOUT)
        try:
            page = context.new_page()
            page.goto(url + "/roster")
            page.wait_for_selector(RENDERED)
            expect(login_form(page)).to_have_count(1)
            sign_in(page, "planner")
            expect(page.get_by_role("heading", level=1)).to_contain_text("门岗排班")
            page.wait_for_selector(RENDERED)
            sidebar = page.locator('[data-testid="stSidebar"]')
            expect(sidebar.get_by_text("当前用户：planner", exact=False)).to_be_visible()
            expect(sidebar.get_by_role("radio", name="English")).to_be_visible()
            nav = page.locator('[data-testid="stSidebarNav"]')
            links = [text.split("\n")[-1].strip() for text in nav.locator("a").all_inner_texts()]  # after the icon's name
            assert links == ["总览", "今日简报", "辖区汇总", "楼栋覆盖", "门岗排班", "今日到岗", "三级联防", "居民诉求", "物资",
                             "疫情记录", "人员", "我的账号"], links
            assert page.url.rstrip("/").endswith("/roster")
        finally:
            context.close()
