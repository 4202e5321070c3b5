"""Fixtures of the browser tests: one server and one Chromium per module, a signed-in desktop page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_kit import CHROMIUM, CHROMIUM_ARGS, DESKTOP, RENDER_TIMEOUT, open_overview, serve
from playwright.sync_api import Browser, Page, sync_playwright


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


