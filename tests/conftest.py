"""Fixtures shared by unit, page and browser tests: databases built by the same demo builder the app uses."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from coordpanel import seed
from coordpanel.core.db import Database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db() -> Database:
    """An empty, migrated in-memory database."""
    database = Database(":memory:")
    yield database
    database.close()


@pytest.fixture(scope="module")
def demo_db() -> Database:
    """The demo compound in memory; read-only by convention (tests that write build their own)."""
    database = Database(":memory:")
    seed.demo.build(database)
    yield database
    database.close()


@pytest.fixture
def fresh_demo() -> Database:
    """The demo compound in memory, for one test that changes it."""
    database = Database(":memory:")
    seed.demo.build(database)
    yield database
    database.close()


def build_demo_file(path: Path) -> Path:
    """The demo compound in a new database file, closed again (another process or AppTest opens it)."""
    database = Database(path)
    seed.demo.build(database)
    database.close()
    return path


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """A demo database file, closed so that another process (the app server) can open it."""
    return build_demo_file(tmp_path_factory.mktemp("demo") / "coordpanel.duckdb")


@pytest.fixture
def page_db(tmp_path, monkeypatch) -> Path:
    """A fresh demo database file that in-process page runs (AppTest) open and may change."""
    path = build_demo_file(tmp_path / "page.duckdb")
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    return path


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    """A demo database file built once per test module, to be copied."""
    return build_demo_file(tmp_path_factory.mktemp("template") / "template.duckdb")


@pytest.fixture
def db_file(demo_template, tmp_path) -> Path:
    """A fresh copy of the demo database, not open in this process (the CLI and the pages open it)."""
    path = tmp_path / "coordpanel.duckdb"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def app_env(demo_file, monkeypatch):
    """Point in-process AppTest runs at the demo file. The file stays open in this process afterwards,
    so a browser test that starts a server must build its own file."""
    monkeypatch.setenv("COORDPANEL_DB", str(demo_file))
    yield demo_file


def pytest_report_header(config):
    import pgserver

    return pgserver.header()


@pytest.fixture
def pg_url():
    """A new, empty PostgreSQL database (skipped, saying how to run it, without a test server)."""
    import pgserver

    with pgserver.new_database() as url:
        yield url


@contextlib.contextmanager
def _demo_on(backend: str):
    """The demo compound in memory (DuckDB) or in a new PostgreSQL database, closed (and dropped) afterwards."""
    import pgserver

    with contextlib.ExitStack() as stack:
        url = ":memory:" if backend == "duckdb" else stack.enter_context(pgserver.new_database())
        database = Database(url)
        stack.callback(database.close)
        seed.demo.build(database)
        yield database


@pytest.fixture(params=["duckdb", "postgres"])
def backend_demo(request) -> Database:
    """The demo compound on each backend: in memory (DuckDB), and in a new PostgreSQL database."""
    with _demo_on(request.param) as database:
        yield database


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def backend_demo_shared(request) -> Database:
    """The demo compound on each backend, built once per test module: read-only by convention."""
    with _demo_on(request.param) as database:
        yield database


@pytest.fixture(scope="module")
def pg_shared():
    """One migrated PostgreSQL database per test module, put back as migrated for each test (tests/pgreset.py)."""
    import pgreset
    import pgserver

    with pgserver.new_database() as url:
        shared = pgreset.shared(url)
        yield shared
        shared.close()


@pytest.fixture(params=["duckdb", "postgres"])
def backend_db(request) -> Database:
    """An empty, migrated database on each backend: in memory (DuckDB); on PostgreSQL the module's database, emptied
    back to its migrated state (the Database may be the previous test's: a test that closes it gets a new one)."""
    if request.param == "postgres":
        yield request.getfixturevalue("pg_shared").fresh()
        return
    database = Database(":memory:")
    yield database
    database.close()


@pytest.fixture(scope="module")
def pg_demo():
    """The demo compound in one PostgreSQL database per test module, put back as built for each test (tests/pgdemo.py)."""
    import pgdemo
    import pgserver

    with pgserver.new_database() as url:
        demo = pgdemo.shared(url)
        yield demo
        demo.close()


@pytest.fixture(params=["duckdb", "postgres"])
def backend_fresh_demo(request) -> Database:
    """fresh_demo on each backend: in memory (DuckDB); on PostgreSQL the module's demo put back as built (the Database
    may be the previous test's: a test that closes it gets a new one)."""
    if request.param == "postgres":
        database = request.getfixturevalue("pg_demo").fresh()
        assert database.backend == "postgres"
        yield database
        return
    with _demo_on("duckdb") as database:
        yield database


def _backend_page_target(request, monkeypatch, duckdb_target: str) -> Path | str:
    """The demo as the app opens it (COORDPANEL_DB): a DuckDB file from the fixture named, or the module's PostgreSQL
    demo put back as built, under a URL of its own; the app's connection to it is closed after the test."""
    if request.param == "duckdb":
        target = request.getfixturevalue(duckdb_target)
        monkeypatch.setenv("COORDPANEL_DB", str(target))
        return target
    import pgdemo

    url = pgdemo.fresh_url(request.getfixturevalue("pg_demo"))
    request.addfinalizer(lambda: pgdemo.close_app_database(url))
    monkeypatch.setenv("COORDPANEL_DB", url)
    return url


@pytest.fixture(params=["duckdb", "postgres"])
def backend_page_db(request, monkeypatch) -> Path | str:
    """page_db on each backend: a fresh demo that in-process page runs (AppTest) open and may change."""
    return _backend_page_target(request, monkeypatch, "page_db")


@pytest.fixture(params=["duckdb", "postgres"])
def backend_app_env(request, monkeypatch) -> Path | str:
    """app_env on each backend: the demo that in-process page runs read."""
    return _backend_page_target(request, monkeypatch, "app_env")


def pytest_configure(config):
    os.environ.setdefault("TZ", "Asia/Shanghai")


@pytest.fixture
def app_with_users(tmp_path, monkeypatch) -> Path:
    """A demo file whose demo accounts have a known password, for page tests that sign in through the form."""
    from helpers import DEMO_SECRET, build_demo_with_accounts

    path = build_demo_with_accounts(tmp_path / "auth.duckdb", DEMO_SECRET)
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    return path


@pytest.fixture(params=["duckdb", "postgres"])
def backend_db_file(request) -> Path | str:
    """db_file on each backend, for the CLI (--db): a fresh copy of the demo file, or the module's PostgreSQL demo put
    back as built (its URL)."""
    if request.param == "duckdb":
        return request.getfixturevalue("db_file")
    import pgdemo

    return pgdemo.fresh_url(request.getfixturevalue("pg_demo"))


@pytest.fixture(scope="module")
def pg_demo_with_users():
    """pg_demo with the demo accounts sharing one known password (helpers.DEMO_SECRET)."""
    import pgdemo
    import pgserver
    from helpers import DEMO_SECRET

    from coordpanel.core import auth

    def build(database: Database) -> None:
        seed.demo.build(database)
        auth.create_demo_accounts(database, auth.CLI_USER, DEMO_SECRET)

    with pgserver.new_database() as url:
        demo = pgdemo.shared(url, build)
        yield demo
        demo.close()


@pytest.fixture(params=["duckdb", "postgres"])
def backend_app_with_users(request, monkeypatch) -> Path | str:
    """app_with_users on each backend: the demo with its accounts, for page tests that sign in through the form."""
    if request.param == "duckdb":
        return request.getfixturevalue("app_with_users")
    import pgdemo

    url = pgdemo.fresh_url(request.getfixturevalue("pg_demo_with_users"))
    request.addfinalizer(lambda: pgdemo.close_app_database(url))
    monkeypatch.setenv("COORDPANEL_DB", url)
    return url


@pytest.fixture
def cheap_hashes(monkeypatch):
    """argon2id at its lowest cost, for tests that hash and verify many times on a shared machine (the sign-in
    tests); tests/unit/test_auth.py pins the real cost."""
    from argon2 import PasswordHasher

    from coordpanel.core import auth

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("dummy"))
