"""The SQL in queries/: named statements loaded by name, and the numbered migrations of queries/schema/."""


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


def run_query(cur: duckdb.DuckDBPyConnection, name: str, /, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run a named query on the given connection or cursor (restore builds its file outside `Database`)."""
    return cur.execute(load_query(name), params)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration in queries/schema/, in order."""
    found = []
    for path in sorted(SCHEMA.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file {path.name} is not named NNN_name.sql")
        found.append((int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    return found
