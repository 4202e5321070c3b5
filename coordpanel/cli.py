"""The admin CLI: python -m coordpanel [--db PATH] COMMAND …, a thin layer over the core's functions."""


from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

import duckdb

from coordpanel import people, roster, seed
from coordpanel.core import auth, backup, i18n
from coordpanel.core.db import Database, db_path_from_env
from coordpanel.core.dbbuild import build_file
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import date_label, t
from coordpanel.core.outfiles import write_output

# the days --week accepts: wide enough for any real roster, narrow enough that a week and its neighbours are dates
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
_chosen_lang: str | None = None  # --lang, set by main() for the messages of this run


def _lang() -> str:
    """The language of messages: --lang, else the terminal's (LANG)."""
    if _chosen_lang:
        return _chosen_lang
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


def _export_lang(args: argparse.Namespace) -> str:
    """The language of files written: --lang, else Chinese, as the app (they go to the compound's chat group)."""
    return getattr(args, "lang", None) or i18n.DEFAULT


def _read_password(confirm: bool) -> str:
    """From a prompt on a terminal, else the first line of standard input; never from the command line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != password:
        raise Refused("auth.password_mismatch")
    return password


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
        _print_counts(counts)
        return 0
    print(f"{path}: created with the demo compound 万科嘉园.")
    _print_counts(counts)
    shown = "the value of COORDPANEL_DEMO_PASSWORD" if given else password
    print(f"\nSign in as {', '.join(auth.DEMO_ACCOUNTS)} with the password: {shown}")
    if not given:
        print("This generated password is shown only once. Change it with: python -m coordpanel set-password NAME")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    path = Path(args.db)
    db = _open_to_read(args.db, migrate=False)  # an older schema is shown as it is, not upgraded
    print(f"database: {path}")
    print(f"schema version: {db.schema_version()}")
    _print_counts(db.rows("admin/table_counts"))
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    db = _open_existing(args.db)
    auth.create_user(db, auth.CLI_USER, args.name, args.role, _read_password(confirm=True))
    print(f"added {args.name} ({args.role})")
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    db = _open_existing(args.db)
    auth.set_password(db, auth.CLI_USER, args.name, _read_password(confirm=True))
    print(f"password of {args.name} changed")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    db = _open_to_read(args.db)
    for user in auth.list_users(db, auth.CLI_USER):
        state = "active" if user["active"] else "inactive"
        locked = f", locked until {user['locked_until']:%Y-%m-%d %H:%M}" if user["locked_until"] else ""
        print(f"{user['username']:<24} {user['role']:<8} {state}{locked}")
    return 0


def _open_existing(path: str) -> Database:
    """The commands that write work on a database that exists; they never create an empty one by accident."""
    return Database.existing(path)


def _open_to_read(path: str, *, migrate: bool = True) -> Database:
    """The commands that only read open read-only: they work on a read-only file or folder, and beside other
    readers (never creating or writing anything)."""
    return Database.existing(path, read_only=True, migrate=migrate)


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


def _in_range(day: dt.date) -> dt.date:
    """A well-formed --week far outside any roster (9999-12-31: its week ends past the last date) is refused."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Refused("cli.week_out_of_range", value=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
    return day


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

    lang, file_lang = _lang(), _export_lang(args)
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv", "ics"):
        raise Refused("cli.bad_format", file=str(out))
    db = _open_to_read(args.db)
    week = roster.week.load_week(db, _compound(db, args.compound), _in_range(args.week))
    if week.shifts.empty:
        raise Refused("export.no_shifts", week=date_label(week.monday, lang))
    data = {"xlsx": lambda: roster.publish.to_xlsx(week, file_lang), "csv": lambda: roster.publish.to_csv(week),
            "ics": lambda: roster.publish.to_ics(week, file_lang)}[fmt]()
    write_output(out, data, databases=(args.db,))
    print(t("cli.export.done", lang, week=date_label(week.monday, lang), format=fmt, shifts=len(week.shifts), file=out))
    return 0


def cmd_check_roster(args: argparse.Namespace) -> int:
    from coordpanel.roster.week import load_rules as rules

    lang = _lang()
    db = _open_to_read(args.db)
    week = roster.week.load_week(db, _compound(db, args.compound), _in_range(args.week))
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


