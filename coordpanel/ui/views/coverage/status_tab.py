"""The coverage page's status tab: mark a person sick, quarantined, left or active again, from a date, with a note."""

import streamlit as st

from coordpanel import coverage, people, ui
from coordpanel.core.errors import Refused
from coordpanel.core.vocab import STATUSES
from coordpanel.ui.views.coverage import data


def show(ctx: data.Context) -> None:
    t = ui.t
    with st.form("status"):
        person = st.selectbox(t("status.person"), ctx.page.people, format_func=coverage.assignments.person_label)
        status = st.selectbox(t("status.status"), STATUSES, format_func=lambda s: t(f"person.{s}"))
        since = st.date_input(t("status.since"), value=ui.today().date())
        note = st.text_input(t("status.note"))
        submitted = st.form_submit_button(t("status.save"), type="primary")
    if submitted:
        try:
            people.status.set_status(ui.db(), ctx.user, person["id"], status, since, note)
        except Refused as exc:
            ui.refused(exc)
        else:
            ui.written()
            held = people.status.still_assigned(ui.db(), ctx.compound, person["id"], ui.today())
            key = "status.still_assigned" if status == "active" else "status.left_gaps"
            st.session_state["status_message"] = t("status.saved", name=person["name"], status=t(f"person.{status}")) + " " + t(
                key, name=person["name"], buildings="、".join(held["buildings"]) or "—", shifts=len(held["shifts"]))
            st.rerun()
    if "status_message" in st.session_state:
        st.success(ui.plain(st.session_state.pop("status_message")))
