"""Sign-in, roles and the audit trail: hashes only, slow-down and lock, refusals that change nothing.
Sessions that follow the account (tests/unit/test_auth_sessions.py), the throttle against parallel and spread-out
guessing (tests/unit/test_auth_throttle.py); the sign-in form, idle sessions and the users page are in
tests/pages/test_auth_page.py and test_users_page.py."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from argon2 import PasswordHasher
from helpers import execute

from coordpanel import coverage, people, roster
from coordpanel.core import audit, auth
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied, Refused

SECRET = "S3cret-Passw0rd!"
T0 = dt.datetime(2020, 2, 19, 8, 0)
REAL_HASHER, REAL_DUMMY_HASH = auth._hasher, auth._DUMMY_HASH  # before the cheap_hashes fixture swaps them


pytestmark = pytest.mark.usefixtures("cheap_hashes")  # argon2id at its lowest cost: see conftest


@pytest.fixture
def users_db(backend_db):
    db = backend_db
    for role in ("leader", "planner", "admin"):  # a gate lead needs gates: tests/unit/test_gate_lead.py
        auth.create_user(db, CLI_USER, role, role, SECRET)
    return db


def user(db, name, password=SECRET, **kw) -> User:
    return auth.authenticate(db, name, password, now=kw.pop("now", T0), sleep=lambda s: None, **kw)


def listed(db, name: str, now: dt.datetime) -> dict:
    """The admin's list entry of one account at `now`."""
    return next(u for u in auth.list_users(db, CLI_USER, now=now) if u["username"] == name)


