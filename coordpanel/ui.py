"""Streamlit helpers shared by the frame and the pages: the cached database, the language, the compound.

The only module of the core that imports streamlit; everything else stays usable from the CLI and tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from coordpanel import auth, charts, i18n, overview
from coordpanel.db import Database, DatabaseError, db_path_from_env, now_local
from coordpanel.errors import Refused


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return Database(path)


def db() -> Database:
    """The process's one connection to the configured file; stops the page with a clear message if it cannot open."""
    try:
        return _database(str(db_path_from_env()))
    except DatabaseError as exc:
        st.error(t("app.db_error", error=str(exc)))
        st.stop()


def lang() -> str:
    value = st.session_state.get("lang", i18n.DEFAULT)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT


def t(key: str, **params) -> str:
    return i18n.t(key, lang(), **params)


@st.cache_resource(ttl=1, show_spinner=False)
def _data_version(path: str) -> int:
    return _database(path).scalar("audit/latest_id")


def data_version() -> int:
    """Changes with every write (each adds an audit entry), so cached reads refresh after any save.

    Read at most once a second; a write made through the app calls `written()` so its own effect shows at once."""
    return _data_version(db().path)


def written() -> None:
    """Call after a write: the next read sees it."""
    _data_version.clear()


@st.cache_data(ttl=300, show_spinner=False, max_entries=64)
def _compounds(path: str, version: int) -> list[dict]:
    return _database(path).records("compound/list")


def compounds() -> list[dict]:
    return _compounds(str(db().path), data_version())


def compound_id() -> int:
    """The compound chosen in the sidebar, or the only one; stops with a hint when there is none."""
    known = compounds()
    if not known:
        st.info(t("app.no_compound"))
        st.stop()
    chosen = st.session_state.get("compound_id")
    ids = [c["id"] for c in known]
    return chosen if chosen in ids else ids[0]


@dataclass(frozen=True)
class OverviewPage:
    view: overview.OverviewView
    coverage: go.Figure
    staffing: go.Figure
    cases: go.Figure | None
    people: pa.Table
    supplies: pa.Table


@st.cache_resource(ttl=300, show_spinner=False, max_entries=64)
def _overview_page(path: str, compound: int, version: int, lang: str) -> OverviewPage:
    data = overview.load(_database(path), compound)
    shown = overview.view(data, lang)
    return OverviewPage(
        view=shown,
        coverage=frozen(charts.coverage_heatmap(data.coverage, lang)),
        staffing=frozen(charts.staffing_heatmap(data.week, lang)),
        cases=frozen(charts.cases_trend(data.cases, lang)) if len(data.cases) else None,
        people=pa.Table.from_pandas(shown.people, preserve_index=False),
        supplies=pa.Table.from_pandas(shown.supplies, preserve_index=False),
    )


def overview_page(compound: int) -> OverviewPage:
    """The overview, ready to lay out; built once per data version and language and shared read-only."""
    return _overview_page(db().path, compound, data_version(), lang())


CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Escape Markdown so that user text (names, notes) is shown verbatim, never interpreted."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


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


def bullets(lines: list[str]) -> str:
    """A Markdown bullet list of plain lines, each escaped."""
    return "\n".join(f"- {plain(line)}" for line in lines)


# --- signing in ------------------------------------------------------------------------------------------
def current_user() -> auth.User | None:
    """The signed-in user of this browser session; None once the idle time has run out."""
    user = st.session_state.get("user")
    if user is None:
        return None
    now = now_local()
    last_seen = st.session_state.get("last_seen", now)
    if now - last_seen > auth.idle_limit(db()):
        sign_out()
        st.session_state["expired"] = True
        return None
    st.session_state["last_seen"] = now
    return user


def sign_in(user: auth.User) -> None:
    st.session_state["user"] = user
    st.session_state["last_seen"] = now_local()
    st.session_state.pop("expired", None)


def sign_out() -> None:
    for key in ("user", "last_seen"):
        st.session_state.pop(key, None)


def require(right: str) -> auth.User:
    """The page's guard: stop with a message unless the signed-in user has the right. Nothing shows before it."""
    user = current_user()
    if user is None:
        st.warning(t("auth.expired") if st.session_state.get("expired") else t("auth.sign_in_first"))
        st.stop()
    if not user.can(right):
        st.error(t("auth.denied"))
        st.stop()
    return user


def refused(exc: Refused) -> None:
    st.error(plain(exc.message(lang())))


def new_password() -> Callable[[], str]:
    """Two password fields inside a form; call the result on submit for the password, Refused if they differ."""
    password = st.text_input(t("auth.password"), type="password", autocomplete="new-password")
    again = st.text_input(t("users.password_again"), type="password", autocomplete="new-password")

    def value() -> str:
        if password != again:
            raise Refused("auth.password_mismatch")
        return password

    return value


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml configures an OIDC provider for st.login."""
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"].get("client_id") or any(
            isinstance(v, dict) and v.get("client_id") for v in st.secrets["auth"].values()))
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return False


def login_page() -> None:
    """The only page before signing in: a form, and the organisation's OIDC provider where one is configured."""
    st.title(t("auth.title"))
    if st.session_state.get("expired"):
        st.info(t("auth.expired"))
    if oidc_configured():
        if getattr(st.user, "is_logged_in", False):
            try:
                sign_in(auth.user_for_identity(db(), st.user.get("email") or ""))
                st.rerun()
            except Refused as exc:
                refused(exc)
        if st.button(t("auth.oidc")):
            st.login()
    with st.form("login"):
        username = st.text_input(t("auth.username"), autocomplete="username")
        password = st.text_input(t("auth.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if submitted:
        try:
            sign_in(auth.authenticate(db(), username.strip(), password))
        except Refused as exc:
            refused(exc)
        else:
            written()
            st.rerun()
