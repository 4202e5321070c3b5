"""The CLI command `brief`: the daily brief of one compound, or the district's, written as a PDF or a chat text."""


from __future__ import annotations

import argparse
from pathlib import Path

from coordpanel.brief import diff, district, figures, text
from coordpanel.brief.sections import Section
from coordpanel.cli import common
from coordpanel.cli.common import export_lang, open_to_read
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import date_label, t
from coordpanel.core.outfiles import write_output

FORMATS = ("pdf", "txt")
HELP = "the daily brief of a compound (or one line per compound: --district), as a PDF or a text for the chat group"


def arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `brief` and its command (the parser comes from cli.parser(), with --db and --lang)."""
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the brief's day (default: the dataset's today)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--compound", type=int, metavar="ID", help="the compound (default: the first one)")
    which.add_argument("--district", action="store_true", help="every compound of the database, one line each, worst first")
    parser.add_argument("--format", choices=FORMATS, help="default: from the output file's name")
    parser.add_argument("-o", "--output", required=True, metavar="FILE")
    parser.set_defaults(run=cmd_brief)


def cmd_brief(args: argparse.Namespace) -> int:
    """Exit 0 when written, 1 on a refusal (a bad date or format, an unknown compound: main() prints it)."""
    lang, file_lang = common.lang(), export_lang(args)
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise Refused("brief.cli.bad_format", file=str(out))
    day = figures.parse_day(args.date) if args.date is not None else None
    db = open_to_read(args.db)
    try:
        data, day = (_district(db, day, fmt, file_lang) if args.district
                     else _compound(db, common.compound(db, args.compound), day, fmt, file_lang))
    finally:
        db.close()
    write_output(out, data, databases=(args.db,))
    print(t("brief.cli.done", lang, file=out, format=fmt, day=date_label(day, lang)))
    return 0


def _compound(db, compound_id: int, day, fmt: str, lang: str):
    brief = figures.build(db, compound_id, day)
    changes = diff.since_previous_day(db, brief)
    if fmt == "txt":
        return text.render(brief, changes, lang).encode(), brief.day
    from coordpanel.brief import pdf  # reportlab loads only when a PDF is written

    return pdf.render(brief, changes, lang), brief.day


def _district(db, day, fmt: str, lang: str):
    day = figures.moment(db, day).date()
    title, lines = district.lines(db, day, lang)
    if fmt == "txt":
        return text.render_lines(title, lines).encode(), day
    from coordpanel.brief import pdf

    return pdf.document(title, "", [Section("", lines)], lang), day
