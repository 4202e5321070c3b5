"""Resident requests (#16): intake, assignment, bulk actions, refusals that change nothing, board, purchase list and
figures; on both backends (the demo in memory and in PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from coordpanel import overview
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.services import requests

NOW = dt.datetime(2020, 2, 19, 8, 0)  # the demo's today
PLANNER = User(2, "planner", "planner")
LEADER = User(1, "leader", "leader")
B3 = 3  # 3栋's id in the demo


@pytest.fixture
def fresh(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def shared(backend_demo_shared):
    return backend_demo_shared


def state(db) -> tuple:
    """What a refused write must leave as it was: every request and the audit log's length."""
    return (db.rows("requests/board", compound_id=1), db.scalar("audit/latest_id"))


def audit(db, rid: int) -> list[tuple]:
    """(action, before, after) of a request's audit entries, oldest first."""
    cur = db.cursor()
    cur.execute("SELECT action, before, after FROM audit_log WHERE table_name = 'resident_request' AND row_key = $k "
                "ORDER BY id", {"k": str(rid)})
    return cur.fetchall()


def person_in(db, group: str, *, building: int | None = None, status: str = "active") -> int:
    rows = [p for p in db.records("people/list", compound_id=1) if p["group_code"] == group and p["status"] == status]
    if building is not None:
        serving = {r["person_id"] for r in db.records("coverage/assignments", compound_id=1) if r["building_id"] == building}
        rows = [p for p in rows if p["id"] in serving]
    return rows[0]["id"]


def intake(db, **changes) -> int:
    values = {"building_id": B3, "unit": "2单元1203", "contact": "139 0000 1234", "kind": "groceries",
              "urgency": "normal", "needed": "大米 5 公斤", "due_at": NOW + dt.timedelta(hours=24), "now": NOW}
    return requests.create(db, PLANNER, 1, **{**values, **changes})


def test_intake_assign_and_done_are_audited_with_before_and_after(fresh):
    rid = intake(fresh)
    row = fresh.records("requests/get", id=rid)[0]
    assert (row["status"], row["contact_phone"], row["unit"], row["urgency"]) == ("new", "13900001234", "2单元1203", "normal")
    buyer = person_in(fresh, "purchasing")
    requests.assign(fresh, PLANNER, 1, rid, buyer)
    assert fresh.records("requests/get", id=rid)[0]["status"] == "in_progress"
    requests.done(fresh, PLANNER, 1, rid, now=NOW + dt.timedelta(hours=3))
    row = fresh.records("requests/get", id=rid)[0]
    assert (row["status"], row["assignee_id"], row["done_at"]) == ("done", buyer, NOW + dt.timedelta(hours=3))
    entries = audit(fresh, rid)
    assert [e[0] for e in entries] == ["create request", "assign request", "request done"]
    assert '"in_progress"' in entries[2][1] and '"done"' in entries[2][2]  # before and after

def test_fail_needs_a_reason_and_keeps_it(fresh):
    rid = intake(fresh)
    before = state(fresh)
    for reason in (None, "", "   "):
        with pytest.raises(Refused) as exc:
            requests.fail(fresh, PLANNER, 1, rid, reason, now=NOW)
        assert exc.value.key == "svc.required" and "原因" in exc.value.message("zh") and "Reason" in exc.value.message("en")
    assert state(fresh) == before
    requests.fail(fresh, PLANNER, 1, rid, "药店无此药", now=NOW)
    row = fresh.records("requests/get", id=rid)[0]
    assert (row["status"], row["fail_reason"], row["done_at"]) == ("failed", "药店无此药", NOW)
    with pytest.raises(Refused, match="svc.request_closed"):
        requests.assign(fresh, PLANNER, 1, rid, person_in(fresh, "purchasing"))


@pytest.mark.parametrize("group", ["gate", "checkpoint", "housekeeper"])
def test_only_purchasing_or_emergency_volunteers_take_requests(fresh, group):
    rid = intake(fresh)
    before = state(fresh)
    with pytest.raises(Refused) as exc:
        requests.assign(fresh, PLANNER, 1, rid, person_in(fresh, group))
    assert exc.value.key == "svc.not_service_volunteer"
    assert "生活物质采购组" in exc.value.message("zh")
    assert state(fresh) == before


def test_an_inactive_or_unknown_assignee_is_refused(fresh):
    rid = intake(fresh)
    buyer = person_in(fresh, "purchasing")
    with fresh.transaction("test", "make sick", 1) as tx:
        tx.run("people/set_status", id=buyer, status="sick", since=dt.date(2020, 2, 18), note=None)
    before = state(fresh)
    with pytest.raises(Refused) as exc:
        requests.assign(fresh, PLANNER, 1, rid, buyer)
    assert exc.value.key == "svc.assignee_inactive" and "生病" in exc.value.message("zh")
    with pytest.raises(Refused, match="svc.unknown_person"):
        requests.assign(fresh, PLANNER, 1, rid, 999999)
    with pytest.raises(Refused, match="svc.unknown_request"):
        requests.assign(fresh, PLANNER, 1, 999999, person_in(fresh, "emergency"))
    assert state(fresh) == before


