"""The brief as plain text for a chat group: short lines, no tables, at most about 600 Chinese characters."""


from __future__ import annotations

from coordpanel.brief.diff import Changes
from coordpanel.brief.figures import Brief
from coordpanel.brief.sections import heading, sections
from coordpanel.core.i18n import t

MAX_CHINESE = 600  # what a chat message may hold
MAX_LINES = (None, 6, 5, 12)  # per section (figures, changes, gaps, tomorrow): the rest is counted, the PDF has it all


def render(brief: Brief, changes: Changes, lang: str = "zh") -> str:
    """Title, date, then each section as a 【heading】 and its lines; long sections end with "… n more", and get
    shorter still until the message fits MAX_CHINESE characters."""
    limits = list(MAX_LINES)
    while True:
        text = _render(brief, changes, lang, limits)
        if chinese_characters(text) <= MAX_CHINESE or limits[1:] == [1, 1, 1]:
            return text
        limits = [limits[0]] + [max(1, limit - 1) for limit in limits[1:]]


def _render(brief: Brief, changes: Changes, lang: str, limits: list[int | None]) -> str:
    title, as_of = heading(brief, lang)
    out = [title, as_of]
    for section, limit in zip(sections(brief, changes, lang), limits, strict=True):
        out.append("")
        out.append(f"【{section.title}】" if lang != "en" else f"[{section.title}]")
        out += shortened(section.lines, limit, lang)
    return "\n".join(out) + "\n"


def shortened(lines: list[str], limit: int | None, lang: str) -> list[str]:
    if limit is None or len(lines) <= limit:
        return list(lines)
    return lines[:limit - 1] + [t("brief.more", lang, n=len(lines) - limit + 1)]


def render_lines(title: str, lines: list[str]) -> str:
    """A title and its lines (the district brief)."""
    return "\n".join([title, "", *lines]) + "\n"


def chinese_characters(text: str) -> int:
    """How many CJK characters (ideographs and full-width punctuation) a text holds: what the chat limit counts."""
    return sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
