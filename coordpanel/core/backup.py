"""Back up a running database to a folder of Parquet files, and restore such a folder into a new database file.

What the snapshot relies on (checked by tests/unit/test_backup.py):
- DuckDB's MVCC: a transaction sees the database as of its first statement, never a write that commits later, and
  `EXPORT DATABASE` run inside that transaction writes exactly that view. So the snapshot is pinned by one read made
  while holding the database's write lock (no write of this process is between BEGIN and COMMIT then, nor between
  the transactions of a multi-step write such as `migrate`), and the export itself runs without the lock: the panel
  keeps saving while the files are written.
- Sequences are not transactional: their values are read in the same transaction and may be ahead of the snapshot,
  which only leaves gaps in the ids; they are never behind it.

Why restore does not run `IMPORT DATABASE`: DuckDB 1.4 writes a self-referencing foreign key
(organisation.parent_id → organisation.id) into schema.sql as an empty constraint, so IMPORT fails to parse it, and
even with the text mended it loads the table in one COPY, which the foreign key check refuses when a parent and its
child arrive together. Restore therefore builds the schema from our own migrations (up to the snapshot's version;
`Database` applies any newer ones when it opens the file), loads each table from the export's Parquet file, parents
before children and a self-referencing table level by level, and sets every sequence past the snapshot's value.
schema.sql and load.sql are DuckDB's and are left as it wrote them.

On PostgreSQL (core/transfer.py does the PostgreSQL side): the snapshot reads through DuckDB's attach, one DuckDB
transaction being one PostgreSQL transaction at REPEATABLE READ, so every table is read as of the first count; each
table is written with the relation API (EXPORT DATABASE on the attached catalog also exports PostgreSQL's
information_schema and fails). Restore into PostgreSQL builds the schema from the migrations' PostgreSQL spelling.
The manifest names the source without its password."""


from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from coordpanel.core import pg, transfer
from coordpanel.core.clock import now_local
from coordpanel.core.db import Database, commit
from coordpanel.core.errors import Refused
from coordpanel.core.identifiers import catalog, count_rows, delete_rows, export_database, insert_parquet
from coordpanel.core.queries import migrations, run_query

MANIFEST = "coordpanel-backup.json"
FORMAT = 1