@pytest.mark.parametrize(("field", "value", "key"), [
    ("building_id", 999, "svc.unknown_building"),
    ("contact", "12345", "svc.bad_phone"),
    ("contact", "", "svc.required"),
    ("kind", "taxi", "svc.bad_choice"),
    ("urgency", "", "svc.required"),
    ("needed", "  ", "svc.required"),
    ("needed", "米" * 1001, "svc.too_long"),
    ("due_at", "tomorrow", "svc.bad_time"),
    ("due_at", NOW - dt.timedelta(hours=1), "svc.due_before_created"),
])
def test_bad_intake_is_refused_naming_the_field_and_changes_nothing(shared, field, value, key):
    before = state(shared)
    with pytest.raises(Refused) as exc:
        intake(shared, **{field: value})
    assert exc.value.key == key
    assert "{" not in exc.value.message("zh") and "{" not in exc.value.message("en")
    assert state(shared) == before


def test_leaders_read_but_do_not_change(shared):
    with pytest.raises(PermissionDenied):
        requests.create(shared, LEADER, 1, building_id=B3, unit=None, contact="13900001234",
                                                       kind="other", urgency="normal", needed="x", now=NOW)
    assert len(requests.board(shared, LEADER, 1, NOW)) == 48


def test_contacts_are_masked_for_leaders_and_shown_to_planners(shared):
    shown = requests.board(shared, PLANNER, 1, NOW)
    masked = requests.board(shared, LEADER, 1, NOW)
    assert shown["contact_phone"].str.fullmatch(r"1\d{10}").all()
    assert masked["contact_phone"].str.fullmatch(r"1\d\d\*{4}\d{4}").all()
    rid = int(shown.iloc[0]["id"])
    proposals = requests.propose_assignees(shared, LEADER, 1, rid)
    assert proposals["phone"].str.contains(r"\*{4}").all()


def test_the_board_puts_new_first_then_overdue_first(shared):
    board = requests.board(shared, PLANNER, 1, NOW)
    order = {s: i for i, s in enumerate(requests.STATUSES)}
    assert board["status"].map(order).is_monotonic_increasing
    for _, rows in board.groupby("status", sort=False):
        flags = rows["overdue"].tolist()
        assert flags == sorted(flags, reverse=True)
    assert board["overdue"].sum() == 3
    assert not board.loc[~board["status"].isin(requests.OPEN), "overdue"].any()


def test_proposals_put_those_serving_the_building_first(shared):
    board = requests.board(shared, PLANNER, 1, NOW)
    rid = int(board.iloc[0]["id"])
    building = int(board.iloc[0]["building_id"])
    proposals = requests.propose_assignees(shared, PLANNER, 1, rid)
    serving = {r["person_id"] for r in shared.records("coverage/assignments", compound_id=1) if r["building_id"] == building}
    assert set(proposals["group_code"]) == {"purchasing", "emergency"}
    flags = proposals["serves_building"].tolist()
    assert flags == sorted(flags, reverse=True) and flags[0]
    assert {p for p, s in zip(proposals["person_id"], flags, strict=True) if s} == {
        p for p in proposals["person_id"] if p in serving}


def test_bulk_assign_a_building_s_groceries_then_mark_them_done_at_once(fresh):
    ids = [intake(fresh, needed=f"蔬菜 {i} 份") for i in range(3)]
    medicine = intake(fresh, kind="medicine", needed="降压药")
    buyer = person_in(fresh, "purchasing", building=B3)
    assert requests.assign_building_groceries(fresh, PLANNER, 1, B3, buyer) >= 3
    rows = {r["id"]: r for r in fresh.records("requests/board", compound_id=1)}
    assert all(rows[i]["status"] == "in_progress" and rows[i]["assignee_id"] == buyer for i in ids)
    assert rows[medicine]["status"] == "new"
    before = state(fresh)
    with pytest.raises(Refused, match="svc.request_not_in_progress"):  # one of the list is not in progress: none done
        requests.done_many(fresh, PLANNER, 1, [*ids, medicine], now=NOW)
    assert state(fresh) == before
    assert requests.done_many(fresh, PLANNER, 1, ids, now=NOW + dt.timedelta(hours=2)) == 3
    assert {r["status"] for r in fresh.records("requests/board", compound_id=1) if r["id"] in ids} == {"done"}
    with pytest.raises(Refused, match="svc.required"):
        requests.done_many(fresh, PLANNER, 1, [], now=NOW)


def test_bulk_assign_refuses_someone_not_of_the_service_groups_and_changes_nothing(fresh):
    intake(fresh)
    before = state(fresh)
    with pytest.raises(Refused, match="svc.not_service_volunteer"):
        requests.assign_building_groceries(fresh, PLANNER, 1, B3, person_in(fresh, "gate"))
    assert state(fresh) == before


