"""Corrections of past attendance records on the 今日到岗 page, for planners and admins: a day, a gate, a started
shift and a person; the record as it should be, with a reason (records.correct checks the rules and audits it)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.attendance import records
from coordpanel.attendance.board import moments
from coordpanel.core import auth
from coordpanel.ui.views.attendance import data
from coordpanel.ui.widgets import run

KEY = "att_correct"  # the expander's key (open it by setting this to True)


def _shift_label(gate: data.GateDay, shift: data.Shift) -> str:
    name = gate.name_en if ui.lang() == "en" and gate.name_en else gate.name
    return f"{name} {shift.starts_at:%m-%d %H:%M}–{shift.ends_at:%H:%M}"


def _status_label(status: str) -> str:
    return ui.t(f"att.page.status_{status}")


def _form(user: auth.User, shift: data.Shift, person: data.OnShift) -> None:
    t = ui.t
    with st.form(key=f"att_correct_form_{shift.shift_id}_{person.person_id}", border=False):
        current = person.record or "present"
        status = st.selectbox(t("att.page.correct_status"), list(records.STATUSES),
                              index=list(records.STATUSES).index(current), format_func=_status_label)
        checked_in = st.time_input(t("att.page.correct_in"), value=(person.checked_in_at or shift.starts_at).time(),
                                   step=60)
        checked_out = st.time_input(t("att.page.correct_out"), step=60,
                                    value=person.checked_out_at.time() if person.checked_out_at else None)
        reason = st.text_input(t("att.page.correct_reason"), max_chars=200)
        if not st.form_submit_button(t("att.page.correct_save"), type="primary"):
            return
    at_in, at_out = moments(shift, checked_in, checked_out)
    run(lambda: records.correct(ui.db(), user, shift.shift_id, person.person_id, status=status, checked_in_at=at_in,
                                checked_out_at=at_out, reason=reason, now=ui.today()),
        t("att.page.corrected", name=person.name))


def render(user: auth.User) -> None:
    """The expander: pick a day (default yesterday), a started shift of a gate, a person; then the form."""
    t = ui.t
    box = ui.lazy_expander(t("att.page.correct"), key=KEY)
    with box:
        if not box.open:
            return
        now = ui.today()
        day = st.date_input(t("att.page.correct_day"), value=now.date() - dt.timedelta(days=1), max_value=now.date(),
                            key="att_correct_day")
        shifts = [(g, s) for g in data.day(user, ui.compound_id(), day) for s in g.shifts
                  if s.starts_at <= now and s.starts_at.date() == day]
        if not shifts:
            st.caption(t("att.page.correct_none"))
            return
        index = st.selectbox(t("att.page.correct_shift"), range(len(shifts)), key="att_correct_shift",
                             format_func=lambda i: _shift_label(*shifts[i]))
        gate, shift = shifts[index if index is not None else 0]
        people = {p.person_id: p for p in shift.people}
        if not people:
            st.caption(t("gl.nobody"))
            return
        chosen = st.selectbox(t("att.page.correct_person"), list(people), key="att_correct_person",
                              format_func=lambda i: f"{people[i].name} · {_state_label(people[i])}")
        _form(user, shift, people[chosen if chosen in people else next(iter(people))])


def _state_label(person: data.OnShift) -> str:
    if person.record is None:
        return ui.t("att.page.not_yet")
    text = _status_label(person.record)
    if person.checked_in_at is not None:
        text += f" {person.checked_in_at:%H:%M}"
    if person.checked_out_at is not None:
        text += f"–{person.checked_out_at:%H:%M}"
    return text
