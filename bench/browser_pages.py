"""How long each page and tab takes in Chromium, from the click to a still screen, against bare Streamlit pages.

    .venv/bin/python bench/browser_pages.py [--runs N] [--quiet-ms MS] [--only TITLE]   (or: bench/pages.py --browser)

Starts `streamlit run app.py` on a free 127.0.0.1 port over a fresh demo database in a temporary folder, and beside
it a second, tiny Streamlit app (a script of its own in that folder, with the app's .streamlit/config.toml) of two
pages reachable by click: a trivial page and a bare page with one 100-row st.dataframe of 8 mixed columns, run with
Streamlit's defaults (its garbage collection after every run included). The app's files are never touched. One
Chromium (Debian's) opens both, the app signed in as the demo admin (who sees every page).

What is timed is "click to still screen": from the mousedown on a nav link or a tab (role "tab") until the run has
finished and the DOM has had no mutation for the quiet period (default 300 ms); the time is that of the last
mutation, so the quiet period itself is not counted. Both ends are read in the page's own clock (performance.now()),
so Playwright's round trips are not in the figures. Canvas paints (the data grids) are not DOM mutations: the grid's
own DOM (its accessible table) is. The targets are every page of the nav (a tabbed page is its first tab) and every
other tab of the tabbed pages (page modules with VIEW_KEY), clicked from the tab before it.

Warm: every target and both reference pages are visited once, then N rounds (default 5) go round-robin through the
app's pages and tabs, with both reference pages clicked again before each of the app's pages, so the machine's noise
falls on all alike. Prints median and p90 per target in ms, and its ratio to each reference page: the median over
rounds of its time over that round's reference median (the load of a shared machine drifts between rounds). A target
over 1.0x the 100-row page is marked OVER. Speed is printed, never asserted; the exit code is non-zero only when a
page shows an exception or never comes to rest. --only TITLE times some pages alone (the references always).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 1000}  # the browser tests' desktop
GOAL = 1.0  # times the 100-row reference page
TIMEOUT_MS = 60_000  # for any one click to come to rest
RENDERED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
TRIVIAL, TABLE = "(trivial page)", "(100-row table page)"

# The reference app: what a bare Streamlit page costs. Its table is built once (cache_resource), as the app's data is.
REFERENCE_APP = '''"""The benchmark's reference: a trivial page and a bare page with one 100-row table, reachable by click."""
import datetime as dt

import pandas as pd
import streamlit as st


@st.cache_resource
def hundred_rows() -> pd.DataFrame:
    n = 100
    return pd.DataFrame({
        "id": range(1, n + 1),
        "name": [f"person {i:03d}" for i in range(n)],
        "group": pd.Categorical([("east", "west", "north", "south")[i % 4] for i in range(n)]),
        "hours": [round(4 + (i * 37 % 80) / 10, 1) for i in range(n)],
        "active": [i % 3 != 0 for i in range(n)],
        "since": [dt.date(2020, 1, 23) + dt.timedelta(days=i % 28) for i in range(n)],
        "updated": [dt.datetime(2020, 2, 19, 8) - dt.timedelta(minutes=17 * i) for i in range(n)],
        "note": ["" if i % 5 else f"note {i}" for i in range(n)],
    })


def trivial() -> None:
    st.write("hello")


def table() -> None:
    st.dataframe(hundred_rows())


st.set_page_config(page_title="reference", layout="wide")  # wide, as the app's pages
st.navigation([st.Page(trivial, title="trivial", url_path="trivial", default=True),
               st.Page(table, title="table", url_path="table")]).run()
