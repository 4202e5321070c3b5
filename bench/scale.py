"""Does a page's cost grow with the district? Each page's time under AppTest at N = 1, 20 and 200 compounds.

    .venv/bin/python bench/scale.py [--runs N] [--sizes 1,20,200] [--weeks 2] [--no-w12]

Builds one database file per size with `seed.district.generate` (W = 2 roster weeks: the pages show the current week),
and once more N = 200 with W = 12 to time the full build; each build runs in a child process.

Timing runs in one child process that holds every size's file at once (the app opens one connection per
COORDPANEL_DB path and reads the variable at every run), so sizes are measured interleaved: page by page, size by
size, round after round, and the machine's noise falls on every size alike. The admin is signed in and compound 0
(the demo compound, the same at every size) is chosen. Every file of pages/ and a trivial one-line page run once
cold, then N rounds warm; then N rounds more, each right after a write (a save changes the data version that keys
the app's caches, so every cached read is redone: what a page costs while planners are saving).

Peak memory (ru_maxrss) is measured per size in a child process of its own that runs every page a few times.

Goals (issue 7): a compound page at N = 200 ≤ 1.25 × its time at N = 1; a district page ≤ 10 × the trivial page;
peak memory at N = 200 ≤ 600 MB. They are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coordpanel import seed
from coordpanel.core import auth

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "(trivial page)"
TRIVIAL_SOURCE = 'import streamlit as st\nst.write("hello")\n'
PAGE_GOAL, TRIVIAL_GOAL, MEMORY_GOAL_MB = 1.25, 10.0, 600


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- child processes -----------------------------------------------------------------------------------

def build(path: Path, compounds: int, weeks: int) -> dict:
    from coordpanel.core.db import Database
    from coordpanel.core.queries import run_query

    start = time.perf_counter()
    database = Database(path)
    try:
        ids = seed.district.generate(database, compounds, weeks=weeks)
        run_query(database.cursor(), "db/checkpoint")
    finally:
        database.close()
    return {"seconds": time.perf_counter() - start, "first_compound": ids[0], "peak_rss_mb": peak_rss_mb(),
            "file_mb": path.stat().st_size / 2**20}


def pages(paths: list[Path], compounds: list[int], runs: int, work: Path) -> dict:
    """Medians per size (by index into `paths`) and page: cold, warm, right after a write."""
    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the current directory
    os.environ["COORDPANEL_DB"] = str(paths[0])
    from streamlit.testing.v1 import AppTest

    from coordpanel.core.db import Database

    for noisy in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
        logging.getLogger(noisy).disabled = True
    trivial = work / "trivial.py"
    trivial.write_text(TRIVIAL_SOURCE, encoding="utf-8")
    files = {TRIVIAL: trivial, **{p.relative_to(ROOT).as_posix(): p for p in sorted((ROOT / "pages").glob("*.py"))}}
    sizes = range(len(paths))
    apps: dict[tuple[int, str], AppTest] = {}
    failed: dict[str, str] = {}
    times: dict[str, dict[tuple[int, str], list[float]]] = {"cold": {}, "warm": {}, "after_write": {}}

    def run(kind: str, size: int, name: str) -> None:
        if name in failed:
            return
        os.environ["COORDPANEL_DB"] = str(paths[size])
        at = apps[(size, name)]
        start = time.perf_counter()
        at.run()
        times[kind].setdefault((size, name), []).append((time.perf_counter() - start) * 1000)
        if at.exception:
            failed[name] = f"at size #{size}: " + "; ".join(str(getattr(e, "value", e))[:200] for e in at.exception)

    for name, file in files.items():
        for size in sizes:
            at = AppTest.from_file(str(file), default_timeout=120)
            at.session_state["user"] = auth.User(None, "admin", "admin")
            at.session_state["compound_id"] = compounds[size]
            apps[(size, name)] = at
            run("cold", size, name)
    for _ in range(runs):
        for name in files:
            for size in sizes:
                run("warm", size, name)
    # the same DuckDB instances as the app's connections: one process, one instance per file
    writers = [Database(path) for path in paths]
    for _ in range(runs):
        for writer in writers:
            with writer.transaction("bench", "bench tick"):
                pass
        time.sleep(1.1)  # the app reads the data version at most once a second
        for name in files:
            for size in sizes:
                run("after_write", size, name)
    return {"medians": {kind: {f"{size}|{name}": statistics.median(v) for (size, name), v in found.items()}
                        for kind, found in times.items()},
            "failed": failed, "peak_rss_mb": peak_rss_mb()}


def child(args: argparse.Namespace) -> int:
    if args.child == "build":
        result = build(Path(args.db), args.compounds, args.weeks)
    else:
        with tempfile.TemporaryDirectory(prefix="coordpanel-scale-pages-") as work:
            result = pages([Path(p) for p in args.db.split(",")], [int(c) for c in args.compound.split(",")], args.runs,
                           Path(work))
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def in_child(*argv: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        sys.stdout.flush()
        print(done.stdout[-2000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"the child process {' '.join(argv[:2])} failed")
    return json.loads(lines[-1].removeprefix("RESULT "))


# --- the report ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="rounds per page and size, warm and after a write (default 10)")
    parser.add_argument("--sizes", default="1,20,200", help="numbers of compounds, comma-separated (default 1,20,200)")
    parser.add_argument("--weeks", type=int, default=2, help="roster weeks per compound for the page runs (default 2)")
    parser.add_argument("--no-w12", action="store_true", help="skip timing the N = 200, W = 12 build")
    parser.add_argument("--child", choices=("build", "pages"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--compounds", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--compound", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="coordpanel-scale-", ignore_cleanup_errors=True) as folder:
        return report(Path(folder), sizes, args.weeks, args.runs, not args.no_w12)


def report(work: Path, sizes: list[int], weeks: int, runs: int, full_build: bool) -> int:
    print(f"coordpanel scale benchmark: sizes {sizes}, {weeks} roster weeks, {runs} rounds per page", flush=True)
    paths = {n: work / f"district-{n}.duckdb" for n in sizes}
    built: dict[int, dict] = {}
    for n in sizes:
        built[n] = in_child("--child", "build", "--db", str(paths[n]), "--compounds", str(n), "--weeks", str(weeks))
        print(f"built N = {n:>3}, W = {weeks:>2}: {built[n]['seconds']:6.1f} s, file {built[n]['file_mb']:3.0f} MB, "
              f"peak memory {built[n]['peak_rss_mb']:.0f} MB", flush=True)
    if full_build:
        path = work / "district-200-w12.duckdb"
        full = in_child("--child", "build", "--db", str(path), "--compounds", "200", "--weeks", "12")
        print(f"built N = 200, W = 12: {full['seconds']:6.1f} s, file {full['file_mb']:3.0f} MB, "
              f"peak memory {full['peak_rss_mb']:.0f} MB (goal: under 120 s)", flush=True)
        path.unlink()

    timed = in_child("--child", "pages", "--db", ",".join(str(paths[n]) for n in sizes),
                     "--compound", ",".join(str(built[n]["first_compound"]) for n in sizes), "--runs", str(runs))
    for name, error in timed["failed"].items():
        print(f"{name} raised {error}", flush=True)
    medians = {kind: {(sizes[int(key.split("|")[0])], key.split("|", 1)[1]): v for key, v in found.items()}
               for kind, found in timed["medians"].items()}
    names = list(dict.fromkeys(name for _, name in medians["cold"]))
    for kind, title in (("cold", "cold (first run; the first coordpanel page also pays the imports)"),
                        ("warm", "warm median (cached reads)"),
                        ("after_write", "median right after a write (every cached read redone)")):
        table(medians[kind], sizes, names, title)

    base, largest = sizes[0], sizes[-1]
    print()
    for kind, label in (("warm", "warm"), ("after_write", "after a write")):
        for name in names:
            small, large = medians[kind].get((base, name)), medians[kind].get((largest, name))
            if name != TRIVIAL and small and large:
                # the 1.25x goal is for compound pages; a district-wide page shows every compound, so its work
                # grows with N by design (its goal, against the trivial page, follows)
                verdict = ("no goal: it shows every compound" if "district" in name
                           else "within the goal of" if large / small <= PAGE_GOAL else "OVER the goal of")
                goal = "" if "district" in name else f" {PAGE_GOAL}x"
                print(f"{label:>13}: {name} at N = {largest} is {large / small:.2f}x its time at N = {base}, {verdict}{goal}")
    trivial = medians["warm"].get((largest, TRIVIAL))
    for name in names:  # a district-wide page aggregates every compound: measured against the trivial page
        mine = medians["warm"].get((largest, name))
        if "district" in name and mine and trivial:
            verdict = "within" if mine / trivial <= TRIVIAL_GOAL else "OVER"
            print(f"{name} at N = {largest} is {mine / trivial:.2f}x the trivial page, {verdict} the goal of {TRIVIAL_GOAL}x")
    print()
    for n in sizes:  # each size alone in a process of its own, so that its peak memory is its own
        alone = in_child("--child", "pages", "--db", str(paths[n]), "--compound", str(built[n]["first_compound"]),
                         "--runs", "2")
        memory = alone["peak_rss_mb"]
        verdict = f", {'within' if memory <= MEMORY_GOAL_MB else 'OVER'} the goal of {MEMORY_GOAL_MB} MB" if n == largest else ""
        print(f"peak memory of a process serving every page at N = {n:>3}: {memory:.0f} MB{verdict}", flush=True)
    print(f"(the interleaved timing process held all sizes at once: {timed['peak_rss_mb']:.0f} MB)")
    return 0


def table(medians: dict[tuple[int, str], float], sizes: list[int], names: list[str], title: str) -> None:
    """One row per page: its time per size, the ratios to the smallest size, and to the trivial page at the largest."""
    base, largest = sizes[0], sizes[-1]
    width = max(len(name) for name in names)
    header = (f"{'page':<{width}}  " + "  ".join(f"{f'N={n} ms':>10}" for n in sizes)
              + "  " + "  ".join(f"{f'{n}/{base}':>7}" for n in sizes[1:]) + f"  {f'/trivial@{largest}':>14}")
    print(f"\n{title}")
    print(header)
    print("-" * len(header))
    trivial = medians.get((largest, TRIVIAL))
    for name in names:
        row = [medians.get((n, name)) for n in sizes]
        cells = "  ".join(f"{t:>10.1f}" if t is not None else f"{'-':>10}" for t in row)
        ratios = "  ".join(f"{t / row[0]:>7.2f}" if t is not None and row[0] else f"{'-':>7}" for t in row[1:])
        last = row[-1]
        print(f"{name:<{width}}  {cells}  {ratios}  {last / trivial if last and trivial else float('nan'):>14.2f}")


if __name__ == "__main__":
    sys.exit(main())
