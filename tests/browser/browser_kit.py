"""What the browser tests share: Debian's Chromium driven by Playwright, a real `streamlit run app.py` on a free port
over a demo database file of its own, and helpers that sign in and wait for a run to finish.

Playwright's own browser download is never used. The in-process AppTest tests keep conftest's `demo_file` open,
and DuckDB lets only one process open a file, so each server builds its own."""


from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

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


def login_form(page: Page):
    return page.locator('[data-testid="stForm"]').filter(has=page.locator(PASSWORD_INPUT))


def sign_in(page: Page, user: str):
    """Fill the sign-in form with a demo account and submit it; returns the form's locator."""
    login = login_form(page)
    login.locator(f'[data-testid="stTextInput"] input:not({PASSWORD_INPUT})').fill(user)
    login.locator(PASSWORD_INPUT).fill(PASSWORD)
    login.locator('[data-testid="stFormSubmitButton"] button').click()
    return login


def open_overview(page: Page, url: str, user: str = USER) -> None:
    """Load the app, sign in if it asks, and wait until the run finished and the metrics are drawn (not skeletons)."""
    page.goto(url)
    page.wait_for_selector(RENDERED, timeout=RENDER_TIMEOUT)
    # "notRunning" comes before the elements are drawn: wait for the one or the other before deciding
    page.locator(f"{METRIC}, {PASSWORD_INPUT}").first.wait_for(timeout=RENDER_TIMEOUT)
    if login_form(page).count():
        expect(sign_in(page, user)).to_have_count(0, timeout=RENDER_TIMEOUT)
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
