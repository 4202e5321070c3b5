"""st.data_editor whose unsaved edits outlive the editor leaving the screen (another view, page, week or language)."""

from __future__ import annotations

import copy

import pandas as pd
import pyarrow as pa
import streamlit as st

_EDITED = ("edited_rows", "added_rows", "deleted_rows")
_KEPT, _SHOWN, _SNAPSHOT = ":kept", ":shown", ":snapshot"


def editor(frame: pd.DataFrame, key: str, **kwargs) -> pd.DataFrame:
    """st.data_editor whose unsaved edits outlive the editor leaving the screen.

    Streamlit forgets a widget's state once a run does not draw it: another view or page, another week, the other
    language; and a page switch starts from the new page's widgets alone. So every run that draws the editor keeps a
    copy of its edits (a snapshot); when the editor is drawn again and Streamlit has dropped its state, the snapshot
    is applied to the frame the edits were made on, and the editor starts from that kept frame."""
    snapshot = st.session_state.pop(key + _SNAPSHOT, None)
    if key not in st.session_state and key + _SHOWN in st.session_state and _has_edits(snapshot):
        st.session_state[key + _KEPT] = apply_edits(st.session_state[key + _SHOWN], snapshot)
    kept = st.session_state.get(key + _KEPT)
    shown = frame if kept is None else kept
    st.session_state[key + _SHOWN] = shown
    edited = st.data_editor(shown, key=key, **kwargs)
    state = st.session_state.get(key) or {}
    st.session_state[key + _SNAPSHOT] = copy.deepcopy({k: state.get(k) for k in _EDITED})
    return edited


def _has_edits(state) -> bool:
    return bool(state) and any(state.get(k) for k in _EDITED)


def pending(key: str) -> bool:
    """True while the editor `key` holds edits not yet applied to its frame."""
    return _has_edits(st.session_state.get(key))


def unsaved(key: str) -> bool:
    """True while the editor `key` has edits that are not saved: in the widget, kept, or in its snapshot."""
    return pending(key) or key + _KEPT in st.session_state or _has_edits(st.session_state.get(key + _SNAPSHOT))


def apply_edits(frame: pd.DataFrame, state: dict) -> pd.DataFrame:
    """`frame` with a data editor's edits applied, as st.data_editor itself returns it (its own parser, so that
    values come back with the column types)."""
    from streamlit.elements.lib.column_config_utils import determine_dataframe_schema
    from streamlit.elements.widgets.data_editor import _apply_dataframe_edits

    copied = frame.copy()
    schema = determine_dataframe_schema(copied, pa.Table.from_pandas(copied).schema)
    return _apply_dataframe_edits(copied, state, schema).reset_index(drop=True)


def forget(*keys: str) -> None:
    """Drop these session keys and, for editors, their kept edits."""
    for key in keys:
        for name in (key, key + _KEPT, key + _SHOWN, key + _SNAPSHOT):
            st.session_state.pop(name, None)
