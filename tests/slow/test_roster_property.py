"""roster.check against a naive, independent brute force of the gate-roster rules (DESIGN.md, "Gate roster").

Hypothesis draws small random rosters (shifts on a 30-minute grid, some crossing midnight and a Sunday→Monday
week boundary, some back-to-back, overlapping or exactly a rule value apart; people of every tier and status;
random crews; rule values from small sets so the edges are hit) and compares the set of
(rule, shift_id, person_id) that `check` reports with the set computed below by brute force.

The brute force deliberately shares no helper with roster/rules.py (no hours_by_day, no is_active_at): overlaps are
found by intersecting the sets of minutes two shifts cover, hours per day and per week by walking every minute
of every shift, weeks by ISO calendar week (Monday-based) rather than by subtracting the weekday.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coordpanel.roster.rules import Person, Rules, Shift, check

MINUTE = dt.timedelta(minutes=1)
GRID_MINUTES = 30
GATES = ("南门", "北门", "东门")
TIERS = ("grid", "property", "cadre", "volunteer")
STATUSES = ("active", "sick", "quarantined", "left")
ANCHORS = {"property", "cadre"}  # rule 6: property-company member or cadre
# First day of the window; each window is 4 days long and crosses a Sunday→Monday week boundary
# (the second also crosses New Year, where ISO week 2020-W01 starts on Monday 2019-12-30).
WINDOW_STARTS = (dt.datetime(2020, 2, 15), dt.datetime(2019, 12, 29))
WINDOW_SLOTS = 4 * 24 * 60 // GRID_MINUTES
# A shift may be placed relative to an earlier one: gap in hours after its end (negative = overlap, 0 = back-to-back,
# values equal to the rest minima below = rest exactly at the minimum), or an offset from its start (0 = same start).
GAPS_AFTER_END = (-8, -2, -0.5, 0, 0.5, 4, 7.5, 8, 8.5, 12, 24)
OFFSETS_FROM_START = (0, 0.5, 4)
MIN_REST = (0, 4, 8, 8.5, 12)
MAX_DAY = (4, 8, 12, 16)
MAX_WEEK = (8, 16, 24, 48)


# ---------------------------------------------------------------------------------------------- generation


# Strategies are built once here rather than inside `rosters`: building them per draw dominated the runtime.
WINDOW = st.sampled_from(WINDOW_STARTS)
SLOT = st.integers(0, WINDOW_SLOTS - 1)
PLACEMENT = st.sampled_from(("free", "after", "alongside"))
GAP = st.sampled_from(GAPS_AFTER_END)
OFFSET = st.sampled_from(OFFSETS_FROM_START)
DURATION_SLOTS = st.integers(2, 32)  # 1 h … 16 h
GATE = st.sampled_from(GATES)
REQUIRED = st.integers(1, 3)
TIER = st.sampled_from(TIERS)
STATUS = st.sampled_from(STATUSES)
SINCE_DAY = st.none() | st.integers(-1, 5)  # days after the window's first day, or no date
INDEX = {n: st.integers(0, n - 1) for n in range(1, 11)}
ORDER = {n: st.permutations(range(1, n + 1)) for n in range(1, 11)}
CREW = {k: st.lists(st.integers(1, k), unique=True, max_size=k) for k in range(1, 7)}
NO_ENTRY = st.integers(0, 5).map(lambda n: n == 0)
ELIGIBLE = st.booleans()
RULES = st.builds(
    Rules,
    min_rest_hours=st.sampled_from(MIN_REST),
    max_hours_day=st.sampled_from(MAX_DAY),
    max_hours_week=st.sampled_from(MAX_WEEK),
)


@st.composite
def rosters(draw) -> tuple[list[Shift], dict[int, list[int]], dict[int, Person], Rules]:
    window = draw(WINDOW)

    shifts: list[Shift] = []
    for shift_id in range(1, draw(INDEX[10]) + 2):
        placement = draw(PLACEMENT) if shifts else "free"
        if placement == "free":
            start = window + GRID_MINUTES * MINUTE * draw(SLOT)
        elif placement == "after":
            start = shifts[draw(INDEX[len(shifts)])].ends_at + dt.timedelta(hours=draw(GAP))
        else:
            start = shifts[draw(INDEX[len(shifts)])].starts_at + dt.timedelta(hours=draw(OFFSET))
        end = start + GRID_MINUTES * MINUTE * draw(DURATION_SLOTS)
        shifts.append(Shift(shift_id, draw(GATE), start, end, draw(REQUIRED)))

    people: dict[int, Person] = {}
    for pid in range(1, draw(INDEX[6]) + 2):
        status, since_day = draw(STATUS), draw(SINCE_DAY)
        since = None if since_day is None else window.date() + dt.timedelta(days=since_day)
        people[pid] = Person(pid, f"p{pid}", draw(TIER), None, status=status, status_since=since, gate_eligible=draw(ELIGIBLE))

    # The dict order of `assignments` is random too: it decides which of two shifts with the same start is "later".
    assignments: dict[int, list[int]] = {}
    for shift_id in draw(ORDER[len(shifts)]):
        if draw(NO_ENTRY):
            continue  # no entry at all for this shift (as opposed to an empty crew)
        assignments[shift_id] = draw(CREW[len(people)])

    rules = draw(RULES)
    return shifts, assignments, people, rules


# ---------------------------------------------------------------------------------------------- brute force


def minutes_of(shift: Shift) -> list[dt.datetime]:
    """Every minute the shift covers. Half-open [start, end): the end minute belongs to the next shift,
    so back-to-back shifts share no minute and do not overlap."""
    out, t = [], shift.starts_at
    while t < shift.ends_at:
        out.append(t)
        t += MINUTE
    return out


def active_at(person: Person, shift: Shift) -> bool:
    """Rule 5 as roster/rules.py reads it: 'active', or a sick/quarantined/left status that starts on a later date than
    the date the shift *starts* (a night shift starting the evening before the status date still counts as active)."""
    if person.status == "active":
        return True
    if person.status_since is None:
        return False  # inactive with no date: inactive for every shift
    return shift.starts_at.date() < person.status_since


def brute_force(
    shifts: list[Shift], assignments: dict[int, list[int]], people: dict[int, Person], rules: Rules,
    focus: set[int] | None = None,
) -> set[tuple[str, int, int | None]]:
    """With a focus (the week saved; the other shifts its context), only what involves a focus shift, reported
    against a focus shift: a pair against its later shift if that is in focus, else its earlier one; hours of a day
    or week against the latest-starting focus shift touching it."""
    found: set[tuple[str, int, int | None]] = set()
    by_id = {s.id: s for s in shifts}
    focus = set(by_id) if focus is None else focus

    # ---- rules about one shift's crew (rules 4, 5, 6)
    for shift in shifts:
        if shift.id not in focus:
            continue
        crew = [people[pid] for pid in assignments.get(shift.id, [])]
        for person in crew:
            if not active_at(person, shift):
                # rule 5: an inactive person on a shift is a violation of that person
                found.add(("active_only", shift.id, person.id))
            elif not person.gate_eligible:
                # rule 4: reported only for people who are active there (an inactive one already has active_only)
                found.add(("gate_eligible", shift.id, person.id))
        # rule 6a: only people who are active at the shift AND gate-eligible count towards the headcount
        counted = sum(1 for p in crew if active_at(p, shift) and p.gate_eligible)
        if counted < shift.required:
            found.add(("headcount", shift.id, None))
        # rule 6b: a non-empty crew needs an ACTIVE property member or cadre (eligibility not required);
        # an empty crew is left to the headcount rule
        if crew and not any(p.tier in ANCHORS and active_at(p, shift) for p in crew):
            found.add(("property_or_cadre", shift.id, None))

    # ---- rules about one person's shifts (rules 1, 2, 3)
    # "Later" means later start; two shifts of a person with the same start are ordered as roster/rules.py's stable sort
    # leaves them: by the order of the shift ids in the `assignments` mapping.
    position = {shift_id: i for i, shift_id in enumerate(assignments)}

    def rank(s: Shift) -> tuple[dt.datetime, int]:
        return (s.starts_at, position[s.id])

    # Walk each shift minute by minute once (then reuse it for every person on it): the minutes it covers, and how
    # many of them fall on each calendar day and each ISO (Monday-based) week.
    covered = {s.id: set(minutes_of(s)) for s in shifts}
    per_day = {s.id: Counter(m.date() for m in covered[s.id]) for s in shifts}
    per_week = {s.id: Counter(m.date().isocalendar()[:2] for m in covered[s.id]) for s in shifts}

    for pid in people:  # every assigned id is a known person in these rosters
        own = [by_id[shift_id] for shift_id in assignments if pid in assignments[shift_id]]

        for a in own:
            for b in own:
                if rank(a) >= rank(b):
                    continue
                overlap = bool(covered[a.id] & covered[b.id])
                # rule 1: every overlapping pair (not only neighbours), reported against the later shift;
                # a shift overlapping several earlier ones is one entry in the set
                if overlap and (b.id in focus or a.id in focus):
                    found.add(("no_overlap", b.id if b.id in focus else a.id, pid))

        # rule 2 (DESIGN.md: "a minimum rest between two shifts of the same person"): for each shift that overlaps
        # none of the person's earlier-starting shifts, rest = its start - the latest end among those earlier shifts,
        # a violation when strictly below the minimum
        for b in own:
            earlier = [a for a in own if rank(a) < rank(b)]
            if earlier and not any(covered[a.id] & covered[b.id] for a in earlier):
                # the shift the rest runs from: the first (in rank order) of those ending last
                last = max(sorted(earlier, key=rank), key=lambda a: a.ends_at)
                rest_minutes = (b.starts_at - last.ends_at) // MINUTE
                if rest_minutes < rules.min_rest_hours * 60 and (b.id in focus or last.id in focus):
                    found.add(("min_rest_hours", b.id if b.id in focus else last.id, pid))

        # rule 3: minutes per calendar day and per ISO week; a shift crossing midnight counts on both days (and both
        # weeks when the midnight is Sunday→Monday), overlapping shifts both count. A violation (strictly above the
        # maximum) is reported against the latest-starting shift touching that day or week.
        for period_minutes, maximum, rule in (
            (per_day, rules.max_hours_day, "max_hours_day"),
            (per_week, rules.max_hours_week, "max_hours_week"),
        ):
            totals: Counter = Counter()
            touching: dict[object, list[Shift]] = defaultdict(list)
            for s in own:
                for period, n in period_minutes[s.id].items():
                    totals[period] += n
                    touching[period].append(s)
            for period, total in totals.items():
                in_focus = [s for s in touching[period] if s.id in focus]
                if total > maximum * 60 and in_focus:
                    found.add((rule, max(in_focus, key=rank).id, pid))
    return found


# ---------------------------------------------------------------------------------------------- the property

D = dt.datetime
GUARD = Person(1, "保安甲", "property", "security", gate_eligible=True)
SICK_FROM_18TH = Person(2, "志愿者乙", "volunteer", "gate", status="sick", status_since=dt.date(2020, 2, 18), gate_eligible=True)


def _shift(i: int, start: dt.datetime, hours: float, gate: str = "南门", required: int = 1) -> Shift:
    return Shift(i, gate, start, start + dt.timedelta(hours=hours), required)


# Crossing midnight, Sunday→Monday: the night shift puts 4 h on Sunday (ISO week 7) and 6 h on Monday (week 8); with
# the Monday shift that is 10 h > 8 on Monday and in week 8, both reported against shift 2; 4 h on Sunday is fine.
# The rest between the two is exactly the 8 h minimum, which is allowed.
ACROSS_MIDNIGHT = (
    [_shift(1, D(2020, 2, 16, 20), 10), _shift(2, D(2020, 2, 17, 14), 4, gate="北门")],
    {1: [1], 2: [1]},
    {1: GUARD},
    Rules(min_rest_hours=8, max_hours_day=8, max_hours_week=8),
)
# Back-to-back at two gates, the first ending exactly at midnight (so it puts nothing on Tuesday): no overlap, but
# 0 h rest for both people. The volunteer turns sick on Tuesday, the start date of shift 2 (status_since == start
# date → not active there): active_only for her and a short headcount; the active guard still anchors the shift.
BACK_TO_BACK = (
    [_shift(1, D(2020, 2, 17, 16), 8), _shift(2, D(2020, 2, 18, 0), 4, gate="北门", required=2)],
    {1: [1, 2], 2: [2, 1]},
    {1: GUARD, 2: SICK_FROM_18TH},
    Rules(min_rest_hours=8, max_hours_day=12, max_hours_week=48),
)
# Rest runs from the latest end of all earlier shifts: shift 2 lies inside shift 1 (overlap, reported on 2); shift 3
# starts 15 h after shift 2 ends but only 1 h after shift 1 ends, so its rest is 1 h and is reported.
NESTED = (
    [_shift(1, D(2020, 2, 17, 0), 16), _shift(2, D(2020, 2, 17, 1), 1), _shift(3, D(2020, 2, 17, 17), 4)],
    {1: [1], 2: [1], 3: [1]},
    {1: GUARD},
    Rules(min_rest_hours=8, max_hours_day=24, max_hours_week=48),
)


def test_the_brute_force_itself_on_the_examples():
    """The oracle checked by hand on the three edge examples, so the property does not merely compare two bugs."""
    assert brute_force(*ACROSS_MIDNIGHT) == {("max_hours_day", 2, 1), ("max_hours_week", 2, 1)}
    assert brute_force(*BACK_TO_BACK) == {
        ("min_rest_hours", 2, 1),
        ("min_rest_hours", 2, 2),
        ("active_only", 2, 2),
        ("headcount", 2, None),
    }
    assert brute_force(*NESTED) == {("no_overlap", 2, 1), ("min_rest_hours", 3, 1)}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(roster=rosters())
@example(roster=ACROSS_MIDNIGHT)
@example(roster=BACK_TO_BACK)
@example(roster=NESTED)
def test_check_agrees_with_brute_force(roster):
    shifts, assignments, people, rules = roster
    violations = check(shifts, assignments, people, rules)
    assert {(v.rule, v.shift_id, v.person_id) for v in violations} == brute_force(shifts, assignments, people, rules)
    assert all(v.severity == rules.severity[v.rule] for v in violations)


FOCUS_PICK = st.lists(st.booleans(), min_size=11, max_size=11)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(roster=rosters(), picks=FOCUS_PICK)
def test_check_with_a_focus_agrees_with_brute_force(roster, picks):
    """The week being saved as the focus, the shifts around it as context (issue #12, item 14)."""
    shifts, assignments, people, rules = roster
    focus = {s.id for s, pick in zip(shifts, picks, strict=False) if pick}
    violations = check(shifts, assignments, people, rules, focus=focus)
    assert {(v.rule, v.shift_id, v.person_id) for v in violations} == brute_force(shifts, assignments, people, rules, focus)
    assert all(v.shift_id in focus for v in violations)


def test_the_brute_force_with_a_focus_on_the_examples():
    """Shift 2 of ACROSS_MIDNIGHT outside the focus: its day and week are answered for by shift 1, which works in
    them; NESTED without shift 3 keeps only the overlap; BACK_TO_BACK without shift 2 reports the rest on shift 1."""
    assert brute_force(*ACROSS_MIDNIGHT, focus={1}) == {("max_hours_day", 1, 1), ("max_hours_week", 1, 1)}
    assert brute_force(*NESTED, focus={1, 2}) == {("no_overlap", 2, 1), ("min_rest_hours", 1, 1)}
    assert brute_force(*BACK_TO_BACK, focus={1}) == {("min_rest_hours", 1, 1), ("min_rest_hours", 1, 2)}
