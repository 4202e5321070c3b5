"""The admin CLI lifts sign-in locks (`unlock`), and its imports name every column of the file they did not read."""

from __future__ import annotations

import datetime as dt

from coordpanel import roster
from coordpanel.core import auth
from coordpanel.core.auth import CLI_USER
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused
from tests.helpers import DEMO_MONDAY, cli

SECRET = "S3cret-Passw0rd!"


def _locked_planner(db_file) -> None:
    db = Database(db_file)
    try:
        auth.create_user(db, CLI_USER, "planner", "planner", SECRET)
        for _ in range(8):
            try:
                auth.authenticate(db, "planner", "wrong password", sleep=lambda s: None)
            except Refused:
                pass
    finally:
        db.close()


def test_unlock_lifts_the_lock_and_the_right_password_works_again(db_file):
    _locked_planner(db_file)
    listed = cli(db_file, "list-users")
    assert "locked until" in listed.stdout, listed.stdout
    unlocked = cli(db_file, "unlock", "planner")
    assert unlocked.returncode == 0, unlocked.stderr
    assert "locked until" not in cli(db_file, "list-users").stdout
    db = Database(db_file)
    try:
        assert auth.authenticate(db, "planner", SECRET, sleep=lambda s: None).username == "planner"
    finally:
        db.close()


def test_unlock_of_an_unknown_user_is_a_message_with_exit_1(db_file):
    result = cli(db_file, "unlock", "nobody")
    assert result.returncode == 1 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_import_people_names_the_columns_it_did_not_read(db_file, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("序号,姓名,层级,分组,电话,紧急联系人\n1,赵一鸣,志愿者,门岗防控组,13712340111,王五\n", encoding="utf-8")
    result = cli(db_file, "import-people", str(path), lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "文件中的这些列没有导入：序号、紧急联系人。"


def test_import_roster_names_the_columns_it_did_not_read(db_file, tmp_path):
    db = Database(db_file)
    try:
        week = roster.week.load_week(db, 1, DEMO_MONDAY)
    finally:
        db.close()
    future = week.shifts[week.shifts["starts_at"] >= dt.datetime(2020, 2, 21)].iloc[0]
    crew = week.crews[int(future["shift_id"])]
    lines = ["门岗,日期,开始,结束,人员编号,签到备注"]
    lines += [f"{future['gate']},{future['starts_at']:%Y-%m-%d},{future['starts_at']:%H:%M},"
              f"{future['ends_at']:%H:%M},{p},无" for p in crew]
    path = tmp_path / "排班.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli(db_file, "--lang", "en", "import-roster", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "These columns of the file were not imported: 签到备注."