def _print_counts(counts: list[tuple]) -> None:
    for table, rows in counts:
        print(f"  {table:<20} {rows:>8}")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m coordpanel", description="coordpanel admin commands")
    db_help = "DuckDB file (default: $COORDPANEL_DB or data/coordpanel.duckdb); before or after the command"
    lang_help = "language of messages (default: from LANG) and of exported files (default: zh, as the app)"
    top.add_argument("--db", default=str(db_path_from_env()), help=db_help)
    top.add_argument("--lang", choices=i18n.LANGUAGES, default=None, help=lang_help)
    # the same options after the command (`generate --compounds 200 --db x.duckdb`); SUPPRESS keeps the value given
    # before the command when none is given after it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, *parents: argparse.ArgumentParser, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common, *parents], **kwargs)

    init = command("init", help="create and migrate the database, optionally with the demo compound")
    init.add_argument("--demo", action="store_true", help="load the demo compound (万科嘉园, February 2020)")
    init.add_argument("--force", action="store_true", help="replace an existing database (once the new one is complete)")
    init.set_defaults(run=cmd_init)
    info = command("info", help="what is in the database, in counts")
    info.set_defaults(run=cmd_info)
    add = command("add-user", help="add a user; the password is read from a prompt or standard input")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=auth.ROLES)
    add.set_defaults(run=cmd_add_user)
    setpw = command("set-password", help="set a user's password (prompt or standard input) and clear any lock")
    setpw.add_argument("name")
    setpw.set_defaults(run=cmd_set_password)
    users = command("list-users", help="user names, roles and locks")
    users.set_defaults(run=cmd_list_users)
    compound = argparse.ArgumentParser(add_help=False)
    compound.add_argument("--compound", type=int, metavar="ID", help="the compound (default: the first one)")
    imp = command("import-roster", compound,
                  help="import gate shifts' crews from an .xlsx or .csv file, all or nothing, checked by the roster rules")
    imp.add_argument("file", help="columns gate, date, start, end, person and/or person_id (Chinese headers too)")
    imp.set_defaults(run=cmd_import_roster)
    imp_people = command("import-people", compound,
                         help="add people from an .xlsx or .csv file, all or nothing; exit 1 with one line per bad row")
    imp_people.add_argument("file", help="a name column and any of tier, group, organisation, phone, party, home building, "
                                         "title, note (Chinese headers too: 姓名, 层级, 分组, 单位, 电话, 党员, 楼栋, 职务, 备注)")
    imp_people.set_defaults(run=cmd_import_people)
    exp = command("export-roster", compound, help="export a roster week to xlsx, csv or iCalendar")
    exp.add_argument("--week", required=True, type=_week, metavar="YYYY-MM-DD", help="any day of the week (Monday-based)")
    exp.add_argument("--format", choices=("xlsx", "csv", "ics"), help="default: from the output file's name")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.set_defaults(run=cmd_export_roster)
    chk = command("check-roster", compound,
                  help="print every rule violation of a roster week; exit 1 if a hard rule is broken")
    chk.add_argument("--week", required=True, type=_week, metavar="YYYY-MM-DD", help="any day of the week (Monday-based)")
    chk.set_defaults(run=cmd_check_roster)
    gen = command("generate", help="build a district of N compounds into an empty database (deterministic per seed)")
    gen.add_argument("--compounds", type=int, required=True)
    gen.add_argument("--weeks", type=int, default=1, help="weeks of gate shifts and rosters per compound")
    gen.add_argument("--seed", type=int, default=2020)
    gen.set_defaults(run=cmd_generate)
    bak = command("backup", help="write a consistent snapshot (Parquet) of the database into a new or empty folder")
    bak.add_argument("folder")
    bak.set_defaults(run=cmd_backup)
    res = command("restore", help="build a new database file (--db) from a backup folder")
    res.add_argument("folder")
    res.set_defaults(run=cmd_restore)
    return top


def cmd_generate(args: argparse.Namespace) -> int:
    db = Database(args.db)
    ids = seed.district.generate(db, args.compounds, weeks=args.weeks, seed=args.seed, actor="cli:generate",
                            progress=lambda done, total: print(f"  {done}/{total}", flush=True))
    print(f"{args.db}: {len(ids)} compounds, {args.weeks} week(s) of rosters.")
    _print_counts(db.rows("admin/table_counts"))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    folder = backup.backup(_open_to_read(args.db, migrate=False), args.folder)
    print(f"{args.db}: snapshot written to {folder}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = backup.restore(args.folder, args.db)
    print(f"{path}: restored from {args.folder}")
    _print_counts(Database(path).rows("admin/table_counts"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when done, 1 on any refusal or database error (a message, never a traceback), 2 on a usage error."""
    global _chosen_lang
    args = parser().parse_args(argv)
    _chosen_lang = args.lang
    try:
        return args.run(args)
    except Refused as exc:  # DatabaseError (a file that cannot be used) is one
        print(f"error: {exc.message(_lang())}", file=sys.stderr)
        for line in _details(exc, _lang()):
            print(f"  {line}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(t("cli.database_error", _lang(), path=args.db, error=str(exc).splitlines()[0][:300]), file=sys.stderr)
        return 1


if __name__ == "__main__":
    os.environ.setdefault("TZ", "Asia/Shanghai")
    sys.exit(main())
