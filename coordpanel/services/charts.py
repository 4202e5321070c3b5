"""The services' pictures as Plotly figures: the case log's trend, open requests by building. Pure, no Streamlit;
names pass core.charts.label() (Plotly reads a little HTML)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from coordpanel.core import charts
from coordpanel.core.i18n import t


def case_trend(log: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of new confirmed (red) and new suspected (amber) cases per day, the total confirmed as a line on its own
    axis. Only numbers and translated names are drawn (the notes are not)."""
    fig = go.Figure()
    for column, colour in (("new_cases", charts.RED), ("new_suspected", charts.AMBER)):
        fig.add_trace(go.Bar(x=log["report_date"], y=log[column], marker_color=colour,
                             name=charts.label(t(f"svc.col.{column}", lang)),
                             hovertemplate="%{x|%m-%d}: %{y}<extra>%{fullData.name}</extra>"))
    fig.add_trace(go.Scatter(x=log["report_date"], y=log["total_cases"], mode="lines+markers", yaxis="y2",
                             line=dict(color="#555555", width=2), name=charts.label(t("svc.col.total_cases", lang)),
                             hovertemplate="%{x|%m-%d}: %{y}<extra>%{fullData.name}</extra>"))
    fig.update_layout(
        barmode="group", height=300, margin=dict(l=8, r=8, t=8, b=8), dragmode=False,
        font=dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif", size=13),
        plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", y=-0.15, x=0),
        yaxis=dict(rangemode="tozero"), yaxis2=dict(overlaying="y", side="right", rangemode="tozero", showgrid=False),
    )
    fig.update_xaxes(tickformat="%m-%d")
    return fig


def requests_by_building(per: pd.DataFrame, lang: str) -> go.Figure:
    """Open requests per building (amber), the overdue among them (red), in the buildings' order."""
    buildings = per["building"].map(charts.label)
    fig = go.Figure()
    for values, key, colour in ((per["open"] - per["overdue"], "svc.req.open", charts.AMBER),
                                (per["overdue"], "svc.req.overdue", charts.RED)):
        fig.add_trace(go.Bar(x=buildings, y=values, marker_color=colour, name=charts.label(t(key, lang)),
                             hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>"))
    fig.update_layout(
        barmode="stack", height=240, margin=dict(l=8, r=8, t=8, b=8), dragmode=False,
        font=dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif", size=13),
        plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)", legend=dict(orientation="h", y=-0.25, x=0),
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero", dtick=1)
    return fig
