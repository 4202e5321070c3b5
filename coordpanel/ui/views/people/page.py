"""人员 — the people directory: search and filter; admins add, edit and deactivate; phones masked by role.

The page script pages/people.py calls render(); its data comes from data.py beside this module."""

import streamlit as st

from coordpanel import people, ui
from coordpanel.core import exports, i18n
from coordpanel.core.errors import Refused
from coordpanel.people.directory import PersonInput
from coordpanel.ui.views.people import data

VIEW_KEY = "people_view"  # the session key of the open tab (tests and bench/pages.py open views through it)


def render() -> None:
    user = ui.require("read")
    t, lang = ui.t, ui.lang()
    compound = ui.compound_id()
    st.title(t("nav.people"))
    ui.flash()
    frame, translated = data.people_page(compound, user)  # one data version for both
    vocabulary = data.people_vocabulary(compound)
    group_name = {g["code"]: (g["name_en"] if lang == "en" else g["name_zh"]) for g in vocabulary.groups.values()}

    names = {"directory": t("people.view.directory")}
    if user.can("edit_people"):
        names |= {"add": t("people.add"), "edit": t("people.edit"), "import": t("people_import.title")}
    shown_view, box = ui.lazy_tabs(VIEW_KEY, names)

    def directory() -> None:
        # one multiselect of filter chips (tier, group, status, home building, party) instead of five widgets
        def tr(key: str) -> str:
            return i18n.t(key, lang)

        facets = {("tier", c): f"{tr('cov.filter.tier')} · {tr(f'tier.{c}')}" for c in people.directory.TIERS}
        facets |= {("group", code): f"{tr('cov.filter.group')} · {name}" for code, name in group_name.items()}
        facets |= {("status", s): f"{tr('people.status')} · {tr(f'person.{s}')}" for s in ("active", "sick", "quarantined", "left")}
        facets |= {("building", b): f"{tr('people.building')} · {b}" for b in vocabulary.buildings.values()}
        facets[("party", True)] = tr("cov.filter.party")
        with st.container(horizontal=True, wrap=True):
            text = st.text_input(t("people.search"), width=220)
            chosen = st.multiselect(t("people.filter"), list(facets), format_func=facets.get, placeholder=t("people.filter_hint"),
                                    width=520)
        picked = {kind: [value for k, value in chosen if k == kind] for kind in ("tier", "group", "status", "building", "party")}
        shown = people.directory.search(frame, text, picked["tier"], picked["group"], picked["status"], bool(picked["party"]),
                              picked["building"])
        table = data.shown_rows(frame, translated, shown)
        st.caption(t("people.count", n=len(shown)))
        st.dataframe(table, hide_index=True, placeholder="—")
        ui.downloads("people_export", [
            (t("cov.export.xlsx"), lambda: exports.to_xlsx({t("nav.people"): table.to_pandas()}), "people.xlsx", exports.XLSX_MIME),
            (t("cov.export.csv"), lambda: exports.to_csv(table.to_pandas()), "people.csv", "text/csv"),
        ])

    def person_form(key: str, current: dict | None) -> PersonInput | None:
        """The fields of one person; returns what was typed when the form is submitted."""
        current = current or {}
        with st.form(key, clear_on_submit=current == {}):
            name = st.text_input(t("cov.col.name"), value=current.get("name", ""))
            tier = st.selectbox(t("cov.col.tier"), people.directory.TIERS, index=people.directory.TIERS.index(current.get("tier", "volunteer")),
                                format_func=lambda c: t(f"tier.{c}"))
            codes = [None, *group_name]
            group = st.selectbox(t("cov.col.group"), codes, index=codes.index(current.get("group_code")),
                                 format_func=lambda c: group_name.get(c, t("people.none")))
            org_ids = [None, *vocabulary.organisations]
            organisation = st.selectbox(t("people.col.organisation"), org_ids, index=org_ids.index(current.get("organisation_id")),
                                        format_func=lambda o: vocabulary.organisations[o]["name"] if o else t("people.none"))
            phone = st.text_input(t("cov.col.phone"), value=current.get("phone") or "")
            building_ids = [None, *vocabulary.buildings]
            home = st.selectbox(t("people.building"), building_ids, index=building_ids.index(current.get("home_building_id")),
                                format_func=lambda b: vocabulary.buildings[b] if b else t("people.none"))
            party_member = st.checkbox(t("cov.col.party"), value=bool(current.get("party_member")))
            title = st.text_input(t("people.col.title"), value=current.get("title") or "")
            note = st.text_input(t("people.col.note"), value=current.get("note") or "")
            if st.form_submit_button(t("users.save"), type="primary"):
                return PersonInput(name, tier, group, organisation, title.strip() or None, party_member,
                                   people.directory.normalise_phone(phone), home, note.strip() or None)
        return None

    def run(action, message: str) -> None:
        try:
            action()
        except Refused as exc:
            ui.refused(exc)
        else:
            ui.saved(message)

    def add_view() -> None:
        typed = person_form("add_person", None)
        if typed:
            run(lambda: people.directory.add(ui.db(), user, compound, typed), t("people.added", name=typed.name))

    def edit_view() -> None:
        chosen = st.selectbox(t("cov.col.person"), frame["id"].tolist(),
                              format_func=dict(zip(frame["id"], frame["name"] + " · #" + frame["id"].astype(str), strict=True)).get)
        if chosen is not None:
            current = ui.db().records("people/full", id=int(chosen))[0]
            typed = person_form(f"edit_person_{chosen}", current)
            if typed:
                run(lambda: people.directory.edit(ui.db(), user, int(chosen), typed), t("people.updated", name=typed.name))
            if current["status"] != "left" and st.button(t("people.deactivate"), key=f"deactivate_{chosen}"):
                run(lambda: people.directory.deactivate(ui.db(), user, int(chosen), ui.today().date(), None),
                    t("people.deactivated", name=current["name"]))

    def import_sheet(upload) -> None:
        """Read the sheet, let the coordinator correct the column mapping, preview, list every bad row, then import."""
        try:
            frame = people.importer.read(upload.getvalue(), upload.name)
        except Refused as exc:
            ui.refused(exc)
            return
        found = people.importer.headers(frame)
        detected = people.importer.detect_mapping(found)
        st.caption(t("people_import.mapping"))
        options = [None, *found]
        mapping = {}
        with st.container(horizontal=True, wrap=True):
            for column in people.importer.COLUMNS:
                mapping[column] = st.selectbox(t(people.importer.LABELS[column]), options, index=options.index(detected.get(column)),
                                               format_func=lambda h: t("people.none") if h is None else h,
                                               key=f"people_import_{upload.file_id}_{column}", width=170)
        rows, errors = people.importer.plan(ui.db(), compound, frame, mapping)
        if rows:
            st.caption(t("people_import.preview", n=len(rows)))
            st.dataframe(people.importer.preview(rows, vocabulary, lang), hide_index=True)
        if errors:
            st.error(ui.plain(t("people_import.bad_rows", n=len(errors))) + "\n\n" + ui.bullets([e.message(lang) for e in errors]))
        elif st.button(t("people_import.submit", n=len(rows)), type="primary", key="people_import_submit"):
            try:
                added = people.importer.import_people(ui.db(), user, compound, frame, mapping)
            except people.importer.ImportRefused as exc:  # someone took one of the numbers meanwhile
                st.error(ui.plain(exc.message(lang)) + "\n\n" + ui.bullets(exc.lines(lang)))
            except Refused as exc:
                ui.refused(exc)
            else:
                st.session_state["people_import_round"] = st.session_state.get("people_import_round", 0) + 1  # a fresh uploader
                ui.saved(t("people_import.done", n=added))

    def import_view() -> None:
        sheet = st.file_uploader(t("people_import.file"), type=["csv", "xlsx"],
                                 key=f"people_import_file_{st.session_state.get('people_import_round', 0)}")
        if sheet is not None:
            import_sheet(sheet)

    with box:
        {"directory": directory, "add": add_view, "edit": edit_view, "import": import_view}[shown_view]()
