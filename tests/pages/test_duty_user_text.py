"""User text on the pages of attendance (#15) and the daily brief (#17) is shown as typed: on a demo where every
person's name and a gate's name carry Markdown, KaTeX and HTML, with no-shows now (red), earlier (amber) and covered
by a stand-in (blue), someone sick and volunteers with hours, nothing reaches an element that reads Markdown
unescaped on 今日到岗 (a planner's, with the stand-in and correction forms open, and a gate lead's), 今日简报 (on
screen and printed), the overview's no-show items and 在岗 figures, and the roster's no-show list, replacements and
hours tab (the checks of test_user_text_is_data). Each test also finds the hostile text on the page, so it cannot
pass on a page that leaves the names out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pgdemo
import pytest
from helpers import unescape
from test_user_text_is_data import HOSTILE, assert_shown_as_data, hostile_spec, rendered, run

from coordpanel import seed
from coordpanel.core import auth
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.i18n import t

ADMIN, LEADER, GATE_LEAD = User(3, "admin", "admin"), User(1, "leader", "leader"), User(None, "men.gang", "gatelead")
NOW = dt.datetime(2020, 2, 19, 9, 0)  # the demo's today moved on an hour: the 08:00 crews, not checked in, are no-shows
NORTH = "北门" + HOSTILE  # hostile_spec's second gate, where the demo's no-show of the 18th stood


def build(target: Path | str) -> dict[str, int]:
    """The hostile demo (test_user_text_is_data.hostile_spec) with every person's name hostile, yesterday's 00:00
    crew member at the north gate a no-show nobody covered, the demo's stand-in kept, someone on tomorrow's roster
    sick, and the clock at 09:00; returns the north gate's id and its 08:00 shift's."""
    db = Database(target)
    seed.demo.build(db, spec=hostile_spec())
    north = db.records("roster/gates", compound_id=1)[1]["id"]
    auth.create_user(db, auth.CLI_USER, GATE_LEAD.username, "gatelead", "password-1", gates=[north])
    cur = db.cursor()
    cur.execute("UPDATE person SET name = ? || name", [HOSTILE])
    cur.execute("SELECT s.id FROM gate_shift s WHERE s.gate_id = ? AND s.starts_at = ?", [north, NOW.replace(hour=8)])
    shift_now = cur.fetchone()[0]
    cur.execute("SELECT a.shift_id, min(a.person_id) FROM attendance a JOIN gate_shift s ON s.id = a.shift_id "
                "WHERE s.gate_id = ? AND s.starts_at = TIMESTAMP '2020-02-18 00:00:00' GROUP BY a.shift_id", [north])
    past_shift, past_person = cur.fetchone()
    cur.execute("DELETE FROM attendance WHERE shift_id = ? AND person_id = ?", [past_shift, past_person])
    cur.execute("SELECT min(a.person_id) FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id "
                "WHERE s.starts_at >= TIMESTAMP '2020-02-20 00:00:00' AND s.starts_at < TIMESTAMP '2020-02-21 00:00:00'")
    sick = cur.fetchone()[0]
    cur.execute("UPDATE person SET status = 'sick', status_since = DATE '2020-02-19' WHERE id = ?", [sick])
    cur.execute("UPDATE setting SET value = ? WHERE key = 'as_of'", [json.dumps(NOW.isoformat(sep=" "))])
    db.close()
    return {"north": north, "shift_now": shift_now}


@pytest.fixture(scope="module")
def duty_file(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("hostile_duty") / "duty.duckdb"
    return path, build(path)


@pytest.fixture(scope="module")
def duty_pg() -> tuple[str, dict[str, int]]:
    import pgserver

    with pgserver.new_database() as url:
        yield url, build(url)
        pgdemo.close_app_database(url)


@pytest.fixture(params=["duckdb", "postgres"])
def duty(request, monkeypatch) -> dict[str, int]:
    target, ids = request.getfixturevalue("duty_file" if request.param == "duckdb" else "duty_pg")
    monkeypatch.setenv("COORDPANEL_DB", str(target))
    return ids


def shown(at) -> list[str]:
    """Every Markdown-bearing string the run drew, with Streamlit's escapes taken out (what the reader sees)."""
    return [unescape(m) for m in rendered(at)[0]]


