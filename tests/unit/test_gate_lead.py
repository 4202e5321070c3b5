"""The gate lead role (门岗组长, #15): least rights, gates given by an admin, refused everywhere else, phones masked;
the migration that lets app_user hold the role keeps every account. On both backends."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from coordpanel import people
from coordpanel.core import audit, auth, pgdb, queries, vocab
from coordpanel.core import db as dbmodule
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.district import summary
from tests.unit.test_write_rights_fresh import WRITES, contents

pytestmark = pytest.mark.usefixtures("cheap_hashes")  # argon2id at its lowest cost: see conftest
SECRET = "S3cret-Passw0rd!"
T0 = dt.datetime(2020, 2, 19, 8, 0)
SOUTH, NORTH, EAST = 1, 2, 3  # the demo's gates, in the order it builds them


def sign_in(db: Database, name: str) -> User:
    return auth.authenticate(db, name, SECRET, now=T0, sleep=lambda s: None)


def gate_names(db: Database, name: str) -> list[str]:
    return [g["name"] for g in auth.user_gates(db, name)]


def accounts(db: Database) -> list[tuple]:
    return db.cursor().execute("SELECT * FROM app_user ORDER BY id").fetchall()


def given(db: Database) -> list[tuple]:
    return db.cursor().execute("SELECT user_id, gate_id FROM user_gate ORDER BY ALL").fetchall()


def test_the_gate_lead_has_the_fewest_rights_and_never_sees_phones():
    assert "gatelead" in vocab.USER_ROLES and auth.ROLES is vocab.USER_ROLES
    assert auth.RIGHTS["gatelead"] == {"record_attendance", "own_account"}
    lead = User(9, "gl", "gatelead")
    for right in ("read", "see_phones", "see_audit", "edit_roster", "edit_people", "manage_users", "edit_settings"):
        assert not lead.can(right), right
    assert auth.shown_phone(lead, "13900001234") == "139****1234"
    # everyone keeps their own account page; planners and admins record attendance at every gate
    assert all(auth.User(1, r, r).can("own_account") for r in auth.ROLES)
    assert [r for r in auth.ROLES if auth.User(1, r, r).can("record_attendance")] == ["planner", "admin", "gatelead"]


def test_an_admin_gives_a_gate_lead_gates(backend_demo):
    db = backend_demo
    user_id = auth.create_user(db, CLI_USER, "lao.zhang", "gatelead", SECRET, gates=[NORTH, SOUTH, NORTH])
    assert gate_names(db, "lao.zhang") == ["南门（主卡口）", "北门"]
    assert [g["id"] for g in auth.user_gates(db, "lao.zhang")] == [SOUTH, NORTH]
    assert sign_in(db, "lao.zhang").role == "gatelead"
    listed = next(u for u in auth.list_users(db, CLI_USER) if u["username"] == "lao.zhang")
    assert (listed["role"], listed["gates"]) == ("gatelead", "南门（主卡口）、北门")
    log = audit.search(db, CLI_USER, table="app_user")
    added = log[log["action"] == "add user"].iloc[0]
    assert json.loads(added["after"]) == {"username": "lao.zhang", "role": "gatelead", "active": True,
                                          "gates": [SOUTH, NORTH]}
    assert added["row_key"] == str(user_id)
    # other roles hold no gates, whatever was picked
    auth.create_user(db, CLI_USER, "li.si", "planner", SECRET, gates=[EAST])
    assert auth.user_gates(db, "li.si") == [] and auth.user_gates(db, "nobody") == []


@pytest.mark.parametrize(("gates", "key", "params"), [
    (None, "gl.no_gates", {}), ([], "gl.no_gates", {}), ([999], "gl.unknown_gate", {"gate": "999"}),
    ([SOUTH, "x"], "gl.unknown_gate", {"gate": "x"}),
])
def test_a_gate_lead_without_real_gates_is_refused_and_nothing_changes(backend_demo, gates, key, params):
    db = backend_demo
    before = (accounts(db), given(db), len(audit.search(db, CLI_USER)))
    with pytest.raises(Refused) as refused:
        auth.create_user(db, CLI_USER, "lao.zhang", "gatelead", SECRET, gates=gates)
    assert (refused.value.key, refused.value.params) == (key, params)
    assert refused.value.message("zh") in ("门岗组长至少要分配一个门岗。", "没有编号为 999 的门岗。", "没有编号为 x 的门岗。")
    assert (accounts(db), given(db), len(audit.search(db, CLI_USER))) == before


def test_an_admin_changes_a_gate_leads_gates_and_role(backend_demo):
    db = backend_demo
    auth.create_user(db, CLI_USER, "lao.zhang", "gatelead", SECRET, gates=[SOUTH])
    auth.update_user(db, CLI_USER, "lao.zhang", "gatelead", True, gates=[EAST, NORTH])
    assert gate_names(db, "lao.zhang") == ["北门", "东门（物资通道）"]
    auth.update_user(db, CLI_USER, "lao.zhang", "gatelead", False)  # gates not given: kept as they are
    assert gate_names(db, "lao.zhang") == ["北门", "东门（物资通道）"]
    change = audit.search(db, CLI_USER, table="app_user")
    change = change[change["action"] == "update user"]
    assert {json.dumps(json.loads(a)["gates"]) for a in change["after"]} == {json.dumps([NORTH, EAST])}
    before = (accounts(db), given(db))
    with pytest.raises(Refused) as refused:
        auth.update_user(db, CLI_USER, "lao.zhang", "gatelead", True, gates=[])
    assert refused.value.key == "gl.no_gates" and (accounts(db), given(db)) == before
    auth.update_user(db, CLI_USER, "lao.zhang", "leader", True)  # no longer a gate lead: no gates
    assert auth.user_gates(db, "lao.zhang") == [] and given(db) == []
    with pytest.raises(Refused) as refused:  # and back: gates must be given again
        auth.update_user(db, CLI_USER, "lao.zhang", "gatelead", True)
    assert refused.value.key == "gl.no_gates"


def test_the_demo_gate_lead_stands_at_the_south_gate(backend_demo):
    db = backend_demo
    assert "gatelead" in auth.DEMO_ACCOUNTS
    auth.create_demo_accounts(db, CLI_USER, SECRET)
    assert [sign_in(db, name).role for name in auth.DEMO_ACCOUNTS] == list(auth.DEMO_ACCOUNTS)
    assert gate_names(db, "gatelead") == ["南门（主卡口）"]


def test_a_database_without_a_south_gate_gets_no_demo_gate_lead(db):
    auth.create_demo_accounts(db, CLI_USER, SECRET)
    assert sorted(u["username"] for u in auth.list_users(db, CLI_USER)) == ["admin", "leader", "planner"]


def test_every_other_write_and_read_refuses_a_gate_lead(backend_demo):
    db = backend_demo
    auth.create_demo_accounts(db, CLI_USER, SECRET)
    lead = sign_in(db, "gatelead")
    before = contents(db)
    for name, write in WRITES.items():
        with pytest.raises(PermissionDenied):
            write(db, lead)
        assert contents(db) == before, name
    refused = {
        "add user": lambda: auth.create_user(db, lead, "x.y", "gatelead", SECRET, gates=[SOUTH]),
        "update user": lambda: auth.update_user(db, lead, "gatelead", "gatelead", True, gates=[SOUTH, NORTH]),
        "list users": lambda: auth.list_users(db, lead),
        "audit": lambda: audit.search(db, lead),
        "directory": lambda: people.directory.directory(db, lead, 1),
        "district": lambda: summary.summary(db, lead, dt.date(2020, 2, 17)),
    }
    for name, call in refused.items():
        with pytest.raises(PermissionDenied):
            call()
        assert contents(db) == before, name
    assert gate_names(db, "gatelead") == ["南门（主卡口）"]


# --- the migration (007_gate_lead) ------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["duckdb", "postgres"])
def test_the_migration_keeps_every_account_and_the_id_sequence(request, tmp_path, monkeypatch, backend):
    target = str(tmp_path / "old.duckdb") if backend == "duckdb" else request.getfixturevalue("pg_url")
    everything = queries.migrations

    def before_gate_lead(dialect: str = "duckdb"):
        return [m for m in everything(dialect) if m[0] < 7]

    with monkeypatch.context() as old_code:
        old_code.setattr(dbmodule, "migrations", before_gate_lead)
        old_code.setattr(pgdb, "migrations", before_gate_lead)
        old = Database(target)
        assert old.schema_version() == before_gate_lead()[-1][0] < 7
        with old.transaction("cli", "add users") as tx:
            for name, role in (("leader", "leader"), ("planner", "planner"), ("admin", "admin")):
                tx.run("users/insert", username=name, role=role, password_hash=auth._hasher.hash(SECRET), at=T0)
            tx.run("users/set_password", username="planner", password_hash=auth._hasher.hash(SECRET + "2"))
            tx.run("users/update", username="leader", role="leader", active=False)
        with pytest.raises(Exception, match="(?i)check"):  # the old schema knows no gate lead
            with old.transaction("cli", "add a gate lead") as tx:
                tx.run("users/insert", username="gl", role="gatelead", password_hash=auth._hasher.hash(SECRET), at=T0)
        kept = accounts(old)
        old.close()
    new = Database(target)
    try:
        assert new.schema_version() >= 7
        assert accounts(new) == kept
        assert [(r[1], r[2], r[4], r[8]) for r in kept] == [("leader", "leader", False, 0), ("planner", "planner", True, 1),
                                                          ("admin", "admin", True, 0)]
        assert auth.authenticate(new, "planner", SECRET + "2", now=T0, sleep=lambda s: None).version == 1
        with new.transaction("cli", "a gate for the gate lead") as tx:  # no compound here: one gate of our own
            tx.cursor.execute("INSERT INTO compound (id, name, district, street, community) VALUES (1, 'x', 'x', 'x', 'x')")
            tx.cursor.execute("INSERT INTO gate (id, compound_id, name) VALUES (1, 1, '南门')")
        # the id sequence goes on after the kept accounts (and after the id the refused insert took)
        assert auth.create_user(new, CLI_USER, "gatelead", "gatelead", SECRET, gates=[1]) > max(r[0] for r in kept)
        assert gate_names(new, "gatelead") == ["南门"]
        with pytest.raises(Exception, match="(?i)check"):  # the role is still checked
            with new.transaction("cli", "an unknown role") as tx:
                tx.run("users/insert", username="boss", role="boss", password_hash=auth._hasher.hash(SECRET), at=T0)
    finally:
        new.close()
