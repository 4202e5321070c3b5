"""The supplies page's stock: items below their minimum and running out within 3 days first, with days of cover."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import exports
from coordpanel.ui.views.services.supplies import data

LOW_KEY = "supplies_low_only"  # the session key of the "only what needs attention" toggle


def show(ctx: data.Context) -> None:
    t = ui.t
    frame, table = ctx.frame, ctx.table
    if frame.empty:
        st.info(t("svc.sup.no_items"))
        return
    with st.container(horizontal=True, wrap=True):
        st.metric(t("svc.sup.low"), int(frame["below_min"].sum()), width=150)
        st.metric(t("svc.sup.running_out"), int(frame["running_out"].sum()), width=150)
        st.metric(t("svc.sup.kinds"), len(frame), width=150)
    low_only = st.toggle(t("svc.sup.low_only"), key=LOW_KEY)
    rows = table[(frame["below_min"] | frame["running_out"]).to_numpy()] if low_only else table
    if rows.empty:
        st.info(t("svc.sup.none"))
    else:
        st.dataframe(rows, hide_index=True, placeholder="—")
    st.caption(t("svc.sup.cover_caption"))
    ui.downloads("supplies_export", [
        (t("cov.export.xlsx"), lambda: exports.to_xlsx({t("svc.export.supplies"): rows}), "supplies.xlsx",
         exports.XLSX_MIME),
        (t("cov.export.csv"), lambda: exports.to_csv(rows), "supplies.csv", "text/csv"),
    ])
