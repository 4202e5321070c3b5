"""CLI commands on accounts: add-user, set-password, list-users, unlock. Passwords never come from the command line."""


from __future__ import annotations

import argparse

from coordpanel.cli.common import open_existing, open_to_read, read_password
from coordpanel.core import auth


def cmd_add_user(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    auth.create_user(db, auth.CLI_USER, args.name, args.role, read_password(confirm=True))
    print(f"added {args.name} ({args.role})")
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
        print(f"{user['username']:<24} {user['role']:<8} {state}{locked}")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    auth.unlock(db, auth.CLI_USER, args.name)
    print(f"{args.name}: unlocked")
    return 0
