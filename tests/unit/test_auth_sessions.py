"""A signed-in user's rights follow the account as it stands now: stopped, demoted or given a new password by an
admin, the old session loses its rights at the next check; one's own password changes only with the current one;
an admin's edit of an account is checked whole and saved whole."""

from __future__ import annotations

import datetime as dt

import pytest

from coordpanel.core import auth
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.errors import PermissionDenied, Refused

pytestmark = pytest.mark.usefixtures("cheap_hashes")  # argon2id at its lowest cost: see conftest

SECRET = "S3cret-Passw0rd!"
T0 = dt.datetime(2020, 2, 19, 8, 0)


@pytest.fixture
def users_db(backend_db):
    db = backend_db
    for role in ("leader", "planner", "admin"):  # a gate lead needs gates: tests/unit/test_gate_lead.py
        auth.create_user(db, CLI_USER, role, role, SECRET)
    auth.create_user(db, CLI_USER, "admin2", "admin", SECRET)
    return db


def sign_in(db, name, password=SECRET) -> User:
    return auth.authenticate(db, name, password, now=T0, sleep=lambda s: None)


def accounts(db) -> list[tuple]:
    return db.cursor().execute("SELECT username, role, active, password_hash, credential_version FROM app_user "
                               "ORDER BY id").fetchall()


def test_a_fresh_session_reads_the_account_as_it_stands(users_db):
    planner = sign_in(users_db, "planner")
    assert auth.fresh(users_db, planner) == planner
    assert auth.require(planner, "edit_roster", users_db) == planner


def test_a_stopped_account_loses_its_session(users_db):
    planner = sign_in(users_db, "planner")
    auth.update_user(users_db, sign_in(users_db, "admin"), "planner", "planner", False)
    with pytest.raises(PermissionDenied) as ended:
        auth.fresh(users_db, planner)
    assert ended.value.key == "auth.session_ended"
    with pytest.raises(PermissionDenied):
        auth.require(planner, "edit_roster", users_db)


def test_a_demoted_account_has_its_new_role_at_once(users_db):
    admin2 = sign_in(users_db, "admin2")
    auth.update_user(users_db, sign_in(users_db, "admin"), "admin2", "leader", True)
    assert auth.fresh(users_db, admin2).role == "leader"
    with pytest.raises(PermissionDenied) as denied:
        auth.require(admin2, "manage_users", users_db)
    assert denied.value.params == {"role": "leader", "right": "manage_users"}
    assert auth.require(admin2, "read", users_db).role == "leader"


def test_a_password_reset_ends_the_old_session_and_the_new_one_works(users_db):
    planner = sign_in(users_db, "planner")
    auth.set_password(users_db, CLI_USER, "planner", "new-password-1")
    with pytest.raises(PermissionDenied, match="auth.session_ended"):
        auth.fresh(users_db, planner)
    again = sign_in(users_db, "planner", "new-password-1")
    assert again.version == planner.version + 1
    assert auth.fresh(users_db, again) == again


def test_a_session_whose_account_is_gone_or_renamed_ends(users_db):
    planner = sign_in(users_db, "planner")
    for stale in (User(99, "planner", "planner", 0), User(planner.id, "someone", "planner", 0)):
        with pytest.raises(PermissionDenied, match="auth.session_ended"):
            auth.fresh(users_db, stale)


def test_a_user_made_in_code_is_taken_as_it_is(users_db):
    for made in (CLI_USER, User(2, "planner", "planner")):
        assert auth.fresh(users_db, made) is made


@pytest.mark.parametrize("write", ["add", "set", "update", "unlock", "list"])
def test_a_stopped_admin_s_old_session_cannot_manage_users(users_db, write):
    admin2 = sign_in(users_db, "admin2")
    auth.update_user(users_db, sign_in(users_db, "admin"), "admin2", "admin", False)
    before = accounts(users_db)
    with pytest.raises(PermissionDenied, match="auth.session_ended"):
        {"add": lambda: auth.create_user(users_db, admin2, "mallory", "admin", "password123"),
         "set": lambda: auth.set_password(users_db, admin2, "leader", "password123"),
         "update": lambda: auth.update_user(users_db, admin2, "leader", "admin", True),
         "unlock": lambda: auth.unlock(users_db, admin2, "leader"),
         "list": lambda: auth.list_users(users_db, admin2)}[write]()
    assert accounts(users_db) == before


