"""CLI commands on whole databases: init, info, generate, backup, restore, copy; on a DuckDB file or PostgreSQL.

Messages name a PostgreSQL database by its URL without the password (transfer.shown)."""


from __future__ import annotations

import argparse
import os
from pathlib import Path

import duckdb

from coordpanel import seed
from coordpanel.cli.common import open_to_read, print_counts
from coordpanel.core import auth, backup, pg, transfer
from coordpanel.core.db import Database
from coordpanel.core.dbbuild import build_file, build_postgres
from coordpanel.core.errors import Refused
from coordpanel.core.transfer import shown


def _has_data(db: Database) -> bool:
    """Whether `init` would destroy something: any compound, person or account (or tables it cannot count)."""
    if db.schema_version() == 0:
        return False
    try:
        counts = dict(db.rows("admin/table_counts"))
    except duckdb.Error:
        return True
    return any(counts[table] for table in ("compound", "person", "app_user"))


def _refuse_data(target: str, force: bool) -> None:
    """init on a database that holds data needs --force; another application's database is refused even with it."""
    existing = Database(target, migrate=False)  # refuses anything but a database of ours, even with --force
    try:
        held = _has_data(existing)
    finally:
        existing.close()
    if held and not force:
        raise Refused("cli.init_has_data", path=shown(target))


def cmd_init(args: argparse.Namespace) -> int:
    """Checks first, then builds: a DuckDB file beside the path, moved in at the end (a failure leaves nothing); a
    PostgreSQL database emptied and built in place (a failure leaves it empty)."""
    given = os.environ.get("COORDPANEL_DEMO_PASSWORD") if args.demo else None
    if given and len(given) < auth.MIN_PASSWORD:
        raise Refused("auth.short_password", minimum=auth.MIN_PASSWORD)
    postgres = pg.is_url(args.db)
    if postgres or Path(args.db).exists():
        _refuse_data(args.db, args.force)

    def fill(db: Database) -> tuple[int, list[tuple], str | None]:
        password = None
        if args.demo:
            seed.demo.build(db, actor="cli:init")
            password = auth.create_demo_accounts(db, auth.CLI_USER, given)
        return db.schema_version(), db.rows("admin/table_counts"), password

    version, counts, password = (build_postgres if postgres else build_file)(args.db, fill)
    name = shown(args.db)
    if not args.demo:
        print(f"{name}: created (empty, schema version {version}).")
        print_counts(counts)
        return 0
    print(f"{name}: created with the demo compound 万科嘉园.")
    print_counts(counts)
    secret = "the value of COORDPANEL_DEMO_PASSWORD" if given else password
    print(f"\nSign in as {', '.join(auth.DEMO_ACCOUNTS)} with the password: {secret}")
    if not given:
        print("This generated password is shown only once. Change it with: python -m coordpanel set-password NAME")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    db = open_to_read(args.db, migrate=False)  # an older schema is shown as it is, not upgraded
    print(f"database: {shown(args.db)}")
    print(f"schema version: {db.schema_version()}")
    print_counts(db.rows("admin/table_counts"))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    db = Database(args.db)
    ids = seed.district.generate(db, args.compounds, weeks=args.weeks, seed=args.seed, actor="cli:generate",
                            progress=lambda done, total: print(f"  {done}/{total}", flush=True))
    print(f"{shown(args.db)}: {len(ids)} compounds, {args.weeks} week(s) of rosters.")
    print_counts(db.rows("admin/table_counts"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    folder = backup.backup(open_to_read(args.db, migrate=False), args.folder)
    print(f"{shown(args.db)}: snapshot written to {folder}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = backup.restore(args.folder, args.db)
    print(f"{shown(path)}: restored from {args.folder}")
    print_counts(Database(path).rows("admin/table_counts"))
    return 0


def arguments(copy: argparse.ArgumentParser) -> None:
    """copy's options: exactly one direction; the other end is --db."""
    way = copy.add_mutually_exclusive_group(required=True)
    way.add_argument("--to", metavar="URL", help="an empty PostgreSQL database (postgresql://…) to copy --db into")
    way.add_argument("--from", dest="source", metavar="URL",
                     help="a database (postgresql://… or a file) to copy into a new DuckDB file given by --db")


def cmd_copy(args: argparse.Namespace) -> int:
    """copy --to URL: the --db database into an empty PostgreSQL one; copy --from URL: into a new file --db."""
    source, target = (args.db, args.to) if args.to else (args.source, args.db)
    counts = transfer.copy(source, target)
    print(f"{shown(source)} → {shown(target)}: copied, table by table.")
    print_counts(sorted(counts.items()))
    return 0
