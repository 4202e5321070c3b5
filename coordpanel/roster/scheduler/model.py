"""The CP-SAT model of a week's open places: its variables, the roster rules as constraints, and the objectives.

A person gets a 0/1 variable for an open shift only where no rule about them alone stops it (active then,
gate-eligible, no overlap or short rest against a shift they cannot leave, not declared unavailable unless that
rule may be broken). Overlap and rest between two open shifts are one at-most-one constraint per moment, over the
shifts each stretched by the minimum rest (an interval graph, whose cliques are exactly the conflicting sets).

The objectives, in order (search.py solves each and holds it while solving the next): fill (places filled, as the
checker counts them), breaks (rules the planner let it break, fewest), keep (saved assignments kept), fairness
(weekly hours: the largest, then the spread, the hours already worked this week included; then night shifts, mostly
between 00:00 and 08:00, likewise)."""


from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from ortools.sat.python import cp_model

from coordpanel.core.vocab import ANCHOR_TIERS
from coordpanel.roster.rules import Shift
from coordpanel.roster.scheduler.problem import (
    BREAKABLE,
    Problem,
    declared_unavailable,
    fixed,
    is_night,
    may_take,
    minutes_by_day,
    minutes_by_week,
    week_minutes,
)


class Model:
    def __init__(self, problem: Problem, fresh: bool, allow: frozenset[str]) -> None:
        self.p, self.fresh = problem, fresh
        severity = problem.rules.severity
        self.allow = {r for r in allow if r in BREAKABLE and severity.get(r) == "soft"}
        self.m = cp_model.CpModel()
        self.open = [s for s in problem.shifts if problem.is_open(s)]
        self.fixed_on, self.kept = fixed(problem, fresh)
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}  # (person, shift) -> on it
        self.mine: dict[int, list[tuple[Shift, cp_model.IntVar]]] = defaultdict(list)  # by person
        self.on: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)  # by shift
        self.breaks: list = []
        self.crew_size: dict[int, cp_model.IntVar] = {}  # open shift -> people the scheduler puts on it
        self.anchor_count: dict[int, cp_model.IntVar] = {}  # open shift -> property members and cadres among them
        self.spread_limit = 0  # the largest value a fairness term can take
        self._variables()
        self.fill = self._shift_constraints()
        self._conflicts()
        self._hours()

    def _variables(self) -> None:
        for s in self.open:
            for pid in sorted(self.p.people):
                person = self.p.people[pid]
                if pid in self.kept.get(s.id, ()) or not may_take(self.p, person, s, self.fixed_on.get(pid, []), self.allow):
                    continue
                unavailable = declared_unavailable(person, s)
                var = self.m.new_bool_var(f"x{pid}_{s.id}")
                self.x[(pid, s.id)] = var
                self.mine[pid].append((s, var))
                self.on[s.id].append((pid, var))
                if unavailable:
                    self.breaks.append(var)

    def _shift_constraints(self) -> list:
        """Headcount (no more than needed, or than saved when keeping), places filled, a property member or cadre."""
        fill = []
        for s in self.open:
            on = self.on.get(s.id, [])
            kept = [self.p.people[pid] for pid in self.kept.get(s.id, [])]
            counted = sum(1 for k in kept if k.gate_eligible)  # kept people are active (see problem.fixed)
            # no more people who fill a place than it needs, or than saved ones when keeping; a kept person who
            # fills none (the planner's choice, not gate-eligible) does not take a place from one who does
            saved = 0 if self.fresh else sum(1 for p in self.p.crews.get(s.id, [])
                                             if p in self.p.people and self.p.people[p].gate_eligible)
            # the people on it, as one variable whose bounds the fairness totals below can reason with
            size = max(0, max(s.required, saved) - counted)
            self.crew_size[s.id] = self.m.new_int_var(0, size, f"crew{s.id}")
            self.m.add(self.crew_size[s.id] == sum(v for _, v in on))
            filled = self.m.new_int_var(0, s.required, f"filled{s.id}")
            self.m.add(filled <= counted + self.crew_size[s.id])
            fill.append(filled)
            anchors = [v for pid, v in on if self.p.people[pid].tier in ANCHOR_TIERS]
            others = [v for pid, v in on if self.p.people[pid].tier not in ANCHOR_TIERS]
            self.anchor_count[s.id] = self.m.new_int_var(0, len(anchors), f"anchors{s.id}")
            self.m.add(self.anchor_count[s.id] == sum(anchors))
            if any(k.tier in ANCHOR_TIERS for k in kept):
                continue
            if not others and not kept:
                continue
            led = self.m.new_bool_var(f"led{s.id}")  # a property member or cadre is on it
            self.m.add(sum(anchors) >= led)
            broken = None
            if "property_or_cadre" in self.allow or kept:
                # a kept crew with no anchor needs one; where none can come, the gap stays (and is counted)
                broken = self.m.new_bool_var(f"anchor_break{s.id}")
                self.breaks.append(broken)
            for v in others:
                self.m.add_bool_or([v.Not(), led] + ([broken] if broken is not None else []))
            if kept:
                self.m.add_bool_or([led, broken])
            # implied by the above, stated for propagation: a staffed shift has a property member or cadre on it, so
            # filling every place bounds the anchors' hours from below without search (see _spread)
            self.m.add(max(1, size) * (self.anchor_count[s.id] + (broken if broken is not None else 0)) >= self.crew_size[s.id])
        return fill

    def _conflicts(self) -> None:
        """Overlap and rest between open shifts: at most one of each set of shifts that all pairwise conflict."""
        rest = dt.timedelta(hours=self.p.rules.min_rest_hours)
        for mine in self.mine.values():
            mine.sort(key=lambda sv: (sv[0].starts_at, sv[0].id))
            active: list[tuple[dt.datetime, object]] = []  # (end + rest, variable) of the shifts started so far
            for i, (s, var) in enumerate(mine):
                # in start order, an earlier shift conflicts with this one while its end plus the rest is later
                active = [(reach, v) for reach, v in active if reach > s.starts_at] + [(s.ends_at + rest, var)]
                last_at_moment = i + 1 == len(mine) or mine[i + 1][0].starts_at != s.starts_at
                if last_at_moment and len(active) > 1:
                    self.m.add_at_most_one(v for _, v in active)

    def _hours(self) -> None:
        """Hours a day and a week: what the fixed shifts already use leaves the room for the open ones."""
        rules = self.p.rules
        for rule, limit, split in (("max_hours_day", rules.max_hours_day, minutes_by_day),
                                   ("max_hours_week", rules.max_hours_week, minutes_by_week)):
            cap = round(limit * 60)
            rooms: dict = defaultdict(int)  # day or week -> the minutes everyone together can still work in it
            for pid, mine in self.mine.items():
                used: dict = defaultdict(int)
                for f in self.fixed_on.get(pid, ()):
                    for key, minutes in split(f).items():
                        used[key] += minutes
                terms: dict = defaultdict(list)
                for s, var in mine:
                    for key, minutes in split(s).items():
                        terms[key].append((minutes, var))
                for key, parts in terms.items():
                    room = max(0, cap - used[key])
                    rooms[key] += min(room, sum(m for m, _ in parts))
                    if sum(m for m, _ in parts) <= room:
                        continue
                    load = sum(m * v for m, v in parts)
                    if rule in self.allow:
                        broken = self.m.new_bool_var(f"{rule}{pid}_{key}")
                        self.breaks.append(broken)
                        self.m.add(load <= room).only_enforce_if(broken.Not())
                    else:
                        self.m.add(load <= room)
            if rule not in self.allow:
                self._room_for_all(split, rooms)

    def _room_for_all(self, split, rooms: dict) -> None:
        """The sum of the people's limits, counted by shift: implied, stated so that propagation bounds the places
        that can be filled when hours run short (41 people at 16 h a week fill at most 82 eight-hour places)."""
        loads: dict = defaultdict(list)
        for s in self.open:
            for key, minutes in split(s).items():
                loads[key].append(minutes * self.crew_size[s.id])
        for key, parts in loads.items():
            self.m.add(sum(parts) <= rooms.get(key, 0))

    def objectives(self):
        """(name, expression, maximise) in order of priority; a stage with nothing to decide is left out."""
        yield "fill", sum(self.fill), True
        if self.breaks:
            yield "breaks", sum(self.breaks), False
        saved = [self.x[(pid, s.id)] for s in self.open for pid in self.p.crews.get(s.id, []) if (pid, s.id) in self.x]
        if saved and not self.fresh:
            yield "keep", sum(saved), True
        week = self.p.week_start

        def hours(shift: Shift) -> int:
            return week_minutes(shift, self.p.monday)

        def nights(shift: Shift) -> int:
            return int(is_night(shift) and week <= shift.starts_at < week + _WEEK)

        # the four fairness terms in one objective, weighted so that each counts before the next (lexicographic):
        # one search finds them together, and each term's bound is proven by propagation (see _spread)
        terms = []
        for measure in (hours, nights):
            top, bottom = self._spread(measure)
            if top is not None:
                terms += [top, top - bottom]
        if terms:
            weighted, weight = 0, 1
            for term in reversed(terms):
                weighted += weight * term
                weight *= self.spread_limit + 1
            yield "fairness", weighted, False

    def _spread(self, measure):
        """The largest and the smallest of a measure of each person's week, over the people it can still change."""
        if not self.mine:
            return None, None
        # each shift's measure once (a large week has ~60,000 person-shift variables over ~200 shifts)
        of = {s.id: measure(s) for s in self.open} | {f.id: measure(f) for fs in self.fixed_on.values() for f in fs}
        fixed = {pid: sum(of[f.id] for f in self.fixed_on.get(pid, ())) for pid in self.mine}
        # counted in units of the largest common divisor of the minutes (2 hours for 6- and 8-hour shifts): the
        # linear relaxation then bounds the largest total by the average rounded up, which proves most weeks at once
        unit = math.gcd(*fixed.values(), *of.values()) or 1
        totals = [fixed[pid] // unit + sum(of[s.id] // unit * v for s, v in mine) for pid, mine in self.mine.items()]
        limit = max(fixed[pid] // unit + sum(of[s.id] // unit for s, _ in mine) for pid, mine in self.mine.items())
        self.spread_limit = max(self.spread_limit, limit)
        top, bottom = self.m.new_int_var(0, limit, "top"), self.m.new_int_var(0, limit, "bottom")
        for total in totals:
            self.m.add(top >= total)
            self.m.add(bottom <= total)
        # the same sum counted by shift: with each crew's size bounded, propagation alone bounds the largest total
        # from below and the smallest from above by the average (everyone cannot do a night when there are fewer
        # night places than people), which proves most stages at the root
        people = len(totals)
        overall = sum(fixed.values()) // unit + sum(of[s.id] // unit * self.crew_size[s.id] for s in self.open if of[s.id])
        self.m.add(people * bottom <= overall)
        self.m.add(people * top >= overall)
        # likewise for the property members and cadres alone, one of whom every staffed shift needs: when they are
        # few, they bound the largest total higher than the average of everyone does
        leaders = [pid for pid in self.mine if self.p.people[pid].tier in ANCHOR_TIERS]
        if leaders and len(leaders) < people:
            led = sum(fixed[pid] for pid in leaders) // unit + sum(
                of[s.id] // unit * self.anchor_count[s.id] for s in self.open if of[s.id])
            self.m.add(len(leaders) * top >= led)
        return top, bottom

    def crews(self, values: dict) -> dict[int, list[int]]:
        out = {s.id: list(self.p.crews.get(s.id, [])) for s in self.p.shifts if not self.p.is_open(s)}
        for s in self.open:
            out[s.id] = sorted({*self.kept.get(s.id, []), *(pid for pid, _ in self.on.get(s.id, []) if values.get((pid, s.id)))})
        return out

    def kept_reasons(self) -> dict[tuple[int, int], str]:
        """The saved reasons that stay: on started shifts, and on the assignments kept with them."""
        started = {s.id for s in self.p.shifts if not self.p.is_open(s)}
        out = {k: v for k, v in self.p.accepted.items() if k[0] in started and (v or "").strip()}
        return out | {(sid, pid): self.p.accepted[(sid, pid)].strip() for sid, people in self.kept.items() for pid in people}



_WEEK = dt.timedelta(days=7)
