"""CLI commands on whole databases: init, info, generate, backup, restore."""


from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from coordpanel import seed
from coordpanel.cli.common import open_to_read, print_counts
from coordpanel.core import auth, backup
from coordpanel.core.db import Database
from coordpanel.core.dbbuild import build_file
from coordpanel.core.errors import Refused


def _has_data(db: Database) -> bool:
    """Whether `init` would destroy something: any compound, person or account (or tables it cannot count)."""
    if db.schema_version() == 0:
        return False
    try:
        counts = dict(db.rows("admin/table_counts"))
    except duckdb.Error:
        return True
    return any(counts[table] for table in ("compound", "person", "app_user"))


def cmd_init(args: argparse.Namespace) -> int:
    """Checks first, then builds the new database beside the path and moves it in: a failure leaves nothing."""
    path = Path(args.db)
    given = os.environ.get("COORDPANEL_DEMO_PASSWORD") if args.demo else None
    if given and len(given) < auth.MIN_PASSWORD:
        raise Refused("auth.short_password", minimum=auth.MIN_PASSWORD)
    if path.exists():
        existing = Database(path, migrate=False)  # refuses anything but a database of ours, even with --force
        try:
            held = _has_data(existing)
        finally:
            existing.close()
        if held and not args.force:
            print(f"{path}: the database already holds data; nothing was changed. Use --force to rebuild it.", file=sys.stderr)
            return 1

    def fill(db: Database) -> tuple[int, list[tuple], str | None]:
        password = None
        if args.demo:
            seed.demo.build(db, actor="cli:init")
            password = auth.create_demo_accounts(db, auth.CLI_USER, given)
        return db.schema_version(), db.rows("admin/table_counts"), password

    version, counts, password = build_file(path, fill)
    if not args.demo:
        print(f"{path}: created (empty, schema version {version}).")
        print_counts(counts)
        return 0
    print(f"{path}: created with the demo compound 万科嘉园.")
    print_counts(counts)
    shown = "the value of COORDPANEL_DEMO_PASSWORD" if given else password
    print(f"\nSign in as {', '.join(auth.DEMO_ACCOUNTS)} with the password: {shown}")
    if not given:
        print("This generated password is shown only once. Change it with: python -m coordpanel set-password NAME")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    path = Path(args.db)
    db = open_to_read(args.db, migrate=False)  # an older schema is shown as it is, not upgraded
    print(f"database: {path}")
    print(f"schema version: {db.schema_version()}")
    print_counts(db.rows("admin/table_counts"))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    db = Database(args.db)
    ids = seed.district.generate(db, args.compounds, weeks=args.weeks, seed=args.seed, actor="cli:generate",
                            progress=lambda done, total: print(f"  {done}/{total}", flush=True))
    print(f"{args.db}: {len(ids)} compounds, {args.weeks} week(s) of rosters.")
    print_counts(db.rows("admin/table_counts"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    folder = backup.backup(open_to_read(args.db, migrate=False), args.folder)
    print(f"{args.db}: snapshot written to {folder}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = backup.restore(args.folder, args.db)
    print(f"{path}: restored from {args.folder}")
    print_counts(Database(path).rows("admin/table_counts"))
    return 0
