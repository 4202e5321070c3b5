"""The browser session: the process's database, the language, the signed-in user, the chosen compound, the data version.

Every read that pages cache is keyed by the data version (the newest audit id), so any write refreshes every page."""

from __future__ import annotations

import datetime as dt
import functools
import time

import streamlit as st

from coordpanel.core import auth, clock, i18n, settings
from coordpanel.core.db import Database, DatabaseError, db_path_from_env
from coordpanel.core.errors import Refused

_OPENED: dict[str, Database] = {}  # a plain memo in front of the cache below: db() runs many times per rerun


@st.cache_resource(show_spinner=False)
def database(path: str) -> Database:
    """The one connection of this process to the file at `path`."""
    return Database(path)


def db() -> Database:
    """The process's one connection to the configured file; stops the page with a clear message if it cannot open."""
    try:
        path = str(db_path_from_env())
        opened = _OPENED.get(path)
        if opened is not None and not opened.closed:
            return opened
        _OPENED[path] = database(path)
        return _OPENED[path]
    except DatabaseError as exc:
        from coordpanel.ui.widgets import plain  # widgets reads the session: imported here, not at the top

        st.error(t("app.db_error", error=plain(exc.message(lang()))))
        st.stop()


def lang() -> str:
    value = st.session_state.get("lang", i18n.DEFAULT)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT


def t(key: str, **params) -> str:
    return i18n.t(key, lang(), **params)


@st.cache_resource(ttl=1, show_spinner=False)
def _data_version(path: str) -> int:
    return database(path).scalar("audit/latest_id")


def data_version() -> int:
    """Changes with every write (each adds an audit entry), so cached reads refresh after any save.

    Read at most once a second per session; a write made through the app calls `written()` so its own effect
    shows at once."""
    seen = st.session_state.get("_data_version")
    now = time.monotonic()
    if seen is None or now - seen[0] > 1.0:
        seen = (now, _data_version(db().path))
        st.session_state["_data_version"] = seen
    return seen[1]


def written() -> None:
    """Call after a write: the next read sees it."""
    _data_version.clear()
    st.session_state.pop("_data_version", None)


@functools.lru_cache(maxsize=64)
def _compounds(path: str, version: int) -> list[dict]:
    return database(path).records("compound/list")


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


@functools.lru_cache(maxsize=8)
def _today_setting(path: str, version: int) -> dt.datetime | None:
    return settings.as_of(database(path))


def today() -> dt.datetime:
    """The dataset's "today" (the demo's as-of moment) or the real time in Asia/Shanghai."""
    return _today_setting(db().path, data_version()) or clock.now_local()


# --- signing in ------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _idle_limit(path: str, version: int) -> dt.timedelta:
    return auth.idle_limit(database(path))


def current_user() -> auth.User | None:
    """The signed-in user of this browser session, as the account stands now: re-read on every call (a lookup by id),
    so a stopped account, a changed password or a new role takes effect on the next click, and the user a page
    hands its writes is that fresh one. None once the idle time has run out or the account no longer lets them in."""
    user = st.session_state.get("user")
    if user is None:
        return None
    now = clock.now_local()
    last_seen = st.session_state.get("last_seen", now)
    if now - last_seen > _idle_limit(db().path, data_version()):
        _end_session("auth.expired")
        return None
    try:
        user = auth.fresh(db(), user)
    except Refused:
        _end_session("auth.session_ended")
        return None
    st.session_state["user"] = user
    st.session_state["last_seen"] = now
    return user


def _end_session(reason: str) -> None:
    """Sign out and keep why (a translation key), for the sign-in page and the page guard to say."""
    sign_out()
    st.session_state["expired"] = reason


def ended_reason() -> str | None:
    """Why this session was ended (a translation key), if it was."""
    reason = st.session_state.get("expired")
    return reason if reason in ("auth.expired", "auth.session_ended") else None


def client_address() -> str | None:
    """The client's address as the server sees it (None on localhost or when unknown): sign-in failures are counted
    per address and account. Behind a reverse proxy this is the proxy's unless it forwards the client's address
    from a trusted hop; then every client shares one count, as when the address is unknown."""
    try:
        address = st.context.ip_address
    except Exception:  # outside a browser session there is no address to give
        return None
    return address if isinstance(address, str) else None  # AppTest hands a stand-in object


def sign_in(user: auth.User) -> None:
    st.session_state["user"] = user
    st.session_state["last_seen"] = clock.now_local()
    st.session_state.pop("expired", None)


def sign_out() -> None:
    for key in ("user", "last_seen"):
        st.session_state.pop(key, None)


def require(right: str) -> auth.User:
    """The page's guard: stop with a message unless the signed-in user has the right. Nothing shows before it."""
    user = current_user()
    if user is None:
        st.warning(t(ended_reason() or "auth.sign_in_first"))
        st.stop()
    if not user.can(right):
        st.error(t("auth.denied"))
        st.stop()
    return user
