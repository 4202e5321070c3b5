"""Resident requests (居民诉求): intake, assignment to a volunteer, progress, the board, the purchase list, figures.

A request is new (待分派) until assigned, then in progress (办理中) until done (已完成) or found impossible
(无法办理, with the reason): assigning is starting, as a request stops waiting for someone once it has one. Planners and admins change requests; every change is one audited transaction."""


from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from coordpanel.core import auth, clock, exports
from coordpanel.core.auth import User
from coordpanel.core.busy import retried
from coordpanel.core.db import Database, Transaction
from coordpanel.core.errors import Localised, Refused, Term
from coordpanel.core.i18n import t
from coordpanel.core.redact import mask_phones_in
from coordpanel.services import fields

KINDS = ("groceries", "medicine", "escort", "other")
URGENCIES = ("normal", "urgent")
STATUSES = ("new", "in_progress", "done", "failed")
OPEN = ("new", "in_progress")
ASSIGNEE_GROUPS = ("purchasing", "emergency")  # 生活物质采购组, 应急组
PURCHASED = ("groceries", "medicine")  # what a buyer goes to the shop for
READ_RIGHT = "read"  # leaders, planners and admins read
EDIT_RIGHT = "edit_roster"  # planners and admins change (the right the planners' other edits need)
MAX_BATCH = 500  # requests in one bulk action


def _status(code: str) -> Term:
    return Term(f"svc.status.{code}")


def _load(tx: Transaction, request_id: int) -> dict:
    rows = tx.records("requests/get", id=request_id)
    if not rows:
        raise Refused("svc.unknown_request", id=request_id)
    return rows[0]


def _snapshot(row: dict) -> dict:
    return {k: row[k] for k in ("status", "assignee_id", "done_at", "fail_reason")}


def _set(tx: Transaction, row: dict, **changes) -> None:
    """Write a request's new state and record it, before and after."""
    after = {**_snapshot(row), **changes}
    tx.run("requests/set_state", id=row["id"], **after)
    tx.record("resident_request", row["id"], _snapshot(row), after)


def _now(db: Database, now: dt.datetime | None) -> dt.datetime:
    """The moment of a change: the dataset's today (the demo's fixed "as of", else the real time), as every page uses."""
    return fields.moment(now, "time") if now is not None else clock.today(db)


@retried
def create(db: Database, user: User, compound_id: int, *, building_id, unit, contact, kind, urgency, needed,
           due_at=None, now: dt.datetime | None = None) -> int:
    """Intake: a new request (待分派) of a building of the compound; returns its id."""
    auth.require(user, EDIT_RIGHT, db)
    values = {
        "building_id": fields.identifier(building_id, "building"),
        "unit": fields.text(unit, "unit", required=False),
        "contact_phone": fields.phone(contact),
        "kind": fields.choice(kind, "kind", KINDS),
        "urgency": fields.choice(urgency, "urgency", URGENCIES),
        "description": fields.text(needed, "needed", limit=fields.MAX_LONG),
        "created_at": _now(db, now),
        "due_at": fields.moment(due_at, "due", required=False),
    }
    if values["due_at"] is not None and values["due_at"] < values["created_at"]:
        raise Refused("svc.due_before_created", field=fields.field("due"), created=f"{values['created_at']:%Y-%m-%d %H:%M}")
    with db.transaction(user.username, "create request", compound_id) as tx:
        building = [b for b in tx.records("buildings/list", compound_id=compound_id) if b["id"] == values["building_id"]]
        if not building:
            raise Refused("svc.unknown_building", field=fields.field("building"), value=values["building_id"])
        request_id = tx.run("requests/insert", **values)[0][0]
        tx.record("resident_request", request_id, None, {**values, "status": "new"})
    return int(request_id)


def _check_assignee(tx: Transaction, compound_id: int, person_id) -> dict:
    pid = fields.identifier(person_id, "assignee")
    rows = tx.records("requests/person", person_id=pid)
    if not rows or rows[0]["compound_id"] != compound_id:
        raise Refused("svc.unknown_person", field=fields.field("assignee"), id=pid)
    person = rows[0]
    if person["tier"] != "volunteer" or person["group_code"] not in ASSIGNEE_GROUPS:
        group = Localised(person["group_zh"], person["group_en"]) if person["group_zh"] else "—"
        raise Refused("svc.not_service_volunteer", name=person["name"], group=group)
    if person["status"] != "active":
        raise Refused("svc.assignee_inactive", name=person["name"], status=Term(f"person.{person['status']}"))
    return person


def _assign_in(tx: Transaction, compound_id: int, request_id: int, person: dict) -> None:
    row = _load(tx, request_id)
    if row["compound_id"] != compound_id:
        raise Refused("svc.unknown_request", id=request_id)
    if row["status"] not in OPEN:
        raise Refused("svc.request_closed", id=request_id, status=_status(row["status"]))
    _set(tx, row, status="in_progress", assignee_id=person["id"])


