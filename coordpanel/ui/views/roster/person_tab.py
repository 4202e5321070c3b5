"""The roster's one-person tab: a person's week and calendar, and the times they cannot be on duty."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coordpanel import roster, ui
from coordpanel.core.errors import Refused
from coordpanel.ui.views.roster import data
from coordpanel.ui.views.roster.context import RosterContext


def show(ctx: RosterContext) -> None:
    """One person's week: their shifts in large type (it reads on a phone), hours and rest, and their calendar;
    the times they said they cannot be on duty, which planners record and withdraw here."""
    t, lang, current = ctx.t, ctx.lang, ctx.current
    people = sorted(current.people.values(), key=lambda p: p.name)
    person = st.selectbox(t("roster.col.name"), people, format_func=roster.grid.person_label, key="roster_person")
    mine = data.person_week(ctx.compound, ctx.monday, person.id, lang)  # ctx.current's, cached
    if mine is None:
        st.caption(t("roster.no_shifts_for", name=ui.plain(person.name)))
    else:
        st.markdown(mine.lines)
        st.dataframe(mine.table, hide_index=True, placeholder="—")
        st.download_button(t("roster.my_calendar"), lambda: roster.publish.to_ics(roster.week.only(current, person.id), lang),
                           file_name=f"shifts-{person.id}.ics", mime=roster.publish.ICS_MIME, on_click="ignore",
                           icon=":material/event:")
    _unavailable(ctx, person)


def _unavailable(ctx: RosterContext, person) -> None:
    """The person's declared unavailability, each withdrawable, and a form to add one (planners only)."""
    t = ctx.t
    st.subheader(t("roster.unavailable_title"))
    declared = ctx.current.unavailable.get(person.id, [])
    if not declared:
        st.caption(t("roster.unavailable_none"))
    for record_id, start, end, note in declared:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.text(f"{start:%m-%d %H:%M} – {end:%m-%d %H:%M}  {note or ''}".rstrip())
            if ctx.can_edit and st.button(t("roster.unavailable_withdraw"), key=f"withdraw_{record_id}"):
                try:
                    roster.availability.withdraw_unavailable(ui.db(), ctx.user, ctx.compound, record_id)
                except Refused as exc:
                    ui.refused(exc)
                else:
                    ui.saved(t("roster.unavailable_withdrawn"))  # unsaved roster edits stay
    if ctx.can_edit:
        _unavailable_form(ctx, person)


def _unavailable_form(ctx: RosterContext, person) -> None:
    t, today = ctx.t, ctx.now.date()
    with st.form(f"unavailable_{person.id}", clear_on_submit=True):
        with st.container(horizontal=True, wrap=True):
            day_from = st.date_input(t("roster.unavailable_from"), value=today, width=150)
            time_from = st.time_input(t("roster.unavailable_from"), value=dt.time(8), width=110, label_visibility="hidden")
            day_to = st.date_input(t("roster.unavailable_to"), value=today, width=150)
            time_to = st.time_input(t("roster.unavailable_to"), value=dt.time(16), width=110, label_visibility="hidden")
        note = st.text_input(t("roster.unavailable_note"))
        if st.form_submit_button(t("roster.unavailable_add")):
            start, end = dt.datetime.combine(day_from, time_from), dt.datetime.combine(day_to, time_to)
            try:
                roster.availability.declare_unavailable(ui.db(), ctx.user, ctx.compound, person.id, start, end, note)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("roster.unavailable_added", name=person.name, start=f"{start:%m-%d %H:%M}",
                           end=f"{end:%m-%d %H:%M}"))  # unsaved roster edits stay
