"""Opening a database file: what is refused before DuckDB touches it, read-only opens, and the check that it is ours.

A file is ours when it holds no table yet (a new database) or when its `schema_migration` table records our
migrations by their names; a DuckDB file of another application is refused untouched, by every command and by
the app, instead of getting our tables added to it."""


from __future__ import annotations

import os
from pathlib import Path

import duckdb

from coordpanel.core.errors import Refused
from coordpanel.core.queries import migrations, run_query

MIGRATION_TABLE = "schema_migration"


class DatabaseError(Refused):
    """A problem with the database file that the user must fix; the message names the file.

    A Refused with a translation key (message(lang)); str() is the English message, for logs and tracebacks."""

    def __str__(self) -> str:
        return self.message("en")


def connect(path: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the file, turning DuckDB's low-level failures into messages that name the file and say what to do.

    Read-only opens never create a file or a folder and need no write permission; several processes may hold a
    file read-only at once (but not while one holds it for writing)."""
    if path == ":memory:":
        return duckdb.connect(":memory:")
    file = Path(path)
    if file.is_dir():
        raise DatabaseError("db.is_folder", path=str(file))
    if read_only:
        if not file.exists():
            raise DatabaseError("db.missing", path=str(file))
    else:
        _check_writable(file)
    if file.exists() and file.stat().st_size > 0:
        with open(file, "rb") as handle:
            header = handle.read(16)
        if header[8:12] != b"DUCK":
            raise DatabaseError("db.not_duckdb", path=str(file))
    try:
        return duckdb.connect(str(file), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise DatabaseError("db.locked", path=str(file)) from exc
        if "version" in text.lower() or "storage" in text.lower():
            raise DatabaseError("db.incompatible", path=str(file)) from exc
        raise DatabaseError("db.open_failed", path=str(file), error=text.splitlines()[0][:300]) from exc
    except duckdb.Error as exc:
        raise DatabaseError("db.open_failed", path=str(file), error=str(exc).splitlines()[0][:300]) from exc


def _check_writable(file: Path) -> None:
    folder = file.parent if str(file.parent) else Path(".")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise DatabaseError("db.folder_failed", path=str(file), folder=str(folder),
                                error=exc.strerror or str(exc)) from exc
    if not file.exists() and not os.access(folder, os.W_OK):
        raise DatabaseError("db.folder_not_writable", path=str(file), folder=str(folder))
    if file.exists() and not os.access(file, os.W_OK):
        raise DatabaseError("db.file_not_writable", path=str(file))


def check_ours(conn: duckdb.DuckDBPyConnection, path: str, *, read_only: bool = False) -> None:
    """Refuse a database that holds tables but not ours (another application's file), and, read-only, one that
    holds nothing yet (there is nothing to read, and it cannot be set up)."""
    tables = [t if schema == "main" else f"{schema}.{t}" for schema, t in run_query(conn, "db/tables").fetchall()]
    judge(tables, _recorded(conn, tables), path, read_only=read_only)


def judge(tables: list[str], recorded: list[tuple[int, str]], path: str, *, read_only: bool = False) -> None:
    """check_ours on what was found: the tables (of the main schema by bare name, others as schema.table) and the
    (version, name) pairs recorded in the migration table. PostgreSQL's are found by core/db.py through psycopg."""
    if tables in ([], [MIGRATION_TABLE]) and not recorded:
        # a new file, or one whose first migration was never committed
        if read_only:
            raise DatabaseError("db.not_set_up", path=path)
        return
    known = {version: name for version, name, _ in migrations()}
    first = min(known)
    ours = bool(recorded) and recorded[0] == (first, known[first]) and all(
        known.get(version, name) == name for version, name in recorded)
    if not ours:
        foreign = [t for t in tables if t != MIGRATION_TABLE] or tables
        raise DatabaseError("db.foreign", path=path, tables=", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else ""))


def _recorded(conn: duckdb.DuckDBPyConnection, tables: list[str]) -> list[tuple[int, str]]:
    """The (version, name) pairs of the migration table, oldest first; none when there is no such table or it is
    not shaped like ours."""
    if MIGRATION_TABLE not in tables:
        return []
    try:
        return [(int(v), str(n)) for v, n in run_query(conn, "db/migrations").fetchall()]
    except (duckdb.Error, TypeError, ValueError):
        return [(-1, "")]  # a table of that name that is not ours: never matches our first migration
