"""Streamlit helpers shared by the frame and the pages: the cached database, the language, the compound, page data
cached per data version, lazy views and editors that keep unsaved edits.

With views/ the only part of the core that imports streamlit; everything else stays usable from the CLI and tests.
Page data is cached with functools.lru_cache keyed by the data version: st.cache_resource hashes its arguments on
every call, which cost more than the cached work saved on a page that reruns at every click.
"""

from __future__ import annotations

import copy
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from coordpanel import coverage, district, overview, people, roster, structure
from coordpanel.core import audit, auth, charts, clock, i18n, settings
from coordpanel.core.clock import now_local
from coordpanel.core.db import Database, DatabaseError, db_path_from_env
from coordpanel.core.errors import Refused

_OPENED: dict[str, Database] = {}  # a plain memo in front of the cache below: db() runs many times per rerun


@st.cache_resource(show_spinner=False)
def _database(path: str) -> Database:
    return Database(path)


def db() -> Database:
    """The process's one connection to the configured file; stops the page with a clear message if it cannot open."""
    try:
        path = str(db_path_from_env())
        opened = _OPENED.get(path)
        if opened is not None and not opened.closed:
            return opened
        _OPENED[path] = _database(path)
        return _OPENED[path]
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
    view: overview.figures.OverviewView
    coverage: go.Figure
    staffing: go.Figure
    cases: go.Figure | None
    people: pa.Table
    supplies: pa.Table


@functools.lru_cache(maxsize=64)
def _overview_page(path: str, compound: int, version: int, lang: str) -> OverviewPage:
    data = overview.figures.load(_database(path), compound)
    shown = overview.figures.view(data, lang)
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


@dataclass(frozen=True)
class CoveragePage:
    coverage: pd.DataFrame
    assignments: pd.DataFrame
    assignment_records: list[dict]
    base: list[coverage.assignments.Assignment]
    people: list[dict]
    buildings: list[dict]
    heatmap: go.Figure
    volunteer_limit: int
    counts: dict[str, int]
    gap_lines: list[str]


@functools.lru_cache(maxsize=64)
def _coverage_page(path: str, compound: int, version: int, lang: str) -> CoveragePage:
    database = _database(path)
    shown = database.df("coverage/by_building", compound_id=compound)
    assignments = database.df("coverage/assignments", compound_id=compound)
    records = assignments.to_dict("records")
    return CoveragePage(
        coverage=shown,
        assignments=assignments,
        assignment_records=records,
        base=[coverage.assignments.Assignment(r["building_id"], r["person_id"], r["role"]) for r in records],
        people=database.records("people/directory", compound_id=compound),
        buildings=database.records("buildings/list", compound_id=compound),
        heatmap=frozen(charts.coverage_heatmap(shown, lang)),
        volunteer_limit=coverage.assignments.volunteer_limit(database),
        counts={status: int(n) for status, n in shown["status"].value_counts().items()},
        gap_lines=coverage.assignments.gap_lines(shown[shown["status"] != "covered"], lang),
    )


def coverage_page(compound: int) -> CoveragePage:
    """The coverage page's data, built once per data version and language; shared read-only."""
    return _coverage_page(db().path, compound, data_version(), lang())


