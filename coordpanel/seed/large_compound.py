"""A large compound for the auto-scheduler's benchmark: 10 gates round the clock and 300 gate-eligible people.

Each gate has three 8-hour shift templates (00:00, 08:00, 16:00) needing 2 or 3 people; of the 300 gate-eligible
people a quarter are property security staff or checkpoint cadres (the property member or cadre each shift needs),
the rest gate volunteers; a fifth of them declare a stretch of the week `MONDAY` unavailable. The compound has no
gate shifts and no roster yet: the scheduler plans its week from the templates, from empty (as the demo's next week).
Buildings, requests and the rest of a compound are left out: the scheduler does not read them.

`spec` and `unavailability` are pure and deterministic for a seed; `build` inserts them in one audited transaction,
with the dataset's "as of" moment set as the demo's (so "today" is 2020-02-19 08:00)."""


from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pandas as pd

from coordpanel.core.db import Database
from coordpanel.seed import demo

ACTION = "generate large compound"
NAME, NAME_EN = "锦绣华城", "Jinxiu Garden City"
MONDAY = dt.date(2020, 2, 24)  # the week after the demo's roster week
GATES = 10
SHIFT_STARTS = (dt.time(0), dt.time(8), dt.time(16))
SHIFT_HOURS = 8
ELIGIBLE = 300
# (tier, group) and how many: security staff and checkpoint cadres are a quarter of the gate-eligible people
GROUPS = ((("property", "security"), 40), (("cadre", "checkpoint"), 35), (("volunteer", "gate"), 225))
UNAVAILABLE_SHARE = 0.2
_REASONS = ("家中老人就医", "居家隔离观察", "单位临时任务", "孩子无人照看", "身体不适")


@dataclass(frozen=True)
class LargeSpec:
    gates: list[dict]  # name, name_en, templates: [(start, hours, required)]
    people: list[dict]  # name, tier, group_code, party_member


def spec(seed: int = 2020) -> LargeSpec:
    """The gates (required 2 or 3 people, per template) and the gate-eligible people, with invented names."""
    rng = random.Random(f"{seed}:large")
    gates = [{"name": f"{n}号门", "name_en": f"Gate {n}",
              "templates": [(start, SHIFT_HOURS, rng.choice((2, 3))) for start in SHIFT_STARTS]}
             for n in range(1, GATES + 1)]
    new_name = demo._NameMaker(rng)
    people = [{"name": new_name(), "tier": tier, "group_code": group, "party_member": tier == "cadre" or rng.random() < 0.3}
              for (tier, group), n in GROUPS for _ in range(n)]
    return LargeSpec(gates, people)


def unavailability(person_ids: list[int], monday: dt.date = MONDAY, seed: int = 2020) -> list[tuple[int, dt.datetime, dt.datetime, str]]:
    """(person, from, to, reason) for a fifth of the people: one stretch of 8 to 72 hours in the week from `monday`,
    starting when a shift starts."""
    rng = random.Random(f"{seed}:large:unavailable")
    chosen = sorted(rng.sample(sorted(person_ids), round(len(person_ids) * UNAVAILABLE_SHARE)))
    week = dt.datetime.combine(monday, dt.time())
    out = []
    for pid in chosen:
        starts = week + dt.timedelta(hours=SHIFT_HOURS * rng.randrange(7 * len(SHIFT_STARTS)))
        ends = min(week + dt.timedelta(days=7), starts + dt.timedelta(hours=SHIFT_HOURS * rng.randint(1, 9)))
        out.append((pid, starts, ends, rng.choice(_REASONS)))
    return out


def build(db: Database, seed: int = 2020, actor: str = "system") -> int:
    """Create the large compound (gates, templates, people, declared unavailability) in one transaction; its id."""
    large = spec(seed)
    base = demo.DemoSpec.load()
    with db.transaction(actor, ACTION) as tx:
        demo._settings(tx, base)
        ids = demo._Ids(tx)
        (compound_id,) = ids.take("compound_id_seq", 1)
        place = {k: base["compound"][k] for k in ("district", "street", "community")}
        tx.insert_df("compound", pd.DataFrame([{"id": compound_id, "name": NAME, "name_en": NAME_EN, **place,
                                                "description": "用于自动排班基准测试的大型住宅小区（虚构）。"}]))
        gate_ids = ids.take("gate_id_seq", len(large.gates))
        tx.insert_df("gate", pd.DataFrame([{"id": gid, "compound_id": compound_id, "name": g["name"], "name_en": g["name_en"],
                                            "opens": "00:00:00", "closes": "24:00:00", "sort_order": i}
                                           for i, (gid, g) in enumerate(zip(gate_ids, large.gates, strict=True))]))
        templates = [{"gate_id": gid, "starts": start, "hours": hours, "required": required}
                     for gid, g in zip(gate_ids, large.gates, strict=True) for start, hours, required in g["templates"]]
        for tid, t in zip(ids.take("shift_template_id_seq", len(templates)), templates, strict=True):
            t["id"] = tid
        tx.insert_df("shift_template", pd.DataFrame(templates))
        person_ids = ids.take("person_id_seq", len(large.people))
        tx.insert_df("person", pd.DataFrame([{**p, "id": pid, "compound_id": compound_id, "status": "active",
                                              "phone": demo.invented_phone(pid)}
                                             for pid, p in zip(person_ids, large.people, strict=True)]))
        declared = unavailability(person_ids, MONDAY, seed)
        for pid, starts, ends, reason in declared:
            (row,) = tx.run("roster/add_unavailable", person_id=pid, starts_at=starts, ends_at=ends, note=reason)
            tx.record("availability", str(row[0]), None, {"person_id": pid, "starts_at": starts, "ends_at": ends,
                                                           "available": False, "note": reason})
        tx.record("compound", compound_id, None, {"name": NAME, "gates": len(gate_ids), "shift_templates": len(templates),
                                                  "people": len(person_ids), "unavailable": len(declared)}, action=ACTION)
    return compound_id