def test_a_demoted_admin_s_old_session_cannot_manage_users(users_db):
    admin2 = sign_in(users_db, "admin2")
    auth.update_user(users_db, sign_in(users_db, "admin"), "admin2", "planner", True)
    with pytest.raises(PermissionDenied, match="auth.denied"):
        auth.create_user(users_db, admin2, "mallory", "admin", "password123")
    assert "mallory" not in [a[0] for a in accounts(users_db)]


def test_changing_one_s_own_password_asks_for_the_current_one(users_db):
    leader = sign_in(users_db, "leader")
    before = accounts(users_db)
    with pytest.raises(Refused) as wrong:
        auth.change_own_password(users_db, leader, "not-the-password", "another-secret", now=T0, sleep=lambda s: None)
    assert wrong.value.key == "auth.wrong_password"
    assert accounts(users_db) == before
    changed = auth.change_own_password(users_db, leader, SECRET, "another-secret", now=T0, sleep=lambda s: None)
    assert (changed.id, changed.username, changed.role, changed.version) == (leader.id, "leader", "leader", 1)
    assert auth.fresh(users_db, changed) == changed
    with pytest.raises(PermissionDenied):  # the account's other sessions end
        auth.fresh(users_db, leader)
    assert sign_in(users_db, "leader", "another-secret").role == "leader"
    with pytest.raises(Refused, match="auth.bad_credentials"):
        sign_in(users_db, "leader", SECRET)


def test_a_wrong_current_password_counts_as_a_failed_sign_in(users_db):
    leader = sign_in(users_db, "leader")
    waits: list[float] = []
    for _ in range(4):
        with pytest.raises(Refused, match="auth.wrong_password"):
            auth.change_own_password(users_db, leader, "guess", "another-secret", now=T0, sleep=waits.append)
    assert waits == [0.0, 1.0, 2.0, 4.0]
    with pytest.raises(Refused, match="auth.locked"):
        auth.change_own_password(users_db, leader, "guess", "another-secret", now=T0, sleep=waits.append)
    with pytest.raises(Refused, match="auth.locked"):
        auth.change_own_password(users_db, leader, SECRET, "another-secret", now=T0, sleep=waits.append)


def test_the_own_password_change_is_audited_without_the_password(users_db):
    leader = sign_in(users_db, "leader")
    auth.change_own_password(users_db, leader, SECRET, "another-secret", now=T0, sleep=lambda s: None)
    rows = users_db.cursor().execute("SELECT actor, table_name, row_key, after FROM audit_log "
                                     "WHERE action = 'change own password'").fetchall()
    assert rows == [("leader", "app_user", str(leader.id), '{"password": "changed"}')]
    text = str(users_db.cursor().execute("SELECT * FROM audit_log").fetchall())
    assert SECRET not in text and "another-secret" not in text


def test_the_cli_cannot_change_its_own_password(users_db):
    with pytest.raises(Refused) as refused:
        auth.change_own_password(users_db, CLI_USER, SECRET, "another-secret", now=T0, sleep=lambda s: None)
    assert (refused.value.key, refused.value.params) == ("auth.unknown_user", {"username": "cli"})


def test_an_admin_sets_their_own_password_only_with_the_current_one(users_db):
    admin = sign_in(users_db, "admin")
    before = accounts(users_db)
    for call in (lambda: auth.set_password(users_db, admin, "admin", "password123"),
                 lambda: auth.update_user(users_db, admin, "admin", "admin", True, "password123")):
        with pytest.raises(Refused) as refused:
            call()
        assert (refused.value.key, refused.value.params) == ("auth.own_password", {})
    assert accounts(users_db) == before
    auth.set_password(users_db, CLI_USER, "admin", "password123")  # the CLI may, as today
    assert sign_in(users_db, "admin", "password123").role == "admin"


