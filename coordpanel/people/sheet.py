"""A people sheet as offices keep it: reading it, which column each header names, and what the words in its cells
(tiers, groups, organisations, buildings, party membership, names) stand for."""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from coordpanel.core import formulas, sheets
from coordpanel.core.errors import Refused
from coordpanel.core.i18n import t
from coordpanel.core.sheets import filled, norm
from coordpanel.core.vocab import TIERS
from coordpanel.people.directory import PersonInput, Vocabulary, normalise_phone

COLUMNS = ("name", "tier", "group", "organisation", "phone", "party_member", "home_building", "title", "note")
# Header texts a coordinator's sheet may use for each column, compared by sheets.header_key (width, case, spaces).
# Words wrapped around these (所在楼栋号, 联系手机, 单位名称, "Building No.") and remarks in brackets are seen through by
# sheets.Columns; a header it still does not know is listed as not imported, never dropped silently.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "姓名", "名字", "人员姓名"),
    "tier": ("tier", "category", "type", "层级", "类别", "身份", "人员类别", "人员类型", "人员层级", "队伍"),
    "group": ("group", "group_code", "team", "分组", "组别", "所在组", "所在分组", "小组", "组名"),
    "organisation": ("organisation", "organization", "org", "unit", "employer", "company", "source organisation",
                     "source organization", "单位", "来源单位", "工作单位", "派出单位", "下沉单位", "原单位", "公司", "来源"),
    "phone": ("phone", "mobile", "phone number", "tel", "telephone", "cell", "cellphone", "电话", "手机", "手机号",
              "手机号码", "电话号码", "联系方式", "移动电话"),
    "party_member": ("party_member", "party", "party members", "cpc member", "political status", "党员", "是否党员",
                     "政治面貌", "是否中共党员"),
    "home_building": ("home_building", "building", "bldg", "block", "楼栋", "住址楼栋", "楼号", "栋号", "栋", "幢", "楼",
                      "住址", "家庭住址", "居住地址", "门牌"),
    "title": ("title", "position", "job title", "职务", "职位", "岗位"),
    "note": ("note", "notes", "remark", "remarks", "comment", "comments", "memo", "备注", "说明", "附注"),
}
# The i18n key naming each column on the page and in the preview (the directory's own headers).
LABELS = {"name": "cov.col.name", "tier": "cov.col.tier", "group": "cov.col.group",
          "organisation": "people.col.organisation", "phone": "cov.col.phone", "party_member": "cov.col.party",
          "home_building": "people.building", "title": "people.col.title", "note": "people.col.note"}
