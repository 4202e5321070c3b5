"""The auto-scheduler's plan as the planner reviews it: places filled, whether it is proven best, what it changes,
hours per person before and after, fairness, the places it leaves open and why, and the soft rules it breaks."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from coordpanel import roster, ui
from coordpanel.core import charts, i18n
from coordpanel.roster.scheduler import explain
from coordpanel.roster.scheduler import plan as scheduler_plan
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext, plan: scheduler_plan.Plan) -> None:
    t, lang = ctx.t, ctx.lang
    if not any(plan.problem.is_open(s) for s in plan.problem.shifts):
        st.info(t("scheduler.tab.nothing_planned"))
        return
    _summary(ctx, plan)
    lines = roster.grid.diff_lines(plan.week.crews, plan.crews, plan.preview, lang)
    if lines:
        with st.expander(t("scheduler.tab.changes", n=len(lines))):
            st.markdown(ui.bullets(lines))
    else:
        st.info(t("scheduler.tab.no_changes"))
    st.subheader(t("scheduler.tab.hours"))
    st.plotly_chart(hours_figure(plan, lang), config=ui.CHART_CONFIG, key="schedule_hours")
    _fairness(ctx, plan)
    if plan.unfilled:
        st.warning(ui.plain(t("scheduler.tab.unfilled", n=len(plan.unfilled))) + "\n\n"
                   + ui.bullets([explain.describe(u, lang) for u in plan.unfilled]))
    else:
        st.success(t("scheduler.tab.all_filled"))
    if plan.breaks:
        st.warning(ui.plain(t("scheduler.tab.breaks", n=len(plan.breaks))) + "\n\n"
                   + ui.bullets([roster.grid.describe(v, plan.preview, lang) for v in plan.breaks]))


def _summary(ctx: RosterContext, plan: scheduler_plan.Plan) -> None:
    """Places filled as saved and with the plan; proven optimal, or the best found when the time ran out."""
    t, solution = ctx.t, plan.solution
    (before_filled, before_required), (filled, required) = plan.staffed()
    st.markdown(t("scheduler.tab.places", before_filled=before_filled, before_required=before_required, filled=filled,
                  required=required))
    if plan.new_shifts:
        st.caption(t("scheduler.tab.new_shifts", n=len(plan.new_shifts)))
    seconds = f"{solution.seconds:.1f}"
    if solution.complete:
        st.success(t("scheduler.tab.optimal", seconds=seconds))
    elif solution.timed_out:
        st.warning(t("scheduler.tab.timed_out", seconds=seconds))
    else:
        st.info(t("scheduler.tab.not_proven"))


def _fairness(ctx: RosterContext, plan: scheduler_plan.Plan) -> None:
    """The largest weekly hours and nights and their spreads, with the plan, against the saved week."""
    t = ctx.t
    before, after = scheduler_plan.fairness(plan.problem, plan.week.crews), plan.fairness()
    figures = {"max_hours": "fair_max_hours", "spread": "fair_spread", "max_nights": "fair_max_nights",
               "night_spread": "fair_night_spread"}
    with st.container(horizontal=True, wrap=True):
        for name, key in figures.items():
            delta = after[name] - before[name]
            st.metric(t(f"scheduler.tab.{key}"), f"{after[name]:g}", delta=f"{delta:+g}" if delta else None,
                      delta_color="inverse", border=True, width=170)
    st.caption(t("scheduler.tab.fair_help"))


def hours_figure(plan: scheduler_plan.Plan, lang: str) -> go.Figure:
    """Hours this week per person, as saved and with the plan, as grouped bars (most hours first). Names are
    data, escaped for Plotly; a name two people share gets their ids."""
    hours = plan.hours().sort_values(["after", "name"], ascending=[False, True])
    shared = set(hours["name"][hours["name"].duplicated()])
    names = [charts.label(roster.grid.person_label(plan.week.people[pid]) if name in shared and pid in plan.week.people
                          else name) for pid, name in zip(hours["person_id"], hours["name"], strict=True)]
    fig = go.Figure()
    for column, colour in (("before", charts.GREY), ("after", "#3a7bd5")):
        fig.add_trace(go.Bar(y=names, x=hours[column].round(1).tolist(), orientation="h", name=charts.label(i18n.t(f"scheduler.tab.{column}", lang)),
                             marker_color=colour, hovertemplate="%{y}: %{x:g}<extra>%{fullData.name}</extra>"))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names[::-1])
    fig.update_xaxes(title_text=i18n.t("scheduler.tab.hours_axis", lang), rangemode="tozero")
    fig.update_layout(barmode="group", height=90 + 26 * len(names), margin=dict(l=8, r=8, t=8, b=8), dragmode=False,
                      legend=dict(orientation="h", y=1.02, x=0), plot_bgcolor="rgba(0,0,0,0)",
                      paper_bgcolor="rgba(0,0,0,0)", font=dict(size=13))
    return fig
