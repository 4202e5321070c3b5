"""The seed's gates and rosters: a compound's gates, shift templates and first week with a rule-abiding roster, and
the weeks after it that a generated district asks for."""


from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import pandas as pd

from coordpanel import roster
from coordpanel.core.db import Transaction

if TYPE_CHECKING:
    from coordpanel.seed.demo import DemoSpec

ROSTER_GROUPS = ("security", "checkpoint", "gate")  # gate-eligible groups, in the demo's order


# --- a compound's gates and its first roster week -------------------------------------------------------------

def gates_and_roster(tx, ids, spec, compound_id, people, by_group):
    """The compound's gates, their shift templates, the spec's roster week of shifts and its roster (version 1)."""
    gates = spec["gate"]
    gate_ids = ids.take("gate_id_seq", len(gates))
    tx.insert_df("gate", pd.DataFrame([
        {"id": gid, "compound_id": compound_id, "name": g["name"], "name_en": g["name_en"],
         "opens": g["opens"] + ":00", "closes": g["closes"] + ":00", "sort_order": i}
        for i, (gid, g) in enumerate(zip(gate_ids, gates, strict=True))
    ]))
    templates, shifts = [], []
    week_start = spec["roster_week"]
    for gid, g in zip(gate_ids, gates, strict=True):
        for start, hours, required in g["shifts"]:
            templates.append({"gate_id": gid, "starts": start + ":00", "hours": hours, "required": required})
            for day in range(7):
                begins = dt.datetime.combine(week_start + dt.timedelta(days=day), dt.time.fromisoformat(start))
                shifts.append({"gate_id": gid, "gate": g["name"], "starts_at": begins,
                               "ends_at": begins + dt.timedelta(hours=hours), "required": required})
    for tid, t in zip(ids.take("shift_template_id_seq", len(templates)), templates, strict=True):
        t["id"] = tid
    tx.insert_df("shift_template", pd.DataFrame(templates))
    shifts.sort(key=lambda s: (s["starts_at"], s["gate_id"]))
    for sid, s in zip(ids.take("gate_shift_id_seq", len(shifts)), shifts, strict=True):
        s["id"] = sid
    tx.insert_df("gate_shift", pd.DataFrame([{k: s[k] for k in ("id", "gate_id", "starts_at", "ends_at", "required")}
                                             for s in shifts]))

    eligible = [p for g in ("security", "checkpoint", "gate") for p in by_group[g]]
    executives = [p for p in by_group["checkpoint"] if p["title"]]
    main_gate = gate_ids[0]
    crews = _fill_roster(shifts, eligible, executives, main_gate)
    tx.insert_df("shift_assignment", pd.DataFrame(
        [{"shift_id": sid, "person_id": pid} for sid, crew in crews.items() for pid in crew]
    ))
    # the compound is new, so this records version 1 of its first roster week, saved by 'system'
    tx.run("roster/bump_version", compound_id=compound_id, week_start=week_start, saved_by="system", saved_at=tx.at)


def _fill_roster(shifts, eligible, executives, main_gate) -> dict[int, list[int]]:
    """A greedy, rule-abiding roster: fewest hours first, longest rest next; one property member or cadre per shift.

    The two executives take the main gate's morning shift on weekdays, as the article describes.
    """
    rules = roster.rules.Rules()
    hours_week: dict[int, float] = defaultdict(float)
    hours_day: dict[tuple[int, dt.date], float] = defaultdict(float)
    last_end: dict[int, dt.datetime] = {}
    crews: dict[int, list[int]] = {}
    anchors = {p["id"] for p in eligible if p["tier"] in roster.rules.ANCHOR_TIERS}

    def fits(pid: int, s: dict) -> bool:
        if pid in last_end and (s["starts_at"] - last_end[pid]) / roster.rules.HOUR < rules.min_rest_hours:
            return False
        split = roster.rules.hours_by_day(s["starts_at"], s["ends_at"])
        if any(hours_day[(pid, d)] + h > rules.max_hours_day for d, h in split.items()):
            return False
        return hours_week[pid] + sum(split.values()) <= rules.max_hours_week

    def take(pid: int, s: dict) -> None:
        crews[s["id"]].append(pid)
        for d, h in roster.rules.hours_by_day(s["starts_at"], s["ends_at"]).items():
            hours_day[(pid, d)] += h
            hours_week[pid] += h
        last_end[pid] = s["ends_at"]

    def ranked(pool: list[dict], s: dict) -> list[int]:
        free = [p["id"] for p in pool if p["id"] not in crews[s["id"]] and fits(p["id"], s)]
        return sorted(free, key=lambda pid: (hours_week[pid], last_end.get(pid, dt.datetime.min), pid))

    for s in shifts:
        crews[s["id"]] = []
        if s["gate_id"] == main_gate and s["starts_at"].hour == 8 and s["starts_at"].weekday() < 5:
            for p in executives:
                take(p["id"], s)

        if not any(pid in anchors for pid in crews[s["id"]]):
            take(ranked([p for p in eligible if p["id"] in anchors], s)[0], s)
        while len(crews[s["id"]]) < s["required"]:
            take(ranked(eligible, s)[0], s)
    return crews


# --- roster weeks after the first -------------------------------------------------------------------

