"""The requests page's figures: open, overdue, done today, median hours to done; the same by building."""

import pandas as pd
import streamlit as st

from coordpanel import ui
from coordpanel.ui.views.services.requests import data


def show(ctx: data.Context) -> None:
    t = ui.t
    f = data.figures(ctx.compound, ctx.now)
    with st.container(horizontal=True, wrap=True):
        st.metric(t("svc.req.open"), f.open, width=150)
        st.metric(t("svc.req.overdue"), f.overdue, width=150)
        st.metric(t("svc.req.done_today"), f.done_today, width=150)
        st.metric(t("svc.req.median"), "—" if f.median_hours_to_done is None else f.median_hours_to_done, width=200)
    st.caption(t("svc.req.median_caption"))
    st.subheader(t("svc.req.by_building"), divider="gray")
    per = f.by_building
    if per["open"].sum():
        st.plotly_chart(data.by_building_chart(ctx.compound, ctx.now, ctx.lang), config=ui.CHART_CONFIG)
    st.dataframe(pd.DataFrame({
        t("svc.col.building"): per["building"], t("svc.req.open"): per["open"], t("svc.req.overdue"): per["overdue"],
        t("svc.req.done_today"): per["done_today"], t("svc.req.median"): per["median_hours_to_done"],
    }), hide_index=True, placeholder="—")
