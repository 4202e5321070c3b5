"""The coverage page's chain tab: one building's chain of contact, tier by tier."""

import streamlit as st

from coordpanel import coverage, ui
from coordpanel.ui.views.coverage import data


def show(ctx: data.Context) -> None:
    building = st.selectbox(ui.t("cov.chain.building"), ctx.page.buildings, format_func=lambda b: b["code"])
    st.markdown(data.chain_markdown(coverage.assignments.chain(ctx.page.assignment_records, building["id"]), ctx.user))
