"""PostgreSQL as the database: its connections. psycopg for write transactions and migrations (and, in
core/pgread.py, for reads); DuckDB attached to it for whole-table moves (backup to Parquet, restore, copy).

A `postgresql://user@host:port/dbname` URL (COORDPANEL_DB or --db) selects it. The attach loads DuckDB's postgres
extension from the installed duckdb-ext-postgres package: nothing is downloaded at run time. Writes run inside a
PostgreSQL transaction through psycopg, at REPEATABLE READ, so that two servers writing the same rows give one commit
and one serialisation failure, which becomes a refusal."""


from __future__ import annotations

import importlib.util
import re
import threading
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


# what DuckDB's postgres extension says when the server has closed a connection it keeps (a restart, a failover,
# an administrator's pg_terminate_backend): libpq's words, inside DuckDB's message
_DROPPED = ("server closed the connection", "terminating connection", "no connection to the server",
            "connection to server", "could not receive data from server", "SSL SYSCALL error")


def _dropped(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error) and any(words in str(exc) for words in _DROPPED)


class Attached:
    """An in-memory DuckDB with the PostgreSQL database attached and in use, for reads. DuckDB keeps its connections
    to the server; once the server has dropped them, every read would fail until the app restarts. So a statement
    that fails for that reason attaches again (a new DuckDB, ~0.1 s) and runs once more."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn = attach(url)
        self._guard = threading.Lock()

    def cursor(self) -> _Cursor:
        return _Cursor(self, self._conn.cursor())

    def execute(self, *args: Any, **kwargs: Any) -> _Cursor:
        return self.cursor().execute(*args, **kwargs)

    def close(self) -> None:
        self._conn.close()

    def _again(self, broken: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        """A cursor on a newly attached DuckDB (made once, by whichever reader found the connection dropped first).
        The old DuckDB is left to the readers still holding its cursors, which come here in turn."""
        with self._guard:
            if self._conn is broken:
                self._conn = attach(self.url)
            return self._conn.cursor()


class _Cursor:
    """A DuckDB cursor of `Attached` that runs a statement again on a new attach when the server dropped the old one;
    everything else is the DuckDB cursor's (fetchall, df, description, ...)."""

    def __init__(self, owner: Attached, cur: duckdb.DuckDBPyConnection) -> None:
        self._owner, self._cur, self._of = owner, cur, owner._conn
        self._used: list[str] = []  # USE statements, run again on a new cursor

    def execute(self, query: str, *args: Any, **kwargs: Any) -> _Cursor:
        try:
            self._cur.execute(query, *args, **kwargs)
        except duckdb.Error as exc:
            if not _dropped(exc):
                raise
            cur = self._owner._again(self._of)
            self._of, self._cur = self._owner._conn, cur
            for statement in self._used:
                self._cur.execute(statement)
            self._cur.execute(query, *args, **kwargs)
        if query.startswith("USE "):
            self._used.append(query)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)


def refresh(conn: duckdb.DuckDBPyConnection) -> None:
    """Forget DuckDB's cached picture of the PostgreSQL schema (after a migration changed it)."""
    conn.execute("CALL pg_clear_cache()")


def connect(url: str):
    """A psycopg connection for writes; transactions at REPEATABLE READ."""
    import psycopg

    conn = psycopg.connect(url, autocommit=False)
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.adapters.register_loader("time", _time_loader())
    return conn


def _time_loader() -> type:
    """psycopg's TIME loader, with PostgreSQL's end of the day (a gate open until 24:00) read as DuckDB reads it,
    the text '24:00:00', where psycopg's own loader fails (a Python time stops at 23:59:59.999999)."""
    from psycopg.types.datetime import TimeLoader

    class EndOfDayTimeLoader(TimeLoader):
        def load(self, data):
            if bytes(data) == b"24:00:00":
                return "24:00:00"
            return super().load(data)

    return EndOfDayTimeLoader


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


def is_duplicate(exc: BaseException) -> bool:
    """PostgreSQL refused an insert whose key another transaction inserted (committed after this one began)."""
    import psycopg

    return isinstance(exc, psycopg.errors.UniqueViolation)


def is_write_failure(exc: BaseException) -> bool:
    """The server could not take the write: the connection is gone (a restart, a failover), the disk is full, the
    database is read-only (a standby) or out of resources. Nothing was committed."""
    import psycopg

    return isinstance(exc, (psycopg.OperationalError, psycopg.errors.ReadOnlySqlTransaction,
                            psycopg.errors.InsufficientResources, psycopg.InterfaceError))
