"""The people directory: validated adds, edits and deactivations, each one audited transaction; phones masked by role."""


from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from coordpanel.core import clock
from coordpanel.core.auth import User, mask_phone, require
from coordpanel.core.db import Database
from coordpanel.core.errors import Localised, Refused, Term
from coordpanel.core.redact import mask_phones_in
from coordpanel.core.vocab import TIERS
from coordpanel.people import consequences
from coordpanel.people.consequences import ConfirmationNeeded, Consequences
from coordpanel.people.status import set_status

PHONE = re.compile(r"1[3-9]\d{9}")
FREE_TEXT = ("title", "note", "status_note")  # the directory's free-text columns
FIELDS = ("name", "tier", "group_code", "organisation_id", "title", "party_member", "phone", "home_building_id", "note")


@dataclass
class PersonInput:
    """What a coordinator types or a sheet row holds, before checking."""

    name: str
    tier: str
    group_code: str | None = None
    organisation_id: int | None = None
    title: str | None = None
    party_member: bool = False
    phone: str | None = None
    home_building_id: int | None = None
    note: str | None = None
    extra: dict = field(default_factory=dict)

    def record(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}


@dataclass(frozen=True)
class Vocabulary:
    """What a person's fields may refer to in one compound."""

    groups: dict[str, dict]
    organisations: dict[int, dict]
    buildings: dict[int, str]

    @classmethod
    def load(cls, db: Database, compound_id: int) -> Vocabulary:
        return cls({g["code"]: g for g in db.records("people/groups")},
                   {o["id"]: o for o in db.records("people/organisations")},
                   {b["id"]: b["code"] for b in db.records("buildings/list", compound_id=compound_id)})


def label(name: str, person_id: int) -> str:
    """How a person appears in pickers and the roster grid: unique, readable, stable."""
    return f"{name} · #{person_id}"


def normalise_phone(raw: object) -> str | None:
    """Phones as offices keep them: 13900001234, 139-0000-1234, '+86 139 0000 1234', 13900001234.0 (a number cell)."""
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return None
    text = str(raw).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits or None


def check(person: PersonInput, vocabulary: Vocabulary, phone_owner: dict | None, person_id: int | None = None) -> list[Refused]:
    """Every reason the person cannot be stored as given; `phone_owner` is who already has that number, if anyone."""
    errors: list[Refused] = []
    name = (person.name or "").strip()
    if not name:
        errors.append(Refused("people.no_name"))
    if person.tier not in TIERS:
        errors.append(Refused("people.bad_tier", tier=person.tier or "—"))
    if person.group_code is not None:
        group = vocabulary.groups.get(person.group_code)
        if group is None:
            errors.append(Refused("people.bad_group", group=person.group_code))
        elif person.tier in TIERS and group["tier"] != person.tier:
            errors.append(Refused("people.group_tier", group=Localised(group["name_zh"], group["name_en"]),
                                  tier=Term(f"tier.{person.tier}")))
    if person.organisation_id is not None and person.organisation_id not in vocabulary.organisations:
        errors.append(Refused("people.bad_organisation", organisation=person.organisation_id))
    if person.home_building_id is not None and person.home_building_id not in vocabulary.buildings:
        errors.append(Refused("people.bad_building", building=person.home_building_id))
    if person.phone is not None:
        if not PHONE.fullmatch(person.phone):
            errors.append(Refused("people.bad_phone", phone=person.phone))
        elif phone_owner and phone_owner["id"] != person_id:
            errors.append(Refused("people.phone_taken", phone=person.phone, owner=phone_owner["name"]))
    return errors


def _owner(db: Database, phone: str | None) -> dict | None:
    if not phone:
        return None
    found = db.records("people/phone_owner", phone=phone)
    return found[0] if found else None


def add(db: Database, user: User, compound_id: int, person: PersonInput) -> int:
    user = require(user, "edit_people", db)
    person.name = (person.name or "").strip()
    errors = check(person, Vocabulary.load(db, compound_id), _owner(db, person.phone))
    if errors:
        raise errors[0]
    with db.transaction(user.username, "add person", compound_id) as tx:
        (pid,) = tx.run("people/insert", compound_id=compound_id, status="active", status_since=None, status_note=None,
                        **person.record())[0]
        tx.record("person", pid, None, person.record())
    return pid


def edit(db: Database, user: User, person_id: int, person: PersonInput, confirmed: Consequences | None = None) -> None:
    """Change a person's details. A new tier or group that takes buildings out of coverage or leaves future gate
    shifts short is refused with ConfirmationNeeded (carrying the consequences) unless `confirmed` holds exactly the
    consequences the change has when it is saved: the user saw them and said go ahead."""
    user = require(user, "edit_people", db)
    found = db.records("people/full", id=person_id)
    if not found:
        raise Refused("coverage.unknown_person", person=person_id)
    before = found[0]
    person.name = (person.name or "").strip()
    errors = check(person, Vocabulary.load(db, before["compound_id"]), _owner(db, person.phone), person_id)
    if errors:
        raise errors[0]
    regrouped = (person.tier, person.group_code) != (before["tier"], before["group_code"])
    now = clock.today(db)
    with db.transaction(user.username, "edit person", before["compound_id"]) as tx:
        was = consequences.snapshot(tx, before["compound_id"], person_id, now) if regrouped else None
        tx.run("people/update", id=person_id, **person.record())
        if was is not None:
            effects = consequences.compare(person.name, was, consequences.snapshot(tx, before["compound_id"], person_id, now))
            if effects and effects != confirmed:
                raise ConfirmationNeeded(effects)  # rolls the update back
        tx.record("person", person_id, {k: before[k] for k in FIELDS}, person.record())


def deactivate(db: Database, user: User, person_id: int, since, note: str | None) -> None:
    """A person who leaves keeps their history; they stop counting from `since`."""
    user = require(user, "edit_people", db)
    set_status(db, user, person_id, "left", since, note)


def directory(db: Database, user: User, compound_id: int) -> pd.DataFrame:
    """The compound's people as this user may see them (phones masked without the right)."""
    require(user, "read")
    frame = db.df("people/list", compound_id=compound_id)
    if not user.can("see_phones"):
        frame["phone"] = frame["phone"].map(lambda phone: mask_phone(phone) if isinstance(phone, str) else phone)  # none: none
        for column in FREE_TEXT:  # a number typed into a note is as private as the phone field
            frame[column] = frame[column].map(mask_phones_in)
    return frame


def search(frame: pd.DataFrame, text: str = "", tiers=(), groups=(), statuses=(), party: bool = False,
           buildings=()) -> pd.DataFrame:
    """Rows matching every kind of filter given; within one kind, any of its values (tiers, groups, statuses and
    home buildings are lists)."""
    if not (text.strip() or tiers or groups or statuses or party or buildings):
        return frame
    keep = pd.Series(True, index=frame.index)
    if text.strip():
        keep &= frame["name"].str.contains(text.strip(), regex=False) | frame["phone"].fillna("").str.contains(text.strip(), regex=False)
    if tiers:
        keep &= frame["tier"].isin(tiers)
    if groups:
        keep &= frame["group_code"].isin(groups)
    if statuses:
        keep &= frame["status"].isin(statuses)
    if party:
        keep &= frame["party_member"]
    if buildings:
        keep &= frame["home_building"].isin(buildings)
    return frame[keep]
