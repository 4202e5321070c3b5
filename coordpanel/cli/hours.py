"""CLI command hours: planned and actual gate hours per person for a date range, to xlsx or csv."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from coordpanel.attendance import hours
from coordpanel.cli import common
from coordpanel.cli.common import compound, export_lang, in_range, open_to_read
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.core.outfiles import write_output

FORMATS = ("xlsx", "csv")


def date(text: str) -> dt.date:
    """argparse type of --from and --to: a calendar date, YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("att.bad_date", common.lang(), value=text)) from None


def arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--from", dest="first", required=True, type=date, metavar="YYYY-MM-DD",
                         help="the first day (shifts starting on it count)")
    command.add_argument("--to", dest="last", required=True, type=date, metavar="YYYY-MM-DD",
                         help="the last day, included")
    command.add_argument("--format", choices=FORMATS, help="default: from the output file's name")
    command.add_argument("-o", "--output", required=True, metavar="FILE")


def cmd_hours(args: argparse.Namespace) -> int:
    """One row per person with a roster place or an attendance record in the range: planned and actual hours
    (xlsx: a second sheet per tier and group). Headers in the file's language (Chinese by default)."""
    lang, file_lang = common.lang(), export_lang(args)
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise Refused("att.bad_format", file=str(out))
    first, last = in_range(args.first), in_range(args.last)
    if first > last:
        raise Refused("att.bad_period", first=first.isoformat(), last=last.isoformat())
    db = open_to_read(args.db)
    frame = hours.person_hours(db, compound(db, args.compound), first, last)
    data = hours.export_xlsx(frame, first, last, file_lang) if fmt == "xlsx" else hours.export_csv(frame, file_lang)
    write_output(out, data, databases=(args.db,))
    print(t("att.cli_done", lang, first=first.isoformat(), last=last.isoformat(), n=len(frame), format=fmt, file=out))
    return 0
