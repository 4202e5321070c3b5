"""The services' tables as files: resident requests, supplies and the case log, with headers in the file's language."""


from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core import exports
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.i18n import t
from coordpanel.services import cases, requests, supplies

WHAT = ("requests", "supplies", "cases")
FORMATS = ("xlsx", "csv")


def _when(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value:%Y-%m-%d %H:%M}"


def _flag(value: bool, lang: str) -> str:
    return t("svc.col.yes" if value else "svc.col.no", lang)


def requests_table(db: Database, user: User, compound_id: int, lang: str, now: dt.datetime | None = None) -> pd.DataFrame:
    return board_table(requests.board(db, user, compound_id, now), lang)


def board_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """requests.board's rows as read and exported: translated headers, kinds, urgencies and statuses; times as text."""
    # what a reader needs first comes first (a phone shows the first few columns): which, how urgent, where, what
    table = pd.DataFrame({
        "id": frame["id"], "status": frame["status"].map(lambda s: t(f"svc.status.{s}", lang)),
        "overdue": frame["overdue"].map(lambda v: _flag(v, lang)), "building": frame["building"],
        "unit": frame["unit"].fillna(""), "kind": frame["kind"].map(lambda k: t(f"svc.kind.{k}", lang)),
        "item": frame["description"].fillna(""), "due": frame["due_at"].map(_when),
        "urgency": frame["urgency"].map(lambda u: t(f"svc.urgency.{u}", lang)),
        "assignee": frame["assignee"].fillna(""), "contact": frame["contact_phone"].fillna(""),
        "created": frame["created_at"].map(_when), "done": frame["done_at"].map(_when),
        "reason": frame["fail_reason"].fillna(""),
    })
    table.columns = [t(f"svc.col.{c}", lang) for c in table.columns]
    return table


def supplies_table(db: Database, compound_id: int, lang: str, today: dt.date | None = None) -> pd.DataFrame:
    return stock_table(supplies.stock(db, compound_id, today), lang)


def stock_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """supplies.stock's rows as read and exported, in the language."""
    suffix = "en" if lang == "en" else "zh"
    table = pd.DataFrame({
        "name": frame[f"name_{suffix}"], "unit_name": frame[f"unit_{suffix}"], "quantity": frame["quantity"],
        "min_stock": frame["min_stock"], "issued_7d": frame["issued_7d"],
        "days_of_cover": frame["days_of_cover"].map(lambda d: "" if d is None else d),
        "below_min": frame["below_min"].map(lambda v: _flag(v, lang)),
        "running_out": frame["running_out"].map(lambda v: _flag(v, lang)),
    })
    table.columns = [t(f"svc.col.{c}", lang) for c in table.columns]
    return table


def cases_table(db: Database, user: User, compound_id: int, lang: str, until: dt.date | None = None) -> pd.DataFrame:
    return log_table(cases.trend(db, user, compound_id, until), lang)


def log_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """cases.trend's rows as read and exported, in the language."""
    columns = ["report_date", "new_cases", "new_suspected", "close_contacts", "hospitalised", "central_quarantine",
               "awaiting_placement", "total_cases", "note"]
    table = frame[columns].copy()
    table["report_date"] = table["report_date"].map(lambda d: f"{d:%Y-%m-%d}")
    table["note"] = table["note"].fillna("")
    table.columns = [t(f"svc.col.{c}", lang) for c in columns]
    return table


def table(db: Database, user: User, compound_id: int, what: str, lang: str) -> pd.DataFrame:
    """One of the three tables (WHAT), as of the dataset's today."""
    if what == "requests":
        return requests_table(db, user, compound_id, lang)
    if what == "supplies":
        supplies.movements(db, user, compound_id)  # the same right as the other two: reading
        return supplies_table(db, compound_id, lang)
    return cases_table(db, user, compound_id, lang)


def to_bytes(frame: pd.DataFrame, what: str, fmt: str, lang: str) -> bytes:
    """xlsx (one sheet, titled) or CSV, through core.exports: text that looks like a formula stays text."""
    if fmt == "csv":
        return exports.to_csv(frame)
    name = t(f"svc.export.{what}", lang)
    return exports.to_xlsx({name: frame}, title=name)