def test_figures_on_the_demo(shared):
    f = requests.figures(shared, 1, NOW)
    board = requests.board(shared, PLANNER, 1, NOW)
    assert f.open == int(board["status"].isin(requests.OPEN).sum()) == 6
    assert f.overdue == 3
    assert f.done_today == 0
    done = board[board["status"] == "done"]
    recent = done[done["done_at"] > NOW - dt.timedelta(days=7)]
    assert f.median_hours_to_done == round(((recent["done_at"] - recent["created_at"]).dt.total_seconds() / 3600).median(), 1)
    assert len(f.by_building) == 14 and f.by_building["open"].sum() == f.open
    assert f.by_building["overdue"].sum() == f.overdue


def test_done_today_and_median_follow_a_request_done_now(fresh):
    rid = intake(fresh)
    requests.assign(fresh, PLANNER, 1, rid, person_in(fresh, "purchasing"))
    requests.done(fresh, PLANNER, 1, rid, now=NOW + dt.timedelta(hours=1))
    f = requests.figures(fresh, 1, NOW + dt.timedelta(hours=2))
    assert f.done_today == 1
    assert f.by_building.set_index("building").loc["3栋", "done_today"] == 1


def test_the_purchase_list_groups_by_building_and_item_and_exports_text_as_text(fresh):
    for _ in range(2):
        intake(fresh, needed="=HYPERLINK(\"http://x\")")
    listing = requests.purchase_list(fresh, PLANNER, 1, NOW.date())
    assert set(listing["kind"]) <= {"groceries", "medicine"}
    row = listing[(listing["building"] == "3栋") & (listing["item"] == "=HYPERLINK(\"http://x\")")]
    assert row["requests"].tolist() == [2]
    assert row["units"].tolist() == ["2单元1203, 2单元1203"]
    data = requests.purchase_xlsx(listing, "zh", NOW.date())
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "采购清单（2020-02-19）" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_the_cli_user_may_do_everything(fresh):
    rid = requests.create(fresh, CLI_USER, 1, building_id=B3, unit=None, contact="027-8765 4321", kind="escort",
                          urgency="urgent", needed="透析陪同", now=NOW)
    assert fresh.records("requests/get", id=rid)[0]["contact_phone"] == "027-87654321"


def test_the_overview_counts_requests_in_the_new_statuses(fresh):
    """The overview reads the services' figures: new and in-progress requests are open, failed ones are not."""
    o = overview.figures.load(fresh, 1, NOW)
    assert o.open_requests == requests.figures(fresh, 1, NOW).open == 6
    board = requests.board(fresh, PLANNER, 1, NOW)
    assert o.open_requests == board["status"].isin(["new", "in_progress"]).sum()
    assert o.requests.overdue == requests.figures(fresh, 1, NOW).overdue
    requests.fail(fresh, PLANNER, 1, int(board.iloc[0]["id"]), "联系不上", now=NOW)
    assert overview.figures.load(fresh, 1, NOW).open_requests == 5


def test_the_gate_lead_sees_none_of_it(shared):
    from coordpanel.services import cases, supplies

    gate_lead = User(9, "gatelead", "gatelead")
    for read in (lambda: requests.board(shared, gate_lead, 1, NOW), lambda: supplies.movements(shared, gate_lead, 1),
                 lambda: cases.trend(shared, gate_lead, 1), lambda: requests.purchase_list(shared, gate_lead, 1, NOW),
                 lambda: requests.propose_assignees(shared, gate_lead, 1, 1)):
        with pytest.raises(PermissionDenied):
            read()
    with pytest.raises(PermissionDenied):
        requests.fail(shared, gate_lead, 1, 1, "x", now=NOW)


def test_figures_for_a_past_moment_count_requests_closed_since_as_open(fresh):
    """A request is open at a moment when it was made by then and not yet closed: one done or failed later still
    counts as open (and overdue, past its due time) for that moment, whatever its status now."""
    done_id, failed_id = intake(fresh), intake(fresh, due_at=NOW + dt.timedelta(hours=2))
    requests.assign(fresh, PLANNER, 1, done_id, person_in(fresh, "purchasing"))
    before = requests.figures(fresh, 1, NOW + dt.timedelta(hours=3))
    requests.done(fresh, PLANNER, 1, done_id, now=NOW + dt.timedelta(hours=5))
    requests.fail(fresh, PLANNER, 1, failed_id, "药店无货", now=NOW + dt.timedelta(hours=6))
    past = requests.figures(fresh, 1, NOW + dt.timedelta(hours=3))
    assert (past.open, past.overdue) == (before.open, before.overdue)
    assert past.by_building.set_index("building").loc["3栋", "open"] >= 2
    later = requests.figures(fresh, 1, NOW + dt.timedelta(hours=7))
    assert later.open == past.open - 2 and later.done_today == past.done_today + 1
