"""The case log page's corrections: a reported day's counts and note changed, with the reason why (audited)."""

import streamlit as st

from coordpanel import ui
from coordpanel.services import cases
from coordpanel.ui.views.services.cases import data
from coordpanel.ui.widgets import run


def show(ctx: data.Context) -> None:
    t, frame = ui.t, ctx.log.frame
    if frame.empty:
        st.info(t("svc.case.no_reports"))
        return
    days = list(frame["report_date"])[::-1]
    day = st.selectbox(t("svc.case.day"), days, format_func=lambda d: f"{d:%Y-%m-%d}", key="cases_correct_day")
    row = frame[frame["report_date"] == day].iloc[0]
    with st.form(f"cases_correct_{day}"):
        with st.container(horizontal=True, wrap=True):
            changes = {k: st.number_input(t(f"svc.field.{k}"), min_value=0, max_value=1_000_000, value=int(row[k]), step=1,
                                          width=160) for k in cases.COUNTS}
        note = st.text_input(t("svc.field.note"), value=row["note"] if isinstance(row["note"], str) else "", max_chars=1000)
        reason = st.text_input(t("svc.field.reason"), max_chars=1000)
        if not st.form_submit_button(t("svc.case.save_correct"), type="primary"):
            return
    run(lambda: cases.correct(ui.db(), ctx.user, ctx.compound, day, reason, note=note, **changes),
        lambda _: t("svc.case.corrected", day=f"{day}"))
