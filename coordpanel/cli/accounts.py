"""CLI commands on accounts: add-user, set-password, list-users, unlock. Passwords never come from the command line."""


from __future__ import annotations

import argparse

from coordpanel.cli.common import open_existing, open_to_read, read_password
from coordpanel.core import auth


def add_user_arguments(add: argparse.ArgumentParser) -> None:
    """add-user's arguments: the name, the role, and a gate lead's gates (--gate ID, once per gate)."""
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=auth.ROLES)
    add.add_argument("--gate", type=int, action="append", default=[], metavar="ID",
                     help="a gate the gate lead records attendance at (repeat for several; required for --role gatelead; "
                          "list-users shows the gates given)")


def cmd_add_user(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    gates = getattr(args, "gate", None) or []
    auth.create_user(db, auth.CLI_USER, args.name, args.role, read_password(confirm=True), gates=gates)
    given = f", gates {', '.join(map(str, sorted(set(gates))))}" if args.role == "gatelead" else ""
    print(f"added {args.name} ({args.role}{given})")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    auth.set_password(db, auth.CLI_USER, args.name, read_password(confirm=True))
    print(f"password of {args.name} changed")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    db = open_to_read(args.db)
    for user in auth.list_users(db, auth.CLI_USER):
        state = "active" if user["active"] else "inactive"
        locked = f", locked until {user['locked_until']:%Y-%m-%d %H:%M}" if user["locked_until"] else ""
        gates = f", gates: {user['gates']}" if user["gates"] else ""
        print(f"{user['username']:<24} {user['role']:<8} {state}{locked}{gates}")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    auth.unlock(db, auth.CLI_USER, args.name)
    print(f"{args.name}: unlocked")
    return 0
