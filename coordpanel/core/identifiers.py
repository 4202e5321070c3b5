"""Statements on a table named at run time: the only SQL built in code, from names checked against the catalog."""


from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from coordpanel.core.queries import run_query

# --- statements on identifiers ---------------------------------------------------------------------------------
# DuckDB takes values as parameters, never a table or column name. The few statements that name a table chosen at
# run time (the seed's bulk inserts; backup's per-table count, delete and load) are built by `_identifier_statement`
# alone, from names found in the live catalog (the schema's own tables and columns) and quoted as identifiers.
# Values still travel as parameters or as a registered frame; no text from a user or a file reaches the SQL.


def catalog(cur: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The main schema's tables, by name, each with its columns in order."""
    return {table: list(columns) for table, columns in run_query(cur, "db/catalog").fetchall()}


def quote_identifier(name: str) -> str:
    """DuckDB's quoting of an identifier: in double quotes, a double quote doubled."""
    return '"' + name.replace('"', '""') + '"'


def _identifier_statement(known: dict[str, list[str]], kind: str, table: str, columns: Sequence[str] | None = None,
                          parent: tuple[str, str] | None = None) -> str:
    """The statement `kind` on `table` (and `columns`, by default all of them; `parent`: a self-reference's column and
    the column it references), each name checked against `known` (from `catalog`) and quoted."""
    if table not in known:
        raise ValueError(f"not a table of the schema: {table!r}")
    names = list(known[table] if columns is None else columns)
    unknown = [c for c in (*names, *(parent or ())) if c not in known[table]]
    if unknown or not names:
        raise ValueError(f"not columns of {table}: {unknown or names}")
    t, cols = quote_identifier(table), ", ".join(map(quote_identifier, names))
    if kind == "count":
        return f"SELECT count(*) FROM {t}"  # noqa: S608
    if kind == "delete_all":
        return f"DELETE FROM {t}"  # noqa: S608
    if kind == "insert_frame":  # the frame is registered as _incoming by insert_frame
        return f"INSERT INTO {t} ({cols}) SELECT {cols} FROM _incoming"  # noqa: S608
    if kind == "insert_parquet":
        return f"INSERT INTO {t} ({cols}) SELECT {cols} FROM read_parquet($path)"  # noqa: S608
    if kind == "insert_parquet_level" and parent:
        # rows whose parent is already in the table (or that have none), and are not in it yet
        column, referenced = map(quote_identifier, parent)
        return (f"INSERT INTO {t} ({cols}) SELECT {cols} FROM read_parquet($path) AS src"  # noqa: S608
                f" WHERE src.{referenced} NOT IN (SELECT {referenced} FROM {t})"
                f" AND (src.{column} IS NULL OR src.{column} IN (SELECT {referenced} FROM {t}))")
    raise ValueError(f"no statement {kind!r}")


def insert_frame(cur: duckdb.DuckDBPyConnection, known: dict[str, list[str]], table: str, frame: pd.DataFrame) -> None:
    """Bulk insert a frame whose columns are named as the table's; the rows travel as a registered frame."""
    statement = _identifier_statement(known, "insert_frame", table, [str(c) for c in frame.columns])
    cur.register("_incoming", frame)
    try:
        cur.execute(statement)
    finally:
        cur.unregister("_incoming")


def count_rows(cur: duckdb.DuckDBPyConnection, known: dict[str, list[str]], table: str) -> int:
    return cur.execute(_identifier_statement(known, "count", table)).fetchone()[0]


def delete_rows(cur: duckdb.DuckDBPyConnection, known: dict[str, list[str]], table: str) -> None:
    cur.execute(_identifier_statement(known, "delete_all", table))


def insert_parquet(cur: duckdb.DuckDBPyConnection, known: dict[str, list[str]], table: str, path: Path,
                   parent: tuple[str, str] | None = None) -> int:
    """Load a table's every column from a Parquet file; with `parent`, only the rows whose parent is in already.
    Returns the rows added."""
    kind = "insert_parquet_level" if parent else "insert_parquet"
    return cur.execute(_identifier_statement(known, kind, table, parent=parent), {"path": str(path)}).fetchone()[0]


def export_database(cur: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """EXPORT DATABASE as Parquet into `folder`. The statement takes no parameter for the folder, so it is written
    as a string literal: an absolute path, its quotes doubled."""
    if not folder.is_absolute() or "\0" in str(folder):
        raise ValueError(f"not an absolute folder path: {folder!r}")
    literal = "'" + str(folder).replace("'", "''") + "'"
    cur.execute(f"EXPORT DATABASE {literal} (FORMAT parquet)")


