"""The SQL in queries/: named statements loaded by name, and the numbered migrations of queries/schema/.

Every statement runs on a DuckDB file as written. On a PostgreSQL database (its reads, its write transactions and its
migrations are run by PostgreSQL itself) it is the same text with `$name` parameters in psycopg's form, unless a
variant for PostgreSQL sits beside the query in a `pg/` folder (queries/schema/pg/001_domain.sql beside
queries/schema/001_domain.sql)."""


from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent.parent
QUERIES = ROOT / "queries"
SCHEMA = QUERIES / "schema"

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@cache
def load_query(name: str) -> str:
    """The text of queries/<name>.sql; names are fixed strings in code, never user text."""
    path = (QUERIES / f"{name}.sql").resolve()
    if QUERIES not in path.parents or not path.is_file():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


@cache
def load_pg_query(name: str) -> str:
    """The statement `name` as PostgreSQL runs it through psycopg: its pg/ variant when there is one, else the same
    text; `$name` parameters become `%(name)s` (and a literal % is doubled, as psycopg requires)."""
    folder, _, base = name.rpartition("/")
    variant = QUERIES / folder / "pg" / f"{base}.sql"
    text = variant.read_text(encoding="utf-8") if variant.is_file() else load_query(name)
    return pyformat(text)


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def pyformat(sql: str) -> str:
    """DuckDB's `$name` parameters as psycopg's `%(name)s`; a literal % doubled. The statements hold no `$` or `%`
    inside string literals that this would change (tests/unit/test_backends.py checks every file)."""
    return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))


def run_query(cur: duckdb.DuckDBPyConnection, name: str, /, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run a named query on the given connection or cursor (restore builds its file outside `Database`)."""
    return cur.execute(load_query(name), params)


def migrations(dialect: str = "duckdb") -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration in queries/schema/, in order; for "postgres", a migration's variant
    in queries/schema/pg/ where there is one (the same name)."""
    found = []
    for path in sorted(SCHEMA.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file {path.name} is not named NNN_name.sql")
        variant = SCHEMA / "pg" / path.name
        source = variant if dialect == "postgres" and variant.is_file() else path
        found.append((int(match.group(1)), path.stem, source.read_text(encoding="utf-8")))
    return found
