"""The people page's import tab: read a sheet, let the coordinator correct the column mapping, preview, then import.

Reading and planning a file of 100,000 rows takes seconds, and the tab reruns at every click: the file read is kept per
file content, and the plan and preview per (content, mapping, language, data version), so a rerun redoes neither."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from coordpanel import people, ui
from coordpanel.core import sheets
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.ui.cache import per_version
from coordpanel.ui.views.people import data

TYPES = ["xlsx", "xls", "csv", "xlsm", "et"]  # .et is taken so that the reader can say to save it as .xlsx


@dataclass(frozen=True)
class Upload:
    """An uploaded file, equal to another with the same content and name (its bytes are not compared)."""

    digest: str
    name: str
    content: bytes = field(compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, upload: UploadedFile) -> Upload:
        content = upload.getvalue()
        return cls(hashlib.sha256(content).hexdigest(), upload.name, content)


@dataclass(frozen=True)
class Planned:
    rows: list
    errors: list[Refused]
    preview: pd.DataFrame
    unused: list[str]


@functools.lru_cache(maxsize=2)
def read(upload: Upload) -> pd.DataFrame:
    """The file as a frame, once per content (shared by every session: read-only)."""
    return people.importer.read(upload.content, upload.name)


@per_version(maxsize=4)
def planned(db: Database, compound: int, upload: Upload, mapping: tuple[tuple[str, str | None], ...], lang: str) -> Planned:
    frame = read(upload)
    mapping_dict = dict(mapping)
    rows, errors = people.importer.plan(db, compound, frame, mapping_dict)
    vocabulary = people.directory.Vocabulary.load(db, compound)
    return Planned(rows, errors, people.importer.preview(rows, vocabulary, lang),
                   people.importer.unused_columns(frame, mapping_dict))


def show(ctx: data.Context) -> None:
    sheet = st.file_uploader(ui.t("people_import.file"), type=TYPES, max_upload_size=sheets.MAX_FILE_MB,
                             key=f"people_import_file_{st.session_state.get('people_import_round', 0)}")
    if sheet is not None:
        _import_sheet(ctx, sheet)


def _import_sheet(ctx: data.Context, uploaded: UploadedFile) -> None:
    """Every bad row is listed; the import button shows only when there are none."""
    t, lang = ui.t, ctx.lang
    upload = Upload.of(uploaded)
    try:
        frame = read(upload)
    except Refused as exc:
        ui.refused(exc)
        return
    mapping = _mapping(frame, uploaded.file_id)
    plan = planned(ctx.compound, upload, tuple(sorted(mapping.items())), lang)
    if plan.rows:
        st.caption(t("people_import.preview", n=len(plan.rows)))
        st.dataframe(plan.preview, hide_index=True)
    if plan.unused:
        st.warning(ui.plain(t("people_import.unused", columns="、".join(plan.unused) if lang == "zh" else ", ".join(plan.unused))))
    if plan.errors:
        st.error(ui.plain(t("people_import.bad_rows", n=len(plan.errors))) + "\n\n"
                 + ui.bullets([e.message(lang) for e in plan.errors]))
    elif st.button(t("people_import.submit", n=len(plan.rows)), type="primary", key="people_import_submit"):
        try:
            added = people.importer.import_people(ui.db(), ctx.user, ctx.compound, frame, mapping)
        except people.importer.ImportRefused as exc:  # someone took one of the numbers meanwhile
            st.error(ui.plain(exc.message(lang)) + "\n\n" + ui.bullets(exc.lines(lang)))
        except Refused as exc:
            ui.refused(exc)
        else:
            st.session_state["people_import_round"] = st.session_state.get("people_import_round", 0) + 1  # a fresh uploader
            ui.saved(t("people_import.done", n=int(added)))


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