'''

# Installed before any page script: records, in the page's own clock, the last DOM mutation, the last mousedown and
# whether the server has sent anything since (a run happened: a quick run may go "running" and back to "notRunning"
# in one render, so the script-state attribute alone does not show it).
STILLNESS_SCRIPT = """
(() => {
  const s = window.__still = {click: null, last: performance.now(), ran: false};
  new MutationObserver(() => { s.last = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  window.addEventListener('mousedown', () => { s.click = performance.now(); }, true);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { if (s.click !== null) s.ran = true; });
    }
  };
})();
"""
STILL = """([quiet, clicked, rendered]) => {
  const s = window.__still;
  return (!clicked || s.ran) && document.querySelector(rendered) !== null && performance.now() - s.last >= quiet;
}"""


class Broken(Exception):
    """A page showed an exception or never came to rest."""


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- servers ---------------------------------------------------------------------------------------------
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
def streamlit_run(script: str, cwd: Path, log: Path, env: dict[str, str]) -> Iterator[str]:
    """`streamlit run script` in cwd on a free port; yields its URL once /_stcore/health answers."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "streamlit"), "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{script} did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def build_database(path: Path, password: str) -> None:
    """The demo compound and the demo accounts, all with `password`, in a fresh file."""
    from coordpanel import seed
    from coordpanel.core import auth
    from coordpanel.core.db import Database

    database = Database(path)
    try:
        seed.demo.build(database)
        auth.create_demo_accounts(database, auth.CLI_USER, password)
    finally:
        database.close()


# --- the browser -----------------------------------------------------------------------------------------
def wait_still(page, quiet: int, clicked: bool) -> None:
    page.wait_for_function(STILL, arg=[quiet, clicked, RENDERED], polling=50, timeout=TIMEOUT_MS)


def click_to_still(page, target, name: str, quiet: int) -> float:
    """ms from the mousedown on `target` to the last DOM mutation before `quiet` ms of stillness."""
    wait_still(page, quiet, clicked=False)
    page.evaluate("() => { window.__still.click = null; window.__still.ran = false; }")
    target.click()
    try:
        wait_still(page, quiet, clicked=True)
    except Exception as exc:  # Playwright's TimeoutError
        state = page.evaluate("() => [performance.now(), window.__still, document.querySelector('[data-testid=stApp]')"
                              "?.getAttribute('data-test-script-state')]")
        raise Broken(f"{name}: no still screen within {TIMEOUT_MS} ms (now, stillness, script state: {state})") from exc
    if page.locator(EXCEPTION).count():
        raise Broken(f"{name}: the page shows an exception")
    return page.evaluate("() => window.__still.last - window.__still.click")


def _new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(STILLNESS_SCRIPT)
    return context.new_page()


def sign_in(page, url: str, user: str, password: str) -> None:
    page.goto(url)
    page.wait_for_selector(RENDERED, timeout=TIMEOUT_MS)
    form = page.locator('[data-testid="stForm"]').filter(has=page.locator('input[type="password"]'))
    form.wait_for(timeout=TIMEOUT_MS)
    form.locator('[data-testid="stTextInput"] input:not([type="password"])').fill(user)
    form.locator('input[type="password"]').fill(password)
    form.locator('[data-testid="stFormSubmitButton"] button').click()
    form.wait_for(state="detached", timeout=TIMEOUT_MS)
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=TIMEOUT_MS)


def app_targets(page, quiet: int) -> list[tuple[str, str, list[str]]]:
    """(page title, url, its other tabs' names) for each page of the admin's nav, read from the browser."""
    from coordpanel.core import i18n
    from coordpanel.ui import frame, views

    tabbed = set(views.tabbed())
    nav = page.locator('[data-testid="stSidebarNav"]')
    found = []
    for spec in frame.PAGES:
        title = i18n.t(spec.title, i18n.DEFAULT)
        link = nav.get_by_text(title, exact=True)
        if not link.count():
            continue
        click_to_still(page, link, title, quiet)
        tabs = page.get_by_role("tab").all_inner_texts() if spec.url in tabbed else []
        found.append((title, spec.url, [name.strip() for name in tabs[1:]]))
    return found


def bench(work: Path, runs: int, quiet: int, only: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    password = os.environ.get("COORDPANEL_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    build_database(work / "coordpanel.duckdb", password)
    reference = work / "reference"
    (reference / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", reference / ".streamlit" / "config.toml")  # same theme, no magic
    (reference / "reference_app.py").write_text(REFERENCE_APP, encoding="utf-8")

    with (streamlit_run("app.py", ROOT, work / "app.log", {"COORDPANEL_DB": str(work / "coordpanel.duckdb")}) as app_url,
          streamlit_run("reference_app.py", reference, work / "reference.log", {}) as reference_url,
          sync_playwright() as playwright):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # a context each: cookies are per host, not per port, and the two servers' would mix
        app, ref = (_new_page(browser) for _ in range(2))
        print(f"coordpanel browser benchmark: {runs} warm rounds, round-robin, quiet period {quiet} ms; "
              f"app {app_url}, reference {reference_url}", flush=True)
        try:
            ref.goto(reference_url)
            ref.wait_for_selector(RENDERED)
            ref_nav = ref.locator('[data-testid="stSidebarNav"]')
            ref_links = {TABLE: ref_nav.get_by_text("table", exact=True), TRIVIAL: ref_nav.get_by_text("trivial", exact=True)}
            app.bring_to_front()
            sign_in(app, app_url, "admin", password)
            nav = app.locator('[data-testid="stSidebarNav"]')
            every = app_targets(app, quiet)  # visits every page once
            pages = [p for p in every if not only or any(o in p[0] for o in only)]
            if not pages:
                raise SystemExit(f"no page's title contains any of {only}: {[p[0] for p in every]}")
            elsewhere = next((p[0] for p in every if p not in pages), None)
            shown = [every[-1][0]]  # the page the app is on
            times: dict[str, list[float]] = {TRIVIAL: [], TABLE: []}
            for title, _, tabs in pages:
                times[title] = []
                times |= {f"{title} › {tab}": [] for tab in tabs}

            def one_round(record: bool) -> None:
                for title, _, tabs in pages:
                    ref.bring_to_front()
                    for name, link in ref_links.items():
                        elapsed = click_to_still(ref, link, name, quiet)
                        if record:
                            times[name].append(elapsed)
                    app.bring_to_front()
                    if shown[0] == title and elsewhere:  # a page is timed coming from another one, not from itself
                        click_to_still(app, nav.get_by_text(elsewhere, exact=True), elsewhere, quiet)
                    elapsed = click_to_still(app, nav.get_by_text(title, exact=True), title, quiet)
                    shown[0] = title
                    if record:
                        times[title].append(elapsed)
                    for tab in tabs:
                        name = f"{title} › {tab}"
                        elapsed = click_to_still(app, app.get_by_role("tab", name=tab, exact=True), name, quiet)
                        if record:
                            times[name].append(elapsed)

            one_round(record=False)  # warm: every tab once too
            for n in range(runs):
                one_round(record=True)
                print(f"  round {n + 1}/{runs} done", flush=True)
        except Broken as exc:
            print(f"\n{exc}\nserver log:\n{(work / 'app.log').read_text(errors='replace')[-4000:]}", file=sys.stderr)
            return 1
        finally:
            browser.close()
    report(times, runs)
    return 0


def _pad(text: str, width: int) -> str:
    """Left-justify in terminal columns: a Han character takes two."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - shown)


def report(times: dict[str, list[float]], runs: int) -> None:
    """Medians in ms, and ratios as the median over rounds of a target's time over the reference's median in that
    round: the machine's load drifts, and each round's reference saw the same load as its targets."""
    def per_round(name: str) -> list[float]:
        values = times[name]
        size = len(values) // runs
        return [statistics.median(values[r * size:(r + 1) * size]) for r in range(runs)]

    table, trivial = per_round(TABLE), per_round(TRIVIAL)
    width = 40
    header = f"{_pad('page / tab', width)}  {'median ms':>9}  {'p90 ms':>7}  {'x table':>7}  {'x trivial':>9}"
    print()
    print(header)
    print("-" * (len(header) + 6))
    over = 0
    for name, values in times.items():
        rounds = per_round(name)
        to_table = statistics.median(v / ref for v, ref in zip(rounds, table, strict=True))
        to_trivial = statistics.median(v / ref for v, ref in zip(rounds, trivial, strict=True))
        mark = "  OVER" if name not in (TABLE, TRIVIAL) and to_table > GOAL else ""
        over += bool(mark)
        print(f"{_pad(name, width)}  {statistics.median(values):>9.0f}  {percentile(values, 90):>7.0f}  {to_table:>7.2f}  "
              f"{to_trivial:>9.2f}{mark}")
    counted = len(times) - 2
    print()
    print(f"{counted - over} of {counted} pages and tabs within {GOAL:.1f}x the 100-row table page "
          f"({statistics.median(times[TABLE]):.0f} ms; the trivial page {statistics.median(times[TRIVIAL]):.0f} ms); {over} over.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm rounds (default 5)")
    parser.add_argument("--quiet-ms", type=int, default=300, help="stillness that ends a measurement (default 300)")
    parser.add_argument("--only", metavar="TITLE", action="append",
                        help="time only the pages whose nav title contains TITLE (repeatable; the references always)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.quiet_ms < 50:
        parser.error("--runs must be at least 1 and --quiet-ms at least 50")
    if not Path(CHROMIUM).exists():
        parser.error(f"Chromium not found at {CHROMIUM}")
    with tempfile.TemporaryDirectory(prefix="coordpanel-browser-bench-", ignore_cleanup_errors=True) as folder:
        return bench(Path(folder), args.runs, args.quiet_ms, args.only)


if __name__ == "__main__":
    sys.exit(main())
