"""Generate a district of many compounds from the demo compound, deterministically: the scale of DESIGN.md.

Compound 0 is the demo compound itself (万科嘉园, built exactly as `demo.build` builds it); every other compound is a
varied copy of the demo's spec with an invented name, its own buildings, gates, shift templates, staff sizes,
epidemic curve and stocks. Streets hold communities and communities hold compounds, laid out from seeded streams that
do not depend on how many compounds are asked for: compound k is the same (ids included, in an empty database)
whether the district has 20 compounds or 200, so pages can be compared across sizes.

Each compound is one audited transaction of bulk inserts (`demo.build_compound`, then `roster_weeks.extra_weeks`)."""


from __future__ import annotations

import copy
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from coordpanel.core.db import Database, Transaction
from coordpanel.core.errors import Refused
from coordpanel.seed import attendance, demo, roster_weeks

ACTION = "generate district"
DISTRICT = "东湖高新区"

# Invented names. Prefix, its pinyin (for name_en); the suffixes never make the demo's 万科嘉园.
_PREFIXES = (
    ("桂香", "Guixiang"), ("丽景", "Lijing"), ("金桥", "Jinqiao"), ("翠湖", "Cuihu"), ("锦绣", "Jinxiu"),
    ("晴川", "Qingchuan"), ("枫林", "Fenglin"), ("松涛", "Songtao"), ("荷塘", "Hetang"), ("书香", "Shuxiang"),
    ("紫荆", "Zijing"), ("银杏", "Yinxing"), ("樱园", "Yingyuan"), ("朝阳", "Zhaoyang"), ("清泉", "Qingquan"),
    ("明珠", "Mingzhu"), ("景湖", "Jinghu"), ("青枫", "Qingfeng"), ("云锦", "Yunjin"), ("福康", "Fukang"),
    ("华星", "Huaxing"), ("雅馨", "Yaxin"), ("博文", "Bowen"), ("润泽", "Runze"), ("康乐", "Kangle"),
    ("鸿运", "Hongyun"), ("嘉禾", "Jiahe"), ("怡和", "Yihe"), ("长青", "Changqing"), ("兰亭", "Lanting"),
    ("宝丰", "Baofeng"), ("泰和", "Taihe"), ("瑞景", "Ruijing"), ("新桥", "Xinqiao"), ("绿洲", "Lüzhou"),
    ("星湖", "Xinghu"), ("望江", "Wangjiang"), ("滨江", "Binjiang"), ("芳草", "Fangcao"), ("安泰", "Antai"),
)
_SUFFIXES = (("花园", "Garden"), ("小区", "Estate"), ("家园", "Homes"), ("新村", "New Village"), ("雅苑", "Court"),
             ("公寓", "Apartments"), ("华庭", "Residence"), ("名居", "Place"))
_STREET_WORDS = "桂湖 枫岭 松坡 竹溪 柳湾 梅岗 石门 凤凰 麒麟 青龙 白沙 黄鹤 珞南 狮山 鹤林 鸣泉 荷叶 杨桥 柏泉 花溪".split()
_COMMUNITY_WORDS = ("东苑 西苑 南岭 北岭 湖畔 山前 桥头 塘边 岗上 林场 新街 老街 学府 科苑 园林 江景 "
                    "星光 春晖 秋实 晓月 明德 育才 丰收 和平 友谊 团结 幸福 光明 胜利 建设").split()
_PROPERTY_COMPANIES = ("安居物业", "长青物业服务", "康宁物业", "华信物业", "恒泰物业", "家和物业", "锦程物业服务", "瑞城物业")
# Where cadres are sent from: the demo's group and its subsidiaries, and district bureaus (invented but generic).
_SENDERS = {"武汉高科集团": None, "东管公司": None, "左开投": None, "湖滨公司": None,
            "区教育局": "District Education Bureau", "区财政局": "District Finance Bureau",
            "区城管执法局": "District Urban Management Bureau", "区政务服务中心": "District Government Service Centre"}
_GATE_NAMES = (("南门", "South gate"), ("北门", "North gate"), ("东门", "East gate"), ("西门", "West gate"),
               ("东南门", "South-east gate"), ("西北门", "North-west gate"))
