"""What every CLI command shares: the language of messages and files, opening the database, --compound and --week."""


from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from coordpanel.core import i18n
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t

# the days --week accepts: wide enough for any real roster, narrow enough that a week and its neighbours are dates
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
_chosen_lang: str | None = None  # --lang, set by main() for the messages of this run


def choose_lang(lang: str | None) -> None:
    global _chosen_lang
    _chosen_lang = lang


def lang() -> str:
    """The language of messages: --lang, else the terminal's (LANG)."""
    if _chosen_lang:
        return _chosen_lang
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


def export_lang(args: argparse.Namespace) -> str:
    """The language of files written: --lang, else Chinese, as the app (they go to the compound's chat group)."""
    return getattr(args, "lang", None) or i18n.DEFAULT


def read_password(confirm: bool) -> str:
    """From a prompt on a terminal, else the first line of standard input; never from the command line."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != password:
        raise Refused("auth.password_mismatch")
    return password


def open_existing(path: str) -> Database:
    """The commands that write work on a database that exists; they never create an empty one by accident."""
    return Database.existing(path)


def open_to_read(path: str, *, migrate: bool = True) -> Database:
    """The commands that only read open read-only: they work on a read-only file or folder, and beside other
    readers (never creating or writing anything)."""
    return Database.existing(path, read_only=True, migrate=migrate)


def compound(db: Database, given: int | None) -> int:
    """The compound asked for, or the first one (the demo has only one)."""
    ids = [c["id"] for c in db.records("compound/list")]
    if given is not None:
        if given not in ids:
            raise Refused("cli.unknown_compound", id=given)
        return given
    if not ids:
        raise Refused("cli.no_compound")
    return ids[0]


def week(text: str) -> dt.date:
    """argparse type of --week: a date in the week wanted."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_week", lang(), value=text)) from None


def in_range(day: dt.date) -> dt.date:
    """A well-formed --week far outside any roster (9999-12-31: its week ends past the last date) is refused."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Refused("cli.week_out_of_range", value=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
    return day


def details(exc: Refused, language: str) -> list[str]:
    """One line per bad row or rule violation behind a refusal, when it carries them."""
    if hasattr(exc, "lines"):
        return exc.lines(language)
    if hasattr(exc, "violations") and hasattr(exc, "week"):  # roster.saving.RosterRefused
        from coordpanel.roster.grid import describe

        return [describe(v, exc.week, language) for v in exc.violations]
    return []


def print_counts(counts: list[tuple]) -> None:
    for table, rows in counts:
        print(f"  {table:<20} {rows:>8}")
