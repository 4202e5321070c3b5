"""The frame shared by every page: page config, language switch, sign-in, compound switcher, navigation by role.

app.py calls run(); each script in pages/ calls enter() first. A fresh Streamlit server that finds a pages/ folder
beside app.py runs in the old multipage mode (PagesManager.uses_pages_directory) until some run calls
st.navigation: a visitor whose first request is a deep link such as /roster then gets pages/roster.py without the
frame. enter() hands such a run over to the frame: it declares the app's pages (which ends the old mode for the
whole process) and reruns, and the same URL comes back through app.py.

run() also keeps the server's garbage collection after each run short: see _freeze_long_lived()."""

from __future__ import annotations

import gc
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit import config, runtime
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager

from coordpanel.core import i18n
from coordpanel.ui.login import login_page
from coordpanel.ui.session import compounds, current_user, lang, sign_out, t
from coordpanel.ui.widgets import plain

ROOT = Path(__file__).resolve().parents[2]
_FRAMED = "_framed"  # session key: this session's runs go through the frame
_freezing = threading.Lock()
_modules_at_freeze = 0  # len(sys.modules) when the long-lived objects were last frozen


@dataclass(frozen=True)
class PageSpec:
    script: str  # relative to the project root
    title: str  # translation key
    icon: str
    url: str
    right: str  # the right a user needs to see it


PAGES = (
    PageSpec("pages/overview.py", "nav.overview", ":material/dashboard:", "overview", "read"),
    PageSpec("pages/brief.py", "nav.brief", ":material/summarize:", "brief", "read"),
    PageSpec("pages/district.py", "nav.district", ":material/map:", "district", "read"),
    PageSpec("pages/coverage.py", "nav.coverage", ":material/apartment:", "coverage", "read"),
    PageSpec("pages/roster.py", "nav.roster", ":material/calendar_month:", "roster", "read"),
    PageSpec("pages/attendance.py", "gl.nav", ":material/how_to_reg:", "attendance", "record_attendance"),
    PageSpec("pages/structure.py", "nav.structure", ":material/account_tree:", "structure", "read"),
    PageSpec("pages/requests.py", "svc.nav.requests", ":material/support_agent:", "requests", "read"),
    PageSpec("pages/supplies.py", "svc.nav.supplies", ":material/inventory_2:", "supplies", "read"),
    PageSpec("pages/cases.py", "svc.nav.cases", ":material/coronavirus:", "cases", "read"),
    PageSpec("pages/people.py", "nav.people", ":material/badge:", "people", "read"),
    PageSpec("pages/audit.py", "nav.audit", ":material/history:", "audit", "see_audit"),
    PageSpec("pages/users.py", "nav.users", ":material/group:", "users", "manage_users"),
    PageSpec("pages/account.py", "nav.account", ":material/person:", "account", "own_account"),
)


def enter() -> None:
    """First call of every page script: outside the frame (a fresh server's deep link), come back through it.

    The frame marks the session when it runs: AppTest re-reads the pages/ flag at every run, so the flag alone would
    also hand over page runs that the frame itself started."""
    if PagesManager.uses_pages_directory and not st.session_state.get(_FRAMED):
        st.navigation([st.Page(str(ROOT / p.script), title=t(p.title), url_path=p.url, default=p.url == "overview")
                       for p in PAGES], position="hidden")
        st.rerun()


def _freeze_long_lived() -> None:
    """Streamlit collects garbage after every run (runner.postScriptGC), and a full collection walks every object
    of the process: ~100 ms with pandas, pyarrow, plotly and DuckDB loaded, during which the server sends nothing,
    so each click waited for it. The objects that survive a collection just after new modules were imported are
    mostly the modules' own and live as long as the process: gc.freeze() leaves them out of later collections, and
    the run's own garbage is still collected. Redone (unfreeze, collect, freeze) only when a page's first visit has
    imported more, so garbage frozen with a cache is collected then. The real server only: AppTest collects nothing."""
    global _modules_at_freeze
    if len(sys.modules) == _modules_at_freeze or not runtime.exists() or type(runtime.get_instance()) is not Runtime:
        return
    if not config.get_option("runner.postScriptGC") or not _freezing.acquire(blocking=False):
        return
    try:
        _modules_at_freeze = len(sys.modules)
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    finally:
        _freezing.release()


def run() -> None:
    """The frame: everything around the page, then the page the URL names among those the user's role may see."""
    _freeze_long_lived()
    st.session_state[_FRAMED] = True
    st.set_page_config(page_title=t("app.title"), page_icon=":material/shield:", layout="wide")
    with st.sidebar:
        st.segmented_control(
            i18n.t("app.language", lang()), options=list(i18n.LANGUAGES), key="lang", default=i18n.DEFAULT,
            format_func=lambda code: "中文" if code == "zh" else "English", required=True,
        )
    user = current_user()
    if user is None:
        # every page's address leads to the sign-in form (a link shared in a chat group is not "page not found"), and
        # after signing in the same address opens the page itself
        st.navigation([st.Page(login_page, title=t("nav.login"), icon=":material/login:", url_path="login", default=True)]
                      + [st.Page(login_page, title=t(p.title), url_path=p.url) for p in PAGES],
                      position="hidden").run()
        st.stop()
    _sidebar(user)
    # a role's first page opens by default: the overview, or 今日到岗 for a gate lead (who has no overview)
    shown = [p for p in PAGES if user.can(p.right)]
    st.navigation([
        st.Page(p.script, title=t(p.title), icon=p.icon, url_path=p.url, default=(p == shown[0]))
        for p in shown
    ]).run()


def _sidebar(user) -> None:
    with st.sidebar:
        st.caption(t("auth.signed_in_as", username=plain(user.username), role=t(f"role.{user.role}")))
        if st.button(t("auth.sign_out"), icon=":material/logout:"):
            sign_out()
            st.rerun()
        if not user.can("read"):  # a gate lead sees their own gates, whatever the compound: no compound to choose
            return
        known = compounds()
        if len(known) > 1:
            # street first, then a compound of it: a district holds hundreds
            streets = sorted({c["street"] for c in known})
            street = st.selectbox(t("app.street"), streets, key="street") if len(streets) > 1 else streets[0]
            here = [c for c in known if c["street"] == street]
            st.selectbox(t("app.compound"), [c["id"] for c in here], key="compound_id",
                         format_func={c["id"]: f"{c['community']} · {c['name']}" for c in here}.get)