def test_todays_duty_for_a_planner_names_people_and_gates_as_typed(duty):
    forms = {"att_correct": True, f"att_standin_{duty['shift_now']}": True}
    for lang in ("zh", "en"):
        at = run("attendance.py", ADMIN, lang, **forms)
        assert_shown_as_data(at, f"attendance {lang}")
        texts = shown(at)
        assert NORTH in texts or "North" + HOSTILE in texts, "the hostile gate's heading"
        assert sum(HOSTILE in s for s in texts) >= 10, "each person's line names them"
        assert any(HOSTILE in o for s in at.selectbox for o in s.options), "stand-ins and corrections: plain options"


def test_todays_duty_for_a_gate_lead_names_their_crew_as_typed(duty):
    at = run("attendance.py", GATE_LEAD, "zh", **{f"att_standin_{duty['shift_now']}": True})
    assert_shown_as_data(at, "attendance gate lead")
    assert [unescape(s.value) for s in at.subheader] == [NORTH]
    assert sum(HOSTILE in s for s in shown(at)) >= 3


@pytest.mark.parametrize("user", [ADMIN, LEADER], ids=["admin", "leader"])
def test_the_overviews_no_shows_and_on_duty_figures_name_people_and_gates_as_typed(duty, user):
    at = run("overview.py", user, "zh")
    assert_shown_as_data(at, "overview")
    red, blue = ([unescape(e.value) for e in box] for box in (at.error, at.info))
    assert any(HOSTILE in e and "08:00–16:00" in e for e in red), "a no-show now, named"
    assert any(HOSTILE in i and "16:00–00:00" in i for i in blue), "the stand-in and whom they covered, named"
    assert NORTH in [unescape(m.label) for m in at.metric], "在岗 per gate"


def test_the_rosters_no_show_list_replacements_and_hours_name_people_as_typed(duty):
    at = run("roster.py", ADMIN, "zh", roster_view=t("roster.view.week", "zh"))
    assert_shown_as_data(at, "roster week")
    red = "".join(unescape(e.value) for e in at.error)
    assert HOSTILE in red and "2月18日 周二 00:00–08:00" in red, "no-shows now and yesterday's nobody covered, named"
    assert any(HOSTILE in unescape(i.value) for i in at.info), "the stand-in and whom they covered, named"
    at = run("roster.py", ADMIN, "zh", roster_view=t("roster.view.replace", "zh"))
    assert_shown_as_data(at, "roster replacements")
    assert any(HOSTILE in unescape(b.label) for b in at.button), "a stand-in's button names them, escaped"
    at = run("roster.py", LEADER, "en", roster_view=t("roster.view.replace", "en"))
    assert_shown_as_data(at, "roster replacements, read only")
    assert any(HOSTILE in unescape(c.value) for c in at.caption), "the best stand-ins, named for a reader"
    at = run("roster.py", ADMIN, "zh", roster_view=t("att.page.hours_tab", "zh"))
    assert_shown_as_data(at, "roster hours")
    assert any(HOSTILE in name for name in at.dataframe[0].value.iloc[:, 0].astype(str))
    assert HOSTILE in at.text[0].value, "the statement is plain text"


@pytest.mark.parametrize("printed", [False, True], ids=["screen", "print"])
def test_the_brief_names_people_gates_and_the_compound_as_typed(duty, printed):
    for lang in ("zh", "en"):
        at = run("brief.py", LEADER, lang, brief_print=printed)
        assert_shown_as_data(at, f"brief {lang} {'print' if printed else 'screen'}")
        texts = shown(at)
        assert any(HOSTILE in s for s in texts if s.startswith("- ")), "a gap naming the sick person, as typed"
        if printed:
            assert any(HOSTILE in s for s in texts if "00:00–08:00" in s), "tomorrow's crews, by name"
        else:
            assert any(HOSTILE in str(v) for v in at.dataframe[0].value.to_numpy().ravel()), "tomorrow's crews"