@retried
def assign(db: Database, user: User, compound_id: int, request_id, person_id) -> None:
    """Give a new or in-progress request to an active volunteer of 生活物质采购组 or 应急组; it is then in progress."""
    auth.require(user, EDIT_RIGHT, db)
    rid = fields.identifier(request_id, "request")
    with db.transaction(user.username, "assign request", compound_id) as tx:
        _assign_in(tx, compound_id, rid, _check_assignee(tx, compound_id, person_id))


@retried
def assign_building_groceries(db: Database, user: User, compound_id: int, building_id, person_id) -> int:
    """Bulk: every grocery request of the building still waiting (待分派) to one buyer; returns how many."""
    auth.require(user, EDIT_RIGHT, db)
    bid = fields.identifier(building_id, "building")
    with db.transaction(user.username, "assign building groceries", compound_id) as tx:
        if bid not in {b["id"] for b in tx.records("buildings/list", compound_id=compound_id)}:
            raise Refused("svc.unknown_building", field=fields.field("building"), value=bid)
        person = _check_assignee(tx, compound_id, person_id)
        ids = [r[0] for r in tx.run("requests/new_groceries", building_id=bid)]
        for rid in ids:
            _assign_in(tx, compound_id, rid, person)
    return len(ids)


def _closing(db: Database, user: User, request_id, now) -> tuple[int, dt.datetime]:
    auth.require(user, EDIT_RIGHT, db)
    return fields.identifier(request_id, "request"), _now(db, now)


def _done_in(tx: Transaction, compound_id: int, rid: int, at: dt.datetime) -> None:
    row = _load(tx, rid)
    if row["compound_id"] != compound_id:
        raise Refused("svc.unknown_request", id=rid)
    if row["status"] != "in_progress":
        raise Refused("svc.request_not_in_progress", id=rid, status=_status(row["status"]))
    _set(tx, row, status="done", done_at=max(at, row["created_at"]))


@retried
def done(db: Database, user: User, compound_id: int, request_id, now: dt.datetime | None = None) -> None:
    """An in-progress request done (已完成) now."""
    rid, at = _closing(db, user, request_id, now)
    with db.transaction(user.username, "request done", compound_id) as tx:
        _done_in(tx, compound_id, rid, at)


@retried
def done_many(db: Database, user: User, compound_id: int, request_ids: Iterable, now: dt.datetime | None = None) -> int:
    """Bulk: a list of in-progress requests done, all or none; returns how many."""
    auth.require(user, EDIT_RIGHT, db)
    ids = list(dict.fromkeys(fields.identifier(r, "request") for r in (request_ids or [])))
    if not ids:
        raise Refused("svc.required", field=fields.field("requests"))
    if len(ids) > MAX_BATCH:
        raise Refused("svc.too_many", field=fields.field("requests"), limit=MAX_BATCH)
    at = _now(db, now)
    with db.transaction(user.username, "requests done", compound_id) as tx:
        for rid in ids:
            _done_in(tx, compound_id, rid, at)
    return len(ids)


@retried
def fail(db: Database, user: User, compound_id: int, request_id, reason, now: dt.datetime | None = None) -> None:
    """A new or in-progress request that cannot be done (无法办理), with the reason why."""
    rid, at = _closing(db, user, request_id, now)
    why = fields.text(reason, "reason", limit=fields.MAX_LONG)
    with db.transaction(user.username, "request failed", compound_id) as tx:
        row = _load(tx, rid)
        if row["compound_id"] != compound_id:
            raise Refused("svc.unknown_request", id=rid)
        if row["status"] not in OPEN:
            raise Refused("svc.request_closed", id=rid, status=_status(row["status"]))
        _set(tx, row, status="failed", done_at=max(at, row["created_at"]), fail_reason=why)


# --- reads: the board, who could take a request, the purchase list, the figures --------------------------------------
def _shown(frame: pd.DataFrame, user: User) -> pd.DataFrame:
    """Contacts masked, and phone numbers inside free text, for a user who may not see phone numbers."""
    if user.can("see_phones"):
        return frame
    out = frame.copy()
    for column in ("contact_phone", "phone"):
        if column in out:
            out[column] = out[column].map(lambda p: auth.mask_phone(p) if isinstance(p, str) else p)
    for column in ("description", "fail_reason", "unit", "item", "units"):
        if column in out:
            out[column] = out[column].map(mask_phones_in)
    return out


