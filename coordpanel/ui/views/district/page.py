"""辖区汇总 — every compound of the street or district, worst first: coverage gaps and short gate shifts.

The page script pages/district.py calls render(); its data comes from data.py beside this module."""

import streamlit as st

from coordpanel import ui
from coordpanel.core.clock import week_start
from coordpanel.ui.views.district import data


def render() -> None:
    user = ui.require("read")
    t = ui.t
    st.title(t("nav.district"))
    st.caption(t("district.caption"))
    monday = week_start(ui.today().date())
    frame = data.district_frame(user, monday)
    gaps = int(((frame["uncovered"] > 0) | (frame["partial"] > 0) | (frame["short_shifts"] > 0)).sum())
    with st.container(horizontal=True, wrap=True):
        st.metric(t("district.compounds"), len(frame), border=True, width=170)
        st.metric(t("district.with_gaps"), gaps, border=True, width=170)
    st.dataframe(data.district_table(user, monday, ui.lang()), hide_index=True,
                 column_config={t("district.col.staffed"): st.column_config.ProgressColumn(t("district.col.staffed"), min_value=0,
                                                                                            max_value=100, format="%.0f%%")})