def extra_weeks(tx: Transaction, ids, compound_id: int, spec: DemoSpec, weeks: int) -> int:
    """Gate shifts and a rule-abiding roster for weeks 2..W after the spec's roster week; returns the shifts added.

    _fill_roster starts from nobody having worked, so the rest and hours that carry over a week's end would
    be lost from one week to the next; `fill` is the same greedy rule with that state carried along."""
    if weeks <= 1:
        return 0
    first: dt.date = spec["roster_week"]
    # in sort_order, which the builder gives each gate of a compound as its own position
    gate_ids = [g["id"] for g in tx.records("roster/gates", compound_id=compound_id)]
    shifts = []
    for gid, g in zip(gate_ids, spec["gate"], strict=True):
        for start, hours, required in g["shifts"]:
            at = dt.time.fromisoformat(start)
            for day in range(7, 7 * weeks):
                begins = dt.datetime.combine(first + dt.timedelta(days=day), at)
                shifts.append({"gate_id": gid, "starts_at": begins, "ends_at": begins + dt.timedelta(hours=hours),
                               "required": required})
    shifts.sort(key=lambda s: (s["starts_at"], s["gate_id"]))
    new_ids = ids.take("gate_shift_id_seq", len(shifts))
    for sid, s in zip(new_ids, shifts, strict=True):
        s["id"] = sid
    tx.insert_df("gate_shift", pd.DataFrame(shifts, columns=["id", "gate_id", "starts_at", "ends_at", "required"]))

    people = tx.records("seed/gate_eligible_people", compound_id=compound_id)
    eligible = sorted(people, key=lambda p: (ROSTER_GROUPS.index(p["group_code"]), p["id"]))
    executives = [p["id"] for p in eligible if p["group_code"] == "checkpoint" and p["title"]]
    worked = tx.run("seed/worked_shifts", compound_id=compound_id)
    crews = fill(shifts, eligible, executives, gate_ids[0], roster.rules.Rules(), worked)
    tx.insert_df("shift_assignment", pd.DataFrame(
        [(sid, pid) for sid, crew in crews.items() for pid in crew], columns=["shift_id", "person_id"]))
    tx.insert_df("roster_week", pd.DataFrame({
        "compound_id": compound_id, "week_start": [first + dt.timedelta(days=7 * w) for w in range(1, weeks)],
        "version": 1, "saved_by": "system", "saved_at": tx.at}))
    return len(shifts)


def fill(shifts: list[dict], eligible: list[dict], executives: list[int], main_gate: int, rules: roster.rules.Rules,
         worked: list[tuple[int, dt.datetime, dt.datetime]] = ()) -> dict[int, list[int]]:
    """_fill_roster's greedy rule over many weeks: fewest hours in the shift's week first, longest rest next;
    one property member or cadre per shift; the executives on the main gate's weekday mornings (and nowhere else).
    `worked` are shifts already held (person, start, end): their rest and hours count."""
    hours_day: dict[tuple[int, dt.date], float] = defaultdict(float)
    hours_week: dict[tuple[int, dt.date], float] = defaultdict(float)
    last_end: dict[int, dt.datetime] = {}
    anchors = {p["id"] for p in eligible if p["tier"] in roster.rules.ANCHOR_TIERS}
    pool = [p["id"] for p in eligible if p["id"] not in set(executives)]
    early = dt.datetime.min

    def split(start: dt.datetime, end: dt.datetime) -> tuple[list[tuple[dt.date, float]], list[tuple[dt.date, float]]]:
        days = roster.rules.hours_by_day(start, end)
        by_week: dict[dt.date, float] = defaultdict(float)
        for d, h in days.items():
            by_week[d - dt.timedelta(days=d.weekday())] += h
        return list(days.items()), list(by_week.items())

    def take(pid: int, end: dt.datetime, days, by_week) -> None:
        for d, h in days:
            hours_day[(pid, d)] += h
        for w, h in by_week:
            hours_week[(pid, w)] += h
        if end > last_end.get(pid, early):
            last_end[pid] = end

    for pid, start, end in worked:
        take(pid, end, *split(start, end))

    def fits(pid: int, latest_end: dt.datetime, days, by_week) -> bool:
        if last_end.get(pid, early) > latest_end:
            return False
        if any(hours_day[(pid, d)] + h > rules.max_hours_day for d, h in days):
            return False
        return all(hours_week[(pid, w)] + h <= rules.max_hours_week for w, h in by_week)

    rest = dt.timedelta(hours=rules.min_rest_hours)
    crews: dict[int, list[int]] = {}
    for s in shifts:
        start, end = s["starts_at"], s["ends_at"]
        days, by_week = split(start, end)
        week = start.date() - dt.timedelta(days=start.weekday())
        forced = executives if s["gate_id"] == main_gate and start.hour == 8 and start.weekday() < 5 else []
        crew: list[int] = list(forced)
        latest_end = start - rest
        free = [pid for pid in pool if fits(pid, latest_end, days, by_week)]
        free.sort(key=lambda pid, week=week: (hours_week[(pid, week)], last_end.get(pid, early), pid))
        if not any(pid in anchors for pid in crew):
            anchor = next((pid for pid in free if pid in anchors), None)
            if anchor is None:
                raise RuntimeError(f"no property member or cadre can take the shift at {start} (gate {s['gate_id']})")
            crew.append(anchor)
        for pid in free:
            if len(crew) >= s["required"]:
                break
            if pid not in crew:
                crew.append(pid)
        if len(crew) < s["required"]:
            raise RuntimeError(f"not enough gate staff for the shift at {start} (gate {s['gate_id']})")
        for pid in crew:
            take(pid, end, days, by_week)
        crews[s["id"]] = crew
    return crews
