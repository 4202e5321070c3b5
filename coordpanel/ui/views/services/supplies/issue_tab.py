"""The supplies page's issue form: an item handed out to one gate, building or group; never below zero."""

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
        return
    receivers = data.receivers(ctx.compound, ctx.lang)
    with st.form("supplies_issue"):
        item = st.selectbox(t("svc.field.item"), list(items), format_func=items.get)
        quantity = st.text_input(t("svc.field.quantity"), max_chars=20)
        to = st.selectbox(t("svc.field.receiver"), list(receivers), format_func=receivers.get, index=None)
        day = st.date_input(t("svc.field.date"), value=ctx.today)
        note = st.text_input(t("svc.field.note"), max_chars=1000)
        if not st.form_submit_button(t("svc.sup.hand_out"), type="primary"):
            return
    kind, code = to if to is not None else (None, None)
    row = ctx.frame.set_index("supply_id").loc[item]
    en = ctx.lang == "en"
    run(lambda: supplies.issue(ui.db(), ctx.user, ctx.compound, item, quantity, day, note=note,
                               gate_id=code if kind == "gate" else None,
                               building_id=code if kind == "building" else None,
                               group=code if kind == "group" else None),
        lambda stock: t("svc.sup.issued", item=row["name_en" if en else "name_zh"], quantity=quantity.strip(),
                        unit=row["unit_en" if en else "unit_zh"], stock=f"{stock.normalize():f}"))
