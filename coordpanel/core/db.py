"""Open the database, apply migrations, run named queries, and wrap every write in one audited transaction.

The database is a DuckDB file, or PostgreSQL given a postgresql:// URL (core/pgdb.py). The named queries and the
migrations themselves are read by core/queries.py."""


from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from coordpanel.core import clock, pg, pgdb, pgread
from coordpanel.core.dbfile import DatabaseError, check_ours, connect
from coordpanel.core.identifiers import catalog, insert_frame, quote_identifier  # noqa: F401 (used by the seed, pgdb)
from coordpanel.core.queries import ROOT, load_query, migrations, run_query

__all__ = ["DEFAULT_DB", "Database", "DatabaseError", "Transaction", "db_path_from_env"]

DEFAULT_DB = ROOT / "data" / "coordpanel.duckdb"

# One lock per database file: DuckDB refuses concurrent writes to the same rows, so writes queue here.
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def db_path_from_env() -> Path | str:
    """COORDPANEL_DB: a DuckDB file's path, or a postgresql:// URL (kept as text)."""
    target = os.environ.get("COORDPANEL_DB") or DEFAULT_DB
    return str(target) if pg.is_url(target) else Path(target)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=_jsonable, sort_keys=True)


@dataclass
class Transaction:
    """An open write: statements run on one cursor; `record` adds audit entries committed with them."""

    cursor: duckdb.DuckDBPyConnection
    actor: str
    action: str
    at: dt.datetime
    batch: int
    compound_id: int | None = None
    entries: list[tuple] = field(default_factory=list)
    _catalog: dict[str, list[str]] | None = field(default=None, init=False, repr=False)

    def run(self, name: str, /, **params: Any) -> list[tuple]:
        return run_query(self.cursor, name, **params).fetchall()

    def records(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return _records(run_query(self.cursor, name, **params))

    def df(self, name: str, /, **params: Any) -> pd.DataFrame:
        return run_query(self.cursor, name, **params).df()

    def insert_df(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert a frame whose columns are named as the table's; `table` is a constant from code."""
        if self._catalog is None:  # read once per transaction: the seed inserts into many tables, many times
            self._catalog = catalog(self.cursor)
        insert_frame(self.cursor, self._catalog, table, frame)

    def record(self, table: str | None, row_key: Any, before: Any, after: Any, action: str | None = None) -> None:
        self.entries.append((action or self.action, table, None if row_key is None else str(row_key), before, after,
                             self.batch))

    def new_batch(self) -> int:
        """Entries recorded from now on form a batch of their own (one undoable unit), in the same transaction."""
        self.batch = run_query(self.cursor, "audit/next_batch").fetchone()[0]
        return self.batch


class Database:
    """One DuckDB file (or ':memory:'), one connection, a cursor per call.

    Any file that holds tables but not ours is refused (DatabaseError) before anything is written to it. Read-only
    (`read_only=True`: the reading commands) never creates, migrates or writes; with `migrate` it refuses a file whose
    schema is older than this program's, since the queries would not find what they read."""

    def __init__(self, path: str | os.PathLike = ":memory:", *, migrate: bool = True, read_only: bool = False) -> None:
        self.path = str(path)
        self.closed = False
        self.read_only = read_only
        self.backend = "postgres" if pg.is_url(self.path) else "duckdb"
        self.pg = None  # the psycopg connection of a PostgreSQL database
        if self.backend == "postgres":
            try:
                pgdb.open_database(self, read_only=read_only, migrate=migrate, locks=_WRITE_LOCKS, guard=_LOCKS_GUARD)
            except BaseException:
                self.close()
                raise
            return
        self.conn = connect(self.path, read_only=read_only)
        try:
            if self.path != ":memory:":
                check_ours(self.conn, self.path, read_only=read_only)
            with _LOCKS_GUARD:
                key = self.path if self.path != ":memory:" else f":memory:{id(self)}"
                self._lock = _WRITE_LOCKS.setdefault(key, threading.RLock())
            if migrate and read_only:
                self._check_current()
            elif migrate:
                self.migrate()
        except BaseException:
            self.close()  # a refused file is left as it was, and not held open
            raise

    @classmethod
    def existing(cls, path: str | os.PathLike, *, read_only: bool = False, migrate: bool = True) -> Database:
        """Open a database file that must exist already (never creating one). Read-only, a file whose schema is
        older than ours is upgraded once through a writing open when the file allows it, else refused."""
        if not pg.is_url(path) and not Path(path).exists():
            raise DatabaseError("db.missing", path=str(path))
        if not read_only:
            return cls(path, migrate=migrate)
        try:
            return cls(path, read_only=True, migrate=migrate)
        except DatabaseError as exc:
            if exc.key != "db.older_schema_read_only":
                raise
            try:
                cls(path).close()
            except DatabaseError:
                raise exc from None
        return cls(path, read_only=True, migrate=migrate)

    def close(self) -> None:
        for conn in (getattr(self, "conn", None), self.pg, getattr(self, "readers", None)):
            if conn is not None:
                conn.close()
        self.closed = True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self.conn.cursor()
        if self.backend == "postgres":
            cur.execute(f"USE {pg.ALIAS}")  # a cursor does not inherit its connection's USE
        return cur

    # --- schema -----------------------------------------------------------------------------------
    def schema_version(self) -> int:
        if self.backend == "postgres":
            return pgdb.schema_version(self)
        if not self.scalar("db/has_migration_table"):
            return 0
        return self.scalar("db/schema_version")

    def _check_current(self) -> None:
        current, known = self.schema_version(), migrations()[-1][0]
        if current > known:
            raise DatabaseError("db.newer_schema", path=self.path, version=current, known=known)
        if current < known:
            raise DatabaseError("db.older_schema_read_only", path=self.path, version=current, known=known)

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in its own transaction; refuse a newer database."""
        if self.backend == "postgres":
            return pgdb.migrate_database(self)
        known = migrations()
        newest_known = known[-1][0] if known else 0
        with self._lock:
            cur = self.cursor()
            run_query(cur, "db/create_migration_table")
            current = self.schema_version()
            if current > newest_known:
                raise DatabaseError("db.newer_schema", path=self.path, version=current, known=newest_known)
            applied = []
            for version, name, sql in known:
                if version <= current:
                    continue
                cur.begin()
                try:
                    cur.execute(sql)  # the migration file's text, read from queries/schema/
                    run_query(cur, "db/record_migration", version=version, name=name, applied_at=clock.now_local())
                    commit(cur)
                except Exception:
                    cur.rollback()
                    raise
                applied.append(name)
            return applied

    # --- reads --------------------------------------------------------------------------------------
    # On PostgreSQL a named read is run by PostgreSQL itself (core/pgread.py says why), its frames shaped as DuckDB's.
    def rows(self, name: str, /, **params: Any) -> list[tuple]:
        if self.backend == "postgres":
            return pgdb.read(self, name, params)[1]
        return self.cursor().execute(load_query(name), params).fetchall()

    def one(self, name: str, /, **params: Any) -> tuple | None:
        if self.backend == "postgres":
            rows = pgdb.read(self, name, params)[1]
            return rows[0] if rows else None
        return self.cursor().execute(load_query(name), params).fetchone()

    def scalar(self, name: str, /, **params: Any) -> Any:
        row = self.one(name, **params)
        return None if row is None else row[0]

    def df(self, name: str, /, **params: Any) -> pd.DataFrame:
        if self.backend == "postgres":
            return pgread.frame(*pgdb.read(self, name, params))
        return self.cursor().execute(load_query(name), params).df()

    def records(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        if self.backend == "postgres":
            return pgread.records(*pgdb.read(self, name, params))
        return _records(self.cursor().execute(load_query(name), params))

    def analyze(self) -> None:
        """Refresh the statistics after a bulk load (a district generated, a database copied or restored): without
        them PostgreSQL plans a compound's reads as if its tables were empty, and scans the district for each."""
        if self.backend == "postgres":
            pgdb.read(self, "db/analyze", {})
        else:
            self.cursor().execute(load_query("db/analyze"))

    # --- writes -------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self, actor: str, action: str, compound_id: int | None = None) -> Iterator[Transaction]:
        """The one way to write: serialised by a process-wide lock, all-or-nothing, audited in the same transaction.

        Entries added with `tx.record(...)` are written to audit_log as one batch, by one statement whatever their
        number, just before the commit; if none were, one entry names the action.
        """
        if not actor:
            raise ValueError("a write needs the acting user")
        if self.backend == "postgres":
            with pgdb.transaction(self, actor, action, compound_id) as tx:
                yield tx
            return
        with self._lock:
            cur = self.cursor()
            cur.begin()
            try:
                batch = run_query(cur, "audit/next_batch").fetchone()[0]
            except BaseException:
                cur.rollback()
                raise
            tx = Transaction(cur, actor, action, clock.now_local(), batch, compound_id)
            try:
                yield tx
                entries = tx.entries or [(action, None, None, None, None, tx.batch)]
                run_query(cur, "audit/insert", at=tx.at, actor=actor, compound_id=compound_id, **audit_columns(entries))
                commit(cur)
            except (duckdb.IOException, OSError) as exc:
                # a full disk, a read-only file or folder: nothing was written, and the user is told so in words
                _rollback(cur)
                from coordpanel.core.errors import Refused

                raise Refused("db.write_failed", path=self.path, error=str(exc).splitlines()[0][:200]) from exc
            except BaseException:
                _rollback(cur)
                raise


def pg_transaction_class() -> type:
    """Transaction with its statements run by PostgreSQL (core/pgdb.PgTransaction first in the order)."""
    return _PgTransaction


class _PgTransaction(pgdb.PgTransaction, Transaction):
    pass


def audit_columns(entries: Sequence[tuple]) -> dict[str, list]:
    """Audit entries (action, table, row key, before, after, batch) as one list per column, in the order recorded:
    audit/insert.sql writes them all in one statement (executemany ran one INSERT per entry, ~1 ms each)."""
    action, table_name, row_key, before, after, batch = (list(column) for column in zip(*entries, strict=True))
    return {"action": action, "table_name": table_name, "row_key": row_key, "before": [to_json(b) for b in before],
            "after": [to_json(a) for a in after], "batch": batch}


def commit(cur: duckdb.DuckDBPyConnection) -> None:
    """Commit the open transaction. A COMMIT statement rather than cur.commit(): it fails, as cur.commit() does not,
    when no transaction is open any more, and tests stand in for a full disk by failing this very statement."""
    cur.execute("COMMIT")


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back what is open; after a failed commit DuckDB may have nothing left to roll back."""
    try:
        cur.rollback()
    except duckdb.Error:
        pass


def _records(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
