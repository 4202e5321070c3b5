"""The people page's import tab: read a sheet, let the coordinator correct the column mapping, preview, then import."""

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from coordpanel import people, ui
from coordpanel.core.errors import Refused
from coordpanel.ui.views.people import data


def show(ctx: data.Context) -> None:
    sheet = st.file_uploader(ui.t("people_import.file"), type=["csv", "xlsx"],
                             key=f"people_import_file_{st.session_state.get('people_import_round', 0)}")
    if sheet is not None:
        _import_sheet(ctx, sheet)


def _import_sheet(ctx: data.Context, upload: UploadedFile) -> None:
    """Every bad row is listed; the import button shows only when there are none."""
    t, lang = ui.t, ctx.lang
    try:
        frame = people.importer.read(upload.getvalue(), upload.name)
    except Refused as exc:
        ui.refused(exc)
        return
    mapping = _mapping(frame, upload.file_id)
    rows, errors = people.importer.plan(ui.db(), ctx.compound, frame, mapping)
    if rows:
        st.caption(t("people_import.preview", n=len(rows)))
        st.dataframe(people.importer.preview(rows, ctx.vocabulary, lang), hide_index=True)
    if errors:
        st.error(ui.plain(t("people_import.bad_rows", n=len(errors))) + "\n\n" + ui.bullets([e.message(lang) for e in errors]))
    elif st.button(t("people_import.submit", n=len(rows)), type="primary", key="people_import_submit"):
        try:
            added = people.importer.import_people(ui.db(), ctx.user, ctx.compound, frame, mapping)
        except people.importer.ImportRefused as exc:  # someone took one of the numbers meanwhile
            st.error(ui.plain(exc.message(lang)) + "\n\n" + ui.bullets(exc.lines(lang)))
        except Refused as exc:
            ui.refused(exc)
        else:
            st.session_state["people_import_round"] = st.session_state.get("people_import_round", 0) + 1  # a fresh uploader
            ui.saved(t("people_import.done", n=added))


def _mapping(frame: pd.DataFrame, file_id: str) -> dict[str, str | None]:
    """Sheet header per column, detected first; the coordinator may correct each (keys per upload, so a new file starts fresh)."""
    t = ui.t
    found = people.importer.headers(frame)
    detected = people.importer.detect_mapping(found)
    st.caption(t("people_import.mapping"))
    options = [None, *found]
    mapping = {}
    with st.container(horizontal=True, wrap=True):
        for column in people.importer.COLUMNS:
            mapping[column] = st.selectbox(t(people.importer.LABELS[column]), options, index=options.index(detected.get(column)),
                                           format_func=lambda h: t("people.none") if h is None else h,
                                           key=f"people_import_{file_id}_{column}", width=170)
    return mapping
