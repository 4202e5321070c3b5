"""CLI commands on roster and people files: import-roster, import-people, export-roster, check-roster."""


from __future__ import annotations

import argparse
from pathlib import Path

from coordpanel import people, roster
from coordpanel.cli import common
from coordpanel.cli.common import compound, export_lang, in_range, open_existing, open_to_read
from coordpanel.core import auth, sheets
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import date_label, t
from coordpanel.core.outfiles import write_output


def cmd_import_roster(args: argparse.Namespace) -> int:
    lang = common.lang()
    db = open_existing(args.db)
    compound_id = compound(db, args.compound)
    frame = roster.imports.read_roster_file(args.file)
    for week in roster.imports.import_frame(db, auth.CLI_USER, compound_id, frame):
        key = "cli.import.saved" if week.saved else "cli.import.unchanged"
        print(t(key, lang, week=date_label(week.monday, lang), added=week.added, removed=week.removed,
                shifts=week.shifts, version=week.version))
    _say_unused(sheets.unused_columns(frame, (*roster.cells.COLUMNS, "reason")), lang)
    return 0


def cmd_import_people(args: argparse.Namespace) -> int:
    db = open_existing(args.db)
    added = people.importer.import_people(db, auth.CLI_USER, compound(db, args.compound), args.file)
    print(t("cli.import_people.done", common.lang(), n=added, file=args.file))
    _say_unused(added.unused_columns, common.lang())
    return 0


def _say_unused(columns, language: str) -> None:
    """An import never drops a column silently: the columns of the file it did not read are named."""
    if columns:
        print(t("people_import.unused_done", language, columns="、".join(columns) if language == "zh" else ", ".join(columns)))


def cmd_export_roster(args: argparse.Namespace) -> int:
    lang, file_lang = common.lang(), export_lang(args)
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv", "ics"):
        raise Refused("cli.bad_format", file=str(out))
    db = open_to_read(args.db)
    week = roster.week.load_week(db, compound(db, args.compound), in_range(args.week))
    if week.shifts.empty:
        raise Refused("export.no_shifts", week=date_label(week.monday, lang))
    data = {"xlsx": lambda: roster.publish.to_xlsx(week, file_lang), "csv": lambda: roster.publish.to_csv(week),
            "ics": lambda: roster.publish.to_ics(week, file_lang)}[fmt]()
    write_output(out, data, databases=(args.db,))
    print(t("cli.export.done", lang, week=date_label(week.monday, lang), format=fmt, shifts=len(week.shifts), file=out))
    return 0


def cmd_check_roster(args: argparse.Namespace) -> int:
    from coordpanel.roster.week import load_rules as rules

    lang = common.lang()
    db = open_to_read(args.db)
    week = roster.week.load_week(db, compound(db, args.compound), in_range(args.week))
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
