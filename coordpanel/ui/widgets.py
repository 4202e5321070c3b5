"""Widgets and formatting every page uses: user text shown verbatim, lazy tabs and expanders, exports, messages.

Streamlit reads Markdown in st.markdown, st.caption, titles, alerts, st.table cells, and in the labels and help of
metrics, tabs, expanders, popovers, buttons and widgets (radio and segmented-control options too; selectbox and
multiselect options are plain text). User text (names, notes, gates, buildings, groups, organisations, user names)
reaches any of those through plain(), bullets() or plain_table(); charts escape theirs in core/charts.py."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coordpanel.core.errors import Refused
from coordpanel.ui.editor import forget
from coordpanel.ui.session import lang, t, written

# typesetMath off: a name between dollar signs stays text even on a page that loads MathJax (Plotly would typeset it)
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True, "typesetMath": False}
# every ASCII character Markdown (with Streamlit's directives: :red[…], $…$, :emoji:) or HTML entities (&lt;) read;
# CommonMark takes a backslash before any ASCII punctuation as that character, so escaping shows the text as typed
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: object) -> str:
    """Escape Markdown so that user text (names, notes) is shown verbatim, never interpreted."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.table, which reads Markdown in every cell and header (links, images, colours): its text escaped,
    so that names and notes show as typed. Numbers, dates and empty cells stay as they are."""
    out = frame.copy()
    for i, dtype in enumerate(out.dtypes):
        if pd.api.types.is_string_dtype(dtype):  # text or object columns
            out.isetitem(i, out.iloc[:, i].map(lambda v: plain(v) if isinstance(v, str) else v))
    out.columns = [plain(c) for c in out.columns]
    return out


def bullets(lines: list[str]) -> str:
    """A Markdown bullet list of plain lines, each escaped."""
    return "\n".join(f"- {plain(line)}" for line in lines)


class FrozenFigure(go.Figure):
    """A figure whose dict form is computed once: st.plotly_chart deep-copies a figure on every run otherwise,
    which made the charts most of the overview's run time. Never mutate one after it is shown."""

    def to_dict(self) -> dict:
        cached = self.__dict__.get("_frozen_dict")
        if cached is None:
            cached = super().to_dict()
            self.__dict__["_frozen_dict"] = cached
        return cached


def frozen(fig: go.Figure) -> FrozenFigure:
    return FrozenFigure(fig)


def refused(exc: Refused) -> None:
    st.error(plain(exc.message(lang())))


def run(action: Callable[[], object], message: str | Callable[[object], str], *state_keys: str) -> None:
    """Runs a change from a form or a button: a refusal is shown in the user's language (nothing changed); a success
    forgets `state_keys` (as saved()) and reruns the page with the message (a text, or made from the change's result)."""
    try:
        result = action()
    except Refused as exc:
        refused(exc)
    else:
        saved(message(result) if callable(message) else message, *state_keys)


def new_password() -> Callable[[], str]:
    """Two password fields inside a form; call the result on submit for the password, Refused if they differ."""
    password = st.text_input(t("auth.password"), type="password", autocomplete="new-password")
    again = st.text_input(t("users.password_again"), type="password", autocomplete="new-password")

    def value() -> str:
        if password != again:
            raise Refused("auth.password_mismatch")
        return password

    return value


def saved(message: str | None, *state_keys: str) -> None:
    """After a save: forget the edits, refresh the data, show the message after the rerun."""
    forget(*state_keys)
    written()
    if message:
        st.session_state["flash"] = message
    st.rerun()


def flash() -> None:
    """Show the message a save left before its rerun."""
    if "flash" in st.session_state:
        st.success(plain(st.session_state.pop("flash")))


def lazy_tabs(key: str, names: dict[str, str]):
    """A page's views as tabs of which only the open one runs (Streamlit's lazy tabs): a page shows its first view
    at the cost of that view alone, and every rerun (each click in it) stays as quick. Returns (code, container)
    of the open view. Unsaved editor edits outlive a move to another view: see editor.editor()."""
    boxes = st.tabs(list(names.values()), key=key, on_change="rerun")
    for code, box in zip(names, boxes, strict=True):
        if box.open:
            return code, box
    return next(iter(names)), boxes[0]


def lazy_expander(label: str, key: str, expanded: bool = False):
    """An expander whose content runs only while it is open; use as `box = ...; with box: if box.open: ...`."""
    return st.expander(label, expanded=expanded, key=key, on_change="rerun")


def downloads(key: str, files: list[tuple[str, Callable[[], bytes], str, str]]) -> None:
    """Export buttons in one popover whose content runs only while it is open: (label, make bytes, file name, mime)."""
    box = st.popover(t("export.title"), icon=":material/download:", key=key, on_change="rerun")
    with box:
        if box.open:
            for label, make, name, mime in files:
                st.download_button(label, make, file_name=name, mime=mime, on_click="ignore", icon=":material/download:")
