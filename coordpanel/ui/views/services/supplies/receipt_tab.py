"""The supplies page's receipt form: a donor's delivery of an item (quantity, day, note) raises its stock; below it,
the form for a kind of item not yet in the list."""

import streamlit as st

from coordpanel import ui
from coordpanel.services import supplies
from coordpanel.ui.views.services.supplies import data
from coordpanel.ui.widgets import run


def show(ctx: data.Context) -> None:
    t = ui.t
    items = ctx.item_names()
    if not items:
        st.info(t("svc.sup.no_items"))
        new_item(ctx)
        return
    _receipt(ctx, items)
    new_item(ctx)


def _receipt(ctx: data.Context, items: dict[int, str]) -> None:
    t = ui.t
    with st.form("supplies_receipt"):
        item = st.selectbox(t("svc.field.item"), list(items), format_func=items.get)
        quantity = st.text_input(t("svc.field.quantity"), max_chars=20)
        donor = st.text_input(t("svc.field.donor"), max_chars=200)
        day = st.date_input(t("svc.field.date"), value=ctx.today)
        note = st.text_input(t("svc.field.note"), max_chars=1000)
        if not st.form_submit_button(t("svc.sup.receive"), type="primary"):
            return
    row = ctx.frame.set_index("supply_id").loc[item]
    en = ctx.lang == "en"
    run(lambda: supplies.receipt(ui.db(), ctx.user, ctx.compound, item, quantity, donor, day, note),
        lambda stock: t("svc.sup.received", item=row["name_en" if en else "name_zh"], quantity=quantity.strip(),
                        unit=row["unit_en" if en else "unit_zh"], stock=f"{stock.normalize():f}"))


def new_item(ctx: data.Context) -> None:
    """A kind of item not yet in the list (a donor brings something new): names and units in both languages, a minimum."""
    t = ui.t
    box = ui.lazy_expander(t("svc.sup.new_item"), key="supplies_new_item")
    with box:
        if not box.open:
            return
        with st.form("supplies_add_item"):
            with st.container(horizontal=True, wrap=True):
                name_zh = st.text_input(t("svc.field.name_zh"), max_chars=200, width=220)
                name_en = st.text_input(t("svc.field.name_en"), max_chars=200, width=220)
            with st.container(horizontal=True, wrap=True):
                unit_zh = st.text_input(t("svc.field.unit_zh"), max_chars=20, width=140)
                unit_en = st.text_input(t("svc.field.unit_en"), max_chars=20, width=140)
                min_stock = st.text_input(t("svc.field.min_stock"), value="0", max_chars=20, width=140)
            if not st.form_submit_button(t("svc.sup.add_item")):
                return
        run(lambda: supplies.add_item(ui.db(), ctx.user, ctx.compound, name_zh=name_zh, name_en=name_en, unit_zh=unit_zh,
                                      unit_en=unit_en, min_stock=min_stock),
            lambda _: t("svc.sup.item_added", item=name_zh.strip()))
