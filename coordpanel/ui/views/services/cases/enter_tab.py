"""The case log page's entry form: one day's new confirmed, new suspected, close contacts and a note."""

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.services import cases
from coordpanel.ui.views.services.cases import data
from coordpanel.ui.widgets import run


def _next_day(ctx: data.Context) -> dt.date:
    """The day after the last report (a report counts a whole day), at most today."""
    last = ctx.log.derived["last_report"]
    return min(last + dt.timedelta(days=1), ctx.now.date()) if last is not None else ctx.now.date()


def show(ctx: data.Context) -> None:
    t = ui.t
    with st.form("cases_enter"):
        day = st.date_input(t("svc.field.date"), value=_next_day(ctx))
        with st.container(horizontal=True, wrap=True):
            counts = {k: st.number_input(t(f"svc.field.{k}"), min_value=0, max_value=1_000_000, value=0, step=1, width=160)
                      for k in ("new_cases", "new_suspected", "close_contacts")}
        note = st.text_input(t("svc.field.note"), max_chars=1000)
        if not st.form_submit_button(t("svc.case.save"), type="primary"):
            return
    run(lambda: cases.enter(ui.db(), ctx.user, ctx.compound, day, note=note, **counts),
        lambda _: t("svc.case.entered", day=f"{day}"))
