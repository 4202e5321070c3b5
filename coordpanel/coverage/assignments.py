"""Building assignments: who serves each building, the rules for changing them, previews, saves and undo."""


from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from coordpanel.core import settings
from coordpanel.core.auth import User, mask_phone, require
from coordpanel.core.busy import retried
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused, Term
from coordpanel.core.i18n import t
from coordpanel.core.vocab import COVERAGE_ROLES as ROLES
from coordpanel.core.vocab import COVERING_TIERS, TIERS
from coordpanel.core.vocab import STATUSES as STATUSES  # re-exported: the views read coverage.assignments.STATUSES
from coordpanel.people import directory

SAVE_ACTION = "save building assignments"
Key = tuple[int, int]  # (building id, person id)


@dataclass(frozen=True)
class Assignment:
    building_id: int
    person_id: int
    role: str = "primary"

    @property
    def key(self) -> Key:
        return (self.building_id, self.person_id)


@dataclass
class Check:
    """Errors block the save; warnings are shown and the planner may go on."""

    errors: list[Refused] = field(default_factory=list)
    warnings: list[Refused] = field(default_factory=list)


def current(db: Database, compound_id: int) -> list[Assignment]:
    return [Assignment(r["building_id"], r["person_id"], r["role"])
            for r in db.records("coverage/assignments", compound_id=compound_id)]


def volunteer_limit(db: Database) -> int:
    return settings.read(db).volunteer_max_buildings


def check(proposed: list[Assignment], people: dict[int, dict], buildings: dict[int, str], limit: int,
          existing: frozenset[Key] = frozenset()) -> Check:
    """The rules of a set of building assignments: known people and buildings, a role that exists, each pair once,
    and only active people newly assigned (someone who fell ill keeps their rows, shown as a gap, until the planner
    removes them); a volunteer serving more than `limit` buildings is a warning."""
    result = Check()
    seen: set[Key] = set()
    per_volunteer: dict[int, int] = {}
    for a in proposed:
        person = people.get(a.person_id)
        if person is None:
            result.errors.append(Refused("coverage.unknown_person", person=a.person_id))
            continue
        building = buildings.get(a.building_id)
        if building is None:
            result.errors.append(Refused("coverage.unknown_building", building=a.building_id))
            continue
        if a.role not in ROLES:
            result.errors.append(Refused("coverage.bad_role", role=a.role, name=person["name"]))
        if a.key in seen:
            result.errors.append(Refused("coverage.duplicate", name=person["name"], building=building))
        seen.add(a.key)
        if person["status"] != "active" and a.key not in existing:
            result.errors.append(Refused("coverage.inactive", name=person["name"], building=building,
                                         status=Term(f"person.{person['status']}")))
        if person["tier"] == "volunteer":
            per_volunteer[a.person_id] = per_volunteer.get(a.person_id, 0) + 1
    for pid, n in per_volunteer.items():
        if n > limit:
            result.warnings.append(Refused("coverage.too_many", name=people[pid]["name"], n=n, limit=limit))
    return result


def _changes(before: list[Assignment], after: list[Assignment]):
    old = {a.key: a for a in before}
    new = {a.key: a for a in after}
    removed = [old[k] for k in old.keys() - new.keys()]
    added = [new[k] for k in new.keys() - old.keys()]
    changed = [(old[k], new[k]) for k in old.keys() & new.keys() if old[k].role != new[k].role]
    return sorted(removed, key=lambda a: a.key), sorted(added, key=lambda a: a.key), sorted(changed, key=lambda p: p[0].key)


def _apply(tx, before: list[Assignment], after: list[Assignment]) -> int:
    removed, added, changed = _changes(before, after)
    for a in removed:
        tx.run("coverage/delete", building_id=a.building_id, person_id=a.person_id)
        tx.record("building_assignment", f"{a.building_id}:{a.person_id}", a.__dict__, None)
    for a in added:
        tx.run("coverage/insert", building_id=a.building_id, person_id=a.person_id, role=a.role)
        tx.record("building_assignment", f"{a.building_id}:{a.person_id}", None, a.__dict__)
    for old, new in changed:
        tx.run("coverage/set_role", building_id=new.building_id, person_id=new.person_id, role=new.role)
        tx.record("building_assignment", f"{new.building_id}:{new.person_id}", old.__dict__, new.__dict__)
    return len(removed) + len(added) + len(changed)


