"""Moving a compound's data between backends: the PostgreSQL side of backup and restore, and `copy` (a snapshot of
one database restored into another: a DuckDB file into an empty PostgreSQL database, or back into a new file).

Why copy is backup + restore: one path to get right and test. The snapshot is consistent while the source keeps
working, restore rebuilds the schema from our migrations (so constraints and defaults are ours, not a dump's), loads
every table, parents first, and sets every sequence past the copied ids.

Restore into PostgreSQL, step by step:
1. the database must be empty or ours without data (an audited write of any kind counts as data); another
   application's database is refused untouched;
2. one psycopg transaction drops and re-creates the public schema and applies the migrations up to the snapshot's
   version (PostgreSQL's DDL is transactional: a failure here leaves the database as it was);
3. one DuckDB transaction on the attached database empties the tables the migrations seeded and loads each table
   from its Parquet file (DuckDB's binary COPY: no row passes through Python, so values such as TIME '24:00' arrive
   as they left); the counts are checked against the manifest;
4. the sequences are set to the snapshot's values (setval; sequences are not transactional).
A failure in 3 or 4 empties the database again (step 2's reset), so it never holds half a compound."""


from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from coordpanel.core import pg, pgdb
from coordpanel.core.db import Database, commit
from coordpanel.core.errors import Refused
from coordpanel.core.identifiers import count_rows, delete_rows, insert_parquet
from coordpanel.core.queries import load_pg_query, migrations, run_query


# --- reading PostgreSQL for a snapshot ---------------------------------------------------------------------------
def pg_catalog(db: Database) -> dict[str, list[str]]:
    """The public schema's tables with their columns in order (PostgreSQL's catalog, read by psycopg)."""
    return {table: list(columns) for table, columns in pgdb.fetch(db, "db/catalog")}


def pg_sequences(db: Database) -> dict[str, int | None]:
    """Every sequence of the public schema with the last value it handed out (None if none yet)."""
    return {name: (None if last is None else int(last)) for name, last in pgdb.fetch(db, "backup/sequences")}


def export_tables(cur: duckdb.DuckDBPyConnection, known: dict[str, list[str]], folder: Path) -> None:
    """Each table of `known` (names from the catalog) into folder/<table>.parquet, in the cursor's transaction."""
    for table in known:
        cur.table(table).select(*(duckdb.ColumnExpression(c) for c in known[table])).write_parquet(
            str(folder / f"{table}.parquet"))


# --- an empty PostgreSQL database --------------------------------------------------------------------------------
def holds_data(db: Database) -> bool:
    """Whether any table `coordpanel info` counts has a row (a database of ours; schema 0 holds nothing)."""
    if db.schema_version() == 0:
        return False
    return any(rows for _, rows in db.rows("admin/table_counts"))


def require_empty(url: str) -> None:
    """Refuse (untouched) another application's database and one of ours that holds data."""
    db = Database(url, migrate=False)  # DatabaseError db.foreign for another application's tables
    try:
        if holds_data(db):
            raise Refused("backup.target_has_data", path=pg.redacted(url))
    finally:
        db.close()


def reset_schema(conn, versions: list[tuple[int, str, str]]) -> None:
    """In the psycopg connection's open transaction: drop and re-create the public schema, then apply `versions`
    (migrations in PostgreSQL's spelling) and record them, as pgdb.migrate_database does."""
    from coordpanel.core import clock

    conn.execute(load_pg_query("db/drop_public_schema"))
    conn.execute(load_pg_query("db/create_public_schema"))
    if not versions:
        return
    conn.execute(load_pg_query("db/create_migration_table"))
    for version, name, sql in versions:
        conn.execute(sql)  # a migration file's text, several statements, no parameters
        conn.execute(load_pg_query("db/record_migration"),
                     {"version": version, "name": name, "applied_at": clock.now_local()})


def empty_database(url: str) -> None:
    """Leave the database with nothing in it (no table, an empty public schema)."""
    conn = pg.connect(url)
    try:
        with conn.transaction():
            reset_schema(conn, [])
    finally:
        conn.close()


