"""Sign-in, roles and the audit trail: hashes only, slow-down and lock, refusals that change nothing."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coordpanel import coverage, people, roster, seed
from coordpanel.core import audit, auth
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.errors import PermissionDenied, Refused

ROOT = Path(__file__).resolve().parents[2]
SECRET = "S3cret-Passw0rd!"
T0 = dt.datetime(2020, 2, 19, 8, 0)


@pytest.fixture
def users_db(db):
    for role in auth.ROLES:
        auth.create_user(db, CLI_USER, role, role, SECRET)
    return db


def user(db, name) -> User:
    return auth.authenticate(db, name, SECRET, now=T0, sleep=lambda s: None)


def dump(db) -> str:
    """Every value of every table, as text."""
    cur = db.cursor()
    tables = [r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    return "\n".join(str(cur.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)


def test_passwords_are_stored_only_as_argon2id_hashes(users_db, caplog):
    caplog.set_level(logging.DEBUG)
    auth.set_password(users_db, CLI_USER, "planner", SECRET + "2")
    with pytest.raises(Refused):
        auth.authenticate(users_db, "planner", SECRET, now=T0, sleep=lambda s: None)
    hashes = [r[0] for r in users_db.cursor().execute("SELECT password_hash FROM app_user").fetchall()]
    assert all(h.startswith("$argon2id$") for h in hashes)
    everything = dump(users_db)
    assert SECRET not in everything and SECRET + "2" not in everything
    assert SECRET not in caplog.text


def test_sign_in_with_the_right_password(users_db):
    signed = user(users_db, "leader")
    assert (signed.username, signed.role) == ("leader", "leader")


@pytest.mark.parametrize("name,password", [("leader", "wrong-password"), ("nobody", SECRET), ("", "")])
def test_wrong_name_or_password_gets_one_message(users_db, name, password):
    with pytest.raises(Refused) as err:
        auth.authenticate(users_db, name, password, now=T0, sleep=lambda s: None)
    assert err.value.key == "auth.bad_credentials"


def test_failures_slow_down_then_lock_and_the_lock_expires(users_db):
    waits: list[float] = []
    for _ in range(4):
        with pytest.raises(Refused, match="auth.bad_credentials"):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=waits.append)
    assert waits == [0.0, 1.0, 2.0, 4.0]
    with pytest.raises(Refused) as fifth:
        auth.authenticate(users_db, "planner", "guess", now=T0, sleep=waits.append)
    assert fifth.value.key == "auth.locked" and fifth.value.params["until"] == "08:15"
    # locked: even the right password is refused until the lock runs out
    with pytest.raises(Refused, match="auth.locked"):
        auth.authenticate(users_db, "planner", SECRET, now=T0 + dt.timedelta(minutes=14), sleep=waits.append)
    after = auth.authenticate(users_db, "planner", SECRET, now=T0 + dt.timedelta(minutes=16), sleep=waits.append)
    assert after.role == "planner"
    assert users_db.cursor().execute("SELECT failed_attempts, locked_until FROM app_user WHERE username = 'planner'").fetchone() == (0, None)


def test_a_deactivated_user_cannot_sign_in(users_db):
    auth.update_user(users_db, user(users_db, "admin"), "planner", "planner", active=False)
    with pytest.raises(Refused, match="auth.bad_credentials"):
        auth.authenticate(users_db, "planner", SECRET, now=T0, sleep=lambda s: None)


WRITES = {
    "add user": lambda db, u: auth.create_user(db, u, "mallory", "admin", "password123"),
    "set another's password": lambda db, u: auth.set_password(db, u, "admin", "password123"),
    "change a role": lambda db, u: auth.update_user(db, u, "leader", "admin", True),
    "list users": lambda db, u: auth.list_users(db, u),
}


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize("role", ["leader", "planner"])
def test_leaders_and_planners_cannot_manage_users_and_nothing_changes(users_db, role, path):
    signed_in = user(users_db, role)
    before = dump(users_db)
    with pytest.raises(PermissionDenied):
        WRITES[path](users_db, signed_in)
    assert dump(users_db) == before


# every write path a planner has; a leader must be refused each (later issues add theirs here)
PLANNER_WRITES = {
    "save building assignments": lambda db, u: coverage.assignments.save(db, u, 1, [], []),
    "undo building assignments": lambda db, u: coverage.assignments.undo_last(db, u, 1),
    "preview building assignments": lambda db, u: coverage.assignments.preview(db, u, 1, []),
    "set a person's status": lambda db, u: people.status.set_status(db, u, 1, "sick", dt.date(2020, 2, 19), None),
    "save a roster week": lambda db, u: roster.saving.save(db, u, None, {}),
    "undo a roster save": lambda db, u: roster.saving.undo_last(db, u, 1, dt.date(2020, 2, 17)),
    "generate shifts": lambda db, u: roster.templates.generate_shifts(db, u, 1, dt.date(2020, 2, 24), dt.date(2020, 2, 25)),
    "save shift templates": lambda db, u: roster.templates.save_templates(db, u, 1, []),
}
# and every write path an admin has beyond those (people, imports); a leader and a planner are refused each
ADMIN_WRITES = {
    "add a person": lambda db, u: people.directory.add(db, u, 1, people.directory.PersonInput("甲", "volunteer")),
    "edit a person": lambda db, u: people.directory.edit(db, u, 1, people.directory.PersonInput("甲", "volunteer")),
    "deactivate a person": lambda db, u: people.directory.deactivate(db, u, 1, dt.date(2020, 2, 19), None),
    "import people": lambda db, u: people.importer.import_people(db, u, 1, b"name\n", name="people.csv"),
}


@pytest.mark.parametrize("path", PLANNER_WRITES)
def test_a_leader_is_refused_every_planner_write_and_nothing_changes(users_db, path):
    leader = user(users_db, "leader")
    before = dump(users_db)
    with pytest.raises(PermissionDenied):
        PLANNER_WRITES[path](users_db, leader)
    assert dump(users_db) == before


@pytest.mark.parametrize("path", ADMIN_WRITES)
@pytest.mark.parametrize("role", ["leader", "planner"])
def test_leaders_and_planners_are_refused_the_directorys_writes(users_db, role, path):
    signed_in = user(users_db, role)
    before = dump(users_db)
    with pytest.raises(PermissionDenied):
        ADMIN_WRITES[path](users_db, signed_in)
    assert dump(users_db) == before


def test_everyone_may_change_their_own_password(users_db):
    leader = user(users_db, "leader")
    auth.set_password(users_db, leader, "leader", "another-secret")
    assert auth.authenticate(users_db, "leader", "another-secret", now=T0, sleep=lambda s: None).role == "leader"


def test_an_admin_cannot_lock_themselves_out(users_db):
    admin = user(users_db, "admin")
    with pytest.raises(Refused, match="auth.not_yourself"):
        auth.update_user(users_db, admin, "admin", "planner", True)


@pytest.mark.parametrize("name", ["<script>", "a b", "x", "'); DROP TABLE app_user; --"])
def test_bad_user_names_are_refused(users_db, name):
    with pytest.raises(Refused, match="auth.bad_username"):
        auth.create_user(users_db, CLI_USER, name, "leader", "password123")
    assert users_db.cursor().execute("SELECT count(*) FROM app_user").fetchone()[0] == 3


def test_every_user_change_is_audited_without_the_password(users_db):
    admin = user(users_db, "admin")
    auth.create_user(users_db, admin, "zhang.san@example.org", "planner", SECRET)
    auth.update_user(users_db, admin, "zhang.san@example.org", "leader", True)
    log = audit.search(users_db, admin)
    mine = log[log["actor"] == "admin"]
    assert {"add user", "update user", "sign-in"} <= set(mine["action"])
    change = mine[mine["action"] == "update user"].iloc[0]
    assert '"role": "planner"' in change["before"] and '"role": "leader"' in change["after"]
    assert SECRET not in log.to_string()


def test_leaders_see_phones_masked_in_the_audit_log(users_db):
    with users_db.transaction("admin", "edit person") as tx:
        tx.record("person", 7, {"phone": "13900001234"}, {"phone": "13900005678"})
    leader_view = audit.search(users_db, user(users_db, "leader"))
    admin_view = audit.search(users_db, user(users_db, "admin"))
    assert "139****5678" in leader_view.to_string() and "13900005678" not in leader_view.to_string()
    assert "13900005678" in admin_view.to_string()
    with pytest.raises(PermissionDenied):
        audit.search(users_db, user(users_db, "planner"))


def test_audit_filters(users_db):
    admin = user(users_db, "admin")
    auth.create_user(users_db, admin, "li.si", "planner", SECRET)
    assert set(audit.search(users_db, admin, actor="admin")["actor"]) == {"admin"}
    assert set(audit.search(users_db, admin, table="app_user")["table_name"]) == {"app_user"}
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    assert audit.search(users_db, admin, start=tomorrow, end=tomorrow).empty


def test_phone_masking():
    assert auth.mask_phone("13900001234") == "139****1234"
    assert auth.shown_phone(User(1, "l", "leader"), "13900001234") == "139****1234"
    assert auth.shown_phone(User(1, "p", "planner"), "13900001234") == "13900001234"


# --- through the pages ------------------------------------------------------------------------------------
@pytest.fixture
def app_with_users(tmp_path, monkeypatch):
    from coordpanel.core.db import Database

    path = tmp_path / "auth.duckdb"
    db = Database(path)
    seed.demo.build(db)
    auth.create_demo_accounts(db, CLI_USER, SECRET)
    db.close()
    monkeypatch.setenv("COORDPANEL_DB", str(path))
    return path


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def test_sign_in_through_the_form(app_with_users):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    sign_in(at, "planner", "not-it")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    assert not at.metric
    sign_in(at, "planner", SECRET)
    assert not at.exception
    assert at.title[0].value == "万科嘉园"


def test_a_leader_opening_the_users_page_is_refused(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert [e.value for e in at.error] == ["当前角色无权进行此操作。"]
    assert not at.text_input and not at.dataframe


def test_an_admin_adds_a_user_through_the_page(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at.session_state["user"] = User(3, "admin", "admin")
    at.session_state["users_view"] = "新增用户"
    at.run()
    inputs = at.text_input
    inputs[0].input("wang.wu")
    inputs[1].input("password-1")
    inputs[2].input("password-1")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error
    assert "wang.wu" in unescape(at.success[0].value)
    at2 = AppTest.from_file(str(ROOT / "pages" / "users.py"), default_timeout=30)
    at2.session_state["user"] = User(3, "admin", "admin")
    at2.run()
    assert "wang.wu" in at2.dataframe[0].value["username"].tolist()


def test_an_idle_session_expires(app_with_users):
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.session_state["last_seen"] = dt.datetime(2000, 1, 1)
    at.run()
    assert [w.value for w in at.warning] == ["长时间未操作，已自动退出，请重新登录。"]
    assert not at.metric


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "'); DROP TABLE person; --"])
def test_hostile_names_are_stored_and_shown_verbatim(app_with_users, name):
    from coordpanel.core.db import Database

    db = Database(app_with_users)
    with db.transaction("admin", "mark sick") as tx:
        tx.cursor.execute("UPDATE person SET name = $name, status = 'sick', status_since = DATE '2020-02-19' "
                          "WHERE id = (SELECT min(id) FROM person WHERE tier = 'volunteer')", {"name": name})
    db.close()
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    at.session_state["user"] = User(1, "leader", "leader")
    at.run()
    assert not at.exception
    shown = "\n".join(unescape(w.value) for w in at.warning)
    assert name in shown
    assert "person" in [r[0] for r in Database(app_with_users).cursor().execute("SHOW TABLES").fetchall()]