# --- the admin's edit of an account: checked whole, saved whole (#12.17) ---------------------------------------
def test_stopping_with_a_too_short_password_changes_nothing(users_db):
    admin = sign_in(users_db, "admin")
    before = accounts(users_db)
    with pytest.raises(Refused, match="auth.short_password"):
        auth.update_user(users_db, admin, "planner", "planner", False, "short")
    assert accounts(users_db) == before
    assert sign_in(users_db, "planner").role == "planner"


def test_role_state_and_password_are_saved_together(users_db):
    admin, planner = sign_in(users_db, "admin"), sign_in(users_db, "planner")
    auth.update_user(users_db, admin, "planner", "leader", True, "new-password-1")
    row = [a for a in accounts(users_db) if a[0] == "planner"][0]
    assert (row[1], row[2], row[4]) == ("leader", True, 1)
    with pytest.raises(PermissionDenied):
        auth.fresh(users_db, planner)
    assert sign_in(users_db, "planner", "new-password-1").role == "leader"
    entries = users_db.cursor().execute("SELECT actor, before, after FROM audit_log WHERE action = 'update user'").fetchall()
    assert entries == [("admin", '{"active": true, "role": "planner"}',
                        '{"active": true, "password": "changed", "role": "leader"}')]
    assert "new-password-1" not in str(users_db.cursor().execute("SELECT * FROM audit_log").fetchall())


def test_an_edit_without_a_password_keeps_it_and_the_session(users_db):
    admin, planner = sign_in(users_db, "admin"), sign_in(users_db, "planner")
    for empty in (None, ""):
        auth.update_user(users_db, admin, "planner", "planner", True, empty)
    assert auth.fresh(users_db, planner).version == 0
    assert sign_in(users_db, "planner").role == "planner"


# --- accounts not named after their role (the fixtures' are) -------------------------------------------------
def test_a_session_keeps_the_account_s_name_and_id(users_db):
    auth.create_user(users_db, CLI_USER, "zhang.san", "planner", SECRET)
    zhang = sign_in(users_db, "zhang.san")
    assert (zhang.id, zhang.username, zhang.role) == (5, "zhang.san", "planner")
    assert auth.fresh(users_db, zhang) == zhang
    changed = auth.change_own_password(users_db, zhang, SECRET, "another-secret", now=T0, sleep=lambda s: None)
    assert (changed.id, changed.username, changed.role, changed.version) == (5, "zhang.san", "planner", 1)
    assert auth.fresh(users_db, changed) == changed


def test_changing_one_s_password_without_a_time_uses_the_clock_as_the_app_does(users_db, monkeypatch):
    monkeypatch.setattr(auth, "now_local", lambda: T0)
    leader = sign_in(users_db, "leader")
    for _ in range(5):
        with pytest.raises(Refused):
            auth.change_own_password(users_db, leader, "guess", "another-secret", sleep=lambda s: None)
    # the failures and the lock run from the clock's time
    entry = next(u for u in auth.list_users(users_db, CLI_USER, now=T0) if u["username"] == "leader")
    assert (entry["failed_attempts"], entry["locked_until"]) == (5, T0 + dt.timedelta(minutes=15))
    later = T0 + dt.timedelta(minutes=15)
    monkeypatch.setattr(auth, "now_local", lambda: later)
    changed = auth.change_own_password(users_db, leader, SECRET, "another-secret", sleep=lambda s: None)
    assert changed.version == 1


def test_a_wrong_current_password_counts_against_the_client_s_address(users_db):
    leader = sign_in(users_db, "leader")
    for _ in range(5):
        with pytest.raises(Refused):
            auth.change_own_password(users_db, leader, "guess", "another-secret", now=T0, sleep=lambda s: None,
                                     source="203.0.113.9")
    with pytest.raises(Refused, match="auth.locked"):
        auth.authenticate(users_db, "leader", SECRET, now=T0, sleep=lambda s: None, source="203.0.113.9")
    # another address (or one that is not known) is not locked out by that one's guesses
    assert sign_in(users_db, "leader").role == "leader"