@functools.lru_cache(maxsize=64)
def _coverage_views(path: str, compound: int, version: int, lang: str, see_phones: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    page = _coverage_page(path, compound, version, lang)
    user = auth.User(None, "view", "planner" if see_phones else "leader")
    return coverage.assignments.table(page.coverage, page.assignments, lang, see_phones), people_view(page.assignments, user)


def coverage_views(compound: int, user: auth.User) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the building table, the people table) as this user may see them; row order matches page.assignments."""
    return _coverage_views(db().path, compound, data_version(), lang(), user.can("see_phones"))


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
    if now - last_seen > _idle_limit(db().path, data_version()):
        sign_out()
        st.session_state["expired"] = True
        return None
    st.session_state["last_seen"] = now
    return user


@functools.lru_cache(maxsize=8)
def _idle_limit(path: str, version: int):
    return auth.idle_limit(_database(path))


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


# --- helpers for the coverage page ---------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _as_of(path: str, version: int):
    return settings.as_of(_database(path))


def today():
    """The dataset's "today" (the demo's as-of moment) or the real time."""
    return _as_of(db().path, data_version()) or now_local()


def group_name(rows: pd.DataFrame) -> Callable[[str], str]:
    names = dict(zip(rows["group_code"], rows["group_en" if lang() == "en" else "group_zh"], strict=False))
    return lambda code: names.get(code, code)


def people_view(rows: pd.DataFrame, user: auth.User) -> pd.DataFrame:
    """Assignment rows as a table for reading: translated headers, phones masked unless the user may see them."""
    group = "group_en" if lang() == "en" else "group_zh"
    return pd.DataFrame({
        t("cov.col.building"): rows["building"],
        t("cov.col.name"): rows["name"],
        t("cov.col.tier"): rows["tier"].map(lambda c: t(f"tier.{c}")),
        t("cov.col.group"): rows[group],
        t("cov.col.role"): rows["role"].map(lambda r: t(f"cov.role.{r}")),
        t("cov.col.party"): rows["party_member"],
        t("cov.col.phone"): rows["phone"].map(lambda p: auth.shown_phone(user, p)),
        t("cov.col.person_status"): rows["status"].map(lambda s: t(f"person.{s}")),
    })


def chain_markdown(chain: dict[str, list[dict]], user: auth.User) -> str:
    """grid worker → property → volunteers → cadres, one line per tier; inactive people marked with their status."""
    lines = []
    for tier, members in chain.items():
        names = [
            plain(f"{p['name']} {auth.shown_phone(user, p['phone'])}".strip())
            + ("" if p["role"] == "primary" else f" ({t('cov.role.backup')})")
            + ("" if p["status"] == "active" else f" — **{t('person.' + p['status'])}**")
            for p in members
        ]
        lines.append(f"- **{t('tier.' + tier)}**: " + ("; ".join(names) if names else t("cov.chain.none")))
    return "\n".join(lines)


def editor_frame(base: list, people: dict[int, dict], codes: dict[int, str], language: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{"building": codes.get(a.building_id, str(a.building_id)),
          "slot": i18n.t(f"tier.{people[a.person_id]['tier']}", language),
          "person": coverage.assignments.person_label(people[a.person_id]),
          "role": i18n.t(f"cov.role.{a.role}", language)} for a in base],
        columns=["building", "slot", "person", "role"],
    )


def assignment_diff(base: list, now: list, people: dict[int, dict], codes: dict[int, str]) -> list[str]:
    """What another save changed compared with what this planner started from, in words."""
    old = {a.key: a for a in base}
    new = {a.key: a for a in now}

    def name(key):
        return people.get(key[1], {}).get("name", str(key[1]))

    lines = [t("cov.diff")]
    lines += [t("cov.diff.added", building=codes.get(k[0], k[0]), name=name(k), role=t(f"cov.role.{new[k].role}"))
              for k in sorted(new.keys() - old.keys())]
    lines += [t("cov.diff.removed", building=codes.get(k[0], k[0]), name=name(k)) for k in sorted(old.keys() - new.keys())]
    lines += [t("cov.diff.role", building=codes.get(k[0], k[0]), name=name(k), role=t(f"cov.role.{new[k].role}"))
              for k in sorted(old.keys() & new.keys()) if old[k].role != new[k].role]
    return lines


def saved(message: str | None, *state_keys: str) -> None:
    """After a save: forget the edits, refresh the data, show the message after the rerun."""
    forget(*state_keys)
    written()
    if message:
        st.session_state["flash"] = message
    st.rerun()


# --- views and editors ---------------------------------------------------------------------------------
def lazy_tabs(key: str, names: dict[str, str]):
    """A page's views as tabs of which only the open one runs (Streamlit's lazy tabs): a page shows its first view
    at the cost of that view alone, and every rerun (each click in it) stays as quick. Returns (code, container)
    of the open view. Unsaved editor edits outlive a move to another view: see editor()."""
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


def flash() -> None:
    """Show the message a save left before its rerun."""
    if "flash" in st.session_state:
        st.success(plain(st.session_state.pop("flash")))


# --- helpers for the roster page ----------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _roster_week(path: str, compound: int, monday, version: int) -> roster.week.Week:
    return roster.week.load_week(_database(path), compound, monday)


def roster_week(compound: int, monday) -> roster.week.Week:
    """The week as saved, shared read-only: edits build new crews, never change this object."""
    return _roster_week(db().path, compound, monday, data_version())


@functools.lru_cache(maxsize=8)
def _roster_rules(path: str, version: int) -> roster.rules.Rules:
    return roster.week.load_rules(_database(path))


def roster_rules() -> roster.rules.Rules:
    return _roster_rules(db().path, data_version())


@functools.lru_cache(maxsize=32)
def _staffing_figure(path: str, compound: int, monday, version: int, lang: str) -> go.Figure:
    week = _roster_week(path, compound, monday, version)
    names = {s: [week.people[p].name for p in crew if p in week.people] for s, crew in week.crews.items()}
    return frozen(charts.staffing_heatmap(week.shifts, lang, names))


def staffing_figure(compound: int, monday) -> go.Figure:
    return _staffing_figure(db().path, compound, monday, data_version(), lang())


@functools.lru_cache(maxsize=32)
def _timeline_figure(path: str, compound: int, monday, version: int, lang: str) -> go.Figure:
    week = _roster_week(path, compound, monday, version)
    names = {p.id: p.name for p in week.people.values()}
    return frozen(charts.roster_timeline(week.shifts, week.crews, names, lang))


def timeline_figure(compound: int, monday) -> go.Figure:
    """The saved week as a timeline, one row per person on duty."""
    return _timeline_figure(db().path, compound, monday, data_version(), lang())


def candidate_table(offered: list) -> pd.DataFrame:
    tiers = {code: t(f"tier.{code}") for code in people.directory.TIERS}
    return pd.DataFrame({
        t("roster.col.name"): [c.person.name for c in offered],
        t("roster.col.tier"): [tiers.get(c.person.tier, c.person.tier) for c in offered],
        t("roster.col.hours"): [round(c.hours_this_week, 1) for c in offered],
        t("roster.col.rest"): [None if c.rest_before is None else round(c.rest_before, 1) for c in offered],
    })


def person_week_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("roster.col.gate"): rows["gate"],
        t("roster.col.start"): rows["starts_at"].map(lambda x: f"{x:%m-%d %H:%M}"),
        t("roster.col.end"): rows["ends_at"].map(lambda x: f"{x:%m-%d %H:%M}"),
        t("roster.col.hours"): rows["hours"],
        t("roster.col.rest"): rows["rest_before"].map(lambda x: None if pd.isna(x) else round(x, 1)),
    })


# --- helpers for the structure page -------------------------------------------------------------------
@dataclass(frozen=True)
class StructurePage:
    frames: dict
    comparisons: list
    sunburst: go.Figure


@functools.lru_cache(maxsize=32)
def _structure_page(path: str, compound: int, version: int, lang: str) -> StructurePage:
    database = _database(path)
    monday = clock.week_start(clock.today(database).date())
    frames = structure.tiers.load(database, compound, monday)
    facts = overview.figures.facts(overview.figures.load(database, compound))
    return StructurePage(frames, structure.tiers.compare(facts),
                         frozen(charts.structure_sunburst(structure.tiers.sunburst_nodes(frames["people"], lang))))


def structure_page(compound: int) -> StructurePage:
    return _structure_page(db().path, compound, data_version(), lang())


# --- helpers for the people page ----------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _people_directory(path: str, compound: int, version: int, see_phones: bool) -> pd.DataFrame:
    viewer = auth.User(None, "view", "planner" if see_phones else "leader")
    return people.directory.directory(_database(path), viewer, compound)


@functools.lru_cache(maxsize=32)
def _people_vocabulary(path: str, compound: int, version: int) -> people.directory.Vocabulary:
    return people.directory.Vocabulary.load(_database(path), compound)


def people_vocabulary(compound: int) -> people.directory.Vocabulary:
    return _people_vocabulary(db().path, compound, data_version())


def _people_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The directory as read: translated headers and values."""
    def tr(key: str) -> str:
        return i18n.t(key, language)

    tiers = {code: tr(f"tier.{code}") for code in people.directory.TIERS}
    statuses = {code: tr(f"person.{code}") for code in ("active", "sick", "quarantined", "left")}
    return pd.DataFrame({
        tr("cov.col.name"): rows["name"],
        tr("cov.col.tier"): rows["tier"].map(tiers),
        tr("cov.col.group"): rows["group_en" if language == "en" else "group_zh"],
        tr("people.col.organisation"): rows["organisation"],
        tr("people.col.title"): rows["title"],
        tr("cov.col.party"): rows["party_member"],
        tr("cov.col.phone"): rows["phone"],
        tr("people.status"): rows["status"].map(statuses),
        tr("people.building"): rows["home_building"],
        tr("people.col.note"): rows["note"],
    })


