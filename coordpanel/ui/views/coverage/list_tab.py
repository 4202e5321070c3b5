"""The coverage page's list tab: the building table, to read, print, or download as xlsx or csv."""

import streamlit as st

from coordpanel import ui
from coordpanel.core import exports
from coordpanel.ui.views.coverage import data
from coordpanel.ui.widgets import plain_table


def show(ctx: data.Context) -> None:
    t = ui.t
    views = data.coverage_views(ctx.compound, ctx.user, ctx.lang)
    table = views.table
    with st.container(horizontal=True, wrap=True):
        st.download_button(t("cov.export.xlsx"), lambda: exports.to_xlsx({t("nav.coverage"): table}, t("nav.coverage")),
                           file_name="coverage.xlsx", mime=exports.XLSX_MIME, on_click="ignore", icon=":material/download:")
        st.download_button(t("cov.export.csv"), lambda: exports.to_csv(table), file_name="coverage.csv", mime="text/csv",
                           on_click="ignore", icon=":material/download:")
        printing = st.toggle(t("cov.print"))
    if printing:
        st.caption(t("cov.print_hint"))
        st.table(plain_table(table))
    else:
        st.dataframe(views.table_arrow, hide_index=True, placeholder="—")
