"""User text is shown as typed, never read as Markdown or HTML: every page and tab runs on a demo whose people, notes,
gate, building, group, organisation, compound and roster author carry Markdown links, images, KaTeX, colours and HTML,
and no element Streamlit renders as Markdown holds that text unescaped, nor does any Plotly figure hold its HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pgdemo
import pytest
from helpers import DEMO_MONDAY, unescape
from streamlit.testing.v1 import AppTest

from coordpanel import roster, seed
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.ui import views

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ('**粗**[点我](http://x.example)![](http://x.example/i.png)$\\color{red}{x}$:red[红]'
           '<b>粗</b><a href="http://x.example">a</a>&lt;i&gt;')
# what would be live if the text reached Markdown or Plotly as it is
MARKDOWN = ["**粗**", "[点我](http://x.example)", "![](http://x.example/i.png)", "$\\color{red}{x}$", ":red[红]",
            "<b>粗</b>", "<a href", "&lt;i&gt;"]
ON_DUTY, NO_SHIFTS, SICK = HOSTILE + "甲", HOSTILE + "乙", HOSTILE + "丙"
BUILDING = "2栋" + HOSTILE
ADMIN, LEADER = User(3, "admin", "admin"), User(1, "leader", "leader")
# element types whose text is plain (st.text, st.code) or whose options are plain (selectbox, multiselect)
PLAIN_TYPES = {"Text", "Code", "Selectbox", "MultiSelect", "DateInput", "TimeInput", "TextInput", "TextArea"}
TEXT_FIELDS = {"body", "label", "help", "caption", "captions", "content", "placeholder"}


def hostile_spec() -> seed.demo.DemoSpec:
    spec = seed.demo.DemoSpec.load()
    raw = spec.raw
    raw["compound"] = {**raw["compound"], "name": "万科嘉园" + HOSTILE, "name_en": "Vanke" + HOSTILE}
    raw["building"][1] = {**raw["building"][1], "code": BUILDING}
    raw["gate"][1] = {**raw["gate"][1], "name": "北门" + HOSTILE, "name_en": "North" + HOSTILE}
    org = "湖滨公司" + HOSTILE
    raw["organisation"] = [{**o, "name": org, "name_en": "Hubin" + HOSTILE} if o["name"] == "湖滨公司" else o
                           for o in raw["organisation"]]
    added = {(org if k == "湖滨公司" else k): n for k, n in raw["cadres"]["added"].items()}
    raw["cadres"] = {**raw["cadres"], "added": added}
    return spec


def build_hostile_demo(path: Path) -> dict[str, int]:
    """The demo with user text that Markdown or HTML would render; returns the ids of the renamed people."""
    db = Database(path)
    seed.demo.build(db, spec=hostile_spec())
    week = roster.week.load_week(db, 1, DEMO_MONDAY)
    on_shift = [pid for crew in week.crews.values() for pid in crew]
    ranked = sorted(set(on_shift), key=lambda pid: (-on_shift.count(pid), pid))
    served = db.df("coverage/assignments", compound_id=1)
    served = served[served["building"] == BUILDING]
    # the grid worker of the hostile building: on no gate shift, and named in that building's chain of contact
    idle = int(served[served["tier"] == "grid"]["person_id"].iloc[0])
    assert idle not in set(on_shift)
    ids = {"on_duty": ranked[0], "sick": ranked[1], "no_shifts": idle}
    cur = db.cursor()
    # the hostile building loses its property contacts: it is a gap, named in the coverage and overview alerts
    cur.execute("DELETE FROM building_assignment WHERE id IN (SELECT unnest(?::INTEGER[]))",
                [served[served["tier"] == "property"]["assignment_id"].astype(int).tolist()])
    for key, name in (("on_duty", ON_DUTY), ("no_shifts", NO_SHIFTS), ("sick", SICK)):
        cur.execute("UPDATE person SET name = ?, note = ?, status_note = ? WHERE id = ?", [name, HOSTILE, HOSTILE, ids[key]])
    cur.execute("UPDATE person SET status = 'sick', status_since = DATE '2020-02-18' WHERE id = ?", [ids["sick"]])
    cur.execute("UPDATE person_group SET name_zh = name_zh || ?, name_en = name_en || ? WHERE code = 'checkpoint'",
                [HOSTILE, HOSTILE])
    cur.execute("UPDATE roster_week SET saved_by = ?", [HOSTILE])
    cur.execute("INSERT INTO availability (person_id, starts_at, ends_at, available, note) VALUES (?, ?, ?, FALSE, ?)",
                [ids["on_duty"], dt.datetime(2020, 2, 22, 8), dt.datetime(2020, 2, 22, 12), HOSTILE])
    db.close()
    return ids


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    return path, build_hostile_demo(path)


@pytest.fixture(scope="module")
def hostile_pg() -> tuple[str, dict[str, int]]:
    """The hostile demo in a new PostgreSQL database (read only)."""
    import pgserver

    with pgserver.new_database() as url:
        yield url, build_hostile_demo(url)
        pgdemo.close_app_database(url)


@pytest.fixture(params=["duckdb"])
def hostile(request) -> tuple[Path | str, dict[str, int]]:
    """The hostile demo, built once per module: on DuckDB unless a test asks for "postgres" too (indirect), as the walk
    over every page and the roster caption do; the other tests draw views that walk has drawn on PostgreSQL."""
    return request.getfixturevalue("hostile_file" if request.param == "duckdb" else "hostile_pg")


@pytest.fixture
def hostile_env(hostile, monkeypatch):
    monkeypatch.setenv("COORDPANEL_DB", str(hostile[0]))
    return hostile[1]


# --- what a run rendered --------------------------------------------------------------------------------------------
def _proto_texts(proto, kind: str) -> list[str]:
    """The strings of an element that Streamlit renders as Markdown: bodies, labels, help, captions, option labels."""
    out = []
    for field, value in proto.ListFields():
        name = field.name
        if field.type == field.TYPE_MESSAGE:
            items = [value] if hasattr(value, "ListFields") else list(value)  # one message, or a repeated field
            for item in items:
                out += _proto_texts(item, kind)
        elif field.type == field.TYPE_STRING:
            items = [value] if isinstance(value, str) else list(value)
            if name in TEXT_FIELDS or (name == "options" and kind not in PLAIN_TYPES):
                if not (kind in PLAIN_TYPES and name == "body"):
                    out += items
    return out


def rendered(at: AppTest) -> tuple[list[str], list[str], list]:
    """(Markdown-bearing strings, Plotly figure specs, st.table frames) of everything the run drew."""
    markdown, figures, tables = [], [], []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            kind = type(proto).__name__
            if kind == "PlotlyChart":
                figures.append((proto.spec, proto.config))
            else:
                markdown.extend(_proto_texts(proto, kind))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    tables = [table.value for table in at.table]
    return markdown, figures, tables


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def live(markdown: str) -> list[str]:
    """The hostile constructs Markdown would still read in this text: a backslash-escaped character is inert."""
    inert = re.sub(r"\\.", "\x00", markdown)
    return [m for m in MARKDOWN if m in inert]


def assert_shown_as_data(at: AppTest, where: str) -> list[str]:
    """No Markdown-bearing element, table cell or figure holds live user markup; returns the Markdown strings."""
    assert not at.exception, (where, at.exception)
    markdown, figures, tables = rendered(at)
    for text in markdown:
        assert not live(text), f"{where}: {live(text)} live in {text!r}"
    for frame in tables:
        cells = [str(c) for c in frame.columns] + [str(v) for row in frame.itertuples(index=False) for v in row]
        for text in cells:
            assert not live(text), f"{where}: table cell {text!r}"
    for spec, config in figures:
        for text in _strings(json.loads(spec)):
            assert "<a" not in text and "<b>" not in text, f"{where}: figure text {text!r}"
        assert json.loads(config).get("typesetMath") is False, f"{where}: Plotly would typeset $…$ in a name as TeX"
    return markdown


# --- the walk -------------------------------------------------------------------------------------------------------
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
VIEWS = {f"{name}.py": module.VIEW_KEY for name, module in views.tabbed().items()}


def run(page: str, user: User, lang: str = "zh", **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def tab_labels(page: str, user: User, lang: str) -> list[str | None]:
    if page not in VIEWS:
        return [None]
    return [tab.label for tab in run(page, user, lang).tabs]


# every page and tab on the DuckDB file as an admin in both languages and as a leader; on PostgreSQL as an admin in
# Chinese (the text comes from the same queries; the language and the role change what is drawn, not what is read)
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "lang", "hostile"), [("admin", "zh", "duckdb"), ("admin", "en", "duckdb"),
                                                       ("leader", "zh", "duckdb"), ("admin", "zh", "postgres")],
                         indirect=["hostile"])
def test_every_page_and_tab_shows_user_text_as_data(hostile, hostile_env, page, role, lang):
    user = ADMIN if role == "admin" else LEADER
    for label in tab_labels(page, user, lang):
        at = run(page, user, lang, **({VIEWS[page]: label} if label else {}))
        where = f"{page} {label or ''} {role} {lang}"
        if at.warning and [w.value for w in at.warning] == ["请先登录。"]:
            continue
        assert_shown_as_data(at, where)
        for toggle in at.toggle:  # the print views draw st.table, which reads Markdown in every cell
            toggle.set_value(True)
            assert_shown_as_data(at.run(), where + " toggled")
    pgdemo.assert_app_on(hostile[0])


def open_person(name: str) -> AppTest:
    """The roster's one-person view on the person of that name."""
    at = run("roster.py", ADMIN, roster_view="个人排班")
    picker = at.selectbox(key="roster_person")
    picker.select_index(next(i for i, label in enumerate(picker.options) if label.startswith(name)))
    return at.run()