def dump(db) -> str:
    """Every value of every table, as text."""
    cur = db.cursor()
    tables = [r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema IN ('main', 'public')").fetchall()]
    return "\n".join(str(cur.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)


def test_the_hasher_is_argon2id_at_the_librarys_cost():
    recommended = PasswordHasher()
    assert (REAL_HASHER.time_cost, REAL_HASHER.memory_cost, REAL_HASHER.parallelism) == (
        recommended.time_cost, recommended.memory_cost, recommended.parallelism)
    assert REAL_DUMMY_HASH.startswith(f"$argon2id$v=19$m={recommended.memory_cost},t={recommended.time_cost},")


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
    assert (signed.id, signed.username, signed.role, signed.version) == (1, "leader", "leader", 0)


def test_sign_in_without_a_time_uses_the_clock_as_the_app_does(users_db, monkeypatch):
    monkeypatch.setattr(auth, "now_local", lambda: T0)
    for _ in range(5):
        with pytest.raises(Refused):
            auth.authenticate(users_db, "planner", "guess", sleep=lambda s: None)
    # the lock runs from the clock's time
    assert listed(users_db, "planner", T0)["locked_until"] == T0 + dt.timedelta(minutes=15)
    assert auth.authenticate(users_db, "leader", SECRET, sleep=lambda s: None).role == "leader"


@pytest.mark.parametrize("name,password", [("leader", "wrong-password"), ("nobody", SECRET), ("", ""), ("leader", None)])
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
    assert listed(users_db, "planner", T0)["failed_attempts"] == 4
    with pytest.raises(Refused) as fifth:
        auth.authenticate(users_db, "planner", "guess", now=T0, sleep=waits.append)
    assert fifth.value.key == "auth.locked" and fifth.value.params["until"] == "08:15"
    assert waits[-1] == 8.0
    # locked: even the right password is refused until the lock runs out, to the minute
    for minutes in (0, 14, 14.99):
        with pytest.raises(Refused, match="auth.locked"):
            auth.authenticate(users_db, "planner", SECRET, now=T0 + dt.timedelta(minutes=minutes), sleep=waits.append)
    assert listed(users_db, "planner", T0 + dt.timedelta(minutes=14))["locked_until"] == T0 + dt.timedelta(minutes=15)
    assert listed(users_db, "planner", T0 + dt.timedelta(minutes=15))["locked_until"] is None
    after = auth.authenticate(users_db, "planner", SECRET, now=T0 + dt.timedelta(minutes=15), sleep=waits.append)
    assert after.role == "planner"
    entry = listed(users_db, "planner", T0 + dt.timedelta(minutes=15))
    assert (entry["username"], entry["failed_attempts"], entry["locked_until"]) == ("planner", 0, None)


def test_failure_delay_doubles_up_to_eight_seconds():
    assert [auth.failure_delay(n) for n in range(0, 8)] == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert auth.failure_delay(50) == 8.0


def test_a_success_clears_the_count(users_db):
    for _ in range(4):
        with pytest.raises(Refused):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    user(users_db, "planner")
    waits: list[float] = []
    for _ in range(4):
        with pytest.raises(Refused, match="auth.bad_credentials"):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=waits.append)
    assert waits == [0.0, 1.0, 2.0, 4.0]


def test_failures_older_than_the_lock_time_are_forgotten(users_db):
    for _ in range(4):
        with pytest.raises(Refused):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    later = T0 + dt.timedelta(minutes=15, seconds=1)
    assert listed(users_db, "planner", later)["failed_attempts"] == 0
    with pytest.raises(Refused, match="auth.bad_credentials"):
        auth.authenticate(users_db, "planner", "guess", now=later, sleep=lambda s: None)
    assert listed(users_db, "planner", later)["failed_attempts"] == 1


def test_configured_auth_settings_override_the_defaults(users_db):
    with users_db.transaction("admin", "settings") as tx:
        for key, value in (("auth.lock_after_failures", 3), ("auth.lock_minutes", 5), ("auth.idle_minutes", 10)):
            execute(tx.cursor, "UPDATE setting SET value = $v WHERE key = $k", {"k": key, "v": json.dumps({"value": value})})
    assert auth.idle_limit(users_db) == dt.timedelta(minutes=10)
    for _ in range(2):
        with pytest.raises(Refused, match="auth.bad_credentials"):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    with pytest.raises(Refused) as third:
        auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    assert third.value.key == "auth.locked" and third.value.params["until"] == "08:05"
    assert user(users_db, "planner", now=T0 + dt.timedelta(minutes=5)).role == "planner"


def test_the_default_limits_are_five_failures_fifteen_minutes_and_thirty_idle(backend_db):
    db = backend_db
    assert auth.idle_limit(db) == dt.timedelta(minutes=30)
    with db.transaction("admin", "settings") as tx:
        execute(tx.cursor, "DELETE FROM setting WHERE key LIKE 'auth.%'")
    assert auth.idle_limit(db) == dt.timedelta(minutes=30)
    auth.create_user(db, CLI_USER, "planner", "planner", SECRET)
    for _ in range(4):
        with pytest.raises(Refused, match="auth.bad_credentials"):
            auth.authenticate(db, "planner", "guess", now=T0, sleep=lambda s: None)
    with pytest.raises(Refused) as fifth:
        auth.authenticate(db, "planner", "guess", now=T0, sleep=lambda s: None)
    assert fifth.value.params == {"until": "08:15"}


def test_a_deactivated_user_cannot_sign_in(users_db):
    auth.update_user(users_db, user(users_db, "admin"), "planner", "planner", active=False)
    with pytest.raises(Refused, match="auth.bad_credentials"):
        auth.authenticate(users_db, "planner", SECRET, now=T0, sleep=lambda s: None)


WRITES = {
    "add user": lambda db, u: auth.create_user(db, u, "mallory", "admin", "password123"),
    "set another's password": lambda db, u: auth.set_password(db, u, "admin", "password123"),
    "change a role": lambda db, u: auth.update_user(db, u, "leader", "admin", True),
    "unlock": lambda db, u: auth.unlock(db, u, "admin"),
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


def test_an_admin_cannot_lock_themselves_out(users_db):
    admin = user(users_db, "admin")
    before = dump(users_db)
    for role, active in (("planner", True), ("admin", False), ("leader", False)):
        with pytest.raises(Refused) as refused:
            auth.update_user(users_db, admin, "admin", role, active)
        assert (refused.value.key, refused.value.params) == ("auth.not_yourself", {})
    assert dump(users_db) == before
    auth.update_user(users_db, admin, "admin", "admin", True)  # keeping oneself as one is, is fine
    assert user(users_db, "admin").role == "admin"


def test_an_admin_may_stop_and_demote_others(users_db):
    admin = user(users_db, "admin")
    auth.update_user(users_db, admin, "planner", "leader", True)
    assert user(users_db, "planner").role == "leader"
    auth.update_user(users_db, admin, "planner", "leader", False)
    with pytest.raises(Refused, match="auth.bad_credentials"):
        user(users_db, "planner")
    assert [u["active"] for u in auth.list_users(users_db, admin)] == [True, True, False]


@pytest.mark.parametrize("name", ["<script>", "a b", "x", "'); DROP TABLE app_user; --", "", None, "a" * 81])
def test_bad_user_names_are_refused(users_db, name):
    with pytest.raises(Refused) as refused:
        auth.create_user(users_db, CLI_USER, name, "leader", "password123")
    assert (refused.value.key, refused.value.params) == ("auth.bad_username", {"username": name})
    assert users_db.cursor().execute("SELECT count(*) FROM app_user").fetchone()[0] == 3


def test_the_longest_and_shortest_user_names_are_accepted(users_db):
    for name in ("ab", "a" * 80, "zhang.san@example.org", "li_si-2"):
        auth.create_user(users_db, CLI_USER, name, "leader", "password123")
    assert len(auth.list_users(users_db, CLI_USER)) == 7


@pytest.mark.parametrize("role", ["superuser", "", "Admin", None])
def test_an_unknown_role_is_refused_and_nothing_changes(users_db, role):
    admin = user(users_db, "admin")
    before = dump(users_db)
    with pytest.raises(Refused) as made:
        auth.create_user(users_db, admin, "wang.wu", role, "password123")
    assert made.value.key == "auth.bad_role" and made.value.params == {"role": role}
    with pytest.raises(Refused) as changed:
        auth.update_user(users_db, admin, "planner", role, True)
    assert (changed.value.key, changed.value.params) == ("auth.bad_role", {"role": role})
    assert dump(users_db) == before


@pytest.mark.parametrize("password", ["", None, "1234567"])
def test_a_short_password_is_refused_everywhere_and_nothing_changes(users_db, password):
    admin, leader = user(users_db, "admin"), user(users_db, "leader")
    before = dump(users_db)
    calls = {
        "add": lambda: auth.create_user(users_db, admin, "wang.wu", "leader", password),
        "set": lambda: auth.set_password(users_db, admin, "planner", password),
        "own": lambda: auth.change_own_password(users_db, leader, SECRET, password),
    }
    for name, call in calls.items():
        with pytest.raises(Refused) as refused:
            call()
        assert (refused.value.key, refused.value.params) == ("auth.short_password", {"minimum": 8}), name
    with pytest.raises(Refused, match="auth.short_password"):
        auth.update_user(users_db, admin, "planner", "planner", True, "1234567")
    assert dump(users_db) == before


def test_eight_characters_are_enough(users_db):
    admin = user(users_db, "admin")
    auth.create_user(users_db, admin, "wang.wu", "leader", "12345678")
    auth.set_password(users_db, admin, "planner", "abcdefgh")
    assert user(users_db, "wang.wu", "12345678").role == "leader"
    assert user(users_db, "planner", "abcdefgh").role == "planner"


def test_an_existing_user_name_is_refused_and_nothing_changes(users_db):
    admin = user(users_db, "admin")
    before = dump(users_db)
    with pytest.raises(Refused) as made:
        auth.create_user(users_db, admin, "planner", "admin", "password123")
    assert (made.value.key, made.value.params) == ("auth.user_exists", {"username": "planner"})
    assert dump(users_db) == before
    assert user(users_db, "planner").role == "planner"


@pytest.mark.parametrize("call", ["set", "update", "unlock"])
def test_an_unknown_user_is_refused_and_nothing_changes(users_db, call):
    admin = user(users_db, "admin")
    before = dump(users_db)
    with pytest.raises(Refused) as refused:
        {"set": lambda: auth.set_password(users_db, admin, "nobody", "password123"),
         "update": lambda: auth.update_user(users_db, admin, "nobody", "leader", True),
         "unlock": lambda: auth.unlock(users_db, admin, "nobody")}[call]()
    assert (refused.value.key, refused.value.params) == ("auth.unknown_user", {"username": "nobody"})
    assert dump(users_db) == before


def test_every_user_change_is_audited_without_the_password(users_db):
    admin = user(users_db, "admin")
    auth.create_user(users_db, admin, "zhang.san@example.org", "planner", SECRET)
    auth.update_user(users_db, admin, "zhang.san@example.org", "leader", True)
    auth.set_password(users_db, admin, "zhang.san@example.org", SECRET + "2")
    log = audit.search(users_db, admin)
    mine = log[log["actor"] == "admin"]
    assert {"add user", "update user", "set password", "sign-in"} <= set(mine["action"])
    added = mine[mine["action"] == "add user"].iloc[0]
    assert json.loads(added["after"]) == {"username": "zhang.san@example.org", "role": "planner", "active": True}
    assert added["table_name"] == "app_user" and added["row_key"] == "4"
    change = mine[mine["action"] == "update user"].iloc[0]
    assert '"role": "planner"' in change["before"] and '"role": "leader"' in change["after"]
    assert change["table_name"] == "app_user" and change["row_key"] == "4"
    password = mine[mine["action"] == "set password"].iloc[0]
    assert json.loads(password["after"]) == {"password": "changed"} and password["row_key"] == "4"
    assert password["table_name"] == "app_user"
    assert SECRET not in log.to_string() and SECRET + "2" not in log.to_string()


def test_the_cli_adds_the_demo_accounts_with_one_password(db):
    password = auth.create_demo_accounts(db, CLI_USER, None)
    assert len(password) >= auth.MIN_PASSWORD
    # an empty database has no 南门 for the demo gate lead (tests/unit/test_gate_lead.py: the demo's has)
    assert [user(db, name, password).role for name in auth.DEMO_ACCOUNTS if name != "gatelead"] == ["leader", "planner",
                                                                                                    "admin"]
    other = Database(":memory:")
    assert auth.create_demo_accounts(other, CLI_USER, SECRET) == SECRET
    assert user(other, "admin").role == "admin"


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
    assert auth.mask_phone("12345678") == "123****5678"
    assert auth.mask_phone("1234567") == "****"
    assert auth.mask_phone(None) == "" and auth.mask_phone("") == ""
    assert auth.shown_phone(User(1, "l", "leader"), "13900001234") == "139****1234"
    assert auth.shown_phone(User(1, "p", "planner"), "13900001234") == "13900001234"
    assert auth.shown_phone(User(1, "p", "planner"), None) == ""


def test_rights_by_role():
    assert auth.require(User(1, "a", "admin"), "manage_users").username == "a"
    for role, right in (("leader", "edit_roster"), ("planner", "manage_users"), ("nobody", "read")):
        with pytest.raises(PermissionDenied) as denied:
            auth.require(User(1, "x", role), right)
        assert (denied.value.key, denied.value.params) == ("auth.denied", {"role": role, "right": right})
    with pytest.raises(PermissionDenied) as denied:
        auth.require(None, "read")
    assert denied.value.params == {"role": "-", "right": "read"}


def test_the_organisation_sign_in_finds_an_active_account_only(users_db):
    admin = user(users_db, "admin")
    auth.create_user(users_db, admin, "zhang.san@example.org", "planner", SECRET)
    found = auth.user_for_identity(users_db, "zhang.san@example.org")
    assert (found.id, found.username, found.role, found.version) == (4, "zhang.san@example.org", "planner", 0)
    assert auth.fresh(users_db, found) == found  # the session it starts is checked like a password sign-in's
    assert auth.require(found, "edit_roster", users_db) == found
    auth.update_user(users_db, admin, "zhang.san@example.org", "planner", False)
    for login in ("zhang.san@example.org", "nobody@example.org", "", None):
        with pytest.raises(Refused) as refused:
            auth.user_for_identity(users_db, login)
        assert (refused.value.key, refused.value.params) == ("auth.oidc_unknown", {"login": login})


def test_the_rights_of_each_role():
    assert auth.RIGHTS == {
        "leader": {"read", "see_audit", "own_account"},
        "planner": {"read", "see_phones", "edit_roster", "edit_assignments", "edit_status", "own_account",
                    "record_attendance"},
        "admin": {"read", "see_phones", "see_audit", "edit_roster", "edit_assignments", "edit_status", "edit_people",
                  "manage_users", "edit_settings", "own_account", "record_attendance"},
        "gatelead": {"record_attendance", "own_account"},
    }
    assert auth.DEMO_ACCOUNTS == auth.ROLES == ("leader", "planner", "admin", "gatelead")


def test_nobody_signed_in_is_refused_even_with_the_database_at_hand(users_db):
    with pytest.raises(PermissionDenied) as denied:
        auth.require(None, "read", users_db)
    assert denied.value.params == {"role": "-", "right": "read"}


def test_the_cli_acts_as_cli_in_the_audit_log(backend_db):
    db = backend_db
    auth.create_user(db, CLI_USER, "wang.wu", "planner", SECRET)
    assert db.cursor().execute("SELECT actor, action FROM audit_log WHERE action = 'add user'").fetchall() == [
        ("cli", "add user")]


def test_another_accounts_success_leaves_a_count_alone(users_db):
    for _ in range(4):
        with pytest.raises(Refused):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    user(users_db, "leader")
    with pytest.raises(Refused) as fifth:
        auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    assert fifth.value.key == "auth.locked"


def test_a_count_is_forgotten_exactly_when_the_lock_time_has_passed(users_db):
    for _ in range(2):
        with pytest.raises(Refused):
            auth.authenticate(users_db, "planner", "guess", now=T0, sleep=lambda s: None)
    assert listed(users_db, "planner", T0 + dt.timedelta(minutes=14, seconds=59))["failed_attempts"] == 2
    assert listed(users_db, "planner", T0 + dt.timedelta(minutes=15))["failed_attempts"] == 0
    waits: list[float] = []
    with pytest.raises(Refused):
        auth.authenticate(users_db, "planner", "guess", now=T0 + dt.timedelta(minutes=15), sleep=waits.append)
    assert waits == [0.0]


def test_sign_ins_and_failures_are_audited_without_the_typed_text(users_db):
    for _ in range(5):
        with pytest.raises(Refused):
            auth.authenticate(users_db, "planner", "guess-typed", now=T0, sleep=lambda s: None)
    user(users_db, "leader")
    rows = users_db.cursor().execute(
        "SELECT actor, action, table_name, row_key, after FROM audit_log WHERE action LIKE 'sign-in%' ORDER BY id").fetchall()
    attempts = [json.loads(r[4]) for r in rows if r[1] == "sign-in attempt"]
    assert attempts == [{"failures": n} for n in range(1, 7)]  # the largest count: the shared unknown source
    locked = [r for r in rows if r[1] == "sign-in locked"]
    assert [(r[0], r[2], json.loads(r[4])) for r in locked] == [
        ("planner", "sign_in_throttle", {"locked_until": "2020-02-19 08:15:00"})]
    assert [(r[0], r[2], r[3]) for r in rows if r[1] == "sign-in"] == [("leader", "app_user", "1")]
    assert {r[0] for r in rows if r[1] == "sign-in attempt"} == {"planner", "leader"}
    assert {r[2] for r in rows if r[1] == "sign-in attempt"} == {"sign_in_throttle"}  # found by the audit's table filter
    assert "guess-typed" not in dump(users_db)


def test_a_damaged_password_hash_refuses_sign_in_without_a_crash(users_db):
    users_db.cursor().execute("UPDATE app_user SET password_hash = '$argon2id$damaged' WHERE username = 'planner'")
    with pytest.raises(Refused, match="auth.bad_credentials"):
        user(users_db, "planner")


def test_changing_ones_password_takes_the_attempt_back_out_of_the_address_count(users_db):
    leader = user(users_db, "leader")
    password = SECRET
    for i in range(8):
        new = f"password-{i}-long"
        leader = auth.change_own_password(users_db, leader, password, new, now=T0, sleep=lambda s: None)
        password = new
    waits: list[float] = []
    with pytest.raises(Refused):
        auth.authenticate(users_db, "planner", "typo", now=T0, sleep=waits.append)
    assert waits == [0.0]


def test_the_cli_sets_the_password_of_an_account_that_shares_its_name(users_db):
    auth.create_user(users_db, CLI_USER, "cli", "leader", SECRET)
    auth.set_password(users_db, CLI_USER, "cli", "password123")
    assert user(users_db, "cli", "password123").role == "leader"
