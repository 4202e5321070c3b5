"""总览 — what needs attention first, then the figures and the pictures a leader reads at a glance."""

import streamlit as st

from coordpanel import ui

ui.require("read")
t = ui.t
page = ui.overview_page(ui.compound_id())
view = page.view

st.title(ui.plain(view.title))
st.caption(view.as_of)

st.subheader(t("ov.attention"))
errors = [message for level, message in view.attention if level == "error"]
warnings = [message for level, message in view.attention if level == "warning"]
if errors:
    st.error(ui.bullets(errors))
if warnings:
    st.warning(ui.bullets(warnings))
if not view.attention:
    st.success(t("ov.all_clear"))

with st.container(horizontal=True, wrap=True):
    for metric in view.metrics:
        st.metric(metric.label, metric.value, help=metric.help, border=True, width=175)

st.subheader(t("ov.coverage"), help=t("ov.coverage_caption"))
st.plotly_chart(page.coverage, config=ui.CHART_CONFIG)
st.subheader(t("ov.staffing"), help=t("ov.staffing_caption"))
st.plotly_chart(page.staffing, config=ui.CHART_CONFIG)
st.subheader(t("ov.cases"), help=view.cases_caption)
if page.cases is None:
    st.info(t("ov.no_reports"))
else:
    st.plotly_chart(page.cases, config=ui.CHART_CONFIG)

st.subheader(t("ov.people"), help=t("ov.people_caption"))
st.dataframe(page.people, hide_index=True)

with st.expander(t("ov.facts"), expanded=True):
    st.text("\n".join(view.facts))
    st.dataframe(page.supplies, hide_index=True)
