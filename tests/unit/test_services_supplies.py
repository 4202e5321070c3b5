"""Supplies (#16): receipts and issues audited, stock never below zero (also with two issues at once), days of cover;
on both backends."""

from __future__ import annotations

import datetime as dt
import decimal
import threading

import pytest

from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.services import supplies

TODAY = dt.date(2020, 2, 19)
NOW = dt.datetime(2020, 2, 19, 8, 0)
PLANNER = User(2, "planner", "planner")
LEADER = User(1, "leader", "leader")


@pytest.fixture
def fresh(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def shared(backend_demo_shared):
    return backend_demo_shared


def item(db, name_zh: str) -> dict:
    return next(r for r in db.records("supplies/stock", compound_id=1) if r["name_zh"] == name_zh)


def state(db) -> tuple:
    return (db.rows("supplies/stock", compound_id=1), db.rows("supplies/movements", compound_id=1),
            db.scalar("audit/latest_id"))


def a_gate(db) -> int:
    return db.records("roster/gates", compound_id=1)[0]["id"]


def test_a_receipt_and_an_issue_move_the_stock_and_are_audited(fresh):
    masks = item(fresh, "口罩")
    assert supplies.receipt(fresh, PLANNER, 1, masks["id"], "100", "武汉高科集团", TODAY, now=NOW) == masks["quantity"] + 100
    after = supplies.issue(fresh, PLANNER, 1, masks["id"], 65, TODAY, gate_id=a_gate(fresh), now=NOW)
    assert float(after) == float(masks["quantity"]) + 35
    moves = fresh.records("supplies/movements", compound_id=1)[:2]
    assert [float(m["delta"]) for m in moves] == [-65, 100]
    assert moves[0]["to_gate_id"] == a_gate(fresh) and moves[0]["gate_zh"]
    assert moves[1]["source"] == "武汉高科集团"
    cur = fresh.cursor()
    cur.execute("SELECT action, before, after FROM audit_log WHERE table_name = 'stock_movement' ORDER BY id")
    entries = cur.fetchall()
    assert [e[0] for e in entries] == ["supply receipt", "supply issue"]
    assert '"stock"' in entries[1][1] and '"stock"' in entries[1][2]


def test_an_issue_beyond_the_stock_is_refused_naming_item_stock_and_quantity(fresh):
    noodles = item(fresh, "面条")
    before = state(fresh)
    with pytest.raises(Refused) as exc:
        supplies.issue(fresh, PLANNER, 1, noodles["id"], 33, TODAY, building_id=3, now=NOW)
    assert exc.value.key == "svc.stock_short"
    assert exc.value.message("zh") == "「面条」库存只有 32 公斤，不能发放 33 公斤。未做任何更改。"
    assert "Noodles" in exc.value.message("en") and "32 kg" in exc.value.message("en")
    assert state(fresh) == before
    assert float(supplies.issue(fresh, PLANNER, 1, noodles["id"], "32", TODAY, building_id=3, now=NOW)) == 0


def test_two_issues_at_once_never_overdraw(fresh):
    noodles = item(fresh, "面条")  # 32 kg: two issues of 20 cannot both go through
    url = fresh.path
    results: list = []

    def take():
        db = fresh if fresh.backend == "duckdb" else Database(url)
        try:
            results.append(supplies.issue(db, PLANNER, 1, noodles["id"], 20, TODAY, group="purchasing", now=NOW))
        except Refused as exc:
            results.append(exc.key)
        finally:
            if db is not fresh:
                db.close()

    threads = [threading.Thread(target=take) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results, key=str) == [decimal.Decimal(12), "svc.stock_short"]
    assert float(item(fresh, "面条")["quantity"]) == 12


@pytest.mark.parametrize(("changes", "key"), [
    ({"quantity": 0}, "svc.bad_quantity"),
    ({"quantity": -5}, "svc.bad_quantity"),
    ({"quantity": "1.234"}, "svc.bad_quantity"),
    ({"quantity": "lots"}, "svc.bad_quantity"),
    ({"quantity": "NaN"}, "svc.bad_quantity"),
    ({"on": "2020-02-20"}, "svc.future_date"),
    ({"on": "19/02/2020"}, "svc.bad_date"),
    ({"gate_id": None}, "svc.one_receiver"),
    ({"building_id": 3}, "svc.one_receiver"),
    ({"gate_id": 999}, "svc.unknown_receiver"),
    ({"gate_id": None, "group": "dancers"}, "svc.unknown_receiver"),
    ({"supply_id": 999}, "svc.unknown_item"),
])
def test_bad_issues_are_refused_naming_the_field_and_change_nothing(shared, changes, key):
    values = {"supply_id": item(shared, "口罩")["id"], "quantity": 1, "on": TODAY, "gate_id": a_gate(shared)}
    values.update(changes)
    before = state(shared)
    with pytest.raises(Refused) as exc:
        supplies.issue(shared, PLANNER, 1, values.pop("supply_id"), values.pop("quantity"), values.pop("on"), now=NOW,
                       **values)
    assert exc.value.key == key
    assert "{" not in exc.value.message("zh") and "{" not in exc.value.message("en")
    assert state(shared) == before


@pytest.mark.parametrize(("changes", "key"), [({"donor": " "}, "svc.required"), ({"quantity": None}, "svc.required"),
                                              ({"donor": "x" * 201}, "svc.too_long")])
def test_bad_receipts_are_refused_and_change_nothing(shared, changes, key):
    values = {"quantity": 5, "donor": "湖滨公司", "on": TODAY, **changes}
    before = state(shared)
    with pytest.raises(Refused) as exc:
        supplies.receipt(shared, PLANNER, 1, item(shared, "口罩")["id"], values["quantity"], values["donor"], values["on"],
                         now=NOW)
    assert exc.value.key == key
    assert state(shared) == before


def test_leaders_cannot_move_stock(shared):
    with pytest.raises(PermissionDenied):
        supplies.issue(shared, LEADER, 1, item(shared, "口罩")["id"], 1, TODAY, group="gate", now=NOW)


def test_a_new_item_starts_empty_and_its_name_is_unique(fresh):
    sid = supplies.add_item(fresh, PLANNER, 1, name_zh="消毒湿巾", name_en="Wipes", unit_zh="包", unit_en="packs",
                            min_stock="5")
    assert item(fresh, "消毒湿巾")["id"] == sid and float(item(fresh, "消毒湿巾")["quantity"]) == 0
    with pytest.raises(Refused, match="svc.item_exists"):
        supplies.add_item(fresh, PLANNER, 1, name_zh="消毒湿巾", name_en="Wipes", unit_zh="包", unit_en="packs")


def test_stock_on_the_demo_keeps_the_donation_and_puts_low_and_running_out_first(shared):
    stock = supplies.stock(shared, 1, TODAY)
    assert list(stock.columns) == ["supply_id", "name_zh", "name_en", "unit_zh", "unit_en", "quantity", "min_stock",
                                   "issued_7d", "days_of_cover", "below_min", "running_out"]
    by_name = stock.set_index("name_zh")
    assert by_name.loc["口罩", "quantity"] == 2965 and by_name.loc["蔬菜（豆角、茄子、萝卜等）", "quantity"] == 7000
    assert stock["name_zh"].tolist()[:2] == ["消毒用喷雾器", "面条"]  # below its minimum, then running out
    assert by_name.loc["消毒用喷雾器", "below_min"] and not by_name.loc["消毒用喷雾器", "running_out"]
    assert by_name.loc["面条", "running_out"] and by_name.loc["面条", "days_of_cover"] < 3
    assert by_name.loc["体温计", "days_of_cover"] is None  # nothing issued in the week
    # 口罩: 415 issued in the 7 days before today -> 2965 / (415 / 7) days
    assert by_name.loc["口罩", "issued_7d"] == 415
    assert by_name.loc["口罩", "days_of_cover"] == pytest.approx(2965 / (415 / 7), abs=0.1)
    assert stock["running_out"].sum() == 1 and stock["below_min"].sum() == 1


def test_days_of_cover_count_only_the_last_seven_days(shared):
    later = supplies.stock(shared, 1, TODAY + dt.timedelta(days=7)).set_index("name_zh")
    assert later.loc["口罩", "days_of_cover"] is None and not later["running_out"].any()