# Shift templates as in demo.toml: (start, hours, required headcount); 24-hour gates and day gates.
_ROUND_THE_CLOCK = (
    lambda r: [["00:00", 8, 2], ["08:00", 8, r], ["16:00", 8, r]],
    lambda r: [["08:00", 12, r], ["20:00", 12, 2]],
)
_BY_DAY = (
    lambda r: [["07:00", 6, r], ["13:00", 6, r]],
    lambda r: [["07:00", 12, r]],
)


@dataclass(frozen=True)
class Place:
    """Where compound k lies: its street and community, and whether it is the community's first compound."""

    street: str
    community: str
    first_in_community: bool


def generate(db: Database, compounds: int, weeks: int = 1, seed: int = 2020, actor: str = "system",
             progress: Callable[[int, int], None] | None = None, batch: int = 10) -> list[int]:
    """Build `compounds` compounds with `weeks` roster weeks each into an empty database; returns their ids in order.

    One transaction per `batch` compounds: a commit costs about 0.2 s on a file (its WAL is synced), so one per
    compound would spend more time committing than building. `progress(done, total)` is called after each commit."""
    if compounds < 1 or weeks < 1:
        raise Refused("district.bad_size", compounds=compounds, weeks=weeks)
    if dict(db.rows("admin/table_counts"))["compound"]:
        raise Refused("district.not_empty")
    base = demo.DemoSpec.load()
    places = layout(compounds, seed, base)
    ids: list[int] = []
    for first in range(0, compounds, batch):
        with db.transaction(actor, ACTION) as tx:
            for k in range(first, min(compounds, first + batch)):
                ids.append(_compound(tx, base, k, places[k], weeks, seed))
        if progress:
            progress(len(ids), compounds)
    # phones are invented_phone(person id): unique unless someone stored such a number by hand before
    duplicates = db.scalar("seed/duplicate_phones")
    if duplicates:
        raise RuntimeError(f"{duplicates} phone numbers are used twice after generating the district")
    db.analyze()
    return ids


def _compound(tx: Transaction, base: demo.DemoSpec, k: int, place: Place, weeks: int, seed: int) -> int:
    """Compound k with its roster weeks, inside the batch's transaction; one audit entry names it."""
    spec = base if k == 0 else vary(base, k, place, seed)
    rng = random.Random(seed) if k == 0 else random.Random(f"{seed}:build:{k}")
    if k == 0:
        demo._settings(tx, base)  # the dataset's "as of" moment, as demo.build sets it
    compound_id = demo.build_compound(tx, spec, rng, phone_offset=0, name=spec["compound"]["name"])
    if k:
        _own_organisations(tx, compound_id, spec, place)
    added = roster_weeks.extra_weeks(tx, demo._Ids(tx), compound_id, spec, weeks)
    if k == 0:  # the demo compound as the demo has it, with what its gates recorded (#15)
        attendance.seed(tx, compound_id, spec["roster_week"], spec["as_of"])
    tx.record("compound", compound_id, None, {"name": spec["compound"]["name"], "street": place.street,
                                              "community": place.community, "weeks": weeks,
                                              "buildings": len(spec["building"]), "extra_shifts": added}, action=ACTION)
    return compound_id


def layout(compounds: int, seed: int, base: demo.DemoSpec) -> list[Place]:
    """Street and community of compounds 0..n-1. Sizes come from seeded streams read in order, so a longer
    district extends a shorter one and never reshuffles it. Street 0, community 0 are the demo's."""
    sizes = random.Random(f"{seed}:layout")
    streets = _names(_STREET_WORDS, "街", random.Random(f"{seed}:streets"), first=base["compound"]["street"])
    communities = _names(_COMMUNITY_WORDS, "社区", random.Random(f"{seed}:communities"), first=base["compound"]["community"])
    places: list[Place] = []
    while len(places) < compounds:
        street = next(streets)
        for _ in range(sizes.randint(4, 8)):  # communities in this street
            community = next(communities)
            for i in range(sizes.randint(2, 6)):  # compounds in this community
                places.append(Place(street, community, i == 0))
    return places[:compounds]


