"""The admin CLI: python -m coordpanel [--db PATH] COMMAND …, a thin layer over the core's functions."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from coordpanel import auth, demo
from coordpanel.db import Database, DatabaseError, db_path_from_env
from coordpanel.errors import Refused


def _lang() -> str:
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


def _read_password(confirm: bool) -> str:
    """From a prompt on a terminal, else the first line of standard input; never from the command line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != password:
        raise Refused("auth.password_mismatch")
    return password


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
    if not args.demo:
        print(f"{path}: created (empty, schema version {db.schema_version()}).")
        _print_counts(db)
        return 0
    demo.build(db, actor="cli:init")
    given = os.environ.get("COORDPANEL_DEMO_PASSWORD")
    password = auth.create_demo_accounts(db, auth.CLI_USER, given)
    print(f"{path}: created with the demo compound 万科嘉园.")
    _print_counts(db)
    shown = "the value of COORDPANEL_DEMO_PASSWORD" if given else password
    print(f"\nSign in as {', '.join(auth.DEMO_ACCOUNTS)} with the password: {shown}")
    if not given:
        print("This generated password is shown only once. Change it with: python -m coordpanel set-password NAME")
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


def cmd_add_user(args: argparse.Namespace) -> int:
    db = Database(args.db)
    auth.create_user(db, auth.CLI_USER, args.name, args.role, _read_password(confirm=True))
    print(f"added {args.name} ({args.role})")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    db = Database(args.db)
    auth.set_password(db, auth.CLI_USER, args.name, _read_password(confirm=True))
    print(f"password of {args.name} changed")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    db = Database(args.db)
    for user in auth.list_users(db, auth.CLI_USER):
        state = "active" if user["active"] else "inactive"
        locked = f", locked until {user['locked_until']:%Y-%m-%d %H:%M}" if user["locked_until"] else ""
        print(f"{user['username']:<24} {user['role']:<8} {state}{locked}")
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
    add = sub.add_parser("add-user", help="add a user; the password is read from a prompt or standard input")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=auth.ROLES)
    add.set_defaults(run=cmd_add_user)
    setpw = sub.add_parser("set-password", help="set a user's password (prompt or standard input) and clear any lock")
    setpw.add_argument("name")
    setpw.set_defaults(run=cmd_set_password)
    users = sub.add_parser("list-users", help="user names, roles and locks")
    users.set_defaults(run=cmd_list_users)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"error: {exc.message(_lang())}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    os.environ.setdefault("TZ", "Asia/Shanghai")
    sys.exit(main())
