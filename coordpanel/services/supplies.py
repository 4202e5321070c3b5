"""Supplies (物资): items with units and a minimum, receipts from donors and issues to gates, buildings and groups.

Stock is the item's quantity column, kept by the write that adds a movement, in the same transaction: an issue takes
its quantity out only if that much is there (checked inside the transaction, and the UPDATE itself is conditional),
and is refused naming the item, its stock and the quantity asked for when it is not. Two issues at once cannot
overdraw: on DuckDB writes queue behind one lock; on PostgreSQL (REPEATABLE READ) the second one's update of the same
row fails, is tried again (core.busy.retried), re-reads the stock and is refused."""


from __future__ import annotations

import datetime as dt
import decimal
import math

import pandas as pd

from coordpanel.core import auth, clock
from coordpanel.core.auth import User
from coordpanel.core.busy import retried
from coordpanel.core.db import Database, Transaction
from coordpanel.core.errors import Localised, Refused
from coordpanel.services import fields

RECEIVERS = ("gate", "building", "group")
READ_RIGHT = "read"
EDIT_RIGHT = "edit_roster"  # planners and admins
COVER_DAYS = 7  # days of issues that days of cover is worked out from
RUNNING_OUT = 3  # days of cover under which an item is running out


def _number(value: decimal.Decimal) -> str:
    return f"{value.normalize():f}" if isinstance(value, decimal.Decimal) else f"{value:g}"


def _item(tx: Transaction, compound_id: int, supply_id: int) -> dict:
    rows = tx.records("supplies/item", id=supply_id)
    if not rows or rows[0]["compound_id"] != compound_id:
        raise Refused("svc.unknown_item", field=fields.field("item"), id=supply_id)
    return rows[0]


def _moved_at(db: Database, on, now: dt.datetime | None) -> dt.datetime:
    """The movement's day at the time of writing (the given day's midnight when that is not today)."""
    day = fields.day(on, "date")
    current = now or clock.today(db)  # the dataset's today (the demo's "as of"), else the real time
    fields.not_after(day, current.date())
    return current if day == current.date() else dt.datetime.combine(day, dt.time())


@retried
def add_item(db: Database, user: User, compound_id: int, *, name_zh, name_en, unit_zh, unit_en, min_stock=0) -> int:
    """A new item, none in stock yet; returns its id."""
    auth.require(user, EDIT_RIGHT, db)
    values = {"name_zh": fields.text(name_zh, "name_zh"), "name_en": fields.text(name_en, "name_en"),
              "unit_zh": fields.text(unit_zh, "unit_zh", limit=20), "unit_en": fields.text(unit_en, "unit_en", limit=20),
              "min_stock": fields.quantity(min_stock, "min_stock", allow_zero=True)}
    with db.transaction(user.username, "add supply", compound_id) as tx:
        if tx.run("supplies/item_named", compound_id=compound_id, name_zh=values["name_zh"]):
            raise Refused("svc.item_exists", field=fields.field("name_zh"), item=values["name_zh"])
        supply_id = tx.run("supplies/insert_item", compound_id=compound_id, **values)[0][0]
        tx.record("supply", supply_id, None, {**values, "quantity": 0})
    return int(supply_id)


@retried
def receipt(db: Database, user: User, compound_id: int, supply_id, quantity, donor, on,
            note=None, now: dt.datetime | None = None) -> decimal.Decimal:
    """Received from a donor: the stock goes up; returns the new stock."""
    auth.require(user, EDIT_RIGHT, db)
    sid = fields.identifier(supply_id, "item")
    amount = fields.quantity(quantity)
    source = fields.text(donor, "donor")
    remark = fields.text(note, "note", required=False, limit=fields.MAX_LONG)
    at = _moved_at(db, on, now)
    with db.transaction(user.username, "supply receipt", compound_id) as tx:
        item = _item(tx, compound_id, sid)
        tx.run("supplies/put", id=sid, quantity=amount)
        stock = _item(tx, compound_id, sid)["quantity"]
        move = {"supply_id": sid, "moved_at": at, "delta": amount, "source": source, "note": remark,
                "to_gate_id": None, "to_building_id": None, "to_group": None}
        move_id = tx.run("supplies/insert_movement", **move)[0][0]
        tx.record("stock_movement", move_id, {"stock": item["quantity"]}, {**move, "stock": stock})
    return decimal.Decimal(str(stock))


def _receiver(tx: Transaction, compound_id: int, gate_id, building_id, group) -> dict:
    """Exactly one receiver, of the compound (a group of any compound: the groups are the domain's)."""
    given = {k: v for k, v in (("gate", gate_id), ("building", building_id), ("group", group))
             if v is not None and str(v).strip() != ""}
    if len(given) != 1:
        raise Refused("svc.one_receiver", field=fields.field("receiver"))
    kind, value = next(iter(given.items()))
    code = str(fields.identifier(value, "receiver")) if kind != "group" else str(value).strip()
    known = {(r["kind"], r["code"]) for r in tx.records("supplies/receivers", compound_id=compound_id)}
    if (kind, code) not in known:
        raise Refused("svc.unknown_receiver", field=fields.field("receiver"), value=code[:40])
    return {"to_gate_id": int(code) if kind == "gate" else None,
            "to_building_id": int(code) if kind == "building" else None,
            "to_group": code if kind == "group" else None}