def board(db: Database, user: User, compound_id: int, now: dt.datetime | None = None) -> pd.DataFrame:
    """Every request of the compound, by status (new, in progress, done, failed), overdue first within a status,
    then the earliest due; with `overdue` (open and past its due time). Contacts masked without see_phones."""
    auth.require(user, READ_RIGHT, db)
    now = now or clock.today(db)
    frame = db.df("requests/board", compound_id=compound_id)
    frame["overdue"] = frame["status"].isin(OPEN) & frame["due_at"].notna() & (frame["due_at"] < now)
    frame["status_order"] = frame["status"].map({s: i for i, s in enumerate(STATUSES)})
    frame["urgent"] = frame["urgency"] == "urgent"
    frame = frame.sort_values(["status_order", "overdue", "urgent", "due_at", "created_at", "id"],
                              ascending=[True, False, False, True, True, True], na_position="last")
    return _shown(frame.drop(columns=["status_order", "urgent"]).reset_index(drop=True), user)


def propose_assignees(db: Database, user: User, compound_id: int, request_id) -> pd.DataFrame:
    """Who could take the request: active volunteers of 生活物质采购组 and 应急组, those serving its building first
    (building_assignment), then the fewest requests in progress. Columns: person_id, name, group_code, group_zh,
    group_en, phone (masked without see_phones), serves_building, in_progress."""
    auth.require(user, READ_RIGHT, db)
    rid = fields.identifier(request_id, "request")
    rows = db.records("requests/get", id=rid)
    if not rows or rows[0]["compound_id"] != compound_id:
        raise Refused("svc.unknown_request", id=rid)
    frame = db.df("requests/assignees", compound_id=compound_id, building_id=rows[0]["building_id"])
    return _shown(frame, user)


def purchase_list(db: Database, user: User, compound_id: int, day: dt.date) -> pd.DataFrame:
    """What the buyers get on `day`: open grocery and medicine requests made by its end, grouped by building and item.
    Columns: building, kind, item, requests, units, first_due, request_ids."""
    auth.require(user, READ_RIGHT, db)
    when = fields.day(day)
    frame = db.df("requests/purchase_list", compound_id=compound_id,
                  until=dt.datetime.combine(when + dt.timedelta(days=1), dt.time()))
    return _shown(frame.drop(columns=["building_order"]), user)


def purchase_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The purchase list with translated headers and kinds, as printed and exported."""
    table = frame[["building", "kind", "item", "requests", "units", "first_due"]].copy()
    table["kind"] = table["kind"].map(lambda k: t(f"svc.kind.{k}", lang))
    table["first_due"] = table["first_due"].map(lambda d: "" if pd.isna(d) else f"{d:%m-%d %H:%M}")
    table.columns = [t(f"svc.col.{c}", lang) for c in ("building", "kind", "item", "requests", "units", "first_due")]
    return table


def purchase_xlsx(frame: pd.DataFrame, lang: str, day: dt.date) -> bytes:
    """The day's purchase list as a spreadsheet (core.exports: typed text never becomes a formula)."""
    title = t("svc.purchase.title", lang, day=day.isoformat())
    return exports.to_xlsx({t("svc.purchase.sheet", lang): purchase_table(frame, lang)}, title=title)


@dataclass
class RequestFigures:
    """open: new or in progress; overdue: open past its due time; done_today: done since today's midnight;
    median_hours_to_done: over requests done in the last `window_days` (None when none); by_building: the same per
    building (building, open, overdue, done_today, median_hours_to_done), in the buildings' order."""

    open: int
    overdue: int
    done_today: int
    median_hours_to_done: float | None
    by_building: pd.DataFrame


def _figures(frame: pd.DataFrame, now: dt.datetime, window_days: int) -> dict:
    midnight = dt.datetime.combine(now.date(), dt.time())
    # open at `now`: made by then and not closed by then (a request closed later was still open), whatever it is today
    is_open = (frame["created_at"] <= now) & (frame["done_at"].isna() | (frame["done_at"] > now))
    done = frame[(frame["status"] == "done") & (frame["done_at"] <= now)]
    recent = done[done["done_at"] > now - dt.timedelta(days=window_days)]
    hours = (recent["done_at"] - recent["created_at"]).dt.total_seconds() / 3600
    return {"open": int(is_open.sum()),
            "overdue": int((is_open & frame["due_at"].notna() & (frame["due_at"] < now)).sum()),
            "done_today": int((done["done_at"] >= midnight).sum()),
            "median_hours_to_done": None if hours.empty else round(float(hours.median()), 1)}


def figures(db: Database, compound_id: int, now: dt.datetime | None = None, window_days: int = 7) -> RequestFigures:
    """The requests' figures at `now` (default: the dataset's today) for the overview, the page and the brief."""
    now = now or clock.today(db)
    frame = db.df("requests/board", compound_id=compound_id)
    buildings = db.df("buildings/list", compound_id=compound_id)
    per = [{"building": b.code, **_figures(frame[frame["building_id"] == b.id], now, window_days)}
           for b in buildings.itertuples()]
    columns = ["building", "open", "overdue", "done_today", "median_hours_to_done"]
    return RequestFigures(**_figures(frame, now, window_days), by_building=pd.DataFrame(per, columns=columns))
