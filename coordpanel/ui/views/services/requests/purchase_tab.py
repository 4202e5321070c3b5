"""The requests page's purchase list: a day's open grocery and medicine requests by building and item, the way a
buyer goes to the shop; printable and exportable (xlsx, CSV)."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.core import exports
from coordpanel.services import requests
from coordpanel.ui.views.services.requests import data
from coordpanel.ui.widgets import plain_table


def show(ctx: data.Context) -> None:
    t = ui.t
    with st.container(horizontal=True, wrap=True, vertical_alignment="bottom"):
        day = st.date_input(t("svc.req.day"), value=ctx.now.date(), key="requests_purchase_day", width=180)
        printing = st.toggle(t("cov.print"), key="requests_purchase_print")
    day = day if isinstance(day, dt.date) else ctx.now.date()
    listing = data.purchase(ctx.compound, ctx.user, day)
    if listing.empty:
        st.info(t("svc.req.purchase_none"))
        return
    table = requests.purchase_table(listing, ctx.lang)
    st.caption(t("svc.req.purchase_caption", day=day.isoformat(), n=len(table)))
    if printing:
        st.caption(t("cov.print_hint"))
        st.table(plain_table(table))
    else:
        st.dataframe(table, hide_index=True, placeholder="—")
    ui.downloads("requests_purchase_export", [
        (t("cov.export.xlsx"), lambda: requests.purchase_xlsx(listing, ctx.lang, day), f"purchase-{day}.xlsx",
         exports.XLSX_MIME),
        (t("cov.export.csv"), lambda: exports.to_csv(table), f"purchase-{day}.csv", "text/csv"),
    ])
