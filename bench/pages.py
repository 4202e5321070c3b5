"""How long each page takes to run under AppTest, against a trivial one-line page as the yardstick.

    .venv/bin/python bench/pages.py [--runs N]
    .venv/bin/python bench/pages.py --browser [--runs N] [--only TITLE]   (the same as bench/browser_pages.py)

--browser times what a user waits for instead: every page and tab clicked in Chromium, from the click to a still
screen, warm, against a bare Streamlit page with one 100-row table served beside the app (bench/browser_pages.py).

Builds the demo compound in a temporary database file, signs in as the demo admin (who may see every page), runs each
file of pages/ and the trivial page once cold, then N times warm, round-robin so that the machine's noise falls on
every page alike. Prints cold, warm median and warm p90 in milliseconds and each page's median over the trivial
page's. The goal is a ratio of at most 3.0; it is reported, never asserted: speed is printed, not tested.
Cold is each page's first run in this one process: the trivial page goes first and pays for Streamlit's start, the
first coordpanel page then pays for importing the app's modules (plotly, pyarrow, ...), so cold times are indicative.
A page that raises stops the benchmark with a non-zero exit.

A page is what a user gets on opening it: its first view. Pages with several views keep the others in lazy tabs
that run only when opened; a second table times each such view the same way (for information: the goal is the
page's). AppTest reads and compiles a page script again on every run (the server compiles it once), which is one
reason the page scripts are short calls into coordpanel/ui/views.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coordpanel import seed
from coordpanel.core import auth

ROOT = Path(__file__).resolve().parent.parent
GOAL = 3.0
TRIVIAL = "(trivial page)"
TRIVIAL_SOURCE = 'import streamlit as st\nst.write("hello")\n'


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def build_database(folder: Path):
    """The demo compound and its accounts in a fresh file; returns the signed-in admin."""
    from coordpanel.core.db import Database

    database = Database(folder / "coordpanel.duckdb")
    try:
        seed.demo.build(database)
        password = auth.create_demo_accounts(database, auth.CLI_USER, None)
        return auth.authenticate(database, "admin", password)
    finally:
        database.close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--browser" in argv:
        import browser_pages  # beside this file

        return browser_pages.main([a for a in argv if a != "--browser"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--browser", action="store_true", help="time the pages in Chromium instead (bench/browser_pages.py)")
    parser.add_argument("--runs", type=int, default=30, help="warm runs per page (default 30)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the current directory
    with tempfile.TemporaryDirectory(prefix="coordpanel-bench-", ignore_cleanup_errors=True) as folder:
        return bench(Path(folder), args.runs)


def bench(work: Path, runs: int) -> int:
    user = build_database(work)
    os.environ["COORDPANEL_DB"] = str(work / "coordpanel.duckdb")  # before Streamlit and the app's cache see it
    trivial = work / "trivial.py"
    trivial.write_text(TRIVIAL_SOURCE, encoding="utf-8")

    from streamlit.testing.v1 import AppTest

    # AppTest outside pytest warns "missing ScriptRunContext" at every session_state write from this thread: noise
    for noisy in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
        logging.getLogger(noisy).disabled = True

    pages = {path.relative_to(ROOT).as_posix(): path for path in sorted((ROOT / "pages").glob("*.py"))}
    pages[TRIVIAL] = trivial
    apps: dict[str, AppTest] = {}
    cold: dict[str, float] = {}
    warm: dict[str, list[float]] = {name: [] for name in pages}

    def run(name: str) -> float:
        at = apps[name]
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception:
            # with client.showErrorDetails = "none" the element's message is redacted; Streamlit logs the traceback
            details = "\n".join(str(getattr(e, "value", e)) for e in at.exception)
            sys.stdout.flush()
            print(f"\n{name} raised an exception (traceback above); no timings for a broken page:\n{details}", file=sys.stderr)
            raise SystemExit(1)
        return elapsed

    print(f"coordpanel page benchmark: {runs} warm runs per page, round-robin; database {os.environ['COORDPANEL_DB']}", flush=True)
    for name in [TRIVIAL, *(name for name in pages if name != TRIVIAL)]:
        at = AppTest.from_file(str(pages[name]), default_timeout=60)
        at.session_state["user"] = user
        apps[name] = at
        cold[name] = run(name)
    for _ in range(runs):
        for name in pages:
            warm[name].append(run(name))

    baseline = statistics.median(warm[TRIVIAL])
    report(pages, cold, warm, baseline)
    views = time_views(AppTest, user, runs, apps[TRIVIAL])
    yardstick = statistics.median(views.pop((TRIVIAL, "")))
    print()
    print("every view of the tabbed pages, warm median ms and ratio to the trivial page timed alongside (for information;")
    print("the first view of each page is the page itself):")
    for (page, label), times in views.items():
        median = statistics.median(times)
        print(f"  {page:<22} {median:>7.1f}  {median / yardstick:>6.2f}  {label}")
    return 0


def timed(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise SystemExit(f"a view raised an exception: {[str(getattr(e, 'value', e)) for e in at.exception]}")
    return elapsed


def time_views(app_test, user, runs: int, trivial) -> dict[tuple[str, str], list[float]]:
    """Each tab of each tabbed page, opened through its view key, and the trivial page: warm, `runs` times round-robin."""
    from coordpanel.ui import views

    apps = {(TRIVIAL, ""): trivial}
    for name, module in sorted(views.tabbed().items()):
        page = ROOT / "pages" / f"{name}.py"
        first = app_test.from_file(str(page), default_timeout=60)
        first.session_state["user"] = user
        first.run()
        for label in [tab.label for tab in first.tabs]:
            at = app_test.from_file(str(page), default_timeout=60)
            at.session_state["user"] = user
            at.session_state[module.VIEW_KEY] = label
            timed(at)
            apps[(f"pages/{name}.py", label)] = at
    times: dict[tuple[str, str], list[float]] = {key: [] for key in apps}
    for _ in range(runs):
        for key, at in apps.items():
            times[key].append(timed(at))
    return times


def report(pages, cold, warm, baseline) -> None:
    width = max(len(name) for name in pages)
    header = f"{'page':<{width}}  {'cold ms':>9}  {'warm median ms':>14}  {'warm p90 ms':>11}  {'ratio':>6}"
    print()
    print(header)
    print("-" * len(header))
    ratios: dict[str, float] = {}
    for name in pages:
        median = statistics.median(warm[name])
        ratios[name] = median / baseline
        print(f"{name:<{width}}  {cold[name]:>9.1f}  {median:>14.1f}  {percentile(warm[name], 90):>11.1f}  {ratios[name]:>6.2f}")
    print()
    for name, ratio in ratios.items():
        if name == TRIVIAL:
            continue
        verdict = "within" if ratio <= GOAL else "OVER"
        print(f"{name}: {ratio:.2f}x the trivial page, {verdict} the goal of {GOAL:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
