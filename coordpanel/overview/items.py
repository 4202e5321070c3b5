"""The overview's attention items that come from other features' figures: no-shows (attendance), overdue resident
requests and low supplies (services); each item names the page where it is dealt with."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from coordpanel.core.i18n import day_label, t
from coordpanel.services.requests import RequestFigures

LEVELS = ("error", "warning", "info")  # red, then amber, then blue: the order the page shows them in


@dataclass(frozen=True)
class Item:
    """One line of "what needs attention": level (error, warning or info), the message, and the page (its URL path,
    as in ui/frame.PAGES) with the query parameters that open it on the item; page None: nowhere to go."""

    level: str
    message: str
    page: str | None = None
    query: dict[str, str] = field(default_factory=dict)


def shift_words(row, lang: str) -> dict[str, str]:
    """A no-show row's gate, day and times as the messages' placeholders."""
    gate = row.gate_en if lang == "en" and row.gate_en else row.gate_zh
    return {"gate": gate, "day": day_label(row.starts_at, lang), "start": f"{row.starts_at:%H:%M}",
            "end": f"{row.ends_at:%H:%M}"}


def no_show_items(found: pd.DataFrame, lang: str) -> tuple[list[Item], list[Item], list[Item]]:
    """(now, past, covered): a place nobody came to and nobody covered on a shift still running is a gate short now
    (red); on a shift already over, someone to ask about (amber); places a stand-in covered are told, not flagged."""
    now, past, covered = [], [], []
    for row in found.itertuples():
        if row.covered:
            continue
        key = "ov.gap.no_show_past" if row.ended else "ov.gap.no_show"
        item = Item("warning" if row.ended else "error", t(key, lang, name=row.name, **shift_words(row, lang)), "roster")
        (past if row.ended else now).append(item)
    stood_in = found[found["covered"]]
    if len(stood_in):
        who = t("ov.list_sep", lang).join(t("ov.no_show.stood_in", lang, name=r.name, stand_in=r.stand_in_name, **shift_words(r, lang))
                       for r in stood_in.itertuples())
        covered.append(Item("info", t("ov.no_shows_covered", lang, n=len(stood_in), who=who), "roster"))
    return now, past, covered


def request_items(figures: RequestFigures, lang: str) -> list[Item]:
    """Overdue resident requests (open past their due time), linked to the board on them."""
    if not figures.overdue:
        return []
    message = t("ov.gap.requests_overdue", lang, n=figures.overdue, open=figures.open)
    return [Item("warning", message, "requests", {"show": "overdue"})]


def supply_items(stock: pd.DataFrame, lang: str) -> list[Item]:
    """Supplies below their minimum, then those running out within 3 days (services.supplies.stock's order)."""
    name, unit = ("name_en", "unit_en") if lang == "en" else ("name_zh", "unit_zh")
    out = []
    for s in stock[stock["below_min"] | stock["running_out"]].itertuples():
        values = {"item": getattr(s, name), "quantity": f"{s.quantity:g}", "unit": getattr(s, unit)}
        if s.below_min:
            message = t("ov.gap.supply", lang, minimum=f"{s.min_stock:g}", **values)
        else:
            message = t("ov.gap.running_out", lang, days=f"{s.days_of_cover:g}", **values)
        out.append(Item("warning", message, "supplies", {"show": "low"}))
    return out


def capped(items: list[Item], lang: str, limit: int) -> list[Item]:
    """Red and amber items up to `limit`, then one line counting the rest; the blue ones (information) after them."""
    flagged = [i for i in items if i.level != "info"]
    told = [i for i in items if i.level == "info"]
    if len(flagged) > limit:
        flagged = flagged[:limit] + [Item("warning", t("ov.more", lang, n=len(flagged) - limit))]
    return flagged + told
