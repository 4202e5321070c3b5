"""Build the demo compound (万科嘉园, February 2020) from data/demo.toml, deterministically.

Every figure of FACTS.md comes from the TOML file; people's names and phone numbers are invented here.
The same builder serves `python -m coordpanel init --demo`, the tests and the benchmarks."""


from __future__ import annotations

import datetime as dt
import json
import random
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coordpanel import roster
from coordpanel.core.db import Database, Transaction
from coordpanel.core.queries import ROOT
from coordpanel.seed import attendance, roster_weeks, services

DEMO_FILE = ROOT / "data" / "demo.toml"

# Invented names only. The real people the article names are excluded explicitly.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲菊兰凤梅琴云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽斌波辉"
_REAL_NAMES = {"黄峰", "高翔", "曾玉梅", "王婷"}


@dataclass
class DemoSpec:
    raw: dict[str, Any]

    @classmethod
    def load(cls, path: Path = DEMO_FILE) -> DemoSpec:
        with open(path, "rb") as handle:
            return cls(tomllib.load(handle))

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]


class _Ids:
    """Allocate ids from the table's own sequence so later inserts by the app never collide."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    def take(self, sequence: str, n: int) -> list[int]:
        if n == 0:
            return []
        return sorted(r[0] for r in self.tx.run("seed/take_ids", sequence=sequence, n=n))


class _NameMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set(_REAL_NAMES)

    def __call__(self) -> str:
        while True:
            given = "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(_SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


def invented_phone(serial: int) -> str:
    """Obviously invented mobile numbers in one block: 139-00xx-xxxx, unique per serial."""
    return f"13900{serial:06d}"


def build(db: Database, actor: str = "system", spec: DemoSpec | None = None, seed: int = 2020) -> int:
    """Create the demo compound in one transaction; returns its id."""
    spec = spec or DemoSpec.load()
    with db.transaction(actor, "init demo") as tx:
        compound_id = build_compound(tx, spec, random.Random(seed), phone_offset=0)
        _settings(tx, spec)
        attendance.seed(tx, compound_id, spec["roster_week"], spec["as_of"])  # after the roster: #15
        counts = dict(tx.run("admin/table_counts"))
        tx.record("compound", compound_id, None, counts, action="init demo")
    return compound_id


def _settings(tx: Transaction, spec: DemoSpec) -> None:
    tx.run("seed/set_as_of", value=json.dumps(spec["as_of"].isoformat(sep=" ")))


def build_compound(tx: Transaction, spec: DemoSpec, rng: random.Random, phone_offset: int, name: str | None = None) -> int:
    """Insert one compound with everything in it; `name` overrides the spec's (for generated districts)."""
    ids = _Ids(tx)
    new_name = _NameMaker(rng)
    c = spec["compound"]
    (compound_id,) = ids.take("compound_id_seq", 1)
    tx.insert_df(
        "compound",
        pd.DataFrame([{**{k: c[k] for k in ("name_en", "district", "street", "community", "description")},
                      "id": compound_id, "name": name or c["name"]}]),
    )

    buildings = spec["building"]
    building_ids = ids.take("building_id_seq", len(buildings))
    tx.insert_df("building", pd.DataFrame([
        {"id": bid, "compound_id": compound_id, "code": b["code"], "households": b["households"],
         "residents": b["residents"], "sort_order": i}
        for i, (bid, b) in enumerate(zip(building_ids, buildings, strict=True))
    ]))

    orgs = _organisations(tx, spec)
    people, by_group = _people(tx, spec, compound_id, building_ids, orgs, rng, new_name, phone_offset)
    _building_assignments(tx, ids, building_ids, by_group)
    roster_weeks.gates_and_roster(tx, ids, spec, compound_id, people, by_group)
    _requests(tx, ids, spec, building_ids, by_group, rng)
    _supplies(tx, ids, spec, compound_id)
    _cases(tx, spec, compound_id)
    services.seed(tx, spec, compound_id)  # requests' intake details, a week of supply issues (#16)
    _community(tx, ids, spec, compound_id, by_group, name or c["name"])
    return compound_id


def _organisations(tx: Transaction, spec: DemoSpec) -> dict[str, int]:
    known = organisation_ids(tx)
    for org in spec["organisation"]:
        if org["name"] in known:
            continue
        (row,) = tx.run("seed/insert_organisation", name=org["name"], name_en=org["name_en"], kind=org["kind"],
                        parent_id=known.get(org.get("parent")))
        known[org["name"]] = row[0]
    return known


def organisation_ids(tx: Transaction) -> dict[str, int]:
    """name -> id of every organisation (names are unique)."""
    return {org["name"]: org["id"] for org in tx.records("people/organisations")}