@functools.lru_cache(maxsize=32)
def _people_table_cached(path: str, compound: int, version: int, see_phones: bool, language: str) -> pa.Table:
    return pa.Table.from_pandas(_people_table(_people_directory(path, compound, version, see_phones), language), preserve_index=False)


def people_page(compound: int, user: auth.User) -> tuple[pd.DataFrame, pa.Table]:
    """(the directory as people_directory gives it, the same rows translated as Arrow), of one data version."""
    version, see_phones = data_version(), user.can("see_phones")
    return (_people_directory(db().path, compound, version, see_phones),
            _people_table_cached(db().path, compound, version, see_phones, lang()))


def shown_rows(frame: pd.DataFrame, table: pa.Table, shown: pd.DataFrame) -> pa.Table:
    """The rows of `table` (row for row the same as `frame`) that a search of `frame` kept."""
    return table if len(shown) == len(frame) else table.take(frame.index.get_indexer(shown.index))


@functools.lru_cache(maxsize=16)
def _district_frame(path: str, version: int, monday) -> pd.DataFrame:
    return district.summary.summary(_database(path), auth.User(None, "view", "leader"), monday)


def district_frame(user: auth.User, monday) -> pd.DataFrame:
    auth.require(user, "read")
    return _district_frame(db().path, data_version(), monday)