def _names(words: list[str], suffix: str, rng: random.Random, first: str):
    """An endless stream of distinct invented names: `first`, then single words, then pairs of words."""
    yield first
    singles = [w + suffix for w in words]
    pairs = [a + b[:1] + suffix for a, b in itertools.permutations(words, 2)]
    rng.shuffle(singles)
    rng.shuffle(pairs)
    seen = {first}
    for name in itertools.chain(singles, pairs):
        if name not in seen:
            seen.add(name)
            yield name
    raise RuntimeError("ran out of invented place names")


def compound_name(k: int, seed: int) -> tuple[str, str]:
    """(name, name_en) of generated compound k ≥ 1: the k-th of a seeded order of every prefix × suffix."""
    pairs = list(itertools.product(_PREFIXES, _SUFFIXES))
    random.Random(f"{seed}:names").shuffle(pairs)
    if k > len(pairs):
        raise Refused("district.too_many", limit=len(pairs) + 1)
    (zh, en), (suffix_zh, suffix_en) = pairs[k - 1]
    return zh + suffix_zh, f"{en} {suffix_en}"


def vary(base: demo.DemoSpec, k: int, place: Place, seed: int) -> demo.DemoSpec:
    """Compound k's spec: the demo's, with its own name, size, gates, staff, cases and stocks."""
    rng = random.Random(f"{seed}:spec:{k}")
    raw = copy.deepcopy(base.raw)
    name, name_en = compound_name(k, seed)
    raw["compound"].update(name=name, name_en=name_en, district=DISTRICT, street=place.street, community=place.community,
                           description=f"{place.street}{place.community}的住宅小区。")

    n_buildings = rng.randint(8, 30)
    raw["building"] = []
    for i in range(n_buildings):
        households = rng.randint(60, 300)
        raw["building"].append({"code": f"{i + 1}栋", "households": households,
                                "residents": round(households * rng.uniform(2.3, 2.9))})

    raw["gate"] = _gates(rng, n_buildings)
    person_hours, anchor_hours = _weekly_hours(raw["gate"])
    # anchors (security + checkpoint cadres) and all gate-eligible people, with room for rest and daily limits
    anchors = math.ceil(anchor_hours / 28) + 1
    eligible = math.ceil(person_hours / 28) + 2
    checkpoint = max(raw["cadres"]["executives"] + 1, round(anchors * rng.uniform(0.35, 0.5)))
    security = max(2, anchors - checkpoint)
    gate_volunteers = max(4, eligible - security - checkpoint)

    raw["staff"] = {"grid_workers": max(2, math.ceil(n_buildings / rng.randint(3, 5))),
                    "property": {"security": security, "housekeeper": max(2, math.ceil(n_buildings / 3)),
                                 "cleaning": max(2, math.ceil(n_buildings / 4)), "maintenance": 1 + n_buildings // 10}}

    screening = max(2, round(n_buildings / rng.uniform(2.5, 4)))
    service = max(2, round(n_buildings / rng.uniform(2.5, 4)))
    cadres = checkpoint + screening + service
    original = rng.randint(raw["cadres"]["executives"] + 1, 6)
    senders = rng.sample([s for s in _SENDERS if s != "武汉高科集团"], rng.randint(2, 3))
    added = dict.fromkeys(senders, 0)
    for i in range(cadres - original):
        added[senders[i % len(senders)]] += 1
    raw["cadres"].update(original=original, original_from=rng.choice(["武汉高科集团", "区政务服务中心"]), added=added,
                         groups={"checkpoint": checkpoint, "screening": screening, "service": service})

    purchasing = max(3, round(n_buildings * rng.uniform(0.6, 1.1)))
    emergency = max(2, round(n_buildings * rng.uniform(0.3, 0.7)))
    total = gate_volunteers + purchasing + emergency
    raw["volunteers"] = {"total": total, "party_members": round(total * rng.uniform(0.3, 0.5)),
                         "groups": {"gate": gate_volunteers, "purchasing": purchasing, "emergency": emergency}}

    company = rng.choice(_PROPERTY_COMPANIES)
    raw["organisation"] = [
        *raw["organisation"],
        *({"name": s, "name_en": en, "kind": "other"} for s, en in _SENDERS.items() if en),
        {"name": company, "name_en": None, "kind": "property_company"},
        {"name": f"{place.community}居委会", "name_en": None, "kind": "community_office"},
    ]
    raw["property_company"] = company  # not demo.toml's: read by _own_organisations
    raw["donation"] = {**raw["donation"], "donor": raw["cadres"]["original_from"]}

    scale = sum(b["residents"] for b in raw["building"]) / sum(b["residents"] for b in base["building"])
    raw["supply"] = []
    for item in base["supply"]:
        quantity = round(item["quantity"] * scale * rng.uniform(0.4, 1.4)) if item["quantity"] else 0
        raw["supply"].append({**item, "quantity": quantity, "min_stock": round(item["min_stock"] * scale)})

    raw["cases"] = {**raw["cases"], "new_cases": _epidemic(rng, len(base["cases"]["new_cases"]), scale)}
    raw["community_figures"] = {"volunteers": rng.randint(50, 160), "grid_chat_groups": rng.randint(9, 22)}
    raw["official_account"] = {**raw["official_account"], "first_day_reads": rng.randint(1500, 7000)}
    return demo.DemoSpec(raw)


def _gates(rng: random.Random, n_buildings: int) -> list[dict]:
    """The main checkpoint round the clock in three 8-hour shifts (the executives take its weekday mornings),
    then more gates for bigger compounds, some round the clock, some by day."""
    n = min(len(_GATE_NAMES), max(2, round(n_buildings / 8) + rng.choice((0, 1))))
    names = rng.sample(_GATE_NAMES, n)
    gates = []
    for i, (zh, en) in enumerate(names):
        if i == 0:
            gates.append({"name": f"{zh}（主卡口）", "name_en": f"{en} (main checkpoint)", "opens": "00:00", "closes": "24:00",
                          "shifts": _ROUND_THE_CLOCK[0](rng.choice((2, 3)))})
        elif rng.random() < 0.5:
            gates.append({"name": zh, "name_en": en, "opens": "00:00", "closes": "24:00",
                          "shifts": rng.choice(_ROUND_THE_CLOCK)(rng.choice((1, 2)))})
        else:
            shifts = rng.choice(_BY_DAY)(rng.choice((1, 2)))
            gates.append({"name": f"{zh}（物资通道）" if i == n - 1 else zh, "name_en": en, "opens": "07:00", "closes": "19:00",
                          "shifts": shifts})
    return gates


def _weekly_hours(gates: list[dict]) -> tuple[float, float]:
    """Person-hours a week the gates need, and the hours that need a property member or cadre on them."""
    person = sum(hours * required for g in gates for _, hours, required in g["shifts"]) * 7
    anchor = sum(hours for g in gates for _, hours, _ in g["shifts"]) * 7
    return person, anchor


def _epidemic(rng: random.Random, days: int, scale: float) -> list[int]:
    """Daily new cases from late January: most compounds see a few in the first weeks, some none."""
    intensity = rng.choice((0.0, 0.0, 0.1, 0.25, 0.4, 0.7)) * min(2.0, scale)
    out = []
    for day in range(days):
        p = intensity * (1.0 if day < 14 else 0.35 if day < 20 else 0.0)
        out.append(sum(1 for _ in range(3) if rng.random() < p / 3))
    return out


def _own_organisations(tx: Transaction, compound_id: int, spec: demo.DemoSpec, place: Place) -> None:
    """demo.build_compound files property staff under 万科物业 and grid workers under 长山社区居委会; a generated
    compound has its own property company and community office (organisation_id carries no index: in place)."""
    org = demo.organisation_ids(tx)
    for tier, name in (("property", spec["property_company"]), ("grid", f"{place.community}居委会")):
        tx.run("seed/set_organisation_by_tier", organisation_id=org[name], compound_id=compound_id, tier=tier)
    if place.first_in_community:
        # the demo's post titles name 长山社区
        tx.run("seed/rename_community_posts", community=place.community)
