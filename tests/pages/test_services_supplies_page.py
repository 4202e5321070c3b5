"""The supplies page (#16): receipts and issues through the forms (audited, on both backends), an issue beyond the
stock refused in words with nothing changed, low stock first, what a leader sees, the overview's link."""

from __future__ import annotations

import decimal
from pathlib import Path

from helpers import labelled, ok, open_app_page, unescape
from pgdemo import assert_app_on
from streamlit.testing.v1 import AppTest

from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.services import supplies

ROOT = Path(__file__).resolve().parents[2]
LEADER, PLANNER = User(1, "leader", "leader"), User(2, "planner", "planner")


def open_page(user: User, view: str | None = None, lang: str = "zh", **session) -> AppTest:
    return open_app_page("supplies.py", "supplies_view", user, view, lang, **session)




def item_id(target, name: str) -> int:
    db = Database(target)
    return int(db.df("supplies/stock", compound_id=1).set_index("name_zh").loc[name, "id"])


def stock_of(target, supply_id: int) -> decimal.Decimal:
    return decimal.Decimal(str(Database(target).records("supplies/item", id=supply_id)[0]["quantity"]))


def state(target) -> tuple:
    db = Database(target)
    return db.rows("supplies/stock", compound_id=1), db.rows("supplies/movements", compound_id=1), db.scalar("audit/latest_id")


def test_a_receipt_through_the_form_raises_the_stock(backend_page_db):
    masks = item_id(backend_page_db, "口罩")
    before = stock_of(backend_page_db, masks)
    at = open_page(PLANNER, "入库（捐赠）")
    labelled(at.selectbox, "物资").set_value(masks)
    labelled(at.text_input, "数量").input("500")
    labelled(at.text_input, "捐赠方").input("武汉高科集团 <b>工会</b>")
    labelled(at.button, "入库").click()
    at = ok(at.run())
    assert stock_of(backend_page_db, masks) == before + 500
    assert any("已入库：口罩 500" in unescape(s.value) for s in at.success)
    moves = ok(open_page(PLANNER, "出入库记录")).dataframe[0].value
    assert moves.iloc[0]["捐赠方 / 发放对象"] == "武汉高科集团 <b>工会</b>" and moves.iloc[0]["数量（+入库 / −发放）"] == 500
    assert_app_on(backend_page_db)


def _issue(target, supply_id: int, quantity: str, receiver: tuple[str, str] | None) -> AppTest:
    at = open_page(PLANNER, "发放")
    labelled(at.selectbox, "物资").set_value(supply_id)
    labelled(at.text_input, "数量").input(quantity)
    if receiver is not None:
        labelled(at.selectbox, "发放对象").set_value(receiver)
    labelled(at.button, "发放").click()
    return at.run()


def test_an_issue_to_a_gate_lowers_the_stock(backend_page_db):
    masks = item_id(backend_page_db, "口罩")
    before = stock_of(backend_page_db, masks)
    gate = supplies.receivers(Database(backend_page_db), 1).iloc[0]
    assert gate["kind"] == "gate"
    at = ok(_issue(backend_page_db, masks, "20", ("gate", gate["code"])))
    assert stock_of(backend_page_db, masks) == before - 20
    assert any(f"剩余 {before - 20:f}".rstrip("0").rstrip(".") in unescape(s.value) for s in at.success)


def test_an_issue_beyond_the_stock_or_without_a_receiver_is_refused_and_changes_nothing(backend_page_db):
    masks = item_id(backend_page_db, "口罩")
    stock = stock_of(backend_page_db, masks)
    before = state(backend_page_db)
    at = _issue(backend_page_db, masks, str(stock + 1), ("building", str(3)))
    assert not at.exception
    [message] = [unescape(e.value) for e in at.error]
    assert message.startswith(f"「口罩」库存只有 {stock.normalize():f}") and "未做任何更改" in message
    at = _issue(backend_page_db, masks, "1", None)
    assert [unescape(e.value) for e in at.error] == ["「发放对象」：请选一个门岗、一个楼栋或一个分组（只选一个）。"]
    at = _issue(backend_page_db, masks, "-3", ("building", str(3)))
    assert [unescape(e.value) for e in at.error] == ["「数量」须为大于 0 的数量，最多两位小数。"]
    assert state(backend_page_db) == before


def test_low_stock_and_running_out_come_first(page_db):
    at = ok(open_page(LEADER))
    table = at.dataframe[0].value
    flags = list(zip(table["低于最低库存"], table["3 天内用完"], strict=True))
    first_ok = flags.index(("否", "否"))
    assert first_ok > 0 and all(f == ("否", "否") for f in flags[first_ok:])
    at = ok(open_page(LEADER, supplies_low_only=True))
    assert len(at.dataframe[0].value) == first_ok


def test_a_leader_reads_stock_and_movements_only(page_db):
    at = ok(open_page(LEADER))
    assert [tab.label for tab in at.tabs] == ["库存", "出入库记录"]
    assert not at.button and not at.text_input
    assert not ok(open_page(LEADER, "发放")).text_input  # a view one may not see shows the stock


def test_a_link_opens_the_stock_on_what_needs_attention(page_db):
    at = AppTest.from_file(str(ROOT / "pages" / "supplies.py"), default_timeout=30)
    at.session_state["user"] = LEADER
    at.session_state["supplies_view"] = "出入库记录"
    at.query_params["show"] = "low"
    ok(at.run())
    table = at.dataframe[0].value
    assert len(table) > 0 and all("是" in pair for pair in zip(table["低于最低库存"], table["3 天内用完"], strict=True))


def test_the_page_reads_in_english(page_db):
    at = ok(open_page(PLANNER, lang="en"))
    assert [tab.label for tab in at.tabs] == ["Stock", "Receipt (donation)", "Issue", "Movements"]
    assert "Masks" in at.dataframe[0].value["Item"].tolist()


def test_a_new_kind_of_item_is_added_and_a_name_already_there_is_refused(backend_page_db):
    def add(name_zh: str) -> AppTest:
        at = open_page(PLANNER, "入库（捐赠）", supplies_new_item=True)
        for label, value in (("中文名称", name_zh), ("英文名称", "Protective suits"), ("中文单位", "套"),
                             ("英文单位", "sets"), ("最低库存", "20")):
            labelled(at.text_input, label).input(value)
        labelled(at.button, "添加物资").click()
        return at.run()

    at = ok(add("防护服（新）"))
    assert any("已添加物资「防护服（新）」" in unescape(s.value) for s in at.success)
    added = item_id(backend_page_db, "防护服（新）")
    assert stock_of(backend_page_db, added) == 0
    before = state(backend_page_db)
    at = add("防护服（新）")
    assert [unescape(e.value) for e in at.error] == ["「中文名称」：物资「防护服（新）」已经有了。"]
    assert state(backend_page_db) == before
