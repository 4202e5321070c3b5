"""PostgreSQL as the database: DuckDB attached to it for reads, psycopg for write transactions and migrations.

A `postgresql://user@host:port/dbname` URL (COORDPANEL_DB or --db) selects it. Reads run the same named queries as
on a DuckDB file, through DuckDB's postgres extension (loaded from the installed duckdb-ext-postgres package: nothing
is downloaded at run time). Writes run inside a PostgreSQL transaction through psycopg, at REPEATABLE READ, so that
two servers writing the same rows give one commit and one serialisation failure, which becomes a refusal."""


from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SCHEMES = ("postgresql://", "postgres://")
ALIAS = "pg"


def is_url(target: object) -> bool:
    return str(target).startswith(SCHEMES)


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def extension_directory() -> str:
    """Where duckdb-ext-postgres installed the extension (site-packages/duckdb_ext/extensions)."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the duckdb-ext-postgres package is not installed")
    return str(Path(list(spec.submodule_search_locations)[0]) / "extensions")


def _literal(text: str) -> str:
    """A SQL string literal (ATTACH takes no parameter): the operator's URL, quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def attach(url: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the PostgreSQL database attached and in use: unqualified names are its tables."""
    conn = duckdb.connect(config={"extension_directory": extension_directory(), "autoinstall_known_extensions": False,
                                  "autoload_known_extensions": False})
    conn.execute("LOAD postgres")
    conn.execute(f"ATTACH {_literal(url)} AS {ALIAS} (TYPE postgres)")
    conn.execute(f"USE {ALIAS}")
    return conn


def refresh(conn: duckdb.DuckDBPyConnection) -> None:
    """Forget DuckDB's cached picture of the PostgreSQL schema (after a migration changed it)."""
    conn.execute("CALL pg_clear_cache()")


def connect(url: str):
    """A psycopg connection for writes; transactions at REPEATABLE READ."""
    import psycopg

    conn = psycopg.connect(url, autocommit=False)
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return conn


def frame(cursor) -> pd.DataFrame:
    """The rows of a psycopg cursor as a DataFrame, columns named as the query names them."""
    columns = [d.name for d in cursor.description] if cursor.description else []
    return pd.DataFrame(cursor.fetchall(), columns=columns)


def records(cursor) -> list[dict[str, Any]]:
    columns = [d.name for d in cursor.description] if cursor.description else []
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def adapt(params: dict[str, Any]) -> dict[str, Any]:
    """Parameter values psycopg can send: numpy and pandas scalars as Python values."""
    out = {}
    for key, value in params.items():
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        elif hasattr(value, "item") and not isinstance(value, (list, tuple, str, bytes)):
            value = value.item()
        out[key] = value
    return out


def is_conflict(exc: BaseException) -> bool:
    """PostgreSQL refused a write because another transaction wrote the same rows first (or a deadlock)."""
    import psycopg

    return isinstance(exc, (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected,
                            psycopg.errors.LockNotAvailable))
