"""The admin CLI: python -m coordpanel [--db PATH] COMMAND …, a thin layer over the core's functions."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from coordpanel import demo
from coordpanel.db import Database, DatabaseError, db_path_from_env


def _has_data(db: Database) -> bool:
    return dict(db.rows("admin/table_counts"))["compound"] > 0


def cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if args.force and path.exists():
        # --force replaces only a database; any other file is refused by the open below before we get here
        Database(path, migrate=False).close()
        path.unlink()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
    db = Database(path)
    if _has_data(db):
        print(f"{path}: the database already holds data; nothing was changed. Use --force to rebuild it.", file=sys.stderr)
        return 1
    if args.demo:
        demo.build(db, actor="cli:init")
        print(f"{path}: created with the demo compound 万科嘉园.")
    else:
        print(f"{path}: created (empty, schema version {db.schema_version()}).")
    _print_counts(db)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not path.exists():
        print(f"{path}: no database here yet; run `python -m coordpanel init --demo`.", file=sys.stderr)
        return 1
    db = Database(path, migrate=False)
    print(f"database: {path}")
    print(f"schema version: {db.schema_version()}")
    _print_counts(db)
    return 0


def _print_counts(db: Database) -> None:
    for table, rows in db.rows("admin/table_counts"):
        print(f"  {table:<20} {rows:>8}")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m coordpanel", description="coordpanel admin commands")
    top.add_argument("--db", default=str(db_path_from_env()), help="DuckDB file (default: $COORDPANEL_DB or data/coordpanel.duckdb)")
    sub = top.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create and migrate the database, optionally with the demo compound")
    init.add_argument("--demo", action="store_true", help="load the demo compound (万科嘉园, February 2020)")
    init.add_argument("--force", action="store_true", help="delete an existing database first")
    init.set_defaults(run=cmd_init)
    info = sub.add_parser("info", help="what is in the database, in counts")
    info.set_defaults(run=cmd_info)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    os.environ.setdefault("TZ", "Asia/Shanghai")
    sys.exit(main())
