"""The roster in Chromium: the week first, the editor on its tab, unsaved edits that survive another page."""

from __future__ import annotations

import pytest
from browser_kit import METRIC_VALUE, RENDERED, expect, metric, needs_chromium, planner_on, wait_for_charts

pytestmark = pytest.mark.browser


@needs_chromium
def test_a_planner_opens_the_roster_week_then_the_editor_tab(server, chromium):
    """The roster shows the week's picture first; the editor runs, and is drawn, when its tab is opened."""
    context, page = planner_on(chromium, server, "门岗排班")
    try:
        expect(page.get_by_role("tab", name="本周概览")).to_have_attribute("aria-selected", "true")
        wait_for_charts(page, 1)
        assert page.locator('[data-testid="stDataFrame"]').count() == 0  # the editor has not run
        page.get_by_role("tab", name="编辑排班").click()
        page.wait_for_selector(RENDERED)
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        expect(metric(page, "本周到岗").locator(METRIC_VALUE)).to_have_text("126 / 126")
        expect(page.get_by_role("button", name="保存本周排班")).to_be_enabled()  # the demo week breaks no rule
    finally:
        context.close()


@needs_chromium
def test_unsaved_roster_edits_survive_a_visit_to_another_page(server, chromium):
    """Typed into the editor, not saved, then the planner looks at another page: coming back, the edits are kept."""
    context, page = planner_on(chromium, server, "门岗排班")
    nav = page.locator('[data-testid="stSidebarNav"]')
    try:
        page.get_by_role("tab", name="编辑排班").click()
        page.wait_for_selector(RENDERED)
        grid = page.locator('[data-testid="stDataFrame"]').first
        expect(grid).to_be_visible()
        box = grid.bounding_box()
        # the reason column is the last: double-click the first row's cell there to open its editor
        page.mouse.dblclick(box["x"] + box["width"] - 40, box["y"] + 55)
        editor = page.locator("#portal textarea, #portal input").first
        expect(editor).to_be_focused()
        editor.fill("已电话确认")
        page.keyboard.press("Enter")
        page.wait_for_selector(RENDERED)
        expect(grid.get_by_text("已电话确认")).to_have_count(1)  # the grid's accessible copy of its cells
        nav.get_by_text("楼栋覆盖").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("楼栋覆盖")
        page.wait_for_selector(RENDERED)
        nav.get_by_text("门岗排班").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("门岗排班")
        page.wait_for_selector(RENDERED)
        expect(page.get_by_text("编辑区有未保存的修改")).to_be_visible()
        page.get_by_role("tab", name="编辑排班").click()
        page.wait_for_selector(RENDERED)
        expect(page.locator('[data-testid="stDataFrame"]').first.get_by_text("已电话确认")).to_have_count(1)
    finally:
        context.close()
