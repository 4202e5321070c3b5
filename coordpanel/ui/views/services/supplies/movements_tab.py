"""The supplies page's movements: every receipt and issue, newest first, with donor or receiver."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import exports
from coordpanel.ui.views.services.supplies import data


def show(ctx: data.Context) -> None:
    t = ui.t
    table = data.movements(ctx.compound, ctx.user, ctx.lang)
    if table.empty:
        st.info(t("svc.sup.no_movements"))
        return
    st.dataframe(table, hide_index=True, placeholder="—")
    ui.downloads("supplies_movements_export", [
        (t("cov.export.xlsx"), lambda: exports.to_xlsx({t("svc.sup.view_movements"): table}), "movements.xlsx",
         exports.XLSX_MIME),
        (t("cov.export.csv"), lambda: exports.to_csv(table), "movements.csv", "text/csv"),
    ])
