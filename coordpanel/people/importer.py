"""Importing people from the sheets coordinators already keep (.xlsx or .csv): check every row, save all or nothing
in one audited transaction. Reading the sheet and what its cells stand for is people/sheet.py's.

The per-person rules are directory.check's, so a sheet row and a person typed on the page are held to the same rules;
this module adds what only a file can get wrong: its format, its columns, and rows that repeat each other."""


from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coordpanel.core import sheets
from coordpanel.core.auth import User, require
from coordpanel.core.db import Database, Transaction
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.core.sheets import RowRef, filled, norm
from coordpanel.people.directory import FIELDS, PHONE, PersonInput, Vocabulary, check
from coordpanel.people.sheet import COLUMNS, LABELS, Words, detect_mapping, headers, person_from_cells, read


@dataclass(frozen=True)
class PlannedPerson:
    """A row of the file that passed every check: the person as they will be stored, and where the row is."""

    where: RowRef
    person: PersonInput


class BadRow(Refused):
    """Every reason one row of the file cannot be imported, said in one line that starts with where the row is."""

    def __init__(self, where: RowRef, reasons: list[Refused]) -> None:
        super().__init__(reasons[0].key, **reasons[0].params)
        self.where = where
        self.reasons = reasons

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.reasons]

    def message(self, lang: str) -> str:
        parts = [r.message(lang).rstrip("。.") for r in self.reasons]
        if lang == "en":  # "row 3: the name is missing; malformed mobile number …" reads as one sentence
            parts = [p[0].lower() + p[1:] if len(p) > 1 and p[1].islower() else p for p in parts]
            return self.where.label(lang) + "; ".join(parts) + "."
        return self.where.label(lang) + "；".join(parts) + "。"


class ImportRefused(Refused):
    """A people import that changed nothing: carries every problem found, one line each."""

    def __init__(self, errors: Iterable[Refused]) -> None:
        self.errors = list(errors)
        super().__init__("import.refused", n=len(self.errors))

    def lines(self, lang: str) -> list[str]:
        return [e.message(lang) for e in self.errors]


class Imported(int):
    """What an import did: how many people it added (it is that number, so it prints as one), and `unused_columns`,
    the file's columns it did not read, in the file's order (say them: an import never drops a column silently)."""

    unused_columns: tuple[str, ...]

    def __new__(cls, added: int, unused_columns: Iterable[str] = ()) -> Imported:
        result = super().__new__(cls, added)
        result.unused_columns = tuple(unused_columns)
        return result


# --- planning -----------------------------------------------------------------------------------------------------


def resolved_mapping(frame: pd.DataFrame, mapping: dict[str, str | None] | None) -> dict[str, str]:
    """{our column: the file's header} as read: detected when `mapping` is None, else the columns it maps."""
    if mapping is None:
        return detect_mapping(headers(frame))
    return {c: h for c, h in mapping.items() if h and c in COLUMNS}


def unused_columns(frame: pd.DataFrame, mapping: dict[str, str | None] | None = None) -> list[str]:
    """The file's columns that no field reads under `mapping` (as for plan): shown before and after an import."""
    return sheets.unused_columns(frame, resolved_mapping(frame, mapping).values())


def plan(db: Database, compound_id: int, frame: pd.DataFrame,
         mapping: dict[str, str | None] | None = None) -> tuple[list[PlannedPerson], list[Refused]]:
    """(the rows as they will be stored, every problem found): a file-level problem (no rows, no name column) or
    one BadRow per bad row, naming the row and all its reasons. `mapping` is {our column: the file's header}, as
    detect_mapping gives it or a coordinator corrected it; a column mapped to None is not read. Nothing is written.
    The database is read in bulk (a query per lookup table), never per row."""
    columns = headers(frame)
    if not columns:
        return [], [Refused("people_import.empty")]
    mapping = resolved_mapping(frame, mapping)
    found = ", ".join(map(str, frame.attrs.get("header") or columns))
    missing = [h for h in mapping.values() if h not in columns]
    if missing:
        return [], [Refused("people_import.unknown_header", header=missing[0], found=found)]
    if "name" not in mapping:
        return [], [Refused("people_import.no_name_column", found=found)]
    if frame.empty:
        return [], [Refused("people_import.empty")]

    vocabulary = Vocabulary.load(db, compound_id)
    words = Words(vocabulary)
    by_name: dict[str, dict] = {}
    for person in db.records("people/list", compound_id=compound_id):
        by_name.setdefault(norm(person["name"]), person)
    read = []
    for n, record in enumerate(frame.to_dict("records")):
        cells = {c: record.get(h) for c, h in mapping.items()}
        if any(filled(v) for v in cells.values()):  # a template's numbered but empty row: nobody is on it
            where = sheets.row_ref(record, n)
            read.append((where, *person_from_cells(cells, words, where.sheet)))
    owners = _phone_owners(db, [p.phone for _, p, _ in read if p.phone and PHONE.fullmatch(p.phone)])
    rows: list[PlannedPerson] = []
    errors: list[Refused] = []
    seen_phones: dict[str, tuple[RowRef, str]] = {}
    seen_names: dict[str, tuple[RowRef, PersonInput]] = {}
    for where, person, reasons in read:
        found_errors = check(person, vocabulary, owners.get(person.phone) if person.phone else None)
        if not person.tier:
            found_errors = [Refused("people_import.no_tier") if e.key == "people.bad_tier" else e for e in found_errors]
        reasons = found_errors + reasons + _repeats(person, where, seen_phones, seen_names, by_name)
        if reasons:
            errors.append(BadRow(where, reasons))
        else:
            rows.append(PlannedPerson(where, person))
    if not rows and not errors:
        errors.append(Refused("people_import.empty"))
    return rows, errors


