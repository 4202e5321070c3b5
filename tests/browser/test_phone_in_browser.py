"""Leaders read on phones: the pages at phone width, in Chromium."""

from __future__ import annotations

import pytest
from browser_kit import (
    METRIC_VALUE,
    PHONE,
    RENDER_TIMEOUT,
    RENDERED,
    SKELETON,
    USER,
    expect,
    metric,
    needs_chromium,
    open_overview,
    sign_in,
    wait_for_charts,
)

pytestmark = pytest.mark.browser


@needs_chromium
def test_phone_width_has_no_horizontal_scroll(server, chromium, tmp_path):
    context = chromium.new_context(viewport=PHONE)
    context.set_default_timeout(RENDER_TIMEOUT)
    try:
        phone = context.new_page()
        open_overview(phone, server + "/")
        expect(metric(phone, "连续无新增病例").locator(METRIC_VALUE)).to_have_text("4 天")
        wait_for_charts(phone, 1)
        widths = phone.evaluate(
            """() => {
              const main = document.querySelector('[data-testid="stMain"]');
              return {page: document.documentElement.scrollWidth, main: main ? main.scrollWidth : null,
                      main_client: main ? main.clientWidth : null};
            }"""
        )
        phone.screenshot(path=tmp_path / "overview-phone.png")
    finally:
        context.close()
    tolerance = 2
    assert widths["page"] <= PHONE["width"] + tolerance, f"the page scrolls sideways at {PHONE['width']} px: {widths}"
    # the main area scrolls by itself (overflow: auto), so a too-wide element would show there, not on the page
    assert widths["main"] is not None, "no [data-testid=stMain] element: Streamlit's layout changed"
    assert widths["main"] <= widths["main_client"] + tolerance, f"the main area scrolls sideways: {widths}"


PHONE_390 = {"width": 390, "height": 844}
# the pages a leader reads, by URL, with their title
LEADER_PAGES = {"overview": "万科嘉园", "coverage": "楼栋覆盖", "roster": "门岗排班", "structure": "三级联防", "district": "辖区汇总",
                "brief": "今日简报", "requests": "居民诉求", "supplies": "物资", "cases": "疫情记录"}
LAYOUT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = el => el.getBoundingClientRect();
  return {
    main: main.scrollWidth, main_client: main.clientWidth,
    metrics: [...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [Math.round(box(m).top), Math.round(box(m).width)]),
    charts: [...document.querySelectorAll('.js-plotly-plot')].map(c => Math.round(box(c).right)),
  };
}"""


def phone_page_as_leader(chromium, url: str, title: str):
    """A 390 px wide phone signed in as the leader on `url`: (context, page), the run finished."""
    context = chromium.new_context(viewport=PHONE_390)
    context.set_default_timeout(RENDER_TIMEOUT)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(RENDERED)
    sign_in(page, USER)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.wait_for_selector(RENDERED)
    expect(page.locator(SKELETON)).to_have_count(0)
    return context, page


@needs_chromium
def test_the_overview_shows_two_figures_a_row_on_a_phone(server, chromium, tmp_path):
    """The headline figures (eight, then one per gate on duty now) two a row, not a screen's worth of half-empty
    rows each."""
    context, page = phone_page_as_leader(chromium, server + "/overview", "万科嘉园")
    try:
        wait_for_charts(page, 1)
        layout = page.evaluate(LAYOUT_JS)
        page.screenshot(path=tmp_path / "overview-390.png")
    finally:
        context.close()
    rows: dict[int, int] = {}
    for top, _ in layout["metrics"]:
        rows[top] = rows.get(top, 0) + 1
    assert len(layout["metrics"]) >= 8, layout
    assert sorted(rows.values())[-1] == 2 and list(rows.values()).count(1) <= 2, f"figures per row at 390 px: {rows}"


@needs_chromium
@pytest.mark.parametrize("url", sorted(LEADER_PAGES))
def test_a_leaders_page_fits_a_phone(server, chromium, url):
    """No sideways scrolling, and every picture within the screen's width, at 390 px."""
    context, page = phone_page_as_leader(chromium, f"{server}/{url}", LEADER_PAGES[url])
    try:
        if page.locator(".js-plotly-plot").count():
            wait_for_charts(page, 1)
        layout = page.evaluate(LAYOUT_JS)
    finally:
        context.close()
    assert layout["main"] <= layout["main_client"] + 2, f"{url} scrolls sideways at 390 px: {layout}"
    too_wide = [right for right in layout["charts"] if right > PHONE_390["width"] + 2]
    assert not too_wide, f"{url}: pictures reach past the screen's right edge ({PHONE_390['width']} px): {too_wide}"
    widths = {w for _, w in layout["metrics"]}
    assert all(w <= (PHONE_390["width"] - 32) / 2 for w in widths), f"{url}: figures too wide for two a row: {widths}"
