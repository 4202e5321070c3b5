"""The requests page's intake: a new request (building, unit, contact, kind, urgency, what is needed, due time)."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.services import requests
from coordpanel.ui.views.services.requests import data
from coordpanel.ui.widgets import run


def show(ctx: data.Context) -> None:
    t = ui.t
    default_due = ctx.now + dt.timedelta(hours=24)
    with st.form("requests_intake", clear_on_submit=False):
        building = st.selectbox(t("svc.field.building"), list(ctx.buildings), format_func=ctx.buildings.get)
        unit = st.text_input(t("svc.field.unit"), max_chars=200)
        contact = st.text_input(t("svc.field.contact"), max_chars=40)
        # labels made here, not in a lambda: a format_func runs again outside the run (AppTest), without the language
        kinds = {k: t(f"svc.kind.{k}") for k in requests.KINDS}
        urgencies = {u: t(f"svc.urgency.{u}") for u in requests.URGENCIES}
        kind = st.selectbox(t("svc.field.kind"), list(kinds), format_func=kinds.get)
        urgency = st.selectbox(t("svc.field.urgency"), list(urgencies), format_func=urgencies.get)
        needed = st.text_area(t("svc.field.needed"), max_chars=1000, height=90)
        has_due = st.checkbox(t("svc.req.has_due"), value=True)
        with st.container(horizontal=True, wrap=True):
            due_day = st.date_input(t("svc.req.due_day"), value=default_due.date(), width=180)
            due_time = st.time_input(t("svc.req.due_time"), value=default_due.time().replace(second=0, microsecond=0),
                                     step=dt.timedelta(minutes=30), width=140)
        if not st.form_submit_button(t("svc.req.submit"), type="primary"):
            return
    due = dt.datetime.combine(due_day, due_time) if has_due and due_day is not None and due_time is not None else None
    run(lambda: requests.create(ui.db(), ctx.user, ctx.compound, building_id=building, unit=unit, contact=contact,
                                        kind=kind, urgency=urgency, needed=needed, due_at=due),
                lambda rid: t("svc.req.created", id=rid, building=ctx.buildings.get(building, "")))
