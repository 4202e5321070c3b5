"""The supplies page's data, per data version: the stock with its translated table, receivers, movements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.core.i18n import t
from coordpanel.services import exports, supplies
from coordpanel.ui.cache import per_version


@per_version(maxsize=16)
def stock(db: Database, compound: int, today: dt.date, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(each item's stock, low and running out first; the same rows translated), of one data version."""
    frame = supplies.stock(db, compound, today)
    table = exports.stock_table(frame, lang)
    cover = t("svc.col.days_of_cover", lang)
    table[cover] = pd.to_numeric(table[cover], errors="coerce")  # none (nothing issued) shows as the placeholder
    return frame, table


@per_version(maxsize=16)
def receivers(db: Database, compound: int, lang: str) -> dict[tuple[str, str], str]:
    """Who can receive an issue: (kind, code) → "门岗 · 北门" in the language."""
    frame = supplies.receivers(db, compound)
    name = "name_en" if lang == "en" else "name_zh"
    return {(r.kind, r.code): f"{t(f'svc.sup.receiver_{r.kind}', lang)} · {getattr(r, name)}" for r in frame.itertuples()}


@per_version(maxsize=16)
def movements(db: Database, compound: int, user: auth.User, lang: str) -> pd.DataFrame:
    """Every movement, newest first, as read: time, item, quantity, unit, donor or receiver, note."""
    frame = supplies.movements(db, user, compound)
    en = lang == "en"
    receiver = [_receiver(r, en) for r in frame.itertuples()]
    return pd.DataFrame({
        t("svc.sup.moved_at", lang): frame["moved_at"].map(lambda v: f"{v:%Y-%m-%d %H:%M}"),
        t("svc.col.name", lang): frame["name_en" if en else "name_zh"],
        t("svc.sup.delta", lang): frame["delta"].astype(float),
        t("svc.col.unit_name", lang): frame["unit_en" if en else "unit_zh"],
        t("svc.sup.donor_or_receiver", lang): receiver,
        t("svc.col.note", lang): frame["note"].fillna(""),
    })


def _receiver(row, en: bool) -> str:
    if row.delta > 0:
        return row.source or ""
    if not pd.isna(row.to_gate_id):
        return (row.gate_en if en and row.gate_en else row.gate_zh) or ""
    if not pd.isna(row.to_building_id):
        return row.building or ""
    return (row.group_en if en else row.group_zh) or row.to_group or ""


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab."""
    user: auth.User
    compound: int
    lang: str
    today: dt.date
    frame: pd.DataFrame  # supplies.stock
    table: pd.DataFrame  # the same rows translated

    def item_names(self) -> dict[int, str]:
        """Each item as a choice reads it: name, stock and unit."""
        en = self.lang == "en"
        return {int(r.supply_id): f"{r.name_en if en else r.name_zh} · {r.quantity:g} {r.unit_en if en else r.unit_zh}"
                for r in self.frame.itertuples()}