# Words offices use for each tier, besides the tier's code and its name in either language.
TIER_WORDS: dict[str, tuple[str, ...]] = {
    "grid": ("网格员", "社区网格员", "网格", "社区工作者", "grid worker"),
    "property": ("物业", "物业公司", "物业人员", "物业员工", "property staff"),
    "cadre": ("下沉党员", "下沉干部", "党员干部", "下沉党员干部", "cadre", "sent-down cadre"),
    "volunteer": ("志愿者", "志愿", "volunteer"),
}
PARTY_YES = {"是", "y", "yes", "true", "1", "党员", "中共党员", "中国共产党党员", "共产党员", "中共预备党员", "预备党员", "√", "✓", "✔"}
PARTY_NO = {"否", "n", "no", "false", "0", "非党员", "群众", "共青团员", "团员", "民主党派", "无党派人士", "无", "×", "✗", "-"}
HEADERS = sheets.Columns(ALIASES)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def read(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """The rows of a people sheet under the file's own headers, with `sheet` and `row` (see sheets.read_table).
    `name` is the file name when `source` is the file's bytes (an upload). Raises sheets.UnreadableFile."""
    return sheets.read_table(source, HEADERS, name=name, rename=False, min_known=1)


def headers(frame: pd.DataFrame) -> list[str]:
    """The file's columns, as offered for mapping."""
    return [c for c in frame.columns if c not in ("sheet", "row")]


def detect_mapping(header_cells: Iterable[Any]) -> dict[str, str]:
    """{our column: the file's header that holds it} for the headers recognised, Chinese or English."""
    return HEADERS.mapping(header_cells)


class Words:
    """The words a sheet may use for a tier, group, organisation or building, resolved to what is stored."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.tiers: dict[str, str] = {}
        for tier in TIERS:
            for word in (tier, f"{tier}s", t(f"tier.{tier}", "zh"), t(f"tier.{tier}", "en"), *TIER_WORDS[tier]):
                self.tiers[norm(word)] = tier
        self.group_tiers = {code: group["tier"] for code, group in vocabulary.groups.items()}
        self.groups: dict[str, str] = {}
        derived: dict[str, set[str]] = {}
        for code, group in vocabulary.groups.items():
            for word in (code, group["name_zh"], group["name_en"]):
                self.groups[norm(word)] = code
            zh = norm(group["name_zh"])
            for short in (re.sub(r"\(.*\)$", "", zh), *re.findall(r"\((.*)\)$", zh), zh.removesuffix("组")):
                derived.setdefault(short, set()).add(code)  # "秩序维护", "安保", "门岗防控"
        for word, codes in derived.items():
            if word and len(codes) == 1:
                self.groups.setdefault(word, next(iter(codes)))
        self.organisations = {norm(o[k]): i for i, o in vocabulary.organisations.items() for k in ("name", "name_en") if o[k]}
        self.organisation_names = "、".join(o["name"] for o in vocabulary.organisations.values())
        self.buildings = {norm(code): i for i, code in vocabulary.buildings.items()}
        numbers: dict[int, list[int]] = {}
        for i, code in vocabulary.buildings.items():
            number = _leading_number(norm(code))
            if number is not None:
                numbers.setdefault(number, []).append(i)
        self.building_numbers = {k: v[0] for k, v in numbers.items() if len(v) == 1}

    def building(self, value: Any) -> int | None:
        """A building from its code or number: 3栋, 3, 3.0, 3号楼, 3幢, 3#, 三栋, Building 3, 3栋2单元502."""
        text = norm(_text(value))
        if text in self.buildings:
            return self.buildings[text]
        number = _leading_number(re.sub(r"^(building|bldg\.?|no\.?|#)", "", text))
        return self.building_numbers.get(number) if number is not None else None


def person_from_cells(cells: dict[str, Any], words: Words, sheet: str | None) -> tuple[PersonInput, list[Refused]]:
    """The person a row describes, and what in it cannot be resolved (the rest is left to directory.check)."""
    reasons: list[Refused] = []
    group_text, tier_text = _text(cells.get("group")), _text(cells.get("tier"))
    group = (words.groups.get(norm(group_text)) or group_text) if group_text else None
    if tier_text:
        tier = words.tiers.get(norm(tier_text)) or tier_text  # an unknown tier is reported by directory.check
    elif group in words.group_tiers:  # a known group says the tier
        tier = words.group_tiers[group]
    else:  # a workbook may keep a sheet per tier: "志愿者", "物业"
        tier = words.tiers.get(norm(sheet)) if sheet else None
    organisation = None
    organisation_text = _text(cells.get("organisation"))
    if organisation_text:
        organisation = words.organisations.get(norm(organisation_text))
        if organisation is None:
            reasons.append(Refused("people_import.unknown_organisation", organisation=organisation_text,
                                   known=words.organisation_names))
    building = None
    building_text = _text(cells.get("home_building"))
    if building_text:
        building = words.building(building_text)
        if building is None:
            reasons.append(Refused("people.bad_building", building=building_text))
    party = _party(cells.get("party_member"))
    if party is None:
        reasons.append(Refused("people_import.bad_party", value=_text(cells.get("party_member"))))
    phone = normalise_phone(_phone_text(cells.get("phone")))
    person = PersonInput(name=_name(cells.get("name")), tier=tier or "", group_code=group, organisation_id=organisation,
                         title=_text(cells.get("title")), party_member=bool(party), phone=phone, home_building_id=building,
                         note=_text(cells.get("note")))
    return person, reasons


# --- cell values --------------------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A cell as text: None when empty; a whole number stored by a spreadsheet (3.0) without its ".0"; text our
    exports protected from being run as a formula ('=1+1) as it was before (formulas.restore)."""
    if not filled(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return formulas.restore(str(value).strip())


def _name(value: Any) -> str:
    """A name as written, without the spaces offices pad two-character names with ("张  三", "张　三")."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", _text(value) or "")).strip()
    if _CJK.search(text) and not re.search(r"[A-Za-z]", text):
        text = text.replace(" ", "")
    return text


def _phone_text(value: Any) -> Any:
    """Numbers stay numbers for directory.normalise_phone (13900001234.0); text is made half-width ("１３９…")."""
    return unicodedata.normalize("NFKC", formulas.restore(value)) if isinstance(value, str) else value


def _party(value: Any) -> bool | None:
    """是/否, 中共党员/群众 (a 政治面貌 column), Y/N, 1/0, true/false, a tick; an empty cell is no. None: unreadable."""
    if not filled(value):
        return False
    if isinstance(value, bool):
        return value
    word = norm(_text(value))
    if word in PARTY_YES:
        return True
    if word in PARTY_NO:
        return False
    return None


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _leading_number(text: str) -> int | None:
    """The building number a text starts with: "3栋" → 3, "12号楼" → 12, "三栋" → 3, "十四栋" → 14."""
    match = re.match(r"(\d+)(?:栋|幢|座|号楼|号|楼|#|-|单元|$)", text)
    if match:
        return int(match.group(1))
    match = re.match(r"([一二三四五六七八九十]{1,3})(?:栋|幢|座|号楼|号|楼)", text)
    if not match:
        return None
    word = match.group(1)
    if "十" not in word:
        return _CN_DIGITS[word] if len(word) == 1 else None
    tens, _, ones = word.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in tens + ones:  # "十十栋" is no number
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