class _Preview(Exception):
    """Raised inside a transaction to roll a preview back."""


def preview(db: Database, user: User, compound_id: int, proposed: list[Assignment]) -> pd.DataFrame:
    """The coverage the proposed assignments would give: the same query, run inside a write that is rolled back."""
    user = require(user, "edit_assignments", db)
    result = pd.DataFrame()
    try:
        with db.transaction(user.username, "preview", compound_id) as tx:
            _apply(tx, _rows(tx, compound_id), proposed)
            result = tx.df("coverage/by_building", compound_id=compound_id, day=None)
            raise _Preview
    except _Preview:
        pass
    return result


def _rows(tx, compound_id: int) -> list[Assignment]:
    return [Assignment(r["building_id"], r["person_id"], r["role"]) for r in tx.records("coverage/assignments", compound_id=compound_id)]


def _context(db: Database, compound_id: int) -> tuple[dict[int, dict], dict[int, str]]:
    people = {p["id"]: p for p in db.records("people/directory", compound_id=compound_id)}
    buildings = {b["id"]: b["code"] for b in db.records("buildings/list", compound_id=compound_id)}
    return people, buildings


def validate(db: Database, compound_id: int, proposed: list[Assignment], base: list[Assignment] = ()) -> Check:
    people, buildings = _context(db, compound_id)
    return check(proposed, people, buildings, volunteer_limit(db), frozenset(a.key for a in base))


@retried
def save(db: Database, user: User, compound_id: int, base: list[Assignment], proposed: list[Assignment]) -> int:
    """Replace the compound's assignments by `proposed`, all or nothing. `base` is what the planner started from:
    if someone saved in between, the save is refused and names who and when. Returns the number of changes."""
    user = require(user, "edit_assignments", db)
    result = validate(db, compound_id, proposed, base)
    if result.errors:
        raise result.errors[0]
    with db.transaction(user.username, SAVE_ACTION, compound_id) as tx:
        now = _rows(tx, compound_id)
        if {a.key: a.role for a in now} != {a.key: a.role for a in base}:
            last = tx.run("audit/last_change", table_name="building_assignment", compound_id=compound_id)
            who, when = last[0] if last else ("?", None)
            raise Refused("coverage.conflict", who=who, when=f"{when:%m-%d %H:%M}" if when else "?")
        n = _apply(tx, now, proposed)
        if n == 0:
            raise Refused("coverage.nothing_to_save")
    return n


@retried
def undo_last(db: Database, user: User, compound_id: int) -> int:
    """Undo the newest save of building assignments of this compound, if nothing changed those rows since."""
    user = require(user, "edit_assignments", db)
    last = db.records("audit/last_batch", action=SAVE_ACTION, compound_id=compound_id)
    if not last:
        raise Refused("coverage.nothing_to_undo")
    batch = last[0]["batch"]
    entries = [e for e in db.records("audit/batch", batch=batch) if e["table_name"] == "building_assignment"]
    with db.transaction(user.username, "undo", compound_id) as tx:
        now = {a.key: a for a in _rows(tx, compound_id)}
        for e in reversed(entries):
            before = Assignment(**json.loads(e["before"])) if e["before"] else None
            after = Assignment(**json.loads(e["after"])) if e["after"] else None
            key = (after or before).key
            if (now.get(key) and now[key].role) != (after.role if after else None):
                raise Refused("coverage.undo_stale")
            if after is not None:
                tx.run("coverage/delete", building_id=key[0], person_id=key[1])
            if before is not None:
                tx.run("coverage/insert", building_id=key[0], person_id=key[1], role=before.role)
            tx.record("building_assignment", e["row_key"], after and after.__dict__, before and before.__dict__)
        tx.record(None, None, None, {"undo_of": batch, "action": SAVE_ACTION})
    return len(entries)


@dataclass(frozen=True)
class EditorRow:
    """One row as a planner types it: building code, the tier slot, the person (by label) and the role."""

    building: str | None
    slot: str | None
    person: str | None
    role: str | None


