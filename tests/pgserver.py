"""The PostgreSQL server the tests use (COORDPANEL_TEST_PG): a new database per test, dropped afterwards.

Without the variable the PostgreSQL tests are skipped, saying how to run them (`tools/pgcluster.sh start` prints a
URL); under CI=true they must run, and a missing server fails them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from coordpanel.core import pg

SERVER = os.environ.get("COORDPANEL_TEST_PG", "")
HOWTO = ("PostgreSQL tests skipped: set COORDPANEL_TEST_PG to a server URL, e.g. the one "
         "`tools/pgcluster.sh start` prints (postgresql://postgres@127.0.0.1:PORT/postgres)")


def header() -> str:
    return f"PostgreSQL tests on {pg.redacted(SERVER)}" if SERVER else HOWTO


def require() -> str:
    """The server URL, or skip (fail under CI=true)."""
    if not SERVER:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true needs COORDPANEL_TEST_PG (.ci/run starts a cluster and sets it)")
        pytest.skip(HOWTO)
    return SERVER


@contextmanager
def new_database() -> Iterator[str]:
    """A URL of a new, empty database on the test server, dropped (with its connections) when done."""
    import psycopg
    from psycopg import sql

    server = require()
    name = f"cp_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = server.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