def test_the_person_view_names_a_person_without_shifts_as_typed(hostile_env):
    at = open_person(NO_SHIFTS)
    assert_shown_as_data(at, "person tab, no shifts")
    assert f"{NO_SHIFTS} 本周没有班次。" in [unescape(c.value) for c in at.caption]


def test_the_person_view_of_someone_on_duty_shows_their_name_and_unavailability_as_typed(hostile_env):
    at = open_person(ON_DUTY)
    assert_shown_as_data(at, "person tab, on duty")
    assert at.get("download_button"), "their calendar: the view of someone with shifts"
    assert any(HOSTILE in t.value for t in at.text)  # the declared unavailability's note, as plain text


def test_the_roster_timeline_and_week_pictures_draw_names_and_gates_as_text(hostile_env):
    for view in ("时间线", "本周概览"):
        at = run("roster.py", ADMIN, roster_view=view)
        assert_shown_as_data(at, view)
        texts = [s for fig in at.get("plotly_chart") for s in _strings(json.loads(fig.proto.spec))]
        assert any("&lt;b&gt;粗&lt;/b&gt;" in s for s in texts), "the names are in the figure, escaped"


@pytest.mark.parametrize("hostile", ["duckdb", "postgres"], indirect=True)
def test_the_roster_caption_names_the_last_author_as_typed(hostile, hostile_env):
    at = run("roster.py", ADMIN, roster_view="本周概览")
    assert_shown_as_data(at, "roster caption")
    assert any(HOSTILE in unescape(c.value) for c in at.caption)
    pgdemo.assert_app_on(hostile[0])


def test_coverage_gaps_and_a_buildings_chain_name_the_building_and_its_people_as_typed(hostile_env):
    at = run("coverage.py", ADMIN, coverage_view="联系链")
    assert any(BUILDING in unescape(e.value) for e in at.error), "the hostile building is a gap, named in the alert"
    picker = at.selectbox[0]
    picker.select_index(picker.options.index(BUILDING))
    at.run()
    assert_shown_as_data(at, "coverage chain")
    assert any(NO_SHIFTS in unescape(m.value) for m in at.markdown), "the building's grid worker, in its chain"


@pytest.mark.parametrize(("page", "state"), [("coverage.py", {"coverage_view": "楼栋清单（缺口在前）"}),
                                             ("roster.py", {"roster_view": "发布"})])
def test_print_tables_show_names_and_buildings_as_typed(hostile_env, page, state):
    at = run(page, ADMIN, **state)
    at.toggle[0].set_value(True)
    at.run()
    assert_shown_as_data(at, page + " print view")
    cells = [unescape(str(v)) for v in at.table[0].value.to_numpy().ravel()]
    assert any(HOSTILE in c for c in cells), "the hostile text is in the printed table, escaped"
