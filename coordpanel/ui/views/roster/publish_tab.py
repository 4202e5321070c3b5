"""The roster's publishing tab: the saved week as a spreadsheet, a calendar or a page to print."""

from __future__ import annotations

import streamlit as st

from coordpanel import roster
from coordpanel.core import exports
from coordpanel.ui.views.roster.context import RosterContext
from coordpanel.ui.widgets import plain_table


def show(ctx: RosterContext) -> None:
    """The saved week for the gate post and the WeChat group: spreadsheet, calendar, or a page to print."""
    t, lang, current, monday = ctx.t, ctx.lang, ctx.current, ctx.monday
    with st.container(horizontal=True, wrap=True):
        st.download_button(t("cov.export.xlsx"), lambda: roster.publish.to_xlsx(current, lang), file_name=f"roster-{monday}.xlsx",
                           mime=exports.XLSX_MIME, on_click="ignore", icon=":material/download:")
        st.download_button(t("cov.export.csv"), lambda: roster.publish.to_csv(current), file_name=f"roster-{monday}.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:")
        st.download_button(t("roster.export.ics"), lambda: roster.publish.to_ics(current, lang), file_name=f"roster-{monday}.ics",
                           mime=roster.publish.ICS_MIME, on_click="ignore", icon=":material/event:")
        printing = st.toggle(t("roster.print"))
    if printing:
        st.caption(t("cov.print_hint"))
        st.table(plain_table(roster.publish.week_table(current, lang)))
