"""Plotly figures for the leader's pictures; pure functions of query results, no Streamlit inside.

Plotly reads a little HTML in every text it draws (axis ticks, legends, hover labels, texts on cells and rings:
<b>, <i>, <a href>, <br>, <span style>), so every name, gate, building, group or organisation passes label() first
and is drawn as typed. User text never goes into a template (hovertemplate, texttemplate): it is data."""


from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from coordpanel.core.i18n import day_label, t
from coordpanel.core.vocab import COVERING_TIERS, TIERS

RED, AMBER, GREEN, GREY = "#d64545", "#f0a732", "#3a9d5d", "#d9d9d9"
_FONT = dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif", size=13)


def label(text: object) -> str:
    """Text a user typed or imported, as Plotly must get it to draw it as typed: <, > and & escaped."""
    return html.escape(str(text), quote=False)


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height, margin=dict(l=8, r=8, t=8, b=8), font=_FONT, dragmode=False,
        plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def coverage_heatmap(coverage: pd.DataFrame, lang: str) -> go.Figure:
    """Buildings (rows, gaps first) × tiers: green where the tier serves the building, red where it is missing.

    Cadres reinforce the three tiers and are not required, so their missing cells are grey, not red."""
    rows = [label(code) for code in coverage["code"]]
    z, text = [], []
    for _, b in coverage.iterrows():
        z.append([1.0 if b[tier] > 0 else (0.0 if tier in COVERING_TIERS else 0.5) for tier in TIERS])
        text.append([str(int(b[tier])) for tier in TIERS])
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[label(t(f"tier.{tier}", lang)) for tier in TIERS], y=rows, text=text, texttemplate="%{text}",
            colorscale=[[0, RED], [0.33, RED], [0.33, GREY], [0.66, GREY], [0.66, GREEN], [1, GREEN]],
            zmin=0, zmax=1, showscale=False, xgap=2, ygap=2, hoverinfo="skip",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top")
    return _layout(fig, 40 + 26 * len(rows))


def staffing_heatmap(week: pd.DataFrame, lang: str, crews: dict[int, list[str]] | None = None) -> go.Figure:
    """Gates and their shift slots (rows) × days (columns); each cell filled/required, red where short. With
    `crews` (names by shift id), hovering or tapping a cell shows who is on that shift."""
    gate_col = "gate_en" if lang == "en" else "gate"
    frame = week.assign(
        day=week["starts_at"].dt.date,
        slot=week[gate_col].map(label, na_action="ignore") + " " + week["starts_at"].dt.strftime("%H:%M") + "–"
        + week["ends_at"].dt.strftime("%H:%M"),
    ).sort_values(["gate_order", "starts_at"])
    slots = list(dict.fromkeys(frame["slot"]))
    days = sorted(frame["day"].unique())
    cell = {(r.slot, r.day): r for r in frame.itertuples()}
    z, text, who = [], [], []
    for slot in slots:
        z_row, t_row, w_row = [], [], []
        for day in days:
            r = cell.get((slot, day))
            if r is None:
                z_row.append(None)
                t_row.append("")
                w_row.append("")
                continue
            ok = r.filled >= r.required and r.anchors > 0
            z_row.append(1.0 if ok else (0.5 if r.filled > 0 else 0.0))
            t_row.append(f"{r.filled}/{r.required}")
            w_row.append("<br>".join(label(n) for n in (crews or {}).get(int(r.shift_id), [])) or "—")
        z.append(z_row)
        text.append(t_row)
        who.append(w_row)
    hover = ({"customdata": who, "hovertemplate": "%{y} %{x}<br>%{customdata}<extra></extra>"} if crews is not None
             else {"hoverinfo": "skip"})
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[day_label(d, lang) for d in days], y=slots, text=text, texttemplate="%{text}",
            colorscale=[[0, RED], [0.33, RED], [0.33, AMBER], [0.66, AMBER], [0.66, GREEN], [1, GREEN]],
            zmin=0, zmax=1, showscale=False, xgap=2, ygap=2, **hover,
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


def roster_timeline(shifts: pd.DataFrame, crews: dict[int, list[int]], names: dict[int, str], lang: str) -> go.Figure:
    """Who is on duty when: one row per person, one bar per shift, coloured by gate."""
    gate_col = "gate_en" if lang == "en" else "gate"
    palette = ["#3a7bd5", "#e07b39", "#3a9d5d", "#8e44ad", "#c0392b", "#16a085"]
    fig = go.Figure()
    for i, (gate, rows) in enumerate(shifts.groupby(gate_col, sort=False)):
        ys, bases, widths = [], [], []
        for r in rows.itertuples():
            for pid in crews.get(r.shift_id, []):
                ys.append(label(names.get(pid, pid)))
                bases.append(r.starts_at)
                widths.append((r.ends_at - r.starts_at).total_seconds() * 1000)
        # the gate reaches the hover label as the trace's (escaped) name, never spliced into the template
        fig.add_trace(go.Bar(y=ys, x=widths, base=bases, orientation="h", name=label(gate),
                             marker_color=palette[i % len(palette)],
                             hovertemplate="%{y}<br>%{base|%m-%d %H:%M}<extra>%{fullData.name}</extra>"))
    people = sorted({label(names.get(p, p)) for crew in crews.values() for p in crew})
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=people[::-1])
    fig.update_xaxes(type="date", tickformat="%m-%d %H:%M")
    fig.update_layout(barmode="overlay", legend=dict(orientation="h", y=1.02, x=0), bargap=0.25)
    return _layout(fig, 80 + 18 * len(people))


def structure_sunburst(nodes: pd.DataFrame) -> go.Figure:
    """The three tiers and the cadres as rings: tier, then group, then source organisation, sized by people."""
    # ids are never drawn, but they hold organisation names: escaped alike (parents with them), so no raw markup is sent
    fig = go.Figure(go.Sunburst(ids=nodes["id"].map(label), parents=nodes["parent"].map(label),
                                labels=nodes["label"].map(label), values=nodes["value"], branchvalues="total",
                                insidetextorientation="horizontal",
                                texttemplate="%{label}<br>%{value}", hovertemplate="%{label}: %{value}<extra></extra>"))
    return _layout(fig, 460)
