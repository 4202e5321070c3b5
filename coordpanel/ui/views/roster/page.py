"""门岗排班 — the week as gates × days × shifts, edited with every rule checked as you type, saved without losing work.

Views are lazy tabs: the week at a glance runs first; the editor, candidates, replacements, one person's week,
publishing and shift creation each run only when opened. Unsaved edits survive moving between views and weeks.

The page script pages/roster.py calls render(); its data comes from data.py beside this module."""

import datetime as dt

import streamlit as st

from coordpanel import roster, ui
from coordpanel.core import exports
from coordpanel.core.clock import week_start
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import day_label
from coordpanel.ui.views.roster import data

VIEW_KEY = "roster_view"  # the session key of the open tab (tests and bench/pages.py open views through it)


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    now = ui.today()
    can_edit = user.can("edit_roster")
    st.title(t("nav.roster"))
    monday = week_start(st.date_input(t("roster.week"), value=now.date(), width=220, key="roster_day"))
    rules = data.roster_rules()
    editor_key, base_key, draft_key = (f"roster_{k}_{compound}_{monday}" for k in ("editor", "base", "draft"))
    keys = (editor_key, base_key, draft_key)
    unsaved = draft_key in st.session_state or ui.unsaved(editor_key)
    if base_key not in st.session_state or not unsaved:
        # no unsaved work: follow the saved week; with unsaved work, keep the version the planner started from
        st.session_state[base_key] = data.roster_week(compound, monday)
    week = st.session_state[base_key]  # what the editor and its save work on
    current = data.roster_week(compound, monday)  # what every other view shows: the week as saved now
    st.caption(t("roster.version", version=week.version, who=week.saved_by, when=f"{week.saved_at:%m-%d %H:%M}")
               if week.version else t("roster.never_saved"))
    ui.flash()

    names = {"week": t("roster.view.week")}
    if can_edit:
        names["edit"] = t("roster.editor")
    names |= {"replace": t("roster.view.replace"), "person": t("roster.person_view"), "publish": t("roster.publish"),
              "timeline": t("roster.timeline")}
    if can_edit:
        names["generate"] = t("roster.generate")
    view, box = ui.lazy_tabs(VIEW_KEY, names)

    def status(week, crews, violations, cards: bool = True) -> None:
        """Filled / required, short shifts and the rule violations, each named in words; as metric cards where the
        planner edits, as one line under the week's picture."""
        hard = roster.rules.hard(violations)
        soft = [v for v in violations if v.severity == "soft"]
        filled, required = roster.week.staffed(week, crews)
        figures = {t("roster.staffed"): f"{filled} / {required}", t("roster.short"): sum(v.rule == "headcount" for v in violations),
                   t("roster.hard"): len(hard), t("roster.soft"): len(soft)}
        if cards:
            with st.container(horizontal=True, wrap=True):
                for label, value in figures.items():
                    st.metric(label, value, border=True, width=170)
        else:
            st.markdown(" · ".join(f"{label} **{value}**" for label, value in figures.items()))
        if hard:
            st.error(ui.bullets([roster.grid.describe(v, week, lang) for v in hard]))
        if soft:
            st.warning(ui.bullets([roster.grid.describe(v, week, lang) for v in soft]))

    def week_view() -> None:
        """The saved week at a glance: gates × days × shifts, filled / required, and what breaks a rule."""
        if unsaved:
            st.info(t("roster.unsaved_elsewhere"))
        st.plotly_chart(data.staffing_figure(compound, monday, lang), config=ui.CHART_CONFIG)
        status(current, current.crews, roster.week.check(current, current.crews, rules), cards=False)

    def edit_view() -> None:
        frame = roster.grid.editor_frame(week, lang, st.session_state.get(draft_key))
        st.caption(t("roster.editor_help"))
        edited = ui.editor(
            frame, editor_key, hide_index=True, disabled=["shift_id", "gate", "day", "time", "required"],
            column_config={
                "shift_id": None, "gate": t("roster.col.gate"), "day": t("roster.col.day"), "time": t("roster.col.time"),
                "required": t("roster.col.required"),
                "people": st.column_config.MultiselectColumn(
                    t("roster.col.people"), options=sorted(roster.grid.person_label(p) for p in week.people.values()), width="large"),
                "reason": st.column_config.TextColumn(t("roster.col.reason")),
            },
        )
        crews, accepted = roster.grid.from_editor(week, edited)
        violations = roster.week.check(week, crews, rules)
        stopping = roster.week.blocking(violations, accepted, roster.week.saved_violations(week, rules))
        status(week, crews, violations)
        actions(crews, accepted, stopping)
        candidates_panel(crews)

    def actions(crews, accepted, stopping) -> None:
        with st.container(horizontal=True, wrap=True):
            if st.button(t("roster.save"), type="primary", disabled=bool(stopping)):
                try:
                    version = roster.saving.save(ui.db(), user, week, crews, accepted)
                except roster.saving.RosterRefused as exc:
                    st.error(ui.bullets([exc.message(lang)] + [roster.grid.describe(v, week, lang) for v in exc.violations]))
                except Refused as exc:
                    ui.refused(exc)
                    if exc.key == "roster.conflict":
                        latest = roster.week.load_week(ui.db(), compound, monday)
                        st.warning(ui.bullets([t("cov.diff")] + roster.grid.diff_lines(week.crews, latest.crews, week, lang)))
                else:
                    ui.saved(t("roster.saved", version=version), *keys)
            if st.button(t("roster.undo"), disabled=unsaved, help=t("roster.save_first") if unsaved else None):
                try:
                    version = roster.saving.undo_last(ui.db(), user, compound, monday)
                except Refused as exc:
                    ui.refused(exc)
                else:
                    ui.saved(t("roster.undone", version=version), *keys)
            if st.button(t("roster.reset")):
                ui.saved(None, *keys)
        copy = ui.lazy_expander(f"{t('roster.copy_fill')} / {t('roster.clear')}", key="roster_copy")
        with copy:
            if copy.open:
                choice = st.segmented_control(t("roster.editor"), ["fill", "replace", "clear"], format_func={
                    "fill": t("roster.copy_fill"), "replace": t("roster.copy_replace"), "clear": t("roster.clear")}.get)
                if choice and st.button(t("roster.load")):
                    draft = roster.week.cleared(week, now) if choice == "clear" else roster.week.copy_previous(ui.db(), week, choice)
                    ui.forget(editor_key)
                    st.session_state[draft_key] = draft
                    st.session_state["flash"] = t("roster.loaded")
                    st.rerun()

    def generate_view() -> None:
        span = st.date_input(t("roster.generate_range"), value=(monday, monday + dt.timedelta(days=6)))
        if unsaved:
            st.warning(t("roster.save_first"))
        if st.button(t("roster.generate"), key="generate", type="primary", disabled=unsaved) and isinstance(span, tuple) and len(span) == 2:
            try:
                n = roster.templates.generate_shifts(ui.db(), user, compound, span[0], span[1])
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("roster.generated", n=n), *keys)
        st.subheader(t("roster.templates"))
        templates_editor()

    def templates_editor() -> None:
        """Each gate's daily shifts (default three of 8 hours), edited as a grid and saved as a whole."""
        gates = {g["id"]: g["name"] for g in ui.db().records("roster/gates", compound_id=compound)}
        current = ui.db().df("roster/templates", compound_id=compound)[["gate", "starts", "hours", "required"]]
        current["hours"] = current["hours"].astype(float)
        key = f"templates_{compound}"
        edited = ui.editor(current, key, num_rows="dynamic", hide_index=True, column_config={
            "gate": st.column_config.SelectboxColumn(t("roster.col.gate"), options=list(gates.values()), required=True),
            "starts": st.column_config.TimeColumn(t("roster.col.start"), format="HH:mm", step=dt.timedelta(minutes=30), required=True),
            "hours": st.column_config.NumberColumn(t("roster.col.hours_long"), min_value=0.5, max_value=24, step=0.5, required=True),
            "required": st.column_config.NumberColumn(t("roster.col.required"), min_value=1, max_value=20, step=1, required=True),
        })
        if st.button(t("users.save"), key="save_templates"):
            by_name = {name: gid for gid, name in gates.items()}
            rows = [roster.templates.Template(by_name.get(r["gate"], -1), r["starts"], float(r["hours"]), int(r["required"]))
                    for r in edited.dropna().to_dict("records")]
            try:
                n = roster.templates.save_templates(ui.db(), user, compound, rows)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.saved(t("roster.templates_saved", n=n), key)

    def candidates_panel(crews) -> None:
        """For one shift: who may take it, ranked, and why anyone else may not; and the shift's history."""
        st.subheader(t("roster.candidates"))
        labels = roster.grid.shift_labels(week, lang)
        shift_id = st.selectbox(t("roster.pick_shift"), list(labels), format_func=labels.get)
        ranked = roster.candidates.candidates(week, crews, shift_id, rules)
        st.dataframe(data.candidate_table([c for c in ranked if c.offered][:15]), hide_index=True, placeholder="—")
        others = {c.person.id: c for c in ranked if not c.offered}
        who = st.selectbox(t("roster.why_not"), list(others), format_func=lambda pid: others[pid].person.name, index=None)
        if who is not None:
            st.warning(ui.bullets([roster.grid.describe(v, week, lang) for v in others[who].reasons]))
        history = roster.week.history(ui.db(), shift_id)
        if history:
            st.caption(t("roster.history"))
            st.dataframe(history, hide_index=True)

    def replace_view() -> None:
        """Future shifts left by someone now sick or quarantined, each with its ranked replacements (the three best,
        with their hours this week): taking one is a single click, checked and saved like any edit."""
        st.caption(t("roster.absent"))
        affected = roster.candidates.affected_shifts(current, now)
        if not affected:
            st.success(t("roster.absent_none"))
        elif can_edit and unsaved:
            st.warning(t("roster.save_first"))  # a replacement saves the week: it would drop the editor's edits
        labels = roster.grid.shift_labels(current, lang)
        for shift_id, absent in affected:
            ranked = [c for c in roster.candidates.candidates(current, current.crews, shift_id, rules) if c.offered][:3]
            st.markdown(f"**{ui.plain(labels[shift_id])}** — {ui.plain(current.people[absent].name)}")
            if not ranked:
                st.caption(t("roster.no_candidate"))
            if not can_edit:
                st.caption(" · ".join(f"{ui.plain(c.person.name)}（{c.hours_this_week:g} h）" for c in ranked))
                continue
            with st.container(horizontal=True, wrap=True):
                for c in ranked:
                    if st.button(t("roster.replace", name=ui.plain(c.person.name), absent=ui.plain(current.people[absent].name)),
                                 help=t("roster.replace_help", hours=f"{c.hours_this_week:g}"), disabled=unsaved,
                                 key=f"replace_{shift_id}_{absent}_{c.person.id}"):
                        try:
                            roster.saving.replace(ui.db(), user, current, shift_id, absent, c.person.id)
                        except Refused as exc:
                            ui.refused(exc)
                        else:
                            ui.saved(t("roster.replaced"), *keys)

    def person_view() -> None:
        """One person's week: their shifts in large type (it reads on a phone), hours and rest, and their calendar;
        the times they said they cannot be on duty, which planners record and withdraw here."""
        people = sorted(current.people.values(), key=lambda p: p.name)
        person = st.selectbox(t("roster.col.name"), people, format_func=roster.grid.person_label, key="roster_person")
        mine = roster.grid.person_week(current, current.crews, person.id)
        if mine.empty:
            st.caption(t("roster.no_shifts_for", name=person.name))
        else:
            st.markdown(ui.bullets([f"{day_label(r.starts_at, lang)} {r.starts_at:%H:%M}–{r.ends_at:%H:%M} {r.gate}"
                                    for r in mine.itertuples()]))
            st.dataframe(data.person_week_table(mine), hide_index=True, placeholder="—")
            st.download_button(t("roster.my_calendar"), lambda: roster.publish.to_ics(roster.week.only(current, person.id), lang),
                               file_name=f"shifts-{person.id}.ics", mime=roster.publish.ICS_MIME, on_click="ignore",
                               icon=":material/event:")
        unavailable_panel(person)

    def unavailable_panel(person) -> None:
        st.subheader(t("roster.unavailable_title"))
        declared = current.unavailable.get(person.id, [])
        if not declared:
            st.caption(t("roster.unavailable_none"))
        for record_id, start, end, note in declared:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.text(f"{start:%m-%d %H:%M} – {end:%m-%d %H:%M}  {note or ''}".rstrip())
                if can_edit and st.button(t("roster.unavailable_withdraw"), key=f"withdraw_{record_id}"):
                    try:
                        roster.availability.withdraw_unavailable(ui.db(), user, compound, record_id)
                    except Refused as exc:
                        ui.refused(exc)
                    else:
                        ui.saved(t("roster.unavailable_withdrawn"))  # unsaved roster edits stay
        if not can_edit:
            return
        with st.form(f"unavailable_{person.id}", clear_on_submit=True):
            with st.container(horizontal=True, wrap=True):
                day_from = st.date_input(t("roster.unavailable_from"), value=now.date(), width=150)
                time_from = st.time_input(t("roster.unavailable_from"), value=dt.time(8), width=110, label_visibility="hidden")
                day_to = st.date_input(t("roster.unavailable_to"), value=now.date(), width=150)
                time_to = st.time_input(t("roster.unavailable_to"), value=dt.time(16), width=110, label_visibility="hidden")
            note = st.text_input(t("roster.unavailable_note"))
            if st.form_submit_button(t("roster.unavailable_add")):
                start, end = dt.datetime.combine(day_from, time_from), dt.datetime.combine(day_to, time_to)
                try:
                    roster.availability.declare_unavailable(ui.db(), user, compound, person.id, start, end, note)
                except Refused as exc:
                    ui.refused(exc)
                else:
                    ui.saved(t("roster.unavailable_added", name=person.name, start=f"{start:%m-%d %H:%M}",
                               end=f"{end:%m-%d %H:%M}"))  # unsaved roster edits stay

    def publish_view() -> None:
        """The saved week for the gate post and the WeChat group: spreadsheet, calendar, or a page to print."""
        with st.container(horizontal=True, wrap=True):
            st.download_button(t("cov.export.xlsx"), lambda: roster.publish.to_xlsx(current, lang), file_name=f"roster-{monday}.xlsx",
                               mime=exports.XLSX_MIME, on_click="ignore", icon=":material/download:")
            st.download_button(t("cov.export.csv"), lambda: roster.publish.to_csv(current), file_name=f"roster-{monday}.csv",
                               mime="text/csv", on_click="ignore", icon=":material/download:")
            st.download_button(t("roster.export.ics"), lambda: roster.publish.to_ics(current, lang), file_name=f"roster-{monday}.ics",
                               mime=roster.publish.ICS_MIME, on_click="ignore", icon=":material/event:")
            printing = st.toggle(t("roster.print"))
        if printing:
            st.caption(t("cov.print_hint"))
            st.table(roster.publish.week_table(current, lang))

    def timeline_view() -> None:
        st.plotly_chart(data.timeline_figure(compound, monday, lang), config=ui.CHART_CONFIG)

    with box:
        if view == "generate":
            generate_view()
        elif week.shifts.empty:
            st.info(t("roster.no_shifts"))
        else:
            {"week": week_view, "edit": edit_view, "replace": replace_view, "person": person_view, "publish": publish_view,
             "timeline": timeline_view}[view]()