def _repeats(person: PersonInput, where: RowRef, seen_phones: dict[str, tuple[RowRef, str]],
             seen_names: dict[str, tuple[RowRef, PersonInput]], by_name: dict[str, dict]) -> list[Refused]:
    """A row that repeats an earlier row of the file (the same phone twice, or the same name where a phone number
    does not tell the two apart), or a person already in the directory whom a phone number does not tell apart."""
    found: list[Refused] = []
    name = norm(person.name) if person.name else None
    if person.phone and person.phone in seen_phones:
        first, first_name = seen_phones[person.phone]
        if norm(first_name) == name:
            found.append(Refused("people_import.duplicate", first=first.row, name=person.name))
        else:
            found.append(Refused("people_import.phone_twice", phone=person.phone, first=first.row, name=first_name))
    elif name in seen_names and (not person.phone or not seen_names[name][1].phone):
        first, earlier = seen_names[name]
        key = "people_import.duplicate" if earlier.record() == person.record() else "people_import.same_name"
        found.append(Refused(key, first=first.row, name=person.name))
    if person.phone:
        seen_phones.setdefault(person.phone, (where, person.name))
    if name:
        seen_names.setdefault(name, (where, person))
    known = by_name.get(name) if name else None
    if known is not None and (not person.phone or not known["phone"]):
        found.append(Refused("people_import.exists", name=known["name"], id=known["id"]))
    return found


def _phone_owners(db: Database | Transaction, phones: list[str]) -> dict[str, dict]:
    """{phone: who already has it (any compound)} for the numbers given: one query, however many rows the file has."""
    wanted = set(phones)
    return {owner["phone"]: owner for owner in db.records("people/phone_owners") if owner["phone"] in wanted} if wanted else {}


def _people_frame(ids: list[int], compound_id: int, records: list[dict]) -> pd.DataFrame:
    """The people to add as the person table's columns, for one bulk insert."""
    frame = pd.DataFrame(records, columns=list(FIELDS)).astype({"organisation_id": "Int64", "home_building_id": "Int64",
                                                                "party_member": bool})
    frame.insert(0, "id", pd.array(ids, dtype="Int64"))
    frame.insert(1, "compound_id", compound_id)
    frame["status"] = "active"
    return frame



# --- the preview and the import -----------------------------------------------------------------------------------


def preview(rows: list[PlannedPerson], vocabulary: Vocabulary, lang: str) -> pd.DataFrame:
    """The rows as they will be stored, under the directory's headers in the user's language."""
    group_name = "name_en" if lang == "en" else "name_zh"
    organisation_name = "name_en" if lang == "en" else "name"
    table = {
        t("people_import.col.row", lang): [r.where.row for r in rows],
        t(LABELS["name"], lang): [r.person.name for r in rows],
        t(LABELS["tier"], lang): [t(f"tier.{r.person.tier}", lang) for r in rows],
        t(LABELS["group"], lang): [vocabulary.groups[r.person.group_code][group_name] if r.person.group_code else None
                                   for r in rows],
        t(LABELS["organisation"], lang): [vocabulary.organisations[r.person.organisation_id][organisation_name]
                                          if r.person.organisation_id else None for r in rows],
        t(LABELS["phone"], lang): [r.person.phone for r in rows],
        t(LABELS["party_member"], lang): [r.person.party_member for r in rows],
        t(LABELS["home_building"], lang): [vocabulary.buildings[r.person.home_building_id] if r.person.home_building_id
                                           else None for r in rows],
        t(LABELS["title"], lang): [r.person.title for r in rows],
        t(LABELS["note"], lang): [r.person.note for r in rows],
    }
    if len({r.where.sheet for r in rows}) > 1:
        table = {t("people_import.col.sheet", lang): [r.where.sheet for r in rows], **table}
    return pd.DataFrame(table)


def import_people(db: Database, user: User, compound_id: int, source: str | Path | bytes | pd.DataFrame,
                  mapping: dict[str, str | None] | None = None, *, name: str | None = None) -> Imported:
    """Add every person of a sheet, or nobody: any bad row refuses the whole file with every problem listed
    (ImportRefused) and leaves the database as it was. One transaction, one audit entry per person added, and a
    fixed number of statements whatever the file's length. `source` is a path, the file's bytes (with `name`), or
    a frame read by `read`. Returns how many were added, with the columns not imported (Imported)."""
    user = require(user, "edit_people", db)
    if isinstance(source, pd.DataFrame):
        frame = source
    else:
        try:
            frame = read(source, name)
        except sheets.UnreadableFile as exc:
            raise ImportRefused([exc]) from exc
    rows, errors = plan(db, compound_id, frame, mapping)
    if errors:
        raise ImportRefused(errors)
    with db.transaction(user.username, "import people", compound_id) as tx:
        # the plan read outside the write lock: a number saved since then by someone else refuses the file
        owners = _phone_owners(tx, [r.person.phone for r in rows if r.person.phone])
        taken = [sheets.RowRefused(r.where, "people.phone_taken", phone=r.person.phone, owner=owners[r.person.phone]["name"])
                 for r in rows if r.person.phone in owners]
        if taken:
            raise ImportRefused(taken)
        ids = sorted(i for (i,) in tx.run("seed/take_ids", sequence="person_id_seq", n=len(rows)))
        records = [row.person.record() for row in rows]
        tx.insert_df("person", _people_frame(ids, compound_id, records))
        for pid, record in zip(ids, records, strict=True):
            tx.record("person", pid, None, record)
    return Imported(len(rows), unused_columns(frame, mapping))
