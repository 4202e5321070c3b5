"""The overview in Chromium: its figures and charts, Chinese glyphs (not tofu), its tabs, the language switch."""

from __future__ import annotations

import shutil

import pytest
from browser_kit import (
    METRIC_LABEL,
    METRIC_VALUE,
    RENDERED,
    ROOT,
    expect,
    metric,
    needs_chromium,
    os,
    subprocess,
    wait_for_charts,
)

pytestmark = pytest.mark.browser


OVERVIEW_METRICS = {
    "连续无新增病例": "4 天",
    "三级全覆盖楼栋": "14 / 14",
    "户数": "3,126",
    "居民": "8,214",
    "本周门岗到岗": "126 / 126",
}


@needs_chromium
def test_overview_shows_the_compound_figures_and_charts(desktop, tmp_path):
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("万科嘉园")
    for label, value in OVERVIEW_METRICS.items():
        shown = metric(desktop, label)
        expect(shown).to_have_count(1)
        expect(shown.locator(METRIC_VALUE)).to_have_text(value)
    wait_for_charts(desktop, 1)  # the coverage heatmap; the other pictures are lazy tabs
    expect(desktop.get_by_role("tab", name="楼栋覆盖")).to_have_attribute("aria-selected", "true")

    desktop.screenshot(path=tmp_path / "overview.png")
    if os.environ.get("COORDPANEL_SCREENSHOT"):  # refresh the README's picture only when asked to
        target = ROOT / "docs" / "overview.png"
        target.parent.mkdir(exist_ok=True)
        desktop.screenshot(path=target)


def _zh_font_families() -> set[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.fail("fc-list (fontconfig) is missing, so no CJK font can be found: apt-get install fontconfig fonts-noto-cjk")
    listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def test_a_cjk_font_is_installed():
    # A failure, not a skip: CI installs the fonts, and without them every Chinese label is drawn as boxes.
    families = _zh_font_families()
    assert families, "no font for Chinese is installed (`fc-list :lang=zh` lists none): apt-get install fonts-noto-cjk"


# Why this detects tofu: Chromium draws a character that no installed font covers with the primary font's
# .notdef glyph, which is one and the same box for every such character. So with a CJK font, '中' and '国' are two
# different real glyphs (full-width, 32 px at 32 px) and differ from the box drawn for U+E000 / U+FFFF (private use
# and a noncharacter: no font has them). Without one, '中', '国' and both sentinels all come out pixel-identical;
# checked by launching this Chromium with a fontconfig that lists only DejaVu/Liberation: '中' == box, width 12.
GLYPHS_JS = """() => {
  const draw = (ch) => {
    const canvas = document.createElement('canvas');
    canvas.width = 48; canvas.height = 48;
    const g = canvas.getContext('2d');
    g.font = '32px sans-serif'; g.textBaseline = 'top'; g.fillStyle = '#000';
    g.fillText(ch, 4, 4);
    const data = g.getImageData(0, 0, 48, 48).data, alpha = [];
    for (let i = 3; i < data.length; i += 4) alpha.push(data[i]);
    return {width: g.measureText(ch).width, ink: alpha.filter(a => a > 0).length, pixels: alpha.join(',')};
  };
  const zhong = draw('中'), guo = draw('国'), box = draw('\\uE000'), box2 = draw('\\uFFFF');
  return {zhong_width: zhong.width, zhong_ink: zhong.ink, box_width: box.width,
          boxes_alike: box.pixels === box2.pixels, zhong_is_box: zhong.pixels === box.pixels,
          zhong_is_guo: zhong.pixels === guo.pixels};
}"""


@needs_chromium
def test_chinese_is_drawn_with_a_cjk_font_not_tofu(desktop):
    families = _zh_font_families()
    assert families, "no font for Chinese is installed (`fc-list :lang=zh` lists none): apt-get install fonts-noto-cjk"

    glyphs = desktop.evaluate(GLYPHS_JS)
    assert glyphs["boxes_alike"], f"the missing-glyph sentinels drew differently, the check is void: {glyphs}"
    assert glyphs["zhong_ink"] > 0, glyphs
    assert not glyphs["zhong_is_box"] and not glyphs["zhong_is_guo"], f"'中' is drawn as a missing-glyph box: {glyphs}"
    assert glyphs["zhong_width"] > glyphs["box_width"], glyphs

    # and the page's own heading is drawn with one of the fonts fontconfig lists for Chinese
    cdp = desktop.context.new_cdp_session(desktop)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    used = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]]
    assert set(used) & families, f"the heading 万科嘉园 is drawn with {used}, none of the Chinese fonts {sorted(families)}"
    if any(f.endswith(" SC") for f in families):
        # Simplified Chinese shapes, not the Japanese variant of the same font
        assert any(f.endswith(" SC") for f in used), f"the heading is drawn with {used}, not a Simplified Chinese face"


@needs_chromium
def test_each_overview_tab_draws_its_picture_when_opened(desktop):
    """Lazy tabs: a picture runs on the server only when its tab is opened, and then it is drawn."""
    try:
        for name in ("本周门岗排班", "每日新增病例"):
            desktop.get_by_role("tab", name=name).click()
            expect(desktop.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
            desktop.wait_for_selector(RENDERED)
            panel = desktop.get_by_role("tabpanel").filter(has=desktop.locator(".js-plotly-plot .main-svg"))
            expect(panel).to_have_count(1)
    finally:
        desktop.get_by_role("tab", name="楼栋覆盖").click()
        desktop.wait_for_selector(RENDERED)


@needs_chromium
def test_english_switch_turns_the_overview_english(desktop):
    sidebar = desktop.locator('[data-testid="stSidebar"]')
    english = sidebar.get_by_role("radio", name="English")
    try:
        english.click()
        expect(english).to_have_attribute("aria-checked", "true")
        expect(desktop.locator(METRIC_LABEL, has_text="Days without a new case")).to_be_visible()
        desktop.wait_for_selector(RENDERED)
        expect(desktop.get_by_role("heading", level=1)).to_contain_text("Vanke Jiayuan")
        expect(metric(desktop, "Days without a new case").locator(METRIC_VALUE)).to_have_text("4 days")
    finally:  # back to the default for whichever test uses the shared page next
        sidebar.get_by_role("radio", name="中文").click()
        expect(metric(desktop, "连续无新增病例")).to_be_visible()
        desktop.wait_for_selector(RENDERED)
