"""The Database on PostgreSQL: opening and checking it, its migrations, and its write transactions (core/db.py
delegates here when the target is a postgresql:// URL; core/pg.py holds the connections)."""


from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from coordpanel.core import clock, pg, pgread
from coordpanel.core.dbfile import MIGRATION_TABLE, DatabaseError, judge
from coordpanel.core.errors import Refused
from coordpanel.core.queries import load_pg_query, migrations

if TYPE_CHECKING:
    from coordpanel.core.db import Database, Transaction


def open_database(db: Database, *, read_only: bool, migrate: bool, locks: dict, guard: threading.Lock) -> None:
    """Connect DuckDB (reads) and psycopg (writes) to the URL, refuse another application's database, migrate."""
    shown = pg.redacted(db.path)
    try:
        db.pg = pg.connect(db.path)
        db.readers = pgread.Readers(db.path)
        db.conn = pg.Attached(db.path)
    except Exception as exc:  # psycopg.OperationalError, duckdb.Error: the server is down, the name is wrong
        raise DatabaseError("db.open_failed", path=shown, error=str(exc).splitlines()[0][:300]) from exc
    with guard:
        db._lock = locks.setdefault(db.path, threading.RLock())
    tables = [t if schema == "main" else f"{schema}.{t}" for schema, t in fetch(db, "db/tables")]
    recorded = [(int(v), str(n)) for v, n in fetch(db, "db/migrations")] if MIGRATION_TABLE in tables else []
    judge(tables, recorded, shown, read_only=read_only)
    if migrate and read_only:
        db._check_current()
    elif migrate:
        migrate_database(db)


def fetch(db: Database, name: str, /, **params: Any) -> list[tuple]:
    """Rows of a named query run by PostgreSQL itself, in a transaction of its own."""
    with db.pg.transaction():
        return db.pg.execute(load_pg_query(name), pg.adapt(params)).fetchall()


def read(db: Database, name: str, params: dict[str, Any]) -> tuple[list[Any], list[tuple]]:
    """(description, rows) of a named read, run by PostgreSQL on a reading connection of its own."""
    return db.readers.execute(load_pg_query(name), pg.adapt(params))


def schema_version(db: Database) -> int:
    if not fetch(db, "db/has_migration_table")[0][0]:
        return 0
    return fetch(db, "db/schema_version")[0][0]


def migrate_database(db: Database) -> list[str]:
    """Apply the migrations not yet recorded (their PostgreSQL spelling), each in its own transaction."""
    known = migrations("postgres")
    newest = known[-1][0] if known else 0
    applied = []
    with db._lock:
        with db.pg.transaction():
            db.pg.execute(load_pg_query("db/create_migration_table"))
        current = schema_version(db)
        if current > newest:
            raise DatabaseError("db.newer_schema", path=pg.redacted(db.path), version=current, known=newest)
        for version, name, sql in known:
            if version <= current:
                continue
            with db.pg.transaction():
                db.pg.execute(sql)  # the migration file's text, several statements, no parameters
                db.pg.execute(load_pg_query("db/record_migration"),
                              {"version": version, "name": name, "applied_at": clock.now_local()})
            applied.append(name)
        if applied:
            pg.refresh(db.conn)
    return applied