def _people(tx, spec, compound_id, building_ids, orgs, rng, new_name, phone_offset):
    """Every person of the compound: grid workers, property staff, 29 cadres, 43 volunteers."""
    rows: list[dict[str, Any]] = []

    def person(tier, group, org=None, party=False, home=None, title=None, joined=None, note=None):
        rows.append({"tier": tier, "group_code": group, "organisation_id": orgs.get(org) if org else None,
                     "party_member": party, "home_building_id": home, "title": title, "joined_on": joined,
                     "note": note})

    staff = spec["staff"]
    for _ in range(staff["grid_workers"]):
        person("grid", "grid_worker", "长山社区居委会", party=rng.random() < 0.5, title="网格员")
    for group, n in staff["property"].items():
        for _ in range(n):
            person("property", group, "万科物业", party=rng.random() < 0.15)

    cadres = spec["cadres"]
    origins = [cadres["original_from"]] * cadres["original"]
    joined = [cadres["original_joined"]] * cadres["original"]
    for org, n in cadres["added"].items():
        origins += [org] * n
        joined += [cadres["added_joined"]] * n
    groups = [g for g, n in cadres["groups"].items() for _ in range(n)]
    # the first originals are the two executives at the gate every morning: checkpoint group first
    for i, (org, day, group) in enumerate(zip(origins, joined, groups, strict=True)):
        title = "党委委员、副总经理" if i < cadres["executives"] else None
        person("cadre", group, org, party=True, title=title, joined=day)

    vol = spec["volunteers"]
    vgroups = [g for g, n in vol["groups"].items() for _ in range(n)]
    party_flags = [True] * vol["party_members"] + [False] * (vol["total"] - vol["party_members"])
    rng.shuffle(party_flags)
    for i, group in enumerate(vgroups):
        person("volunteer", group, party=party_flags[i], home=building_ids[i % len(building_ids)])

    person_ids = _Ids(tx).take("person_id_seq", len(rows))
    for pid, row in zip(person_ids, rows, strict=True):
        row.update(id=pid, compound_id=compound_id, name=new_name(), phone=invented_phone(phone_offset + pid),
                   status="active")
    tx.insert_df("person", pd.DataFrame(rows))
    by_group: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_group[row["group_code"]].append(row)
    return rows, by_group


def _building_assignments(tx, ids, building_ids, by_group):
    """Each building: a grid worker, a housekeeper, its resident volunteers, a screening and a service cadre."""
    pairs: list[tuple[int, int, str]] = []
    n = len(building_ids)
    for i, bid in enumerate(building_ids):
        for group in ("grid_worker", "housekeeper", "screening", "service"):
            members = by_group[group]
            pairs.append((bid, members[i % len(members)]["id"], "primary"))
        # a neighbouring housekeeper stands in as backup
        keepers = by_group["housekeeper"]
        pairs.append((bid, keepers[(i + 1) % len(keepers)]["id"], "backup"))
    volunteers = [p for g in ("gate", "purchasing", "emergency") for p in by_group[g]]
    for v in volunteers:
        pairs.append((v["home_building_id"], v["id"], "primary"))
    # the emergency group backs up a second building each
    for i, v in enumerate(by_group["emergency"]):
        home = building_ids.index(v["home_building_id"])
        pairs.append((building_ids[(home + 7 + i) % n], v["id"], "backup"))
    # the first role given to a (building, person) pair wins
    unique = list({(b, p): (b, p, r) for b, p, r in reversed(pairs)}.values())[::-1]
    new = ids.take("building_assignment_id_seq", len(unique))
    tx.insert_df("building_assignment", pd.DataFrame(
        [{"id": i, "building_id": b, "person_id": p, "role": r} for i, (b, p, r) in zip(new, unique, strict=True)]
    ))


_REQUEST_KINDS = (("groceries", 0.55, "purchasing"), ("medicine", 0.25, "purchasing"), ("escort", 0.08, "emergency"),
                  ("other", 0.12, "emergency"))
_REQUEST_TEXT = {"groceries": "团购蔬菜、米面", "medicine": "代购慢性病常用药", "escort": "陪同就医（透析/复诊）",
                 "other": "水电报修、代收快递"}


def _requests(tx, ids, spec, building_ids, by_group, rng):
    """A week of resident requests; the older ones done, the last day's still open or assigned."""
    as_of: dt.datetime = spec["as_of"]
    rows = []
    start = as_of - dt.timedelta(days=7)
    for i in range(48):
        created = start + dt.timedelta(minutes=int(rng.uniform(0, 7 * 24 * 60 - 60)))
        kind = rng.choices([k for k, _, _ in _REQUEST_KINDS], [w for _, w, _ in _REQUEST_KINDS])[0]
        team = next(g for k, _, g in _REQUEST_KINDS if k == kind)
        age_h = (as_of - created) / roster.rules.HOUR
        status = "done" if age_h > 20 else ("in_progress" if age_h > 6 else "new")
        rows.append({"building_id": building_ids[i % len(building_ids)], "kind": kind, "status": status,
                     "assignee_id": None if status == "new" else rng.choice(by_group[team])["id"],
                     "description": _REQUEST_TEXT[kind], "created_at": created,
                     "done_at": created + dt.timedelta(hours=rng.randint(2, 12)) if status == "done" else None})
    for rid, row in zip(ids.take("resident_request_id_seq", len(rows)), rows, strict=True):
        row["id"] = rid
    tx.insert_df("resident_request", pd.DataFrame(rows))


