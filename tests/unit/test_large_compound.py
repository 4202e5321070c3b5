"""The benchmark's large compound: 10 gates of three 8-hour shifts, 300 gate-eligible people (a quarter property
staff or cadres, a fifth declared unavailable in the planned week), deterministic, no shifts yet."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from coordpanel import roster
from coordpanel.core.vocab import ANCHOR_TIERS
from coordpanel.seed import large_compound


def test_the_spec_has_ten_round_the_clock_gates_and_300_people_a_quarter_anchors():
    spec = large_compound.spec()
    assert len(spec.gates) == 10
    for gate in spec.gates:
        assert [(start, hours) for start, hours, _ in gate["templates"]] == [(dt.time(0), 8), (dt.time(8), 8), (dt.time(16), 8)]
        assert {required for _, _, required in gate["templates"]} <= {2, 3}
    required = Counter(r for g in spec.gates for _, _, r in g["templates"])
    assert set(required) == {2, 3}, "both headcounts occur"
    assert len(spec.people) == 300
    assert sum(p["tier"] in ANCHOR_TIERS for p in spec.people) == 75
    assert len({p["name"] for p in spec.people}) == 300
    assert large_compound.spec() == spec
    assert large_compound.spec(seed=7) != spec


def test_a_fifth_declare_a_stretch_of_the_week_unavailable():
    ids = list(range(1000, 1300))
    declared = large_compound.unavailability(ids)
    assert len(declared) == 60 and len({pid for pid, *_ in declared}) == 60
    week = dt.datetime.combine(large_compound.MONDAY, dt.time())
    for pid, starts, ends, reason in declared:
        assert pid in ids and reason
        assert week <= starts < ends <= week + dt.timedelta(days=7)
        assert dt.timedelta(hours=8) <= ends - starts <= dt.timedelta(hours=72)
    assert large_compound.unavailability(ids) == declared


def test_built_it_is_a_compound_whose_week_the_scheduler_plans_from_the_templates(db):
    compound_id = large_compound.build(db)
    week = roster.week.load_week(db, compound_id, large_compound.MONDAY)
    assert week.shifts.empty, "no shift exists yet: the week is planned from the templates"
    assert len(db.records("roster/templates", compound_id=compound_id)) == 30
    people = list(week.people.values())
    assert len(people) == 300 and all(p.gate_eligible and p.status == "active" for p in people)
    assert sum(1 for p in people if p.unavailable) == 60
    # one audited transaction: the compound and each declared unavailability, in one batch
    entries = db.cursor().execute("SELECT table_name, count(*) FROM audit_log WHERE action = ? GROUP BY table_name "
                                  "ORDER BY table_name", [large_compound.ACTION]).fetchall()
    assert entries == [("availability", 60), ("compound", 1)]
    assert db.cursor().execute("SELECT count(DISTINCT batch) FROM audit_log").fetchone() == (1,)
