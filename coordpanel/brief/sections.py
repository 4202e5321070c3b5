"""The brief in words: its sections as translated lines, which the PDF draws in full and the chat text shortens."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordpanel.brief.diff import Changes
from coordpanel.brief.figures import Brief, RosterShift
from coordpanel.brief.sources import NoShows
from coordpanel.core.i18n import date_label, day_label, t


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[str]


def heading(brief: Brief, lang: str) -> tuple[str, str]:
    """The title and the date line."""
    return (t("brief.title", lang, name=brief.name[lang]),
            t("brief.as_of", lang, date=date_label(brief.day, lang), time=f"{brief.as_of:%H:%M}"))


def figure_lines(brief: Brief, lang: str) -> list[str]:
    sep = t("brief.list_sep", lang)
    lines = [t("brief.fig.days", lang, n=brief.days_without_case) if brief.days_without_case is not None
             else t("brief.fig.days_none", lang),
             t("brief.fig.coverage", lang, covered=brief.covered, total=brief.buildings)]
    if brief.partial:
        lines.append(t("brief.fig.partial", lang, buildings=sep.join(brief.partial)))
    if brief.uncovered:
        lines.append(t("brief.fig.uncovered", lang, buildings=sep.join(brief.uncovered)))
    (today_filled, today_required), (week_filled, week_required) = brief.places_today, brief.places_week
    lines.append(t("brief.fig.places", lang, today_filled=today_filled, today_required=today_required,
                   week_filled=week_filled, week_required=week_required))
    lines.append(t("brief.fig.absent", lang, sick=brief.sick, quarantined=brief.quarantined, places=brief.absent_places))
    lines.append(no_shows_line(brief.no_shows_yesterday, lang))
    lines.append(t("brief.fig.requests", lang, open=brief.requests.open, overdue=brief.requests.overdue))
    numbers = brief.numbers()
    lines.append(t("brief.fig.supplies", lang, low=numbers["supplies_low"], running_out=numbers["supplies_running_out"]))
    return lines


def no_shows_line(found: NoShows | None, lang: str) -> str:
    """Yesterday's no-shows: none, all covered by stand-ins, or how many nobody covered."""
    if found is None:
        return t("brief.fig.no_shows_unknown", lang)
    if not found.total:
        return t("brief.fig.no_shows_none", lang)
    if not found.open:
        return t("brief.fig.no_shows_covered", lang, n=found.total)
    return t("brief.fig.no_shows", lang, n=found.total, open=found.open)


def change_lines(changes: Changes, lang: str) -> list[str]:
    if not changes:
        return [t("brief.change.none", lang)]
    lines = [t("brief.change.line", lang, figure=t(f"brief.figure.{c.key}", lang), before=c.before, after=c.after)
             for c in changes.figures]
    lines += [t("brief.change.new_gap", lang, gap=g.text[lang]) for g in changes.new_gaps]
    lines += [t("brief.change.closed_gap", lang, gap=g.text[lang]) for g in changes.closed_gaps]
    return lines


def gap_lines(brief: Brief, lang: str) -> list[str]:
    return [g.text[lang] for g in brief.gaps] or [t("brief.gaps.none", lang)]


def shift_line(shift: RosterShift, lang: str) -> str:
    names = t("brief.list_sep", lang).join(shift.names) or t("brief.shift.nobody", lang)
    params = {"gate": shift.gate[lang], "start": f"{shift.starts_at:%H:%M}", "end": f"{shift.ends_at:%H:%M}", "names": names}
    return t("brief.shift.open", lang, n=shift.open_places, **params) if shift.open_places else t("brief.shift.line", lang, **params)


def tomorrow_lines(brief: Brief, lang: str) -> list[str]:
    return [shift_line(s, lang) for s in brief.tomorrow] or [t("brief.tomorrow.none", lang)]


def sections(brief: Brief, changes: Changes, lang: str) -> list[Section]:
    """Figures, changes since the day before, gaps, tomorrow's roster: in the order a leader reads them."""
    return [
        Section(t("brief.section.figures", lang), figure_lines(brief, lang)),
        Section(t("brief.section.changes", lang, day=day_label(changes.since, lang)), change_lines(changes, lang)),
        Section(t("brief.section.gaps", lang), gap_lines(brief, lang)),
        Section(t("brief.section.tomorrow", lang, day=day_label(brief.day + dt.timedelta(days=1), lang)),
                tomorrow_lines(brief, lang)),
    ]
