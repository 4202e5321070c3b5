"""The real server in Chromium: the overview's figures, Chinese glyphs (not tofu), a phone-width layout, the language switch.

Uses Debian's /usr/bin/chromium through Playwright's sync API (Playwright's own browser download is never used) and a
`streamlit run app.py` subprocess on a free port, pointed at a demo database file built here for it alone: the
in-process AppTest tests keep conftest's `demo_file` open, and DuckDB lets only one process open a file.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from coordpanel import seed
from coordpanel.core import auth
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 60  # seconds until /_stcore/health must answer
RENDER_TIMEOUT = 30_000  # ms for a page to finish a run and draw its elements

RENDERED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
METRIC = '[data-testid="stMetric"]'
METRIC_LABEL = '[data-testid="stMetricLabel"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'
SKELETON = '[data-testid="stSkeleton"]'
PASSWORD_INPUT = 'input[type="password"]'
USER = "leader"  # reads everything, writes nothing
PASSWORD = "browser-test-password"  # of the demo accounts in the throwaway database built below
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 400, "height": 860}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}: apt-get install chromium fonts-noto-cjk"
)
pytestmark = pytest.mark.browser


# --- fixtures -------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port over a fresh demo database file in `folder`; yields the base URL.
    A new process each time: its first request is the first the server has ever seen."""
    db_file = folder / "coordpanel.duckdb"
    database = Database(db_file)
    seed.demo.build(database)
    auth.create_demo_accounts(database, auth.CLI_USER, PASSWORD)
    database.close()

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "server.log"
    streamlit = Path(sys.executable).parent / "streamlit"
    command = [str(streamlit), "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, "COORDPANEL_DB": str(db_file), "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(f"the server exited with code {process.returncode} before answering:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT} s:\n{log.read_text()}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """One server for the module's tests that read the app."""
    with serve(tmp_path_factory.mktemp("browser")) as url:
        yield url


# Named `chromium` and `desktop`, not `browser` and `page`: pytest-playwright would otherwise take these tests for its
# own and parametrize them by browser; Playwright is started and stopped here, with this module, instead.
@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium; started and stopped with this module so no Playwright loop outlives it."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def desktop(server: str, chromium: Browser) -> Iterator[Page]:
    """One desktop-sized page on the overview, signed in, shared by the tests that read it (a sign-in and a first
    render cost seconds each). A test that changes it (the language) puts it back."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(RENDER_TIMEOUT)
    page = context.new_page()
    open_overview(page, server + "/")
    yield page
    context.close()


def open_overview(page: Page, url: str, user: str = USER) -> None:
    """Load the app, sign in if it asks, and wait until the run finished and the metrics are drawn (not skeletons)."""
    page.goto(url)
    page.wait_for_selector(RENDERED, timeout=RENDER_TIMEOUT)
    # "notRunning" comes before the elements are drawn: wait for the one or the other before deciding
    page.locator(f"{METRIC}, {PASSWORD_INPUT}").first.wait_for(timeout=RENDER_TIMEOUT)
    login = page.locator('[data-testid="stForm"]').filter(has=page.locator(PASSWORD_INPUT))
    if login.count():
        login.locator(f'[data-testid="stTextInput"] input:not({PASSWORD_INPUT})').fill(user)
        login.locator(PASSWORD_INPUT).fill(PASSWORD)
        login.locator('[data-testid="stFormSubmitButton"] button').click()
        expect(login).to_have_count(0, timeout=RENDER_TIMEOUT)
        page.wait_for_selector(RENDERED, timeout=RENDER_TIMEOUT)
    expect(page.locator(METRIC).first).to_be_visible(timeout=RENDER_TIMEOUT)
    expect(page.locator(SKELETON)).to_have_count(0, timeout=RENDER_TIMEOUT)


def wait_for_charts(page: Page, n: int = 3) -> None:
    """Plotly draws after the element mounts; wait until `n` charts hold their SVG."""
    page.wait_for_function(
        "n => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length >= n",
        arg=n, timeout=RENDER_TIMEOUT,
    )


def metric(page: Page, label: str):
    """The metric whose label is exactly `label`."""
    exact = page.locator(METRIC_LABEL, has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return page.locator(METRIC).filter(has=exact)


# --- tests ----------------------------------------------------------------------------------------------
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


def planner_on(chromium: Browser, server: str, title: str):
    """A fresh desktop context signed in as the demo planner, on the page of that title: (context, page)."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(RENDER_TIMEOUT)
    page = context.new_page()
    open_overview(page, server + "/", user="planner")
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.wait_for_selector(RENDERED)
    return context, page


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


@needs_chromium
def test_a_link_to_a_page_asks_for_sign_in_then_opens_that_page(server, chromium):
    """A link to the roster shared in a chat group: the sign-in form (not "page not found"), then the roster."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(RENDER_TIMEOUT)
    try:
        page = context.new_page()
        page.goto(server + "/roster")
        page.wait_for_selector(RENDERED)
        login = page.locator('[data-testid="stForm"]').filter(has=page.locator(PASSWORD_INPUT))
        expect(login).to_have_count(1)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        login.locator(f'[data-testid="stTextInput"] input:not({PASSWORD_INPUT})').fill("planner")
        login.locator(PASSWORD_INPUT).fill(PASSWORD)
        login.locator('[data-testid="stFormSubmitButton"] button').click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("门岗排班")
        assert page.url.rstrip("/").endswith("/roster")
    finally:
        context.close()


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
            login = page.locator('[data-testid="stForm"]').filter(has=page.locator(PASSWORD_INPUT))
            expect(login).to_have_count(1)
            login.locator(f'[data-testid="stTextInput"] input:not({PASSWORD_INPUT})').fill("planner")
            login.locator(PASSWORD_INPUT).fill(PASSWORD)
            login.locator('[data-testid="stFormSubmitButton"] button').click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("门岗排班")
            page.wait_for_selector(RENDERED)
            sidebar = page.locator('[data-testid="stSidebar"]')
            expect(sidebar.get_by_text("当前用户：planner", exact=False)).to_be_visible()
            expect(sidebar.get_by_role("radio", name="English")).to_be_visible()
            nav = page.locator('[data-testid="stSidebarNav"]')
            links = [text.split("\n")[-1].strip() for text in nav.locator("a").all_inner_texts()]  # after the icon's name
            assert links == ["总览", "辖区汇总", "楼栋覆盖", "门岗排班", "三级联防", "人员", "我的账号"], links
            assert page.url.rstrip("/").endswith("/roster")
        finally:
            context.close()
