"""The case log (#16): a daily row entered and corrected (with a reason, audited before and after), days without a
new case derived as the overview does; on both backends."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coordpanel import overview
from coordpanel.core.auth import User
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.services import cases

NOW = dt.datetime(2020, 2, 19, 8, 0)
TODAY = NOW.date()
PLANNER = User(2, "planner", "planner")
LEADER = User(1, "leader", "leader")


@pytest.fixture
def fresh(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def shared(backend_demo_shared):
    return backend_demo_shared


def state(db) -> tuple:
    return db.rows("cases/trend", compound_id=1, until=dt.date(2030, 1, 1)), db.scalar("audit/latest_id")


def test_four_days_without_a_new_case_on_the_demo_as_the_overview_says(shared):
    days = cases.days_without_new_case(shared, 1, NOW)
    assert days["days"] == 4 and days["last_report"] == dt.date(2020, 2, 18)
    assert days == overview.figures.load(shared, 1, NOW).days_without_case


def test_the_trend_holds_every_day_with_the_new_columns(shared):
    trend = cases.trend(shared, LEADER, 1)
    assert trend["report_date"].iloc[0] == dt.date(2020, 1, 25) and trend["report_date"].iloc[-1] == dt.date(2020, 2, 18)
    assert list(trend.columns) == ["report_date", "new_cases", "new_suspected", "close_contacts", "hospitalised",
                                   "central_quarantine", "awaiting_placement", "total_cases", "note"]
    assert (trend["new_suspected"] == 0).all() and trend["total_cases"].iloc[-1] == trend["new_cases"].sum()


def test_entering_today_s_row_carries_the_placed_counts_on_and_a_new_case_resets_the_count(fresh):
    cases.enter(fresh, PLANNER, 1, TODAY, new_cases=1, new_suspected="2", close_contacts=7, note="3栋 1 例", now=NOW)
    row = fresh.records("cases/report", compound_id=1, day=TODAY)[0]
    yesterday = fresh.records("cases/report", compound_id=1, day=TODAY - dt.timedelta(days=1))[0]
    assert (row["new_cases"], row["new_suspected"], row["close_contacts"], row["note"]) == (1, 2, 7, "3栋 1 例")
    assert row["hospitalised"] == yesterday["hospitalised"]
    tomorrow = NOW + dt.timedelta(days=1)
    assert cases.days_without_new_case(fresh, 1, tomorrow)["days"] == 0


def test_a_correction_needs_a_reason_and_is_audited_before_and_after(fresh):
    day = dt.date(2020, 2, 18)
    before = state(fresh)
    with pytest.raises(Refused) as exc:
        cases.correct(fresh, PLANNER, 1, day, " ", new_suspected=1)
    assert exc.value.key == "svc.required" and "原因" in exc.value.message("zh")
    with pytest.raises(Refused, match="svc.no_change"):
        cases.correct(fresh, PLANNER, 1, day, "重复", new_cases=0)
    with pytest.raises(Refused, match="svc.case_missing"):
        cases.correct(fresh, PLANNER, 1, dt.date(2019, 1, 1), "补录", new_cases=1)
    assert state(fresh) == before
    after = cases.correct(fresh, PLANNER, 1, day, "街道复核后补报", new_suspected=1, close_contacts="5")
    assert (after["new_suspected"], after["close_contacts"]) == (1, 5)
    cur = fresh.cursor()
    cur.execute("SELECT action, before, after FROM audit_log WHERE table_name = 'case_report' ORDER BY id DESC LIMIT 1")
    action, old, new = cur.fetchone()
    assert action == "correct case report"
    assert json.loads(old)["new_suspected"] == 0 and json.loads(new)["new_suspected"] == 1
    assert json.loads(new)["reason"] == "街道复核后补报"
    assert cases.days_without_new_case(fresh, 1, NOW)["days"] == 4  # suspected cases do not break the count


@pytest.mark.parametrize(("day", "changes", "key"), [
    (TODAY, {"new_cases": -1}, "svc.bad_count"),
    (TODAY, {"new_suspected": "1.5"}, "svc.bad_count"),
    (TODAY, {"close_contacts": None}, "svc.required"),
    (TODAY, {"note": "x" * 1001}, "svc.too_long"),
    (TODAY + dt.timedelta(days=1), {}, "svc.future_date"),
    (dt.date(2020, 2, 18), {}, "svc.case_exists"),
    ("2020-02-31", {}, "svc.bad_date"),
])
def test_bad_entries_are_refused_naming_the_field_and_change_nothing(shared, day, changes, key):
    values = {"new_cases": 0, "new_suspected": 0, "close_contacts": 0, **changes}
    before = state(shared)
    with pytest.raises(Refused) as exc:
        cases.enter(shared, PLANNER, 1, day, now=NOW, **values)
    assert exc.value.key == key
    assert "{" not in exc.value.message("zh") and "{" not in exc.value.message("en")
    assert state(shared) == before


def test_leaders_read_the_log_but_cannot_enter_or_correct(shared):
    with pytest.raises(PermissionDenied):
        cases.enter(shared, LEADER, 1, TODAY, new_cases=0, new_suspected=0, close_contacts=0, now=NOW)
    with pytest.raises(PermissionDenied):
        cases.correct(shared, LEADER, 1, dt.date(2020, 2, 18), "x", new_cases=1)


def test_phone_numbers_in_notes_are_masked_for_leaders(fresh):
    cases.enter(fresh, PLANNER, 1, TODAY, new_cases=0, new_suspected=1, close_contacts=0, note="联系 13900001234", now=NOW)
    until = TODAY
    assert cases.trend(fresh, LEADER, 1, until)["note"].iloc[-1] == "联系 139****1234"
    assert cases.trend(fresh, PLANNER, 1, until)["note"].iloc[-1] == "联系 13900001234"
