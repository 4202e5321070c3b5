"""The admin CLI: python -m coordpanel [--db PATH] COMMAND …, a thin layer over the core's functions."""


from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from coordpanel import people, roster, seed
from coordpanel.core import auth, backup
from coordpanel.core.db import Database, DatabaseError, db_path_from_env
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import date_label, t


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
    seed.demo.build(db, actor="cli:init")
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


def _open_existing(path: str) -> Database:
    """The roster commands work on a database that exists; they never create an empty one by accident."""
    if not Path(path).exists():
        raise Refused("cli.no_database", path=path)
    return Database(path)


def _compound(db: Database, given: int | None) -> int:
    """The compound asked for, or the first one (the demo has only one)."""
    ids = [c["id"] for c in db.records("compound/list")]
    if given is not None:
        if given not in ids:
            raise Refused("cli.unknown_compound", id=given)
        return given
    if not ids:
        raise Refused("cli.no_compound")
    return ids[0]


def _week(text: str) -> dt.date:
    """argparse type of --week: a date in the week wanted."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_week", _lang(), value=text)) from None


def cmd_import_roster(args: argparse.Namespace) -> int:

    lang = _lang()
    db = _open_existing(args.db)
    compound_id = _compound(db, args.compound)
    for week in roster.imports.import_frame(db, auth.CLI_USER, compound_id, roster.imports.read_roster_file(args.file)):
        key = "cli.import.saved" if week.saved else "cli.import.unchanged"
        print(t(key, lang, week=date_label(week.monday, lang), added=week.added, removed=week.removed,
                shifts=week.shifts, version=week.version))
    return 0


def cmd_import_people(args: argparse.Namespace) -> int:

    db = _open_existing(args.db)
    added = people.importer.import_people(db, auth.CLI_USER, _compound(db, args.compound), args.file)
    print(t("cli.import_people.done", _lang(), n=added, file=args.file))
    return 0


def cmd_export_roster(args: argparse.Namespace) -> int:

    lang = _lang()
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv", "ics"):
        raise Refused("cli.bad_format", file=str(out))
    db = _open_existing(args.db)
    week = roster.week.load_week(db, _compound(db, args.compound), args.week)
    if week.shifts.empty:
        raise Refused("export.no_shifts", week=date_label(week.monday, lang))
    data = {"xlsx": lambda: roster.publish.to_xlsx(week, lang), "csv": lambda: roster.publish.to_csv(week),
            "ics": lambda: roster.publish.to_ics(week, lang)}[fmt]()
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise Refused("cli.write_failed", file=str(out), reason=exc.strerror or str(exc)) from exc
    print(t("cli.export.done", lang, week=date_label(week.monday, lang), format=fmt, shifts=len(week.shifts), file=out))
    return 0


def cmd_check_roster(args: argparse.Namespace) -> int:
    from coordpanel.roster.week import load_rules as rules

    lang = _lang()
    db = _open_existing(args.db)
    week = roster.week.load_week(db, _compound(db, args.compound), args.week)
    label = date_label(week.monday, lang)
    if week.shifts.empty:
        print(t("cli.check.no_shifts", lang, week=label))
        return 0
    found = roster.week.check(week, week.crews, rules(db))
    for v in found:
        print(t(f"cli.check.{v.severity}", lang) + roster.grid.describe(v, week, lang))
    hard = sum(1 for v in found if v.severity == "hard")
    print(t("cli.check.summary", lang, week=label, hard=hard, soft=len(found) - hard))
    return 1 if hard else 0


def _details(exc: Refused, lang: str) -> list[str]:
    """One line per bad row or rule violation behind a refusal, when it carries them."""
    if hasattr(exc, "lines"):
        return exc.lines(lang)
    if hasattr(exc, "violations") and hasattr(exc, "week"):  # roster.saving.RosterRefused
        from coordpanel.roster.grid import describe

        return [describe(v, exc.week, lang) for v in exc.violations]
    return []


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
    compound = argparse.ArgumentParser(add_help=False)
    compound.add_argument("--compound", type=int, metavar="ID", help="the compound (default: the first one)")
    imp = sub.add_parser("import-roster", parents=[compound],
                         help="import gate shifts' crews from an .xlsx or .csv file, all or nothing, checked by the roster rules")
    imp.add_argument("file", help="columns gate, date, start, end, person and/or person_id (Chinese headers too)")
    imp.set_defaults(run=cmd_import_roster)
    imp_people = sub.add_parser("import-people", parents=[compound],
                                help="add people from an .xlsx or .csv file, all or nothing; exit 1 with one line per bad row")
    imp_people.add_argument("file", help="a name column and any of tier, group, organisation, phone, party, home building, "
                                         "title, note (Chinese headers too: 姓名, 层级, 分组, 单位, 电话, 党员, 楼栋, 职务, 备注)")
    imp_people.set_defaults(run=cmd_import_people)
    exp = sub.add_parser("export-roster", parents=[compound], help="export a roster week to xlsx, csv or iCalendar")
    exp.add_argument("--week", required=True, type=_week, metavar="YYYY-MM-DD", help="any day of the week (Monday-based)")
    exp.add_argument("--format", choices=("xlsx", "csv", "ics"), help="default: from the output file's name")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.set_defaults(run=cmd_export_roster)
    chk = sub.add_parser("check-roster", parents=[compound],
                         help="print every rule violation of a roster week; exit 1 if a hard rule is broken")
    chk.add_argument("--week", required=True, type=_week, metavar="YYYY-MM-DD", help="any day of the week (Monday-based)")
    chk.set_defaults(run=cmd_check_roster)
    gen = sub.add_parser("generate", help="build a district of N compounds into an empty database (deterministic per seed)")
    gen.add_argument("--compounds", type=int, required=True)
    gen.add_argument("--weeks", type=int, default=1, help="weeks of gate shifts and rosters per compound")
    gen.add_argument("--seed", type=int, default=2020)
    gen.set_defaults(run=cmd_generate)
    bak = sub.add_parser("backup", help="write a consistent snapshot (Parquet) of the database into a new or empty folder")
    bak.add_argument("folder")
    bak.set_defaults(run=cmd_backup)
    res = sub.add_parser("restore", help="build a new database file (--db) from a backup folder")
    res.add_argument("folder")
    res.set_defaults(run=cmd_restore)
    return top


def cmd_generate(args: argparse.Namespace) -> int:
    db = Database(args.db)
    ids = seed.district.generate(db, args.compounds, weeks=args.weeks, seed=args.seed, actor="cli:generate",
                            progress=lambda done, total: print(f"  {done}/{total}", flush=True))
    print(f"{args.db}: {len(ids)} compounds, {args.weeks} week(s) of rosters.")
    _print_counts(db)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    folder = backup.backup(Database(args.db, migrate=False), args.folder)
    print(f"{args.db}: snapshot written to {folder}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = backup.restore(args.folder, args.db)
    print(f"{path}: restored from {args.folder}")
    _print_counts(Database(path))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Refused as exc:
        print(f"error: {exc.message(_lang())}", file=sys.stderr)
        for line in _details(exc, _lang()):
            print(f"  {line}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    os.environ.setdefault("TZ", "Asia/Shanghai")
    sys.exit(main())
