"""The admin CLI: python -m coordpanel [--db PATH] COMMAND …, a thin layer over the core's functions.

The commands live by subject: database.py (init, info, generate, backup, restore, copy), accounts.py (users and locks),
files.py (roster and people files), schedule.py (the auto-scheduler); common.py holds what they share."""


from __future__ import annotations

import argparse
import sys

import duckdb
import psycopg

from coordpanel import people, roster  # noqa: F401 (tests reach the feature modules through the CLI)
from coordpanel.cli import common
from coordpanel.cli.accounts import add_user_arguments, cmd_add_user, cmd_list_users, cmd_set_password, cmd_unlock
from coordpanel.cli.brief import HELP as BRIEF_HELP
from coordpanel.cli.brief import arguments as brief_arguments
from coordpanel.cli.database import arguments as copy_arguments
from coordpanel.cli.database import cmd_backup, cmd_copy, cmd_generate, cmd_info, cmd_init, cmd_restore
from coordpanel.cli.export import arguments as export_arguments
from coordpanel.cli.export import cmd_export
from coordpanel.cli.files import cmd_check_roster, cmd_export_roster, cmd_import_people, cmd_import_roster
from coordpanel.cli.hours import arguments as hours_arguments
from coordpanel.cli.hours import cmd_hours
from coordpanel.cli.schedule import arguments as schedule_arguments
from coordpanel.cli.schedule import cmd_schedule
from coordpanel.core import i18n, pg
from coordpanel.core.db import db_path_from_env
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.core.transfer import shown


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m coordpanel", description="coordpanel admin commands")
    db_help = "DuckDB file (default: $COORDPANEL_DB or data/coordpanel.duckdb); before or after the command"
    lang_help = "language of messages (default: from LANG) and of exported files (default: zh, as the app)"
    top.add_argument("--db", default=str(db_path_from_env()), help=db_help)
    top.add_argument("--lang", choices=i18n.LANGUAGES, default=None, help=lang_help)
    # the same options after the command (`generate --compounds 200 --db x.duckdb`); SUPPRESS keeps the value given
    # before the command when none is given after it
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    shared.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, *parents: argparse.ArgumentParser, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[shared, *parents], **kwargs)

    init = command("init", help="create and migrate the database, optionally with the demo compound")
    init.add_argument("--demo", action="store_true", help="load the demo compound (万科嘉园, February 2020)")
    init.add_argument("--force", action="store_true", help="replace an existing database (once the new one is complete)")
    init.set_defaults(run=cmd_init)
    command("info", help="what is in the database, in counts").set_defaults(run=cmd_info)
    add = command("add-user", help="add a user; the password is read from a prompt or standard input")
    add_user_arguments(add)
    add.set_defaults(run=cmd_add_user)
    setpw = command("set-password", help="set a user's password (prompt or standard input) and clear any lock")
    setpw.add_argument("name")
    setpw.set_defaults(run=cmd_set_password)
    users = command("list-users", help="user names, roles and locks")
    users.set_defaults(run=cmd_list_users)
    unlock = command("unlock", help="lift every sign-in lock on a user (as set-password does, without changing it)")
    unlock.add_argument("name")
    unlock.set_defaults(run=cmd_unlock)
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
    exp.add_argument("--week", required=True, type=common.week, metavar="YYYY-MM-DD", help="any day of the week (Monday-based)")
    exp.add_argument("--format", choices=("xlsx", "csv", "ics"), help="default: from the output file's name")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.set_defaults(run=cmd_export_roster)
    chk = command("check-roster", compound,
                  help="print every rule violation of a roster week; exit 1 if a hard rule is broken")
    chk.add_argument("--week", required=True, type=common.week, metavar="YYYY-MM-DD", help="any day of the week (Monday-based)")
    chk.set_defaults(run=cmd_check_roster)
    sched = command("schedule", compound, help="fill a roster week's open places with the auto-scheduler and save them "
                                               "as one version; exit 3 when some places stay open")
    schedule_arguments(sched)
    sched.set_defaults(run=cmd_schedule)
    hours = command("hours", compound, help="planned and actual gate hours per person for a date range, as xlsx or csv")
    hours_arguments(hours)
    hours.set_defaults(run=cmd_hours)
    brief_arguments(command("brief", help=BRIEF_HELP))
    export = command("export", compound, help="export resident requests, supplies or the case log as xlsx or csv")
    export_arguments(export)
    export.set_defaults(run=cmd_export)
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
    cp = command("copy", help="copy the whole database between a DuckDB file and PostgreSQL: --to an empty PostgreSQL "
                              "database, or --from a database into a new file (--db); table by table equal")
    copy_arguments(cp)
    cp.set_defaults(run=cmd_copy)
    return top


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when done (schedule: 3 when places stay open), 1 on any refusal or database error (a message, never a
    traceback), 2 on a usage error."""
    args = parser().parse_args(argv)
    common.choose_lang(args.lang)
    try:
        return args.run(args)
    except Refused as exc:  # DatabaseError (a file that cannot be used) is one
        print(f"error: {exc.message(common.lang())}", file=sys.stderr)
        for line in common.details(exc, common.lang()):
            print(f"  {line}", file=sys.stderr)
        return 1
    except (duckdb.Error, psycopg.Error) as exc:  # the message names the database without its password
        print(t("cli.database_error", common.lang(), path=shown(args.db), error=pg.redacted(str(exc).splitlines()[0][:300])),
              file=sys.stderr)
        return 1
