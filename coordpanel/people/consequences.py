"""What changing a person's tier or group does before it is saved: buildings that lose coverage, gate shifts left
short or without a property member or cadre. The change is saved only once the user has confirmed exactly these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coordpanel.core.errors import Refused
from coordpanel.core.i18n import day_label, t

RANK = {"uncovered": 0, "partial": 1, "covered": 2}
MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class ShiftEffect:
    """A future gate shift of the person that the change leaves worse staffed (figures after the change)."""

    shift_id: int
    gate: str
    gate_en: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    filled: int
    required: int
    anchor_lost: bool  # no property member or cadre left on it


@dataclass(frozen=True)
class Consequences:
    """The effects of one change of a person; empty (false) when it costs nothing."""

    name: str
    buildings: tuple[tuple[str, str, str], ...] = ()  # (building, status before, status after), only worse ones
    shifts: tuple[ShiftEffect, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.buildings or self.shifts)

    def lines(self, lang: str) -> list[str]:
        """One line per building and per shift, in the user's language."""
        out = [t("people.consequence_building", lang, building=code, before=t(f"status.{before}", lang),
                 after=t(f"status.{after}", lang)) for code, before, after in self.buildings]
        for s in self.shifts:
            where = {"gate": (s.gate_en or s.gate) if lang == "en" else s.gate, "day": day_label(s.starts_at, lang),
                     "start": f"{s.starts_at:%H:%M}", "end": f"{s.ends_at:%H:%M}"}
            out.append(t("people.consequence_shift", lang, **where, name=self.name, filled=s.filled, required=s.required))
            if s.anchor_lost:
                out.append(t("people.consequence_anchor", lang, **where))
        return out


class ConfirmationNeeded(Refused):
    """A change refused until the user confirms its consequences (carried here, to be shown and passed back)."""

    def __init__(self, consequences: Consequences) -> None:
        super().__init__("people.confirm_needed", name=consequences.name)
        self.consequences = consequences

    def lines(self, lang: str) -> list[str]:
        return self.consequences.lines(lang)


@dataclass(frozen=True)
class Snapshot:
    """Coverage of every building and the staffing of the person's future shifts, at one moment of a transaction."""

    buildings: dict[str, str]
    shifts: dict[int, dict]


def snapshot(tx, compound_id: int, person_id: int, now: dt.datetime) -> Snapshot:
    """Read inside the transaction that changes the person, before and after the change."""
    buildings = {r["code"]: r["status"] for r in tx.records("coverage/by_building", compound_id=compound_id, day=None)}
    mine = tx.records("roster/person_shifts", person_id=person_id, **{"from": now})
    if not mine:
        return Snapshot(buildings, {})
    ids, window = {r["shift_id"] for r in mine}, {"from": now, "to": max(r["starts_at"] for r in mine) + MINUTE}
    staffing = {r["shift_id"]: r for r in tx.records("roster/staffing", compound_id=compound_id, **window) if r["shift_id"] in ids}
    return Snapshot(buildings, staffing)


def compare(name: str, before: Snapshot, after: Snapshot) -> Consequences:
    """What got worse from `before` to `after`: a building's coverage, a shift's eligible crew or its anchor."""
    buildings = tuple((code, before.buildings[code], status) for code, status in after.buildings.items()
                      if code in before.buildings and RANK[status] < RANK[before.buildings[code]])
    shifts = []
    for shift_id, now in sorted(after.shifts.items(), key=lambda item: item[1]["starts_at"]):
        was = before.shifts.get(shift_id)
        if was is None:
            continue
        anchor_lost = now["anchors"] == 0 < was["anchors"]
        if now["filled"] < was["filled"] or anchor_lost:
            shifts.append(ShiftEffect(shift_id, now["gate"], now["gate_en"], now["starts_at"], now["ends_at"],
                                      int(now["filled"]), int(now["required"]), anchor_lost))
    return Consequences(name, buildings, tuple(shifts))
