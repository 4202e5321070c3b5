"""Planning a roster week from the database, and saving a plan: what the CLI and the roster page's tab call.

A plan is never saved by planning it. The page puts it into the editor as unsaved edits; the CLI saves it as one
version with `save`, which creates the shifts it planned from the gate templates and writes the crews in one
transaction, checked and audited like any roster save (and undone like one)."""


from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from coordpanel import roster
from coordpanel.core import clock
from coordpanel.core.auth import User, require
from coordpanel.core.busy import retried
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from coordpanel.roster.rules import Violation
from coordpanel.roster.scheduler import explain, search
from coordpanel.roster.scheduler.problem import BREAKABLE, Problem, from_week, is_night, week_minutes

DEFAULT_SECONDS = 5.0
MAX_SECONDS = 600.0


@dataclass(frozen=True)
class Plan:
    week: roster.week.Week  # as saved when planned
    preview: roster.week.Week  # the same week with the planned new shifts (negative ids) and the plan's crews
    problem: Problem
    solution: search.Solution
    crews: roster.week.Crews  # every shift of the week, new ones included
    accepted: roster.week.Accepted  # the saved reasons that stay
    unfilled: list[explain.Unfilled]
    breaks: list[Violation]  # soft rules the plan breaks (only those it was allowed to), each needing a reason
    fresh: bool

    @property
    def new_shifts(self) -> dict[int, object]:
        return dict(self.problem.new_shifts)

    def staffed(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """((filled, required) as saved, (filled, required) with the plan), places filled as the checker counts."""
        return _staffed(self.problem, self.week.crews), _staffed(self.problem, self.crews)

    def hours(self) -> pd.DataFrame:
        """Per person with any hours this week: name, hours as saved, hours with the plan."""
        before, after = _hours(self.problem, self.week.crews), _hours(self.problem, self.crews)
        rows = [{"person_id": pid, "name": self.week.people[pid].name if pid in self.week.people else str(pid),
                 "before": before.get(pid, 0.0), "after": after.get(pid, 0.0)} for pid in sorted({*before, *after})]
        return pd.DataFrame(rows, columns=["person_id", "name", "before", "after"])

    def changes(self) -> list[tuple[int, list[int], list[int]]]:
        """(shift id, people added, people removed) for every shift the plan changes, in time order."""
        out = []
        for s in self.problem.shifts:
            old, new = set(self.week.crews.get(s.id, [])), set(self.crews.get(s.id, []))
            if old != new:
                out.append((s.id, sorted(new - old), sorted(old - new)))
        return out

    def fairness(self) -> dict[str, float]:
        """The largest weekly hours and the spread, and the same of night shifts, over the people it could plan."""
        return fairness(self.problem, self.crews)


def plan_week(db: Database, compound_id: int, monday: dt.date, *, fresh: bool = False, from_templates: bool = False,
              allow: tuple[str, ...] = (), time_limit: float = DEFAULT_SECONDS, now: dt.datetime | None = None) -> Plan:
    """The best plan for the week's shifts that have not started; nothing is written."""
    if not 1 <= time_limit <= MAX_SECONDS:
        raise Refused("scheduler.bad_time_limit", value=f"{time_limit:g}", maximum=int(MAX_SECONDS))
    rules = roster.week.load_rules(db)
    for rule in allow:
        if rule not in BREAKABLE or rules.severity.get(rule) != "soft":
            raise Refused("scheduler.unknown_rule", rule=rule, rules=", ".join(r for r in BREAKABLE if rules.severity.get(r) == "soft"))
    now = now or clock.today(db)
    week = roster.week.load_week(db, compound_id, monday)
    templates = db.records("roster/templates", compound_id=compound_id) if from_templates else None
    problem = from_week(week, rules, now, templates)
    if problem.new_shifts:
        # a week with no shift at some gate yet has no English name for it: the gates have them
        names = {g["name"]: g["name_en"] for g in db.records("roster/gates", compound_id=compound_id) if g["name_en"]}
        problem = dataclasses.replace(problem, gate_en={**names, **problem.gate_en})
    solution = search.solve(problem, fresh=fresh, allow=tuple(allow), time_limit=time_limit)
    existing = problem.existing()
    found = problem.violations(solution.crews)
    breaks = [v for v in found if v.severity == "soft" and v.rule != "headcount"
              and not roster.week.already_there(v, existing)
              and (v.person_id is None or not solution.accepted.get((v.shift_id, v.person_id)))]
    return Plan(week=week, preview=_preview(week, problem, solution.crews), problem=problem, solution=solution,
                crews=solution.crews, accepted=solution.accepted,
                # a place may still fit only when filling was not proven best (later stages cannot add places)
                unfilled=explain.unfilled(problem, solution.crews,
                                          cut_short=not any(st.name == "fill" and st.optimal for st in solution.stages)),
                breaks=breaks, fresh=fresh)


def _preview(week: roster.week.Week, problem: Problem, crews: roster.week.Crews) -> roster.week.Week:
    """The week with the planned new shifts as rows (negative ids), so that the words for shifts work on them."""
    gates = {r.gate_id: (r.gate, r.gate_en, r.gate_order) for r in week.shifts.itertuples()}
    rows = []
    for sid, new in problem.new_shifts.items():
        name = next(s.gate for s in problem.shifts if s.id == sid)
        gate, gate_en, order = gates.get(new.gate_id, (name, None, 0))
        rows.append({"shift_id": sid, "gate_id": new.gate_id, "gate": name, "gate_en": gate_en or problem.gate_en.get(name),
                     "gate_order": order, "starts_at": new.starts_at, "ends_at": new.ends_at, "required": new.required,
                     "filled": 0, "anchors": 0, "assigned": 0})
    shifts = week.shifts
    if rows:
        shifts = pd.concat([week.shifts, pd.DataFrame(rows)], ignore_index=True)
        shifts = shifts.sort_values(["starts_at", "gate_order"], kind="stable").reset_index(drop=True)
    return dataclasses.replace(week, shifts=shifts, crews={**week.crews, **crews})


def _staffed(problem: Problem, crews: roster.week.Crews) -> tuple[int, int]:
    filled = 0
    for s in problem.shifts:
        people = [problem.people[p] for p in crews.get(s.id, []) if p in problem.people]
        filled += min(s.required, sum(1 for p in people if p.gate_eligible and roster.rules.is_active_at(p, s.starts_at)))
    return filled, sum(s.required for s in problem.shifts)


def _hours(problem: Problem, crews: roster.week.Crews) -> dict[int, float]:
    out: dict[int, float] = defaultdict(float)
    for s in problem.shifts:
        for pid in crews.get(s.id, []):
            out[pid] += week_minutes(s, problem.monday) / 60
    return dict(out)


def fairness(problem: Problem, crews: roster.week.Crews) -> dict[str, float]:
    """Largest weekly hours and spread (largest minus smallest), nights likewise, over the gate-eligible people
    active at some open shift of the week (the people a plan can give work to)."""
    pool = [p.id for p in problem.people.values() if p.gate_eligible
            and any(roster.rules.is_active_at(p, s.starts_at) for s in problem.shifts if problem.is_open(s))]
    if not pool:
        return {"max_hours": 0.0, "spread": 0.0, "max_nights": 0, "night_spread": 0}
    hours = _hours(problem, crews)
    nights: dict[int, int] = defaultdict(int)
    for s in problem.shifts:
        if problem.week_start <= s.starts_at < problem.week_start + dt.timedelta(days=7) and is_night(s):
            for pid in crews.get(s.id, []):
                nights[pid] += 1
    h = [hours.get(p, 0.0) for p in pool]
    n = [nights.get(p, 0) for p in pool]
    return {"max_hours": max(h), "spread": max(h) - min(h), "max_nights": max(n), "night_spread": max(n) - min(n)}


@retried
def save(db: Database, user: User, plan: Plan, reason: str | None = None) -> int:
    """Save the plan as one version of the week: the new shifts created and the crews written in one transaction,
    checked, versioned and audited as the editor's save (undo_last undoes it). The soft rules the plan breaks need a
    reason, given to each of them. Refused when the week changed since it was planned."""
    require(user, "edit_roster", db)
    accepted = dict(plan.accepted)
    needing = [v for v in plan.breaks if v.person_id is not None]
    if needing and not (reason or "").strip():
        raise Refused("scheduler.reason_needed", n=len(needing))
    accepted |= {(v.shift_id, v.person_id): reason.strip() for v in needing}
    rules = roster.week.load_rules(db)
    with db.transaction(user.username, roster.saving.SAVE_ACTION, plan.week.compound_id) as tx:
        ids = _create(tx, plan)
        crews = {ids.get(s, s): c for s, c in plan.crews.items()}
        accepted = {(ids.get(s, s), p): r for (s, p), r in accepted.items()}
        current = roster.saving._current(tx, plan.week)
        crews, accepted = roster.saving._checked(db, user, current, crews, accepted)
        roster.saving._rules_hold(current, crews, accepted, rules, {})
        return roster.saving._write(tx, user, current, crews, accepted, None)


def _create(tx, plan: Plan) -> dict[int, int]:
    """Create the plan's new shifts inside the save's transaction: planned id -> id. Refused if one exists now."""
    ids = {}
    for sid, new in sorted(plan.problem.new_shifts.items(), key=lambda kv: -kv[0]):
        made = tx.run("roster/create_shift", gate_id=new.gate_id, starts_at=new.starts_at, ends_at=new.ends_at,
                      required=new.required)
        if not made:
            raise Refused("scheduler.shifts_changed", start=f"{new.starts_at:%m-%d %H:%M}")
        ids[sid] = made[0][0]
        gate = next(s.gate for s in plan.problem.shifts if s.id == sid)
        tx.record("gate_shift", ids[sid], None, {"gate": gate, "starts_at": new.starts_at, "ends_at": new.ends_at,
                                                 "required": new.required})
    return ids


def create_new_shifts(db: Database, user: User, plan: Plan) -> roster.week.Week:
    """Create the plan's new shifts (empty), in one transaction, and return the week as it is then: the page does
    this when the planner applies a plan, before putting the crews into the editor."""
    require(user, "edit_roster", db)
    if plan.problem.new_shifts:
        with db.transaction(user.username, "generate shifts", plan.week.compound_id) as tx:
            _create(tx, plan)
    return roster.week.load_week(db, plan.week.compound_id, plan.week.monday)


def draft(plan: Plan, week: roster.week.Week) -> roster.week.Crews:
    """The plan's crews keyed by the shifts of `week` (loaded after create_new_shifts): new shifts are found by gate
    and start. Shifts the plan does not know keep their crews."""
    by_slot = {(int(r.gate_id), r.starts_at): int(r.shift_id) for r in week.shifts.itertuples()}
    out = {s: list(c) for s, c in week.crews.items()}
    for sid, crew in plan.crews.items():
        if sid < 0:
            new = plan.problem.new_shifts[sid]
            sid = by_slot.get((new.gate_id, new.starts_at))
            if sid is None:
                continue
        if sid in out:
            out[sid] = list(crew)
    return out
