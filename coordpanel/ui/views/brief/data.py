"""The brief page's data: the brief of a compound and day, in words, metrics and chat text, once per data version.

The PDFs are made from what a run handed out (pdf_bytes, district_pdf): a download builds its file after the run,
outside the session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from coordpanel.brief import diff, district, figures, sections, text
from coordpanel.brief.diff import Changes
from coordpanel.brief.figures import Brief
from coordpanel.core import auth
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.i18n import t
from coordpanel.ui.cache import per_version

# the figures shown as metrics, by Brief.numbers() key; None: a figure without a day-to-day number of its own
METRICS = ("days_without_case", "covered", "places_today", "places_week", "sick", "quarantined", "no_shows",
           "no_shows_open", "requests_open", "requests_overdue", "supplies_low", "supplies_running_out")
LABELS = {"places_today": "brief.page.places_today", "places_week": "brief.page.places_week"}


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: int | None  # since the day before (None: unchanged or not known on both days)
    delta_color: str  # "normal" where a rise is good news, "inverse" where it is bad


@dataclass(frozen=True)
class BriefPage:
    """One compound's brief on one day in one language, ready to lay out (shared by every session: read only)."""

    brief: Brief
    changes: Changes
    title: str
    as_of: str
    metrics: tuple[Metric, ...]
    sections: tuple[sections.Section, ...]  # figures, changes, gaps, tomorrow: the print view shows them all
    tomorrow: pa.Table
    chat: str
    chat_chars: int  # as copied: the final line break is not part of the message
    chat_chinese: int


@per_version(maxsize=32)
def _brief(db: Database, compound: int, day: dt.date) -> tuple[Brief, Changes]:
    brief = figures.build(db, compound, day)
    return brief, diff.since_previous_day(db, brief)


def metrics(brief: Brief, changes: Changes, lang: str) -> tuple[Metric, ...]:
    numbers, moved = brief.numbers(), {c.key: c for c in changes.figures}
    values = {"covered": f"{brief.covered} / {brief.buildings}",
              "places_today": "{} / {}".format(*brief.places_today), "places_week": "{} / {}".format(*brief.places_week)}
    shown = []
    for key in METRICS:
        value = values.get(key, numbers.get(key))
        change = moved.get(key)
        shown.append(Metric(label=t(LABELS.get(key, f"brief.figure.{key}"), lang), value="—" if value is None else str(value),
                            delta=None if change is None else change.after - change.before,
                            delta_color="normal" if key in diff.BETTER_UP else "inverse"))
    return tuple(shown)


def tomorrow_table(brief: Brief, lang: str) -> pd.DataFrame:
    """Tomorrow's shifts as a table: gate, time, the names, places still open."""
    sep = t("brief.list_sep", lang)
    rows = [(s.gate[lang], f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}", sep.join(s.names) or t("brief.shift.nobody", lang),
             s.open_places) for s in brief.tomorrow]
    return pd.DataFrame(rows, columns=[t(f"brief.page.col.{c}", lang) for c in ("gate", "time", "names", "open")])


@per_version(maxsize=32)
def _page(db: Database, compound: int, day: dt.date, lang: str) -> BriefPage:
    brief, changes = _brief(compound, day)
    title, as_of = sections.heading(brief, lang)
    chat = text.render(brief, changes, lang)
    return BriefPage(brief=brief, changes=changes, title=title, as_of=as_of, metrics=metrics(brief, changes, lang),
                     sections=tuple(sections.sections(brief, changes, lang)),
                     tomorrow=pa.Table.from_pandas(tomorrow_table(brief, lang), preserve_index=False),
                     chat=chat, chat_chars=len(chat.rstrip()),
                     chat_chinese=text.chinese_characters(chat))


def brief_page(user: User, compound: int, day: dt.date, lang: str) -> BriefPage:
    """The page of the brief; the right is checked with the signed-in user before anything cached is handed out."""
    auth.require(user, "read")
    return _page(compound, day, lang)


def pdf_bytes(page: BriefPage, lang: str) -> bytes:
    """The brief as a one-page PDF, from the page's own brief: pure, so a download can build it after the run."""
    from coordpanel.brief import pdf  # reportlab loads only when a PDF is asked for

    return pdf.render(page.brief, page.changes, lang)


@per_version(maxsize=8)
def _district(db: Database, day: dt.date, lang: str) -> tuple[str, tuple[str, ...]]:
    title, lines = district.lines(db, day, lang)
    return title, tuple(lines)


def district_lines(user: User, day: dt.date, lang: str) -> tuple[str, tuple[str, ...]]:
    """Every compound of the database, one line each, worst first: the title and the lines (one query over all of
    them, so asked for only when the district part is opened)."""
    auth.require(user, "read")
    return _district(day, lang)


def district_pdf(title: str, lines: tuple[str, ...], lang: str) -> bytes:
    from coordpanel.brief import pdf

    return pdf.document(title, "", [sections.Section("", list(lines))], lang)
