"""The demo's resident services beyond what demo.py seeds: requests' intake details, and a week of supply issues.

The donated stock stays as the article gives it (FACTS.md, tests/unit/test_seed_demo_facts.py): the week's issues are
balanced by an opening stock received before the donation, so each item's quantity is still the donated one while
its days of cover mean something (noodles run out within three days; thermometers are not issued at all)."""


from __future__ import annotations

import datetime as dt

import pandas as pd

from coordpanel.core.db import Transaction

OPENING = "期初结存"  # the stock a compound held before the donation, received as a movement of its own
# per item: the share of its donated quantity handed out in the week before "today", and who received it
_ISSUES = {"口罩": (0.14, "gate"), "防护服": (0.35, "gate"), "消毒水": (0.35, "building"), "手套": (0.5, "gate"),
           "鞋套": (0.9, "gate"), "大米": (0.9, "building"), "面粉": (0.9, "building"), "面条": (2.6, "building"),
           "蔬菜（豆角、茄子、萝卜等）": (0.8, "group"), "疫情防控知识手册": (0.5, "building")}
_DAYS = 7


def seed(tx: Transaction, spec, compound_id: int) -> None:
    """Called by demo.build_compound once its requests and supplies are in."""
    tx.run("requests/seed_details", compound_id=compound_id)
    _issues(tx, spec, compound_id)


def _issues(tx: Transaction, spec, compound_id: int) -> None:
    today = spec["as_of"].date()
    receivers = tx.records("supplies/receivers", compound_id=compound_id)
    by_kind = {k: [r for r in receivers if r["kind"] == k] for k in ("gate", "building")}
    items = tx.records("supplies/stock", compound_id=compound_id)
    opening_day = dt.datetime.combine(spec["donation"]["donated_on"] - dt.timedelta(days=2), dt.time(9))
    moves = []
    for item in items:
        share, kind = _ISSUES.get(item["name_zh"], (0, "building"))
        week = int(float(item["quantity"]) * share)
        if week <= 0:
            continue
        moves.append({"supply_id": item["id"], "moved_at": opening_day, "delta": week, "source": OPENING,
                      "note": None, "to_gate_id": None, "to_building_id": None, "to_group": None})
        daily = [week // _DAYS] * _DAYS
        daily[-1] += week - sum(daily)
        for back, amount in zip(range(_DAYS, 0, -1), daily, strict=True):
            if amount <= 0:
                continue
            to = {"to_gate_id": None, "to_building_id": None, "to_group": None}
            if kind == "group":
                to["to_group"] = "purchasing"
            else:
                targets = by_kind[kind]
                to[f"to_{kind}_id"] = int(targets[(item["id"] + back) % len(targets)]["code"])
            moves.append({"supply_id": item["id"], "moved_at": dt.datetime.combine(today - dt.timedelta(days=back), dt.time(9)),
                          "delta": -amount, "source": None, "note": None, **to})
    if not moves:
        return
    ids = sorted(r[0] for r in tx.run("seed/take_ids", sequence="stock_movement_id_seq", n=len(moves)))
    for mid, move in zip(ids, moves, strict=True):
        move["id"] = mid
    tx.insert_df("stock_movement", pd.DataFrame(moves))