# --- restore into PostgreSQL -------------------------------------------------------------------------------------
def restore_postgres(source: Path, url: str, manifest: dict) -> None:
    """Load a snapshot folder into an empty PostgreSQL database (see the module's docstring), then let `Database`
    apply any newer migrations."""
    require_empty(url)
    versions = [m for m in migrations("postgres") if m[0] <= manifest["schema_version"]]
    conn = pg.connect(url)
    try:
        with conn.transaction():
            reset_schema(conn, versions)
    finally:
        conn.close()
    try:
        _load(source, url, manifest, _parents_first(manifest["schema_version"]))
        _set_sequences(url, manifest["sequences"])
        db = Database(url)  # newer migrations, if the snapshot is older than this program
        try:
            db.analyze()
        finally:
            db.close()
    except BaseException:
        empty_database(url)
        raise


def _parents_first(version: int) -> list[str]:
    """The tables in an order that loads every referenced table before the tables referring to it, read from the
    same migrations built in memory (PostgreSQL checks a foreign key at the end of each statement)."""
    from coordpanel.core.backup import _parents_first as order
    from coordpanel.core.identifiers import catalog

    conn = duckdb.connect(":memory:")
    try:
        run_query(conn, "db/create_migration_table")
        for number, _, sql in migrations():
            if number <= version:
                conn.execute(sql)  # a migration file's text
        return order(conn, list(catalog(conn)))
    finally:
        conn.close()


def _load(source: Path, url: str, manifest: dict, order: list[str]) -> None:
    db = Database(url, migrate=False)  # the migrations up to the snapshot's are in: ours, not migrated further yet
    try:
        known = pg_catalog(db)
        if set(known) != set(manifest["tables"]):
            raise Refused("backup.schema_mismatch", folder=str(source),
                          tables=", ".join(sorted(set(known) ^ set(manifest["tables"]))))
        cur = db.cursor()  # DuckDB, with the PostgreSQL database in use: bare names are its tables
        cur.begin()
        for table in reversed(order):  # the rows the migrations seeded (tiers, groups, settings) are replaced
            delete_rows(cur, known, table)
        for table in order:
            insert_parquet(cur, known, table, source / f"{table}.parquet")
            loaded = count_rows(cur, known, table)
            if loaded != manifest["tables"][table]:
                raise Refused("backup.incomplete", table=table, rows=loaded, expected=manifest["tables"][table])
        commit(cur)
    finally:
        db.close()


def _set_sequences(url: str, sequences: dict[str, int | None]) -> None:
    conn = pg.connect(url)
    try:
        with conn.transaction():
            for name, last in sequences.items():
                if last is not None:
                    conn.execute(load_pg_query("backup/advance_sequence"), {"sequence": name, "n": int(last)})
    finally:
        conn.close()


# --- copy ---------------------------------------------------------------------------------------------------------
def copy(source: str, target: str) -> dict[str, int]:
    """Copy the database `source` (a DuckDB file or a postgresql:// URL) into `target`: an empty PostgreSQL
    database, or a new DuckDB file. Returns the rows copied per table."""
    from coordpanel.core import backup

    if source == target:
        raise Refused("backup.same_database", path=shown(source))
    if pg.is_url(target):
        require_empty(target)  # before the snapshot: a refusal costs nothing
    elif Path(target).exists():
        raise Refused("backup.target_exists", path=str(target))
    reader = Database.existing(source, read_only=True)
    with tempfile.TemporaryDirectory(prefix="coordpanel-copy-") as work:
        try:
            folder = backup.backup(reader, Path(work) / "snapshot")
        finally:
            reader.close()
        manifest = backup._manifest(folder)
        backup.restore(folder, target)
    return dict(manifest["tables"])


def shown(target: str | Path) -> str:
    """A database as messages name it: a URL without its password, a file as given."""
    return pg.redacted(str(target)) if pg.is_url(target) else str(target)