# --- helpers for the audit, users and district pages --------------------------------------------------------
@functools.lru_cache(maxsize=16)
def _audit_entries(path: str, version: int, viewer: auth.User, actor, table, start, end) -> tuple[int, pa.Table]:
    entries = audit.search(_database(path), viewer, actor=actor, table=table, start=start, end=end).drop(columns=["id"])
    return len(entries), pa.Table.from_pandas(entries, preserve_index=False)


def audit_entries(user: auth.User, actor=None, table=None, start=None, end=None) -> tuple[int, pa.Table]:
    """(how many, the entries) newest first, phones masked unless the user may see them; once per data version."""
    viewer = auth.User(None, "view", "admin" if user.can("see_phones") else "leader")
    auth.require(user, "see_audit")
    return _audit_entries(db().path, data_version(), viewer, actor, table, start, end)


@functools.lru_cache(maxsize=8)
def _audit_facets(path: str, version: int) -> dict:
    return audit.facets(_database(path), auth.User(None, "view", "admin"))


def audit_facets(user: auth.User) -> dict:
    auth.require(user, "see_audit")
    return _audit_facets(db().path, data_version())


@functools.lru_cache(maxsize=8)
def _user_list(path: str, version: int) -> tuple[tuple[dict, ...], pa.Table]:
    users = auth.list_users(_database(path), auth.User(None, "view", "admin"))
    return tuple(users), pa.Table.from_pylist(users) if users else pa.table({"username": pa.array([], pa.string())})


def user_list(admin: auth.User) -> tuple[list[dict], pa.Table]:
    """(the accounts as records, the same as Arrow for the table); once per data version."""
    auth.require(admin, "manage_users")
    users, table = _user_list(db().path, data_version())
    return [dict(u) for u in users], table


@functools.lru_cache(maxsize=16)
def _district_table(path: str, version: int, monday, lang: str) -> pa.Table:
    return pa.Table.from_pandas(district.summary.table(_district_frame(path, version, monday), lang), preserve_index=False)


def district_table(user: auth.User, monday) -> pa.Table:
    """The district summary as shown, translated; once per data version and language."""
    auth.require(user, "read")
    return _district_table(db().path, data_version(), monday, lang())
