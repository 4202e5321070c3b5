"""CLI: python -m coordpanel export --what requests|supplies|cases [--compound ID] [--format xlsx|csv] -o FILE."""


from __future__ import annotations

import argparse
from pathlib import Path

from coordpanel.cli import common
from coordpanel.cli.common import compound, export_lang, open_to_read
from coordpanel.core import auth
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.core.outfiles import write_output
from coordpanel.services import exports


def arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--what", required=True, choices=exports.WHAT, help="which table")
    cmd.add_argument("--format", choices=exports.FORMATS, help="default: from the output file's name")
    cmd.add_argument("-o", "--output", required=True, metavar="FILE")


def cmd_export(args: argparse.Namespace) -> int:
    lang, file_lang = common.lang(), export_lang(args)
    out = Path(args.output)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in exports.FORMATS:
        raise Refused("svc.bad_format", file=str(out))
    db = open_to_read(args.db)
    frame = exports.table(db, auth.CLI_USER, compound(db, args.compound), args.what, file_lang)
    write_output(out, exports.to_bytes(frame, args.what, fmt, file_lang), databases=(args.db,))
    print(t("svc.export.done", lang, what=t(f"svc.export.{args.what}", lang), rows=len(frame), format=fmt, file=out))
    return 0
