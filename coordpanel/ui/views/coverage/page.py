"""楼栋覆盖 — every building served by all three tiers; gaps first; planners change who serves and mark absences.

The page script pages/coverage.py calls render(); its data comes from data.py beside this module."""

import streamlit as st

from coordpanel import coverage, people, ui
from coordpanel.core import exports
from coordpanel.core.errors import Refused
from coordpanel.ui.views.coverage import data

VIEW_KEY = "coverage_view"  # the session key of the open tab (tests and bench/pages.py open views through it)


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    page = data.coverage_page(compound, lang)
    cov, people_rows = page.coverage, page.assignments

    st.title(t("nav.coverage"))
    with st.container(horizontal=True, wrap=True):
        for status in ("uncovered", "partial", "covered"):
            st.metric(t(f"cov.{status}"), f"{page.counts.get(status, 0)} / {len(cov)}", border=True, width=150)
    if page.gap_lines:
        st.error(ui.bullets(page.gap_lines))

    names = {"heatmap": t("cov.view.heatmap"), "list": t("cov.list"), "people": t("cov.people"), "chain": t("cov.chain")}
    if user.can("edit_assignments"):
        names["edit"] = t("cov.edit")
    if user.can("edit_status"):
        names["status"] = t("status.title")
    shown, box = ui.lazy_tabs(VIEW_KEY, names)

    def list_view() -> None:
        table, _ = data.coverage_views(compound, user, lang)
        with st.container(horizontal=True, wrap=True):
            st.download_button(t("cov.export.xlsx"), lambda: exports.to_xlsx({t("nav.coverage"): table}, t("nav.coverage")),
                               file_name="coverage.xlsx", mime=exports.XLSX_MIME, on_click="ignore", icon=":material/download:")
            st.download_button(t("cov.export.csv"), lambda: exports.to_csv(table), file_name="coverage.csv", mime="text/csv",
                               on_click="ignore", icon=":material/download:")
            printing = st.toggle(t("cov.print"))
        if printing:
            st.caption(t("cov.print_hint"))
            st.table(table)
        else:
            st.dataframe(table, hide_index=True, placeholder="—")

    def people_view() -> None:
        _, people_table = data.coverage_views(compound, user, lang)
        with st.container(horizontal=True, wrap=True):
            tiers = st.multiselect(t("cov.filter.tier"), ["grid", "property", "volunteer", "cadre"], format_func=lambda c: t(f"tier.{c}"), width=260)
            groups = st.multiselect(t("cov.filter.group"), sorted(people_rows["group_code"].dropna().unique()),
                                    format_func=data.group_name(people_rows), width=260)
            party = st.toggle(t("cov.filter.party"))
            search = st.text_input(t("cov.filter.search"), width=200)
        st.dataframe(people_table.loc[coverage.assignments.filter_people(people_rows, tiers, groups, party, search).index], hide_index=True,
                     placeholder="—")

    def chain_view() -> None:
        building = st.selectbox(t("cov.chain.building"), page.buildings, format_func=lambda b: b["code"])
        st.markdown(data.chain_markdown(coverage.assignments.chain(page.assignment_records, building["id"]), user))

    def assignment_editor() -> None:
        """Rows of (building, tier slot, person, role); validated and previewed as typed, saved all at once."""
        st.caption(t("cov.edit_help"))
        ui.flash()
        base_key, editor_key = f"coverage_base_{compound}", f"coverage_editor_{compound}"
        if base_key not in st.session_state or not ui.unsaved(editor_key):
            st.session_state[base_key] = page.base
        base = st.session_state[base_key]
        people = {p["id"]: p for p in page.people}
        by_label = {coverage.assignments.person_label(p): p for p in page.people}
        codes = {b["id"]: b["code"] for b in page.buildings}
        slots = {t(f"tier.{c}"): c for c in ("grid", "property", "volunteer", "cadre")}
        roles = {t(f"cov.role.{r}"): r for r in coverage.assignments.ROLES}
        frame = data.editor_frame(base, people, codes, lang)
        edited = ui.editor(
            frame, editor_key, num_rows="dynamic", hide_index=True,
            column_config={
                "building": st.column_config.SelectboxColumn(t("cov.col.building"), options=list(codes.values()), required=True),
                "slot": st.column_config.SelectboxColumn(t("cov.col.tier"), options=list(slots), required=True),
                "person": st.column_config.SelectboxColumn(t("cov.col.person"), options=list(by_label), required=True, width="medium"),
                "role": st.column_config.SelectboxColumn(t("cov.col.role"), options=list(roles), required=True),
            },
        )
        rows = [coverage.assignments.EditorRow(r["building"], slots.get(r["slot"], r["slot"]), r["person"], roles.get(r["role"], r["role"]))
                for r in edited.to_dict("records")]
        proposed, errors = coverage.assignments.from_editor(rows, by_label, {v: k for k, v in codes.items()})
        result = coverage.assignments.check(proposed, people, codes, page.volunteer_limit, frozenset(a.key for a in base))
        problems = errors + result.errors
        if problems:
            st.error(ui.bullets([e.message(lang) for e in problems]))
        if result.warnings:
            st.warning(ui.bullets([w.message(lang) for w in result.warnings]))
        if not problems and {a.key: a.role for a in proposed} != {a.key: a.role for a in base}:
            after = coverage.assignments.preview(ui.db(), user, compound, proposed)
            changes = coverage.assignments.status_changes(cov, after)
            st.info(ui.bullets([t("cov.preview_change", building=b, before=t(f"status.{x}"), after=t(f"status.{y}"))
                                for b, x, y in changes]) if changes else t("cov.no_change"))
        with st.container(horizontal=True):
            if st.button(t("cov.save"), type="primary", disabled=bool(problems)):
                try:
                    n = coverage.assignments.save(ui.db(), user, compound, base, proposed)
                except Refused as exc:
                    ui.refused(exc)
                    st.warning(ui.bullets(data.assignment_diff(base, coverage.assignments.current(ui.db(), compound), people, codes)))
                else:
                    ui.saved(t("cov.saved", n=n), editor_key, base_key)
            if st.button(t("cov.undo")):
                try:
                    n = coverage.assignments.undo_last(ui.db(), user, compound)
                except Refused as exc:
                    ui.refused(exc)
                else:
                    ui.saved(t("cov.undone", n=n), editor_key, base_key)
            if st.button(t("cov.reset")):
                ui.saved(None, editor_key, base_key)

    def status_form() -> None:
        """Mark a person sick, quarantined, left or active again, from a date, with a note."""
        with st.form("status"):
            person = st.selectbox(t("status.person"), page.people, format_func=coverage.assignments.person_label)
            status = st.selectbox(t("status.status"), coverage.assignments.STATUSES, format_func=lambda s: t(f"person.{s}"))
            since = st.date_input(t("status.since"), value=ui.today().date())
            note = st.text_input(t("status.note"))
            submitted = st.form_submit_button(t("status.save"), type="primary")
        if submitted:
            try:
                people.status.set_status(ui.db(), user, person["id"], status, since, note)
            except Refused as exc:
                ui.refused(exc)
            else:
                ui.written()
                held = people.status.still_assigned(ui.db(), compound, person["id"], ui.today())
                key = "status.still_assigned" if status == "active" else "status.left_gaps"
                st.session_state["status_message"] = t("status.saved", name=person["name"], status=t(f"person.{status}")) + " " + t(
                    key, name=person["name"], buildings="、".join(held["buildings"]) or "—", shifts=len(held["shifts"]))
                st.rerun()
        if "status_message" in st.session_state:
            st.success(ui.plain(st.session_state.pop("status_message")))

    with box:
        if shown == "heatmap":
            st.plotly_chart(page.heatmap, config=ui.CHART_CONFIG)
        else:
            {"list": list_view, "people": people_view, "chain": chain_view, "edit": assignment_editor,
             "status": status_form}[shown]()
