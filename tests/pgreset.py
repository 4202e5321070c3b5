"""One migrated PostgreSQL database shared by a test module, put back as migrated before each test.

A new database costs ~0.25 s to create and ~0.3 s to migrate; putting one back (truncate every table, restart every
sequence, re-insert the rows the migrations wrote) costs a few milliseconds, so the core tests can run on PostgreSQL
as they run on DuckDB, each on an empty database of its own."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from coordpanel.core.db import Database
from coordpanel.core.dbfile import MIGRATION_TABLE


@dataclass
class Shared:
    """The module's database: its URL, the rows the migrations wrote, and a Database reused while it stays open."""

    url: str
    baseline: dict[str, tuple[list[str], list[tuple]]] = field(default_factory=dict)
    sequences: list[tuple[str, int, bool]] = field(default_factory=list)
    database: Database | None = None

    def fresh(self) -> Database:
        """The database as migrated, opened (the one of the previous test when it was left open)."""
        if self.database is not None and not self.database.closed:
            self.database.pg.rollback()  # a test that failed inside a transaction may have left one open
        reset(self.url, self.baseline, self.sequences)
        if self.database is None or self.database.closed:
            self.database = Database(self.url)
        return self.database

    def close(self) -> None:
        if self.database is not None and not self.database.closed:
            self.database.close()


def shared(url: str) -> Shared:
    """Migrate the new database at `url` and keep what the migrations wrote."""
    Database(url).close()
    baseline = {}
    with psycopg.connect(url) as conn:
        for table in _tables(conn):
            cur = conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
            rows = cur.fetchall()
            if rows:
                baseline[table] = ([d.name for d in cur.description], rows)
        sequences = conn.execute(SEQUENCES).fetchall()
    return Shared(url, baseline, sequences)


# each sequence's state: setval(name, value, is_called) puts it back
SEQUENCES = ("SELECT sequencename, coalesce(last_value, start_value), last_value IS NOT NULL FROM pg_sequences "
             "WHERE schemaname = 'public' ORDER BY 1")


def _tables(conn) -> list[str]:
    return [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            if t != MIGRATION_TABLE]


def reset(url: str, baseline: dict[str, tuple[list[str], list[tuple]]], sequences: list[tuple[str, int, bool]]) -> None:
    """Every table emptied and every sequence as migrated, then the migrations' rows put back, in one transaction
    (as the superuser the test server runs as: replication role)."""
    with psycopg.connect(url) as conn:
        # DELETE rather than TRUNCATE: a few rows each, and TRUNCATE's new files cost ~10 ms a table
        conn.execute("SET LOCAL session_replication_role = replica")  # any order: foreign keys are not checked
        for table in _tables(conn):
            conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        for name, value, called in sequences:
            conn.execute("SELECT setval(%s::regclass, %s, %s)", (sql.Identifier(name).as_string(conn), value, called))
        for table, (columns, rows) in baseline.items():
            statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(sql.Placeholder() * len(columns)))
            conn.cursor().executemany(statement, rows)
