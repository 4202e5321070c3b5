"""The case log page's table: every day's report, newest first, exportable."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import exports
from coordpanel.ui.views.services.cases import data


def show(ctx: data.Context) -> None:
    t, table = ui.t, ctx.log.table
    if table.empty:
        st.info(t("svc.case.no_reports"))
        return
    st.dataframe(table, hide_index=True, placeholder="—")
    ui.downloads("cases_export", [
        (t("cov.export.xlsx"), lambda: exports.to_xlsx({t("svc.export.cases"): table}), "cases.xlsx", exports.XLSX_MIME),
        (t("cov.export.csv"), lambda: exports.to_csv(table), "cases.csv", "text/csv"),
    ])
