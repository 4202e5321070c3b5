"""今日到岗 — today's shifts at the user's gates, in time order: per person one tap for 到岗 / 迟到 / 缺勤, check-out,
stand-ins; planners and admins also correct past records (correction.py). Phone-first: no tables, buttons that wrap.

Names are user text: shown through ui.plain() in Markdown, as plain selectbox options, never in a button label."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from coordpanel import ui
from coordpanel.attendance import records
from coordpanel.core import gatelead, i18n
from coordpanel.ui.views.attendance import correction, data
from coordpanel.ui.widgets import run

GATE_KEY = "att_gate"  # the planner's gate filter


def _gate_name(gate: data.GateDay) -> str:
    return gate.name_en if ui.lang() == "en" and gate.name_en else gate.name


def _state(person: data.OnShift, names: dict[int, str], covered_by: dict[int, str],
           late_by: dt.timedelta | None = None) -> str:
    """What is recorded for the person: 未签到 (past the grace time: by how long), 到岗 07:52, 迟到 08:20 · 签退 16:03,
    缺勤; whom a stand-in covers, and who covers an absent member."""
    t = ui.t
    if person.record is None and late_by is not None:
        parts = [t("att.page.overdue", minutes=int(late_by.total_seconds() // 60))]
    elif person.record is None:
        parts = [t("att.page.not_yet")]
    elif person.record == "absent":
        parts = [t("att.page.absent")]
    else:
        parts = [t(f"att.page.{person.record}", at=f"{person.checked_in_at:%H:%M}")]
        if person.checked_out_at is not None:
            parts.append(t("att.page.out", at=f"{person.checked_out_at:%H:%M}"))
    if person.stand_in:
        parts.append(t("att.page.covers", name=names.get(person.covers, "?")))
    elif person.person_id in covered_by:
        parts.append(t("att.page.covered_by", name=covered_by[person.person_id]))
    return " · ".join(parts)


def _who(person: data.OnShift) -> str:
    t = ui.t
    parts = [person.name, t(f"tier.{person.tier}")]
    if person.stand_in:
        parts.append(t("att.page.stand_in_tag"))
    if person.status != "active":
        parts.append(t(f"person.{person.status}"))
    if person.phone:
        parts.append(person.phone)
    return " · ".join(parts)


def _taps(person: data.OnShift) -> list[str]:
    """The actions that fit the record: arrive (also after being marked absent), absent, or check out."""
    if person.record is None:
        return ["present", "late", "absent"]
    if person.record == "absent" and not person.stand_in:
        return ["present", "late"]
    if person.checked_in_at is not None and person.checked_out_at is None:
        return ["out"]
    return []


def _act(user, shift: data.Shift, person: data.OnShift, tap: str) -> dict:
    db, now = ui.db(), ui.today()
    if tap == "absent":
        return records.mark_absent(db, user, shift.shift_id, person.person_id, now=now)
    if tap == "out":
        return records.check_out(db, user, shift.shift_id, person.person_id, now=now)
    return records.check_in(db, user, shift.shift_id, person.person_id, late=tap == "late", now=now)


def _person(user, shift: data.Shift, person: data.OnShift, names: dict[int, str],
            late_by: dt.timedelta | None) -> None:
    t = ui.t
    # not bold: the shift's time is the one bold line of a shift's card
    covered_by = {p.covers: p.name for p in shift.people if p.stand_in}
    st.markdown(ui.plain(_who(person)) + "  \n" + ui.plain(_state(person, names, covered_by, late_by)))
    taps = _taps(person)
    if not taps:
        return
    clicked = None
    with st.container(horizontal=True, gap="small"):
        for tap in taps:
            label = t("att.page.tap_out") if tap == "out" else t(f"att.page.tap_{tap}")
            kind = "primary" if tap in ("present", "out") else "secondary"
            if st.button(label, key=f"att_{tap}_{shift.shift_id}_{person.person_id}", type=kind, width=88):
                clicked = tap
    if clicked:
        run(lambda: _act(user, shift, person, clicked), t(f"att.page.done_{clicked}", name=person.name))


def _stand_in(user, gate: data.GateDay, shift: data.Shift, names: dict[int, str]) -> None:
    """Add a stand-in: for a roster member not checked in and not yet covered, someone eligible, checked in now."""
    t = ui.t
    box = ui.lazy_expander(t("att.page.add_stand_in"), key=f"att_standin_{shift.shift_id}")
    with box:
        if not box.open:
            return
        covered_ids = {p.covers for p in shift.people if p.stand_in}
        open_places = [p.person_id for p in shift.people
                       if not p.stand_in and p.checked_in_at is None and p.person_id not in covered_ids]
        if not open_places:
            st.caption(t("att.page.nobody_to_cover"))
            return
        choices = data.stand_in_choices(user, gate, shift)
        if not choices:
            st.caption(t("att.page.nobody_free"))
            return
        covered = st.selectbox(t("att.page.covered"), open_places, format_func=lambda i: names[i],
                               key=f"att_standin_for_{shift.shift_id}")
        by_id = {c.person_id: c for c in choices}
        stand_in = st.selectbox(t("att.page.stand_in"), list(by_id),
                                format_func=lambda i: f"{by_id[i].name} · {t(f'tier.{by_id[i].tier}')}",
                                key=f"att_standin_who_{shift.shift_id}")
        if st.button(t("att.page.confirm_stand_in"), key=f"att_standin_go_{shift.shift_id}", type="primary"):
            run(lambda: records.add_stand_in(ui.db(), user, shift.shift_id, stand_in, covered, now=ui.today()),
                t("att.page.done_stand_in", name=by_id[stand_in].name, covered=names[covered]))


def _shift(user, gate: data.GateDay, shift: data.Shift) -> None:
    t = ui.t
    names = {p.person_id: p.name for p in shift.people}
    on_roster = sum(1 for p in shift.people if not p.stand_in)
    now = ui.today()
    # a place nobody checked in at by the start + grace is a no-show: say by how long, while the shift lasts
    late_by = now - shift.starts_at if shift.starts_at + data.grace() <= now < shift.ends_at else None
    with st.container(border=True):
        st.markdown("**" + ui.plain(t("gl.shift", start=f"{shift.starts_at:%H:%M}", end=f"{shift.ends_at:%H:%M}"))
                    + "**  \n" + ui.plain(t("gl.crew", assigned=on_roster, required=shift.required)))
        if not shift.people:
            st.caption(t("gl.nobody"))
        for person in shift.people:
            _person(user, shift, person, names, late_by)
        if on_roster:
            _stand_in(user, gate, shift, names)


def _chosen(user, gates: tuple[data.GateDay, ...]) -> tuple[data.GateDay, ...]:
    """A planner or admin picks one gate or all; a gate lead sees their own."""
    if user.role == gatelead.ROLE or len(gates) < 2:
        return gates
    by_id = {g.gate_id: g for g in gates}
    chosen = st.selectbox(ui.t("att.page.gate"), [None, *by_id], key=GATE_KEY,
                          format_func=lambda i: ui.t("att.page.all_gates") if i is None else _gate_name(by_id[i]))
    return gates if chosen is None else (by_id[chosen],)


def render() -> None:
    user = ui.require("record_attendance")
    t = ui.t
    st.title(t("gl.nav"))
    today: dt.date = ui.today().date()
    st.caption(t("gl.day", day=i18n.day_label(today, ui.lang())))
    ui.flash()
    gates = data.day(user, ui.compound_id(), today)
    if not gates:
        st.info(t("gl.no_gates_given") if user.role == gatelead.ROLE else t("gl.no_gates_here"))
        return
    shown = _chosen(user, gates)
    if not any(g.shifts for g in shown):
        st.info(t("gl.no_shifts"))
    for gate in shown:
        if not gate.shifts:
            continue
        st.subheader(ui.plain(_gate_name(gate)), divider="gray")
        for shift in gate.shifts:
            _shift(user, gate, shift)
    if user.can(records.CORRECT_RIGHT):
        correction.render(user)
