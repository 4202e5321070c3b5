"""Plotly figures for the leader's pictures; pure functions of query results, no Streamlit inside."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from coordpanel.i18n import day_label, t

RED, AMBER, GREEN, GREY = "#d64545", "#f0a732", "#3a9d5d", "#d9d9d9"
TIERS = ("grid", "property", "volunteer", "cadre")
_FONT = dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif", size=13)


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height, margin=dict(l=8, r=8, t=8, b=8), font=_FONT, dragmode=False,
        plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def coverage_heatmap(coverage: pd.DataFrame, lang: str) -> go.Figure:
    """Buildings (rows, gaps first) × tiers: green where the tier serves the building, red where it is missing.

    Cadres reinforce the three tiers and are not required, so their missing cells are grey, not red."""
    rows = coverage["code"].tolist()
    z, text = [], []
    for _, b in coverage.iterrows():
        z.append([1.0 if b[tier] > 0 else (0.5 if tier == "cadre" else 0.0) for tier in TIERS])
        text.append([str(int(b[tier])) for tier in TIERS])
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[t(f"tier.{tier}", lang) for tier in TIERS], y=rows, text=text, texttemplate="%{text}",
            colorscale=[[0, RED], [0.33, RED], [0.33, GREY], [0.66, GREY], [0.66, GREEN], [1, GREEN]],
            zmin=0, zmax=1, showscale=False, xgap=2, ygap=2, hoverinfo="skip",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top")
    return _layout(fig, 40 + 26 * len(rows))


def staffing_heatmap(week: pd.DataFrame, lang: str) -> go.Figure:
    """Gates and their shift slots (rows) × days (columns); each cell filled/required, red where short."""
    gate_col = "gate_en" if lang == "en" else "gate"
    frame = week.assign(
        day=week["starts_at"].dt.date,
        slot=week[gate_col] + " " + week["starts_at"].dt.strftime("%H:%M") + "–" + week["ends_at"].dt.strftime("%H:%M"),
    ).sort_values(["gate_order", "starts_at"])
    slots = list(dict.fromkeys(frame["slot"]))
    days = sorted(frame["day"].unique())
    cell = {(r.slot, r.day): r for r in frame.itertuples()}
    z, text = [], []
    for slot in slots:
        z_row, t_row = [], []
        for day in days:
            r = cell.get((slot, day))
            if r is None:
                z_row.append(None)
                t_row.append("")
                continue
            ok = r.filled >= r.required and r.anchors > 0
            z_row.append(1.0 if ok else (0.5 if r.filled > 0 else 0.0))
            t_row.append(f"{r.filled}/{r.required}")
        z.append(z_row)
        text.append(t_row)
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[day_label(d, lang) for d in days], y=slots, text=text, texttemplate="%{text}",
            colorscale=[[0, RED], [0.33, RED], [0.33, AMBER], [0.66, AMBER], [0.66, GREEN], [1, GREEN]],
            zmin=0, zmax=1, showscale=False, xgap=2, ygap=2, hoverinfo="skip",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top", type="category")
    return _layout(fig, 60 + 28 * len(slots))


def cases_trend(cases: pd.DataFrame, lang: str) -> go.Figure:
    """Daily new cases as bars."""
    fig = go.Figure(
        go.Bar(x=cases["report_date"], y=cases["new_cases"], marker_color=RED, name=t("ov.cases", lang),
               hovertemplate="%{x|%m-%d}: %{y}<extra></extra>")
    )
    fig.update_yaxes(dtick=1, rangemode="tozero")
    fig.update_xaxes(tickformat="%m-%d", dtick=dt.timedelta(days=3).total_seconds() * 1000)
    return _layout(fig, 220)