def _supplies(tx, ids, spec, compound_id):
    items = spec["supply"]
    supply_ids = ids.take("supply_id_seq", len(items))
    tx.insert_df("supply", pd.DataFrame([
        {"id": sid, "compound_id": compound_id, **{k: s[k] for k in ("name_zh", "name_en", "unit_zh", "unit_en",
                                                                      "quantity", "min_stock")}}
        for sid, s in zip(supply_ids, items, strict=True)
    ]))
    moves = [{"supply_id": sid, "moved_at": dt.datetime.combine(spec["donation"]["donated_on"], dt.time(10)), "delta": s["quantity"],
              "source": spec["donation"]["donor"], "note": "捐赠"}
             for sid, s in zip(supply_ids, items, strict=True) if s["quantity"]]
    for mid, m in zip(ids.take("stock_movement_id_seq", len(moves)), moves, strict=True):
        m["id"] = mid
    tx.insert_df("stock_movement", pd.DataFrame(moves))


def _cases(tx, spec, compound_id):
    """Daily reports; each case waits for a bed (3 days early on, 1 day from February), then hospital or quarantine."""
    cases = spec["cases"]
    first: dt.date = cases["first_day"]
    placed: list[tuple[dt.date, str]] = []
    rows = []
    serial = 0
    for offset, new in enumerate(cases["new_cases"]):
        day = first + dt.timedelta(days=offset)
        for _ in range(new):
            wait = 3 if day < dt.date(2020, 2, 1) else 1
            placed.append((day + dt.timedelta(days=wait), "hospital" if serial % 3 != 2 else "quarantine"))
            serial += 1
        reported = sum(cases["new_cases"][: offset + 1])
        hospital = sum(1 for d, where in placed if d <= day and where == "hospital")
        quarantine = sum(1 for d, where in placed if d <= day and where == "quarantine")
        rows.append({"compound_id": compound_id, "report_date": day, "new_cases": new, "hospitalised": hospital,
                     "central_quarantine": quarantine, "awaiting_placement": reported - hospital - quarantine})
    tx.insert_df("case_report", pd.DataFrame(rows))


def _community(tx, ids, spec, compound_id, by_group, compound_name):
    community = spec["compound"]["community"]  # the compound row just inserted names it too
    if tx.run("seed/community_has_figures", compound_id=compound_id)[0][0]:
        return
    figures = spec["community_figures"]
    tx.insert_df("community_figure", pd.DataFrame(
        [{"community": community, "figure": k, "value": v, "as_of": spec["as_of"].date(), "source": "楚天都市报 2020-02-20"}
         for k, v in figures.items()]
    ))
    n = figures["grid_chat_groups"]
    group_ids = ids.take("grid_chat_group_id_seq", n)
    # the compound's buildings share the first seven groups (two buildings each); the rest serve the community's other compounds
    names = [f"{compound_name}{2 * i + 1}-{2 * i + 2}栋网格群" for i in range(7)] + [f"{community}第{i}网格群" for i in range(8, n + 1)]
    tx.insert_df("grid_chat_group", pd.DataFrame({"id": group_ids, "community": community, "name": names}))
    cadres = [p["id"] for g in ("checkpoint", "screening", "service") for p in by_group[g]]
    grid = [p["id"] for p in by_group["grid_worker"]]
    members = {(gid, pid) for gid in group_ids for pid in cadres}  # the cadres joined every group (article)
    members |= {(gid, grid[i % len(grid)]) for i, gid in enumerate(group_ids[:7])}
    tx.insert_df("grid_chat_member", pd.DataFrame(sorted(members), columns=["group_id", "person_id"]))
    account = spec["official_account"]
    posts = [{"published_on": account["launched_on"], "title": "长山社区微信公众号上线:疫情防控告居民书",
              "reads": account["first_day_reads"]}]
    day = account["launched_on"] + dt.timedelta(days=1)
    while day <= spec["as_of"].date() - dt.timedelta(days=1):
        posts.append({"published_on": day, "title": f"长山社区疫情防控日报（{day.month}月{day.day}日）",
                      "reads": 3000 + (day.toordinal() * 7919) % 2500})
        day += dt.timedelta(days=1)
    for pid, post in zip(ids.take("official_post_id_seq", len(posts)), posts, strict=True):
        post.update(id=pid, community=community)
    tx.insert_df("official_post", pd.DataFrame(posts))
