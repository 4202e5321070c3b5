"""The auto-scheduler tab in Chromium: a planner plans next week from the templates, reviews it, applies it."""

from __future__ import annotations

import pytest
from browser_kit import METRIC_VALUE, RENDERED, expect, metric, needs_chromium, planner_on, wait_for_charts

pytestmark = pytest.mark.browser


@needs_chromium
def test_a_planner_plans_next_week_reviews_the_plan_and_applies_it_to_the_editor(server, chromium):
    """Next week has no shifts yet: the plan creates them from the templates and fills all 126 places; applying it
    opens the editor with the plan as unsaved edits, and nothing is saved."""
    context, page = planner_on(chromium, server, "门岗排班")
    try:
        page.get_by_role("spinbutton", name="day, 周（选任意一天）").focus()  # the date's day segment: 19 → 24
        page.keyboard.type("24")
        page.keyboard.press("Enter")
        expect(page.get_by_role("spinbutton", name="day, 周（选任意一天）")).to_have_attribute("aria-valuenow", "24")
        page.keyboard.press("Escape")  # the calendar opened beside the field would cover the tabs
        expect(page.locator("#stFloatingOverlayPortal th")).to_have_count(0)
        page.wait_for_selector(RENDERED)
        page.get_by_role("tab", name="自动排班").click()
        page.wait_for_selector(RENDERED)
        expect(page.get_by_text("本周还没有未开始的班次")).to_be_visible()
        # nothing is solved before the planner asks (no preview yet; the week view's chart may still be in the page)
        expect(page.get_by_text("所有岗位都已排满。")).to_have_count(0)
        expect(page.get_by_text("0 / 126 → 126 / 126")).to_have_count(0)
        page.get_by_role("button", name="生成方案").click()
        expect(page.get_by_text("所有岗位都已排满。")).to_be_visible()
        page.wait_for_selector(RENDERED)
        expect(page.get_by_text("0 / 126 → 126 / 126")).to_be_visible()
        expect(page.get_by_text("已证明是最优方案")).to_be_visible()
        wait_for_charts(page, 1)  # hours per person, before and after
        page.get_by_role("button", name="应用到编辑区").click()
        expect(page.get_by_role("tab", name="编辑排班")).to_have_attribute("aria-selected", "true")
        page.wait_for_selector(RENDERED)
        expect(page.get_by_text("方案已放入编辑区（尚未保存）")).to_be_visible()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        expect(metric(page, "本周到岗").locator(METRIC_VALUE)).to_have_text("126 / 126")
        expect(page.get_by_text("本周尚未保存过")).to_be_visible()  # applied, not saved
        expect(page.get_by_role("button", name="保存本周排班")).to_be_enabled()
    finally:
        context.close()
