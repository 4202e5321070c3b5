"""PostgreSQL against the DuckDB file: the pages, a roster save and the district summary at N = 200 compounds.

    COORDPANEL_TEST_PG=postgresql://postgres@127.0.0.1:PORT/postgres .venv/bin/python bench/backends.py [--runs N]
        [--compounds 200] [--weeks 2]

The PostgreSQL server is COORDPANEL_BENCH_PG or else COORDPANEL_TEST_PG (`tools/pgcluster.sh start` prints one); the
benchmark makes a database of its own there and drops it at the end. Without a server it says so and stops.

`seed.district.generate` builds the same district (same seed) into a DuckDB file and into PostgreSQL. If it fails on
PostgreSQL, the failure is printed as it came and the build is tried once more with the stand-in named in the output
(so the rest can be measured); the figures then say so.

Then, in this one process (the app opens one Database per COORDPANEL_DB value, as a server does), with the admin
signed in and the district's first compound (the demo compound) chosen:
- every file of pages/ and a trivial page under AppTest, backend after backend, once cold, then N rounds warm (the
  pages' cached reads), then N rounds right after a write on each backend (the data version changes, so every
  cached read is redone: what a page costs while planners are saving, and where the backend shows); per page the
  PostgreSQL median over the DuckDB median (goal: within 1.5x);
- a roster check (roster.week.check_week) and a save of one change to the demo week (roster.saving.save, which
  checks the rules again inside its transaction) on each backend (goal on PostgreSQL: check + save under 100 ms);
- the district summary (district.summary.aggregate, one query over every compound) on each backend.
Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from coordpanel import district, roster, seed
from coordpanel.core import auth

ROOT = Path(__file__).resolve().parent.parent
MONDAY = dt.date(2020, 2, 17)  # the demo week, the current week of every generated compound
PAGE_GOAL, SAVE_GOAL_MS = 1.5, 100.0
TRIVIAL = "(trivial page)"
TRIVIAL_SOURCE = 'import streamlit as st\nst.write("hello")\n'
ADMIN = auth.User(None, "admin", "admin")


def server_url() -> str | None:
    return os.environ.get("COORDPANEL_BENCH_PG") or os.environ.get("COORDPANEL_TEST_PG") or None


def create_database(server: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg
    from psycopg import sql

    name = f"cp_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"{server.rpartition('/')[0]}/{name}"


def drop_database(server: str, url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.rpartition("/")[2])))


# --- building the district ----------------------------------------------------------------------------------

def time_24_loader():
    """Stand-in used only if the plain build fails: psycopg reads PostgreSQL's TIME '24:00:00' (a gate open until
    midnight) as the text '24:00:00', as DuckDB hands it to Python, instead of failing (datetime.time has no 24)."""
    from psycopg.types.datetime import TimeLoader

    class Time24Loader(TimeLoader):
        def load(self, data):
            return "24:00:00" if bytes(data) == b"24:00:00" else super().load(data)

    return Time24Loader


def generate(target, compounds: int, weeks: int, stand_in: bool = False) -> tuple[float, list[int]]:
    from coordpanel.core.db import Database

    database = Database(target)
    try:
        if stand_in:
            database.pg.adapters.register_loader("time", time_24_loader())
        start = time.perf_counter()
        ids = seed.district.generate(database, compounds, weeks=weeks)
        return time.perf_counter() - start, ids
    finally:
        database.close()


def build_postgres(server: str, compounds: int, weeks: int) -> tuple[str, float, list[int], str | None]:
    """The district in a new PostgreSQL database: (URL, seconds, compound ids, the stand-in used or None)."""
    url = create_database(server)
    try:
        seconds, ids = generate(url, compounds, weeks)
        return url, seconds, ids, None
    except Exception as exc:  # reported as it came, then measured with the stand-in
        failure = f"{type(exc).__module__}.{type(exc).__name__}: {str(exc).splitlines()[0]}"
        print(f"seed.district.generate FAILED on PostgreSQL: {failure}", flush=True)
        drop_database(server, url)
    url = create_database(server)
    seconds, ids = generate(url, compounds, weeks, stand_in=True)
    note = "psycopg loader for TIME '24:00:00' (see time_24_loader)"
    print(f"built again with a stand-in: {note}", flush=True)
    return url, seconds, ids, note


# --- pages ------------------------------------------------------------------------------------------------

def time_pages(targets: dict[str, str], compound: int, runs: int, work: Path) -> dict[str, dict[tuple[str, str], list[float]]]:
    """Per kind (cold, warm, after_write), per (backend, page): the run times in ms. A page that raises on a
    backend is recorded under kind 'failed'."""
    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the current directory
    os.environ["COORDPANEL_DB"] = next(iter(targets.values()))
    from streamlit.testing.v1 import AppTest

    from coordpanel.core.db import Database

    for noisy in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
        logging.getLogger(noisy).disabled = True
    trivial = work / "trivial.py"
    trivial.write_text(TRIVIAL_SOURCE, encoding="utf-8")
    files = {TRIVIAL: trivial, **{p.relative_to(ROOT).as_posix(): p for p in sorted((ROOT / "pages").glob("*.py"))}}
    apps: dict[tuple[str, str], AppTest] = {}
    times: dict[str, dict] = {"cold": {}, "warm": {}, "after_write": {}, "failed": {}}

    def run(kind: str, backend: str, name: str) -> None:
        if (backend, name) in times["failed"]:
            return
        os.environ["COORDPANEL_DB"] = targets[backend]
        at = apps[(backend, name)]
        start = time.perf_counter()
        at.run()
        times[kind].setdefault((backend, name), []).append((time.perf_counter() - start) * 1000)
        if at.exception:
            times["failed"][(backend, name)] = "; ".join(str(getattr(e, "value", e))[:300] for e in at.exception)

    for name, file in files.items():
        for backend in targets:
            at = AppTest.from_file(str(file), default_timeout=120)
            at.session_state["user"] = ADMIN
            at.session_state["compound_id"] = compound
            apps[(backend, name)] = at
            run("cold", backend, name)
    for _ in range(runs):
        for name in files:
            for backend in targets:
                run("warm", backend, name)
    writers = {backend: Database(target) for backend, target in targets.items()}
    try:
        for _ in range(runs):
            for writer in writers.values():
                with writer.transaction("bench", "bench tick"):
                    pass
            time.sleep(1.1)  # the app reads the data version at most once a second
            for name in files:
                for backend in targets:
                    run("after_write", backend, name)
    finally:
        for writer in writers.values():
            writer.close()
    return times


def page_table(times: dict, kind: str, title: str) -> dict[str, float]:
    """Print one row per page: the median per backend and PostgreSQL over DuckDB; return those ratios."""
    names = list(dict.fromkeys(name for _, name in times["cold"]))
    width = max(len(n) for n in names)
    header = f"{'page':<{width}}  {'DuckDB ms':>10}  {'PostgreSQL ms':>13}  {'PG/DuckDB':>9}"
    print(f"\n{title}\n{header}\n{'-' * len(header)}")
    ratios = {}
    for name in names:
        duck, post = (times[kind].get((b, name)) for b in ("duckdb", "postgres"))
        duck_ms = statistics.median(duck) if duck else float("nan")
        post_ms = statistics.median(post) if post else float("nan")
        ratios[name] = post_ms / duck_ms if duck and post else float("nan")
        print(f"{name:<{width}}  {duck_ms:>10.1f}  {post_ms:>13.1f}  {ratios[name]:>9.2f}")
    return ratios


# --- a roster save and the district summary ---------------------------------------------------------------

def toggle_pair(db, compound: int) -> tuple[int, int]:
    """A future shift of the demo week and a person the rules offer for it: adding and removing them in turn is a
    save of one change that the rules allow."""
    from coordpanel.core import clock

    week = roster.week.load_week(db, compound, MONDAY)
    rules = roster.week.load_rules(db)
    now = clock.today(db)
    for row in week.shifts.itertuples():
        if row.starts_at > now + dt.timedelta(days=1):
            offered = [c.person.id for c in roster.candidates.candidates(week, week.crews, int(row.shift_id), rules)
                       if c.offered]
            if offered:
                return int(row.shift_id), offered[0]
    raise SystemExit("no future shift of the demo week has a person the rules offer")


def time_roster(target: str, compound: int, runs: int, stand_in: bool) -> dict[str, tuple[float, float]]:
    """Median and fastest ms of: the check of the demo week as saved (roster.week.check_week: its reads and the
    rules), a save of one change to it (roster.saving.save, the week already loaded as the editor has it: the
    rights, the week re-read and the rules checked again inside the transaction, the writes, the audit, the commit),
    the two together, and the district summary."""
    from coordpanel.core.db import Database

    db = Database(target)
    if stand_in and db.pg is not None:
        db.pg.adapters.register_loader("time", time_24_loader())
    planner = auth.User(None, "bench", "planner")
    try:
        shift, person = toggle_pair(db, compound)
        times: dict[str, list[float]] = {"check": [], "save": [], "check + save": [], "district summary": []}
        for n in range(runs + 1):  # the first round warms up, uncounted
            week = roster.week.load_week(db, compound, MONDAY)
            crew = week.crews[shift]
            crew = [p for p in crew if p != person] if person in crew else [*crew, person]
            start = time.perf_counter()
            roster.week.check_week(db, compound, MONDAY)
            checked = time.perf_counter()
            roster.saving.save(db, planner, week, {shift: crew})
            saved = time.perf_counter()
            district.summary.aggregate(db, MONDAY)
            if n:
                times["check"].append((checked - start) * 1000)
                times["save"].append((saved - checked) * 1000)
                times["check + save"].append((saved - start) * 1000)
                times["district summary"].append((time.perf_counter() - saved) * 1000)
        return {what: (statistics.median(found), min(found)) for what, found in times.items()}
    finally:
        db.close()


READS = ("roster/assignments", "roster/staffing", "people/for_roster", "district/summary")


def time_reads(targets: dict[str, str], compound: int, runs: int) -> dict[str, dict[str, float]]:
    """Median ms of a few named reads of the pages: on the DuckDB file, on PostgreSQL through DuckDB's attach (as
    the app runs them), and the same text run by PostgreSQL itself (psycopg), to show where the time goes."""
    import psycopg

    from coordpanel.core.db import Database
    from coordpanel.core.queries import load_pg_query, load_query

    start = dt.datetime.combine(MONDAY, dt.time())
    params = {"compound_id": compound, "from": start, "to": start + dt.timedelta(days=7)}
    duck, attached = Database(targets["duckdb"]), Database(targets["postgres"])
    direct = psycopg.connect(targets["postgres"], autocommit=True)
    try:
        ways = {"DuckDB file": lambda sql, p: duck.cursor().execute(sql, p).fetchall(),
                "PG via attach": lambda sql, p: attached.cursor().execute(sql, p).fetchall(),
                "PG itself": lambda sql, p: direct.execute(sql, p).fetchall()}
        result: dict[str, dict[str, float]] = {}
        for name in READS:
            text = load_query(name)
            wanted = {k: v for k, v in params.items() if f"${k}" in text}
            result[name] = {}
            for way, run in ways.items():
                sql = load_pg_query(name) if way == "PG itself" else text
                run(sql, wanted)
                times = []
                for _ in range(runs):
                    began = time.perf_counter()
                    run(sql, wanted)
                    times.append((time.perf_counter() - began) * 1000)
                result[name][way] = statistics.median(times)
        return result
    finally:
        direct.close()
        duck.close()
        attached.close()


# --- the report -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="rounds per page and backend, and per timed call (default 10)")
    parser.add_argument("--compounds", type=int, default=200, help="compounds in the district (default 200)")
    parser.add_argument("--weeks", type=int, default=2, help="roster weeks per compound (default 2)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.compounds < 1 or args.weeks < 1:
        parser.error("--runs, --compounds and --weeks must be at least 1")
    server = server_url()
    if not server:
        print("bench/backends.py needs a PostgreSQL server: set COORDPANEL_BENCH_PG or COORDPANEL_TEST_PG to its URL "
              "(`tools/pgcluster.sh start` prints one)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="coordpanel-backends-", ignore_cleanup_errors=True) as folder:
        return bench(Path(folder), server, args)


def bench(work: Path, server: str, args: argparse.Namespace) -> int:
    from coordpanel.core import pg

    print(f"coordpanel backends benchmark: N = {args.compounds} compounds, W = {args.weeks} weeks, {args.runs} runs; "
          f"PostgreSQL on {pg.redacted(server)}", flush=True)
    file = work / "district.duckdb"
    seconds, ids = generate(file, args.compounds, args.weeks)
    print(f"built on the DuckDB file:  {seconds:6.1f} s", flush=True)
    url, pg_seconds, pg_ids, stand_in = build_postgres(server, args.compounds, args.weeks)
    try:
        print(f"built on PostgreSQL:       {pg_seconds:6.1f} s{' (with the stand-in)' if stand_in else ''}", flush=True)
        if ids != pg_ids:
            raise SystemExit(f"the two districts differ: compound ids {ids[:3]}... and {pg_ids[:3]}...")
        targets = {"duckdb": str(file), "postgres": url}
        times = time_pages(targets, ids[0], args.runs, work)
        for (backend, name), error in times["failed"].items():
            print(f"{name} raised on {backend}: {error}", flush=True)
        page_table(times, "cold", "cold (first run; the first pages also pay the imports)")
        page_table(times, "warm", "warm median (the pages' cached reads; the data version read at most once a second)")
        ratios = page_table(times, "after_write", "median right after a write (every cached read redone)")
        print()
        for name, ratio in ratios.items():
            if name != TRIVIAL:
                verdict = "within" if ratio <= PAGE_GOAL else "OVER" if ratio == ratio else "not measured:"
                print(f"{name} after a write: PostgreSQL {ratio:.2f}x the DuckDB file, {verdict} the goal of {PAGE_GOAL}x")
        results = {backend: time_roster(target, ids[0], args.runs, bool(stand_in)) for backend, target in targets.items()}
        print(f"\nthe demo week (compound {ids[0]}) and the district at N = {args.compounds}: median (fastest) ms")
        header = f"{'':<18}  {'DuckDB file':>16}  {'PostgreSQL':>16}  {'PG/DuckDB':>9}"
        print(f"{header}\n{'-' * len(header)}")
        for what in results["duckdb"]:
            (duck, duck_min), (post, post_min) = results["duckdb"][what], results["postgres"][what]
            print(f"{what:<18}  {f'{duck:.1f} ({duck_min:.1f})':>16}  {f'{post:.1f} ({post_min:.1f})':>16}  "
                  f"{post / duck:>9.2f}")
        reads = time_reads(targets, ids[0], args.runs)
        ways = list(next(iter(reads.values())))
        print(f"\nnamed reads of one compound's week (and the district summary) at N = {args.compounds}: median ms")
        header = f"{'query':<20}" + "".join(f"  {way:>14}" for way in ways)
        print(f"{header}\n{'-' * len(header)}")
        for name, found in reads.items():
            print(f"{name:<20}" + "".join(f"  {found[way]:>14.1f}" for way in ways))
        total = results["postgres"]["check + save"][0]
        print(f"\nroster check + save on PostgreSQL: {total:.1f} ms, "
              f"{'within' if total <= SAVE_GOAL_MS else 'OVER'} the goal of {SAVE_GOAL_MS:.0f} ms")
        if stand_in:
            print(f"(PostgreSQL figures measured with the stand-in: {stand_in})")
    finally:
        drop_database(server, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
