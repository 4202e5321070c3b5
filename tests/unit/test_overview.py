"""What the overview puts first: gaps become attention items, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel import overview, people
from coordpanel.core import clock
from coordpanel.core.auth import User


# every test of this module runs on both backends: the demo in memory (DuckDB) and in PostgreSQL (tests/conftest.py)
@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


def test_the_demo_needs_attention_only_for_overdue_requests_and_supplies_and_tells_of_a_covered_no_show(demo_db):
    items = overview.figures.attention(overview.figures.load(demo_db, 1), "zh")
    assert [level for level, _ in items] == ["warning", "warning", "warning", "info"]
    assert "件居民诉求已超时" in items[0][1]
    assert "消毒用喷雾器" in items[1][1] and "面条" in items[2][1]
    assert "未到岗 1 人次，已有人顶岗" in items[3][1]


def test_sick_volunteers_and_gate_staff_show_up_first(fresh_demo):
    cur = fresh_demo.cursor()
    # every volunteer serving 3栋 falls sick; so does one gate-shift member from Thursday
    cur.execute("""UPDATE person SET status = 'sick', status_since = DATE '2020-02-19', status_note = '发热'
                   WHERE tier = 'volunteer' AND id IN (SELECT person_id FROM building_assignment a JOIN building b
                   ON b.id = a.building_id WHERE b.code = '3栋')""")
    guard = cur.execute("""SELECT a.person_id FROM shift_assignment a JOIN gate_shift s ON s.id = a.shift_id
                           JOIN person p ON p.id = a.person_id
                           WHERE s.starts_at >= TIMESTAMP '2020-02-20 00:00' AND p.tier = 'volunteer'
                           AND p.status = 'active' ORDER BY a.person_id LIMIT 1""").fetchone()[0]  # not one of 3栋's
    cur.execute("UPDATE person SET status = 'quarantined', status_since = DATE '2020-02-20' WHERE id = $id", {"id": guard})
    data = overview.figures.load(fresh_demo, 1)
    assert data.covered == 13
    assert data.gaps["code"].tolist() == ["3栋"]
    items = overview.figures.attention(data, "zh", limit=50)
    errors = [m for level, m in items if level == "error"]
    assert errors[0].startswith("3栋：部分覆盖，缺少 志愿者")
    assert any("到岗" in m for m in errors)
    assert items.index(next(i for i in items if i[0] == "warning")) == len(errors)  # errors before warnings
    english = overview.figures.attention(data, "en", limit=50)
    assert english[0][1].startswith("3栋: partly covered, missing Volunteers")


def test_the_attention_list_is_capped_with_a_count_of_the_rest(fresh_demo):
    fresh_demo.cursor().execute("UPDATE person SET status = 'sick', status_since = DATE '2020-02-01' WHERE tier = 'volunteer'")
    items = overview.figures.attention(overview.figures.load(fresh_demo, 1), "zh", limit=6)
    flagged = [message for level, message in items if level != "info"]  # what a leader is told after the cap
    assert len(flagged) == 7
    assert flagged[-1].startswith("另有")
    assert [level for level, _ in items][-1] == "info"


def test_view_has_the_figures_a_leader_reads(demo_db):
    view = overview.figures.view(overview.figures.load(demo_db, 1), "zh")
    metrics = {m.label: m.value for m in view.metrics}
    assert metrics["连续无新增病例"] == "4 天"
    assert metrics["三级全覆盖楼栋"] == "14 / 14"
    assert metrics["户数"] == "3,126" and metrics["居民"] == "8,214"
    assert metrics["今日门岗到岗"] == "18 / 18" and metrics["本周门岗到岗"] == "126 / 126"
    assert metrics["低于下限的物资"] == "1"
    assert any("29" in line and "5" in line and "24" in line for line in view.facts)
    assert any("6,393" in line and "19" in line for line in view.facts)


def test_today_falls_back_to_the_real_date_without_as_of(db):
    now = clock.today(db)
    assert abs(now - dt.datetime.now()) < dt.timedelta(days=1)


def test_people_per_tier_read_in_one_line_and_count_who_is_off(fresh_demo):
    assert overview.figures.view(overview.figures.load(fresh_demo, 1), "zh").tiers == "社区网格员 6 · 物业 24 · 志愿者 43 · 下沉党员 29 · 党员 53"
    volunteer = fresh_demo.cursor().execute("SELECT min(id) FROM person WHERE tier = 'volunteer'").fetchone()[0]
    people.status.set_status(fresh_demo, User(2, "planner", "planner"), volunteer, "quarantined", dt.date(2020, 2, 19), None)
    assert "Volunteers 42/43" in overview.figures.view(overview.figures.load(fresh_demo, 1), "en").tiers
