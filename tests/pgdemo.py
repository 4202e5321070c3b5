"""The demo compound in one PostgreSQL database shared by a test module, put back as built before each test.

Building the demo on PostgreSQL costs ~0.35 s and a new database ~0.25 s; putting the demo back (tests/pgreset.py:
every table emptied, every sequence as it was, the demo's ~1,200 rows inserted again) ~50 ms. So the feature and page
tests run on PostgreSQL as on DuckDB, each on a demo of its own."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pgreset
from psycopg import sql

from coordpanel import seed
from coordpanel.core import pg
from coordpanel.core.db import Database

_urls = itertools.count(1)


def shared(url: str, build: Callable[[Database], object] = seed.demo.build) -> pgreset.Shared:
    """Build the demo (or what `build` makes) in the new database at `url` and keep its rows (read through the app's
    own psycopg connection, whose TIME loader reads a gate's closing time 24:00, where psycopg's own loader fails)."""
    database = Database(url)
    build(database)
    database.close()
    baseline = {}
    with pg.connect(url) as conn:
        for table in pgreset._tables(conn):
            cur = conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
            rows = cur.fetchall()
            if rows:
                baseline[table] = ([d.name for d in cur.description], rows)
        sequences = conn.execute(pgreset.SEQUENCES).fetchall()
    return pgreset.Shared(url, baseline, sequences)


def fresh_url(demo: pgreset.Shared) -> str:
    """The demo put back as built, under a URL of its own (the same database, another application_name).

    The app keys its connection and its page data by the database's path and data version (the newest audit id).
    A reset takes the data version back, so a later test that writes would reach the version an earlier test's write
    had, and be shown that test's cached pages; a URL of its own gives each test its own caches."""
    if demo.database is not None and not demo.database.closed:
        demo.database.pg.rollback()
    pgreset.reset(demo.url, demo.baseline, demo.sequences)
    return f"{demo.url}?application_name=cp_test_{next(_urls)}"


def close_app_database(url: str) -> None:
    """Close the connection the app (ui/session.py) opened for `url` in this process, so that a module's page tests
    do not hold a connection each until the module's database is dropped."""
    import sys

    session = sys.modules.get("coordpanel.ui.session")
    opened = session._OPENED.pop(url, None) if session is not None else None
    if opened is not None and not opened.closed:
        opened.close()


def assert_app_on(target) -> None:
    """The app (AppTest runs in this process) opened the database the test named, on its backend: a test meant for
    PostgreSQL cannot pass on DuckDB by mistake."""
    from coordpanel.ui import session

    opened = session._OPENED.get(str(target))
    assert opened is not None, f"the app did not open {target}"
    assert opened.backend == ("postgres" if str(target).startswith("postgresql://") else "duckdb")
