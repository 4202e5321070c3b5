"""Open the DuckDB file, apply migrations, run named queries, and wrap every write in one audited transaction."""


from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from coordpanel.core import clock

ROOT = Path(__file__).resolve().parent.parent.parent
QUERIES = ROOT / "queries"
SCHEMA = QUERIES / "schema"
DEFAULT_DB = ROOT / "data" / "coordpanel.duckdb"

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# One lock per database file: DuckDB refuses concurrent writes to the same rows, so writes queue here.
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


class DatabaseError(Exception):
    """A problem with the database file that the user must fix; the message names the file."""


def db_path_from_env() -> Path:
    return Path(os.environ.get("COORDPANEL_DB") or DEFAULT_DB)


@cache
def load_query(name: str) -> str:
    """The text of queries/<name>.sql; names are fixed strings in code, never user text."""
    path = (QUERIES / f"{name}.sql").resolve()
    if QUERIES not in path.parents or not path.is_file():
        raise KeyError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration in queries/schema/, in order."""
    found = []
    for path in sorted(SCHEMA.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file {path.name} is not named NNN_name.sql")
        found.append((int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    return found


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

    def run(self, name: str, /, **params: Any) -> list[tuple]:
        return self.cursor.execute(load_query(name), params).fetchall()

    def records(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return _records(self.cursor.execute(load_query(name), params))

    def df(self, name: str, /, **params: Any) -> pd.DataFrame:
        return self.cursor.execute(load_query(name), params).df()

    def insert_df(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert a frame whose columns are named as the table's; `table` is a constant from code."""
        if not all(re.fullmatch(r"[a-z_]+", name) for name in (table, *frame.columns)):
            raise ValueError(f"not an identifier: {table} {list(frame.columns)}")
        self.cursor.register("_incoming", frame)
        try:
            cols = ", ".join(frame.columns)
            # identifiers checked above; the values travel as a registered frame, never as SQL text
            self.cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")  # noqa: S608
        finally:
            self.cursor.unregister("_incoming")

    def record(self, table: str | None, row_key: Any, before: Any, after: Any, action: str | None = None) -> None:
        self.entries.append((action or self.action, table, None if row_key is None else str(row_key), before, after,
                             self.batch))

    def new_batch(self) -> int:
        """Entries recorded from now on form a batch of their own (one undoable unit), in the same transaction."""
        self.batch = self.cursor.execute("SELECT nextval('audit_batch_seq')").fetchone()[0]
        return self.batch


