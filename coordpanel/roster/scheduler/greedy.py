"""The least-hours-first baseline: each open place, in time order, goes to the free person with the fewest hours.

The benchmark compares the solver with it, and the solver starts from it (a good first plan to improve on)."""


from __future__ import annotations

import datetime as dt
from collections import defaultdict

from coordpanel.core.vocab import ANCHOR_TIERS
from coordpanel.roster.rules import Shift
from coordpanel.roster.scheduler.problem import Problem, fixed, may_take, minutes_by_day, minutes_by_week


def fill(problem: Problem, *, fresh: bool = False) -> dict[int, list[int]]:
    """Crews for every shift of the week: started ones as saved; open ones keep (unless `fresh`) the saved people
    who still may take them, then take the free people with the fewest minutes this week, a property member or
    cadre first where the crew has none. It breaks no rule, and leaves a place open where nobody fits."""
    on, kept = fixed(problem, fresh)
    crews = {s.id: list(problem.crews.get(s.id, [])) for s in problem.shifts if not problem.is_open(s)}
    open_shifts = [s for s in problem.shifts if problem.is_open(s)]
    caps = (round(problem.rules.max_hours_day * 60), round(problem.rules.max_hours_week * 60))
    days = {problem.monday + dt.timedelta(days=n) for n in range(7)}
    # minutes each person is on, by day and by week (the two caps), and in this week (the ranking)
    used: dict[int, tuple[dict, dict]] = {pid: (defaultdict(int), defaultdict(int)) for pid in problem.people}
    this_week: dict[int, int] = defaultdict(int)

    def take(pid: int, shift: Shift) -> None:
        on[pid].append(shift)
        for store, split in zip(used.setdefault(pid, (defaultdict(int), defaultdict(int))), (minutes_by_day, minutes_by_week), strict=True):
            for key, m in split(shift).items():
                store[key] += m
        this_week[pid] += sum(m for day, m in minutes_by_day(shift).items() if day in days)

    def drop(pid: int, shift: Shift) -> None:
        on[pid].remove(shift)
        for store, split in zip(used[pid], (minutes_by_day, minutes_by_week), strict=True):
            for key, m in split(shift).items():
                store[key] -= m
        this_week[pid] -= sum(m for day, m in minutes_by_day(shift).items() if day in days)

    for pid, shifts in list(on.items()):
        on[pid] = []
        for shift in shifts:
            take(pid, shift)

    def fits(pid: int, shift: Shift) -> bool:
        if not may_take(problem, problem.people[pid], shift, on.get(pid, [])):
            return False
        return all(used[pid][n][key] + m <= cap for n, (cap, split) in enumerate(zip(caps, (minutes_by_day, minutes_by_week), strict=True))
                   for key, m in split(shift).items())

    for s in open_shifts:
        crew = list(kept.get(s.id, []))
        if not fresh:
            for pid in problem.crews.get(s.id, []):
                if pid not in crew and pid in problem.people and len(crew) < s.required and fits(pid, s):
                    crew.append(pid)
                    take(pid, s)
        crews[s.id] = crew
    for s in open_shifts:
        crew = crews[s.id]
        while sum(1 for p in crew if problem.people[p].gate_eligible) < s.required:
            free = sorted((pid for pid in problem.people if pid not in crew and fits(pid, s)),
                          key=lambda pid: (this_week[pid], pid))
            if not any(problem.people[p].tier in ANCHOR_TIERS for p in crew):
                free = [p for p in free if problem.people[p].tier in ANCHOR_TIERS]
            if not free:
                break
            crew.append(free[0])
            take(free[0], s)
        if crew and not any(problem.people[p].tier in ANCHOR_TIERS for p in crew):
            # no property member or cadre could come: the people kept for it go too, except the planner's own choices
            for pid in [p for p in crew if p not in kept.get(s.id, [])]:
                crew.remove(pid)
                drop(pid, s)
        crews[s.id] = sorted(crew)
    return crews