def backup(db: Database, folder: str | os.PathLike) -> Path:
    """Write a consistent snapshot of `db` into `folder` (new or empty) while the app may keep writing."""
    target = Path(folder).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise Refused("backup.not_a_folder", folder=str(target))
    if target.exists() and any(target.iterdir()):
        raise Refused("backup.folder_not_empty", folder=str(target))
    created = not target.exists()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refused("backup.write_failed", folder=str(target), error=exc.strerror or str(exc)) from exc
    cur = db.cursor()
    try:
        with db._lock:  # pin the snapshot between two writes; see the module's docstring
            cur.begin()
            known = transfer.pg_catalog(db) if db.backend == "postgres" else catalog(cur)
            counts = {t: count_rows(cur, known, t) for t in known}
        schema_version = run_query(cur, "backup/schema_version").fetchone()[0]
        if db.backend == "postgres":  # read after the snapshot is pinned: never behind it (see above)
            sequences = transfer.pg_sequences(db)
            transfer.export_tables(cur, known, target)
        else:
            sequences = dict(run_query(cur, "backup/sequences").fetchall())
            export_database(cur, target)
        commit(cur)
        source = pg.redacted(db.path) if db.backend == "postgres" else db.path
        manifest = {"format": FORMAT, "created_at": now_local().isoformat(sep=" "), "source": source,
                    "duckdb": duckdb.__version__, "schema_version": schema_version, "tables": counts,
                    "sequences": sequences}
        # written last: a folder without it is an unfinished backup and restore refuses it
        (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    except BaseException as exc:
        try:
            cur.rollback()  # end the read transaction if it is still open
        except duckdb.Error:
            pass
        _clear(target, remove=created)
        if isinstance(exc, (OSError, duckdb.IOException)):
            raise Refused("backup.write_failed", folder=str(target), error=str(exc)) from exc
        raise
    return target


def restore(folder: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Build a new database file at `path` from a snapshot folder; an existing file is never overwritten. Given a
    postgresql:// URL, load it into that database, which must be empty (core/transfer.py); returns the URL then."""
    source = Path(folder).expanduser().resolve()
    manifest = _manifest(source)
    if pg.is_url(path):
        known = migrations("postgres")
        if manifest["schema_version"] > known[-1][0]:
            raise Refused("backup.newer_schema", version=manifest["schema_version"], known=known[-1][0])
        transfer.restore_postgres(source, str(path), manifest)
        return str(path)
    target = Path(path).expanduser().resolve()
    if target.exists() or Path(f"{target}.wal").exists():
        raise Refused("backup.target_exists", path=str(target))
    known = migrations()
    if manifest["schema_version"] > known[-1][0]:
        raise Refused("backup.newer_schema", version=manifest["schema_version"], known=known[-1][0])
    target.parent.mkdir(parents=True, exist_ok=True)
    # built beside the target and moved into place at the end, so a failed restore leaves no half database
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        built = work / target.name
        conn = duckdb.connect(str(built))
        try:
            _load(conn, source, manifest, [m for m in known if m[0] <= manifest["schema_version"]])
            run_query(conn, "db/checkpoint")
        finally:
            conn.close()
        if target.exists():  # someone created it meanwhile
            raise Refused("backup.target_exists", path=str(target))
        os.replace(built, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Refused("backup.not_a_snapshot", folder=str(source)) from exc
    if manifest.get("format") != FORMAT or not all((source / f"{t}.parquet").is_file() for t in manifest["tables"]):
        raise Refused("backup.not_a_snapshot", folder=str(source))
    return manifest


def _load(conn: duckdb.DuckDBPyConnection, source: Path, manifest: dict, known: list[tuple[int, str, str]]) -> None:
    # the schema exactly as the migrations make it; their seed rows (tiers, groups, settings) are replaced below
    run_query(conn, "db/create_migration_table")  # the file is new: the table is created here
    for _, _, sql in known:
        conn.execute(sql)  # a migration file's text
    schema = catalog(conn)
    tables = list(schema)
    if set(tables) != set(manifest["tables"]):
        raise Refused("backup.schema_mismatch", folder=str(source),
                      tables=", ".join(sorted(set(tables) ^ set(manifest["tables"]))))
    order = _parents_first(conn, tables)
    # a delete and a re-insert of a referenced key cannot share a transaction in DuckDB: delete first, committed
    for table in reversed(order):
        delete_rows(conn, schema, table)
    self_keys = _self_references(conn)
    conn.begin()
    for table in order:
        parquet = source / f"{table}.parquet"
        if table in self_keys:
            _load_by_level(conn, schema, table, parquet, self_keys[table])
        else:
            insert_parquet(conn, schema, table, parquet)
        loaded = count_rows(conn, schema, table)
        if loaded != manifest["tables"][table]:
            raise Refused("backup.incomplete", table=table, rows=loaded, expected=manifest["tables"][table])
    for name, last in manifest["sequences"].items():
        if last is not None:  # a fresh sequence hands out 1 next; take every value up to the snapshot's
            run_query(conn, "backup/advance_sequence", sequence=name, n=int(last))
    commit(conn)


def _load_by_level(conn, schema: dict[str, list[str]], table: str, parquet: Path, parent: tuple[str, str]) -> None:
    """Rows whose parent is already in, round after round: DuckDB checks a self-reference against the rows the table
    held before the statement, so a parent and its child cannot come in one statement."""
    while insert_parquet(conn, schema, table, parquet, parent=parent):
        pass


def _foreign_keys(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str], list[str]]]:
    return run_query(conn, "backup/foreign_keys").fetchall()


def _parents_first(conn: duckdb.DuckDBPyConnection, tables: list[str]) -> list[str]:
    parents = {t: set() for t in tables}
    for table, referenced, _, _ in _foreign_keys(conn):
        if table != referenced:
            parents[table].add(referenced)
    order: list[str] = []
    while len(order) < len(tables):
        ready = sorted(t for t in tables if t not in order and parents[t] <= set(order))
        if not ready:
            raise RuntimeError("the foreign keys between tables form a cycle")
        order += ready
    return order


def _self_references(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """table -> (column, referenced column) of single-column foreign keys onto the same table."""
    out = {}
    for table, referenced, columns, referenced_columns in _foreign_keys(conn):
        if table == referenced:
            if len(columns) != 1:
                raise RuntimeError(f"{table}: only single-column self references can be restored")
            out[table] = (columns[0], referenced_columns[0])
    return out


def _clear(target: Path, remove: bool) -> None:
    """Undo a failed backup: the folder was new or empty, so everything in it is ours."""
    if not target.exists():
        return
    if remove:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