class PgTransaction:
    """Transaction's statements on a psycopg cursor (the same interface: run, records, df, insert_df, record)."""

    def run(self, name: str, /, **params: Any) -> list[tuple]:
        cur = self.cursor.execute(load_pg_query(name), pg.adapt(params))
        return cur.fetchall() if cur.description else []

    def records(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        cur = self.cursor.execute(load_pg_query(name), pg.adapt(params))
        return pgread.records(list(cur.description or []), cur.fetchall())

    def df(self, name: str, /, **params: Any) -> pd.DataFrame:
        cur = self.cursor.execute(load_pg_query(name), pg.adapt(params))
        return pgread.frame(list(cur.description or []), cur.fetchall())

    def insert_df(self, table: str, frame: pd.DataFrame) -> None:
        """Bulk insert a frame whose columns are named as the table's, by COPY; names checked against the catalog."""
        from coordpanel.core.db import quote_identifier

        if self._catalog is None:
            self._catalog = {t: list(c) for t, c in self.cursor.execute(load_pg_query("db/catalog")).fetchall()}
        columns = [str(c) for c in frame.columns]
        if table not in self._catalog or not columns or any(c not in self._catalog[table] for c in columns):
            raise ValueError(f"not a table of the schema or not its columns: {table!r} {columns}")
        names = ", ".join(map(quote_identifier, columns))
        frame = frame.copy()
        for column in frame.columns:  # an integer column with gaps arrives as floats (6.0): PostgreSQL wants 6
            values = frame[column]
            if values.dtype.kind == "f" and values.dropna().eq(values.dropna().round()).all():
                frame[column] = values.astype("Int64")
        values = frame.astype(object).where(frame.notna(), None)
        with self.cursor.copy(f"COPY {quote_identifier(table)} ({names}) FROM STDIN") as copy:
            for row in values.itertuples(index=False, name=None):
                copy.write_row([pg.adapt({"v": v})["v"] for v in row])

    def new_batch(self) -> int:
        self.batch = self.cursor.execute(load_pg_query("audit/next_batch")).fetchone()[0]
        return self.batch


# Transactions of the sign-in throttle: each statement is one atomic upsert or delete of a count, which READ COMMITTED
# runs against the newest committed row (no increment lost), where REPEATABLE READ would refuse every sign-in that
# meets another server's attempt on the same count with a serialisation failure.
READ_COMMITTED_ACTIONS = frozenset({"sign-in attempt", "sign-in locked", "sign-in"})


@contextmanager
def transaction(db: Database, actor: str, action: str, compound_id: int | None) -> Iterator[Transaction]:
    """Database.transaction on PostgreSQL: one psycopg transaction (REPEATABLE READ), audited before the commit.

    Refusals, each after a rollback: a write that lost to another server's (serialisation failure, deadlock) is
    busy.Transient("db.conflict"), an insert of a key another transaction inserted busy.Transient("db.busy") (both
    tried again by busy.retried, which reads afresh); a server that cannot take the write (connection lost, disk
    full, read-only) Refused("db.write_failed"), and the next write connects again."""
    from coordpanel.core.busy import Transient
    from coordpanel.core.db import audit_columns, pg_transaction_class

    with db._lock:
        if db.pg.closed or db.pg.broken:  # the server restarted or failed over since the last write
            _reconnect(db)
        level = _isolation(action)
        if db.pg.isolation_level != level:
            db.pg.isolation_level = level
        try:
            with db.pg.transaction():
                cur = db.pg.cursor()
                batch = cur.execute(load_pg_query("audit/next_batch")).fetchone()[0]
                tx = pg_transaction_class()(cur, actor, action, clock.now_local(), batch, compound_id)
                yield tx
                entries = tx.entries or [(action, None, None, None, None, tx.batch)]
                cur.execute(load_pg_query("audit/insert"),
                            pg.adapt({"at": tx.at, "actor": actor, "compound_id": compound_id, **audit_columns(entries)}))
        except Refused:
            raise
        except Exception as exc:
            if pg.is_conflict(exc):
                raise Transient("db.conflict") from exc
            if pg.is_duplicate(exc):
                raise Transient("db.busy") from exc
            if pg.is_write_failure(exc):
                raise Refused("db.write_failed", path=pg.redacted(db.path),
                              error=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__) from exc
            raise


def _isolation(action: str):
    import psycopg

    level = psycopg.IsolationLevel
    return level.READ_COMMITTED if action in READ_COMMITTED_ACTIONS else level.REPEATABLE_READ


def _reconnect(db: Database) -> None:
    """A new psycopg connection in place of one the server closed; Refused("db.write_failed") while it is down."""
    try:
        db.pg.close()
        db.pg = pg.connect(db.path)
    except Exception as exc:  # psycopg.OperationalError: the server is still down
        raise Refused("db.write_failed", path=pg.redacted(db.path), error=str(exc).splitlines()[0][:200]) from exc