def from_editor(rows: list[EditorRow], people_by_label: dict[str, dict], building_ids: dict[str, int]) -> tuple[list[Assignment], list[Refused]]:
    """Turn the editor's rows into assignments; a person in a slot of another tier is refused here."""
    assignments: list[Assignment] = []
    errors: list[Refused] = []
    for number, row in enumerate(rows, start=1):
        if not row.building or not row.person:
            errors.append(Refused("coverage.editor_incomplete", row=number))
            continue
        person = people_by_label.get(row.person)
        if person is None:
            errors.append(Refused("coverage.unknown_person", person=row.person))
            continue
        if row.building not in building_ids:
            errors.append(Refused("coverage.unknown_building", building=row.building))
            continue
        if row.slot and row.slot != person["tier"]:
            errors.append(Refused("coverage.wrong_slot", name=person["name"], tier=Term(f"tier.{person['tier']}"),
                                  slot=Term(f"tier.{row.slot}")))
            continue
        assignments.append(Assignment(building_ids[row.building], person["id"], row.role or "primary"))
    return assignments, errors


def person_label(person: dict) -> str:
    """How a person (a people/directory row) appears in pickers: directory.label."""
    return directory.label(person["name"], person["id"])


def table(coverage: pd.DataFrame, assignments: pd.DataFrame, lang: str, see_phones: bool) -> pd.DataFrame:
    """One row per building, gaps first: status, what is missing, and who serves it in each tier."""
    active = assignments[assignments["status"] == "active"]
    phones = active["phone"].fillna("") if see_phones else active["phone"].map(mask_phone)
    labels = (active["name"] + "(" + phones + ")").where(phones != "", active["name"])
    names = labels.groupby([active["building_id"], active["tier"]]).agg("、".join).to_dict()
    rows = []
    for b in coverage.itertuples():
        missing = "、".join(t(f"tier.{tier}", lang) for tier in COVERING_TIERS if getattr(b, tier) == 0)
        rows.append({
            t("cov.col.building", lang): b.code,
            t("cov.col.status", lang): t(f"status.{b.status}", lang),
            t("cov.col.missing", lang): missing,
            **{t(f"tier.{tier}", lang): names.get((b.building_id, tier), "") for tier in TIERS},
            t("cov.col.households", lang): b.households,
            t("cov.col.residents", lang): b.residents,
        })
    return pd.DataFrame(rows)


def filter_people(assignments: pd.DataFrame, tiers: list[str], groups: list[str], party_only: bool, search: str) -> pd.DataFrame:
    """The assignment rows that match the page's filters; an empty list of tiers or groups means all."""
    keep = pd.Series(True, index=assignments.index)
    if tiers:
        keep &= assignments["tier"].isin(tiers)
    if groups:
        keep &= assignments["group_code"].isin(groups)
    if party_only:
        keep &= assignments["party_member"]
    if search.strip():
        keep &= assignments["name"].str.contains(search.strip(), regex=False)
    return assignments[keep]


def chain(assignments: list[dict], building_id: int) -> dict[str, list[dict]]:
    """A building's chain of contact, tier by tier (grid worker → property → volunteers → cadres), primaries first;
    people who are not active are listed with their status so the gap is visible."""
    mine = sorted((a for a in assignments if a["building_id"] == building_id), key=lambda a: (a["role"] != "primary", a["name"]))
    return {tier: [a for a in mine if a["tier"] == tier] for tier in TIERS}


def status_changes(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(building, status before, status after) for every building whose status a proposed change would alter."""
    old = dict(zip(before["code"], before["status"], strict=True))
    return [(code, old.get(code, "uncovered"), status) for code, status in zip(after["code"], after["status"], strict=True)
            if old.get(code) != status]


def gap_lines(gaps: pd.DataFrame, lang: str) -> list[str]:
    """One line per building that is not covered, naming what it lacks."""
    return [
        t("ov.gap.building", lang, building=b.code, status=t(f"status.{b.status}", lang),
          missing="、".join(t(f"tier.{tier}", lang) for tier in COVERING_TIERS if getattr(b, tier) == 0))
        for b in gaps.itertuples()
    ]
