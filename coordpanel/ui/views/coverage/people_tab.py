"""The coverage page's people tab: who serves which building, filtered by tier, group, party membership and name."""

import streamlit as st

from coordpanel import coverage, ui
from coordpanel.core.vocab import TIERS
from coordpanel.ui.views.coverage import data


def show(ctx: data.Context) -> None:
    t = ui.t
    views = data.coverage_views(ctx.compound, ctx.user, ctx.lang)
    rows = views.rows
    with st.container(horizontal=True, wrap=True):
        tiers = st.multiselect(t("cov.filter.tier"), TIERS, format_func=lambda c: t(f"tier.{c}"), width=260)
        groups = st.multiselect(t("cov.filter.group"), sorted(rows["group_code"].dropna().unique()),
                                format_func=data.group_name(rows), width=260)
        party = st.toggle(t("cov.filter.party"))
        search = st.text_input(t("cov.filter.search"), width=200)
    st.dataframe(views.people_rows(coverage.assignments.filter_people(rows, tiers, groups, party, search)), hide_index=True,
                 placeholder="—")