class Database:
    """One DuckDB file (or ':memory:'), one connection, a cursor per call."""

    def __init__(self, path: str | os.PathLike = ":memory:", *, migrate: bool = True) -> None:
        self.path = str(path)
        self.closed = False
        self.conn = _connect(self.path)
        with _LOCKS_GUARD:
            key = self.path if self.path != ":memory:" else f":memory:{id(self)}"
            self._lock = _WRITE_LOCKS.setdefault(key, threading.RLock())
        if migrate:
            self.migrate()

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.conn.cursor()

    # --- schema -----------------------------------------------------------------------------------
    def schema_version(self) -> int:
        cur = self.cursor()
        exists = cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migration'"
        ).fetchone()[0]
        if not exists:
            return 0
        return cur.execute("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()[0]

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in its own transaction; refuse a newer database."""
        known = migrations()
        newest_known = known[-1][0] if known else 0
        with self._lock:
            cur = self.cursor()
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migration ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
            current = self.schema_version()
            if current > newest_known:
                raise DatabaseError(
                    f"{self.path}: the database has schema version {current}, newer than this program knows "
                    f"({newest_known}). Use a newer coordpanel; the file was left untouched."
                )
            applied = []
            for version, name, sql in known:
                if version <= current:
                    continue
                cur.execute("BEGIN TRANSACTION")
                try:
                    cur.execute(sql)
                    cur.execute(
                        "INSERT INTO schema_migration VALUES ($v, $n, $at)", {"v": version, "n": name, "at": clock.now_local()}
                    )
                    cur.execute("COMMIT")
                except Exception:
                    cur.execute("ROLLBACK")
                    raise
                applied.append(name)
            return applied

    # --- reads --------------------------------------------------------------------------------------
    def rows(self, name: str, /, **params: Any) -> list[tuple]:
        return self.cursor().execute(load_query(name), params).fetchall()

    def one(self, name: str, /, **params: Any) -> tuple | None:
        return self.cursor().execute(load_query(name), params).fetchone()

    def scalar(self, name: str, /, **params: Any) -> Any:
        row = self.one(name, **params)
        return None if row is None else row[0]

    def df(self, name: str, /, **params: Any) -> pd.DataFrame:
        return self.cursor().execute(load_query(name), params).df()

    def records(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return _records(self.cursor().execute(load_query(name), params))

    # --- writes -------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self, actor: str, action: str, compound_id: int | None = None) -> Iterator[Transaction]:
        """The one way to write: serialised by a process-wide lock, all-or-nothing, audited in the same transaction.

        Entries added with `tx.record(...)` are written to audit_log as one batch; if none were, one entry names
        the action.
        """
        if not actor:
            raise ValueError("a write needs the acting user")
        with self._lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                batch = cur.execute("SELECT nextval('audit_batch_seq')").fetchone()[0]
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            tx = Transaction(cur, actor, action, clock.now_local(), batch, compound_id)
            try:
                yield tx
                entries = tx.entries or [(action, None, None, None, None, tx.batch)]
                cur.executemany(
                    load_query("audit/insert"),
                    [
                        {
                            "at": tx.at,
                            "actor": actor,
                            "action": act,
                            "table_name": table,
                            "row_key": key,
                            "before": to_json(before),
                            "after": to_json(after),
                            "batch": batch,
                            "compound_id": compound_id,
                        }
                        for act, table, key, before, after, batch in entries
                    ],
                )
                cur.execute("COMMIT")
            except (duckdb.IOException, OSError) as exc:
                # a full disk, a read-only file or folder: nothing was written, and the user is told so in words
                _rollback(cur)
                from coordpanel.core.errors import Refused

                raise Refused("db.write_failed", path=self.path, error=str(exc).splitlines()[0][:200]) from exc
            except BaseException:
                _rollback(cur)
                raise


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back what is open; after a failed commit DuckDB may have nothing left to roll back."""
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass


def _records(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    """Open the file, turning DuckDB's low-level failures into messages that name the file and say what to do."""
    if path == ":memory:":
        return duckdb.connect(":memory:")
    file = Path(path)
    folder = file.parent if str(file.parent) else Path(".")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise DatabaseError(f"{file}: cannot create the data folder {folder} ({exc.strerror}).") from exc
    if not file.exists() and not os.access(folder, os.W_OK):
        raise DatabaseError(f"{file}: the data folder {folder} is not writable; choose another path with COORDPANEL_DB or --db.")
    if file.exists() and not os.access(file, os.W_OK):
        raise DatabaseError(f"{file}: the database file is not writable.")
    if file.exists() and file.stat().st_size > 0:
        with open(file, "rb") as handle:
            header = handle.read(16)
        if header[8:12] != b"DUCK":
            raise DatabaseError(f"{file}: this file is not a DuckDB database; it was left untouched. Move it away or choose another path.")
    try:
        return duckdb.connect(str(file))
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise DatabaseError(f"{file}: the database is open in another process (is the panel already running?).") from exc
        if "version" in text.lower() or "storage" in text.lower():
            raise DatabaseError(f"{file}: the file was written by a newer or incompatible DuckDB; it was left untouched.") from exc
        raise DatabaseError(f"{file}: cannot open the database ({text}).") from exc
    except duckdb.Error as exc:
        raise DatabaseError(f"{file}: cannot open the database ({exc}).") from exc