@retried
def issue(db: Database, user: User, compound_id: int, supply_id, quantity, on, *, gate_id=None, building_id=None,
          group=None, note=None, now: dt.datetime | None = None) -> decimal.Decimal:
    """Handed out to one gate, building or group: the stock goes down, never below zero; returns the new stock."""
    auth.require(user, EDIT_RIGHT, db)
    sid = fields.identifier(supply_id, "item")
    amount = fields.quantity(quantity)
    remark = fields.text(note, "note", required=False, limit=fields.MAX_LONG)
    at = _moved_at(db, on, now)
    with db.transaction(user.username, "supply issue", compound_id) as tx:
        item = _item(tx, compound_id, sid)
        to = _receiver(tx, compound_id, gate_id, building_id, group)
        short = Refused("svc.stock_short", item=Localised(item["name_zh"], item["name_en"]),
                        unit=Localised(item["unit_zh"], item["unit_en"]), stock=_number(item["quantity"]),
                        quantity=_number(amount))
        if decimal.Decimal(str(item["quantity"])) < amount:
            raise short
        tx.run("supplies/take", id=sid, quantity=amount)
        stock = _item(tx, compound_id, sid)["quantity"]
        if decimal.Decimal(str(stock)) != decimal.Decimal(str(item["quantity"])) - amount:
            raise short  # taken by another write since the read above: the transaction rolls back
        move = {"supply_id": sid, "moved_at": at, "delta": -amount, "source": None, "note": remark, **to}
        move_id = tx.run("supplies/insert_movement", **move)[0][0]
        tx.record("stock_movement", move_id, {"stock": item["quantity"]}, {**move, "stock": stock})
    return decimal.Decimal(str(stock))


def stock(db: Database, compound_id: int, today: dt.date | None = None) -> pd.DataFrame:
    """Each item's stock with days of cover from the last 7 days' issues (before `today`; None when nothing was
    issued), below_min and running_out (under 3 days of cover); items below their minimum or running out first.
    Columns: supply_id, name_zh, name_en, unit_zh, unit_en, quantity, min_stock, issued_7d, days_of_cover,
    below_min, running_out."""
    day = today or clock.today(db).date()
    if isinstance(day, dt.datetime):
        day = day.date()
    midnight = dt.datetime.combine(day, dt.time())
    items = db.df("supplies/stock", compound_id=compound_id).rename(columns={"id": "supply_id"})
    issued = db.df("supplies/issued", compound_id=compound_id, **{"from": midnight - dt.timedelta(days=COVER_DAYS),
                                                                  "to": midnight})
    frame = items.merge(issued, on="supply_id", how="left")
    frame["quantity"] = frame["quantity"].astype(float)
    frame["min_stock"] = frame["min_stock"].astype(float)
    frame["issued_7d"] = frame["issued"].fillna(0).astype(float)
    per_day = frame["issued_7d"] / COVER_DAYS
    cover = [None if rate <= 0 else math.floor(q / rate * 10) / 10
             for q, rate in zip(frame["quantity"], per_day, strict=True)]
    frame["days_of_cover"] = pd.Series(cover, index=frame.index, dtype=object)
    frame["below_min"] = frame["quantity"] < frame["min_stock"]
    frame["running_out"] = [c is not None and c < RUNNING_OUT for c in cover]
    frame["cover_sort"] = [math.inf if c is None else c for c in cover]
    frame = frame.sort_values(["below_min", "running_out", "cover_sort", "supply_id"], ascending=[False, False, True, True])
    columns = ["supply_id", "name_zh", "name_en", "unit_zh", "unit_en", "quantity", "min_stock", "issued_7d",
               "days_of_cover", "below_min", "running_out"]
    frame = frame[columns].reset_index(drop=True)
    return frame


def movements(db: Database, user: User, compound_id: int) -> pd.DataFrame:
    """Every movement of the compound's items, newest first, with the receiver's name (gate, building or group)."""
    auth.require(user, READ_RIGHT, db)
    frame = db.df("supplies/movements", compound_id=compound_id)
    if not user.can("see_phones"):
        from coordpanel.core.redact import mask_phones_in

        for column in ("source", "note"):
            frame[column] = frame[column].map(mask_phones_in)
    return frame


def receivers(db: Database, compound_id: int) -> pd.DataFrame:
    """Who can receive an issue: kind (gate, building, group), code (an id, or a group's code), name_zh, name_en."""
    return db.df("supplies/receivers", compound_id=compound_id).drop(columns=["kind_order", "sort_order"])
