"""The sign-in throttle: parallel guesses each count (#12.3); a name that is no account answers like a wrong
password, in words, waits, locks and work done (#12.4); a guesser locks out only their own address, not the
account's owner; an admin lifts a lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

import pytest

from coordpanel.core import auth, queries
from coordpanel.core import db as db_module
from coordpanel.core.auth import CLI_USER
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

pytestmark = pytest.mark.usefixtures("cheap_hashes")  # argon2id at its lowest cost: see conftest

SECRET = "S3cret-Passw0rd!"
T0 = dt.datetime(2020, 2, 19, 8, 0)
ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"


def with_accounts(db: Database) -> Database:
    for role in ("leader", "planner", "admin"):  # a gate lead needs gates: tests/unit/test_gate_lead.py
        auth.create_user(db, CLI_USER, role, role, SECRET)
    return db


@pytest.fixture
def users_db(backend_db):
    return with_accounts(backend_db)


def attempt(db, name, password, source=None, now=T0, waits=None) -> str:
    """The outcome of one sign-in: the role, or the refusal's key (now=None: at the clock's time, as the app signs in)."""
    by_source = {} if source is None else {"source": source}
    try:
        return auth.authenticate(db, name, password, now=now, sleep=(waits.append if waits is not None else lambda s: None),
                                 **by_source).role
    except Refused as exc:
        return exc.key


def listed(db, name, now=T0) -> dict:
    """The admin's list entry of one account, at `now` (None: the clock's time)."""
    by_time = {} if now is None else {"now": now}
    return next(u for u in auth.list_users(db, CLI_USER, **by_time) if u["username"] == name)


# --- #12.3: counted atomically ----------------------------------------------------------------------------
def test_parallel_guesses_each_count_and_no_more_than_the_limit_are_tried(users_db, monkeypatch):
    """Twelve guesses at once: every one is counted, only the first five are verified, the account ends locked.
    A verification waits until every guess has either reached a verification or been answered, so that no
    guess's wrong password is known (and its lock written) before all twelve have been counted: before the fix
    all twelve would have read the same count before any wrote theirs back, and a guess over the limit must be
    refused by its own count, not by a lock another guess wrote after its verification."""
    tried: list[str] = []
    outcomes: list[str] = []
    progress = threading.Condition()
    real_verify = auth._verify

    def verify(password_hash, password):
        with progress:
            tried.append(password)
            progress.notify_all()
            progress.wait_for(lambda: len(tried) + len(outcomes) >= 12, timeout=10)
        return real_verify(password_hash, password)

    def guess(i: int) -> None:
        outcome = attempt(users_db, "planner", f"guess-{i}", now=None)
        with progress:
            outcomes.append(outcome)
            progress.notify_all()

    monkeypatch.setattr(auth, "_verify", verify)
    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tried) == 5
    assert sorted(outcomes) == ["auth.bad_credentials"] * 4 + ["auth.locked"] * 8
    assert listed(users_db, "planner", now=None)["failed_attempts"] == 12
    assert listed(users_db, "planner", now=None)["locked_until"] is not None
    assert attempt(users_db, "planner", SECRET, now=None) == "auth.locked"


# --- #12.4: a name that is no account is not told apart -----------------------------------------------------
def trace(db: Database, name: str, password: str, attempts: int = 6) -> dict:
    """Everything an observer could tell apart over `attempts` sign-ins: the messages, the waits, the named
    queries run (so the work and the time it takes) and the argon2 verifications."""
    names: list[str] = []
    verified: list[int] = []
    waits: list[float] = []
    outcomes = []
    with pytest.MonkeyPatch.context() as patch:
        for module in (db_module, queries):
            def recording(query, real=module.load_query):
                names.append(query)
                return real(query)

            patch.setattr(module, "load_query", recording)
        real_verify = auth._verify
        patch.setattr(auth, "_verify", lambda h, p: verified.append(1) or real_verify(h, p))
        for _ in range(attempts):
            try:
                auth.authenticate(db, name, password, now=T0, sleep=waits.append)
            except Refused as exc:
                outcomes.append((exc.key, exc.params))
    return {"outcomes": outcomes, "waits": waits, "queries": names, "verifications": len(verified)}


def test_an_unknown_name_answers_exactly_like_a_wrong_password():
    known = trace(with_accounts(Database(":memory:")), "planner", "guess")
    unknown = trace(with_accounts(Database(":memory:")), "plannr", "guess")
    assert unknown == known
    assert known["outcomes"] == [("auth.bad_credentials", {})] * 4 + [("auth.locked", {"until": "08:15"})] * 2
    assert known["waits"] == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert known["verifications"] == 5  # the sixth is refused by the lock before any verification
    assert "users/record_failure" in known["queries"]


def test_a_stopped_account_answers_like_an_unknown_name():
    stopped_db = with_accounts(Database(":memory:"))
    auth.update_user(stopped_db, CLI_USER, "planner", "planner", False)
    stopped = trace(stopped_db, "planner", SECRET)
    unknown = trace(with_accounts(Database(":memory:")), "nobody", SECRET)
    assert stopped == unknown


@pytest.mark.parametrize("case", ["unknown", "stopped", "wrong", "right"])
def test_every_attempt_runs_exactly_one_argon2_verification(users_db, monkeypatch, case):
    if case == "stopped":
        auth.update_user(users_db, CLI_USER, "planner", "planner", False)
    checked: list[tuple[str, str]] = []
    real_verify = auth._verify
    monkeypatch.setattr(auth, "_verify", lambda h, p: checked.append((h, p)) or real_verify(h, p))
    name, password = {"unknown": ("nobody", SECRET), "stopped": ("planner", SECRET), "wrong": ("planner", "guess"),
                      "right": ("planner", SECRET)}[case]
    attempt(users_db, name, password)
    stored = users_db.one("users/by_name", username="planner")[3]
    # the typed password itself is verified, against the dummy hash when there is no account to check it against
    assert checked == [(auth._DUMMY_HASH if case in ("unknown", "stopped") else stored, password)]


def test_a_name_typed_at_sign_in_is_not_kept(users_db):
    attempt(users_db, "Tr0ub4dor&3-typed-as-a-name", "x")
    everything = str([users_db.cursor().execute(f'SELECT * FROM "{t}"').fetchall()
                      for (t,) in users_db.cursor().execute("SELECT table_name FROM information_schema.tables WHERE table_schema IN ('main', 'public')").fetchall()])
    assert "Tr0ub4dor" not in everything
    actors = [a for (a,) in users_db.cursor().execute("SELECT actor FROM audit_log WHERE action = 'sign-in attempt'").fetchall()]
    assert actors == ["-"]


# --- the lock cannot be turned against the account's owner ----------------------------------------------------
def test_a_guesser_locks_out_only_their_own_address(users_db):
    outcomes = [attempt(users_db, "admin", f"guess-{i}", source=ATTACKER) for i in range(5)]
    assert outcomes == ["auth.bad_credentials"] * 4 + ["auth.locked"]
    assert attempt(users_db, "admin", SECRET, source=ATTACKER) == "auth.locked"
    assert attempt(users_db, "admin", SECRET, source=OWNER) == "admin"
    assert attempt(users_db, "admin", SECRET) == "admin"  # an unknown address is a source of its own
    # the owner's success does not lift the guesser's lock
    assert attempt(users_db, "admin", SECRET, source=ATTACKER) == "auth.locked"
    assert attempt(users_db, "admin", SECRET, source=ATTACKER, now=T0 + dt.timedelta(minutes=15)) == "admin"


def test_guesses_from_many_addresses_lock_the_account_only_after_ten_times_the_limit(users_db):
    sources = [f"203.0.113.{i}" for i in range(10)]
    for source in sources[:9]:
        for i in range(5):
            attempt(users_db, "admin", f"guess-{i}", source=source)
    for i in range(4):
        assert attempt(users_db, "admin", f"guess-{i}", source=sources[9]) == "auth.bad_credentials"
    assert listed(users_db, "admin")["failed_attempts"] == 49
    assert listed(users_db, "admin")["locked_until"] == T0 + dt.timedelta(minutes=15)  # the nine addresses' locks
    assert attempt(users_db, "leader", SECRET, source=OWNER) == "leader"
    # the fiftieth failure locks the account from everywhere, for fifteen minutes
    assert attempt(users_db, "admin", "guess-5", source=sources[9]) == "auth.locked"
    assert listed(users_db, "admin")["failed_attempts"] == 50  # each failure counted once, the locking one too
    assert attempt(users_db, "admin", SECRET, source=OWNER) == "auth.locked"
    assert attempt(users_db, "admin", SECRET, source=OWNER, now=T0 + dt.timedelta(minutes=15)) == "admin"


def test_forty_nine_failures_from_many_addresses_still_let_the_owner_in(users_db):
    for i in range(49):
        attempt(users_db, "admin", "guess", source=f"203.0.113.{i // 5}")
    assert attempt(users_db, "admin", SECRET, source=OWNER) == "admin"


def test_one_address_trying_many_names_is_slowed_down_but_never_locked(users_db):
    waits: list[float] = []
    outcomes = [attempt(users_db, f"name-{i}", "guess", source=ATTACKER, waits=waits) for i in range(24)]
    assert set(outcomes) == {"auth.bad_credentials"}
    assert waits[:7] == [0.0] * 7 and waits[7] == 1.0 and waits[-1] == 8.0  # doubling every fourth failure
    assert attempt(users_db, "planner", SECRET, source=ATTACKER) == "planner"


def test_a_success_is_taken_back_out_of_the_address_count(users_db):
    for _ in range(12):
        assert attempt(users_db, "leader", SECRET, source=OWNER) == "leader"
    waits: list[float] = []
    attempt(users_db, "leader", "typo", source=OWNER, waits=waits)
    assert waits == [0.0]


# --- an admin lifts a lock --------------------------------------------------------------------------------------
def test_an_admin_unlocks_an_account_from_every_address(users_db):
    for source in (ATTACKER, None):
        for i in range(5):
            attempt(users_db, "planner", f"guess-{i}", source=source)
    assert attempt(users_db, "planner", SECRET) == "auth.locked"
    admin = auth.authenticate(users_db, "admin", SECRET, now=T0, sleep=lambda s: None)
    auth.unlock(users_db, admin, "planner")
    assert listed(users_db, "planner")["locked_until"] is None
    assert attempt(users_db, "planner", SECRET, source=ATTACKER) == "planner"
    assert attempt(users_db, "planner", SECRET) == "planner"
    entry = users_db.cursor().execute("SELECT actor, table_name, row_key, after FROM audit_log "
                                      "WHERE action = 'unlock user'").fetchall()
    assert entry == [("admin", "app_user", "2", '{"unlocked": true}')]


@pytest.mark.parametrize("lift", ["unlock", "set password", "update with a password"])
def test_a_lock_in_force_now_is_lifted_from_every_address(users_db, lift):
    """Locks taken at the clock's time (so they have not run out when the admin acts, as in the app), from two
    addresses: the admin's unlock or new password lifts both, and leaves the other accounts' counts alone."""
    for source in (ATTACKER, None):
        for i in range(5):
            attempt(users_db, "planner", f"guess-{i}", source=source, now=None)
    for i in range(3):
        attempt(users_db, "leader", f"guess-{i}", source=ATTACKER, now=None)
    assert attempt(users_db, "planner", SECRET, source=OWNER, now=None) == "planner"  # not locked from a third one
    assert attempt(users_db, "planner", SECRET, source=ATTACKER, now=None) == "auth.locked"
    password = {"unlock": lambda: auth.unlock(users_db, CLI_USER, "planner") or SECRET,
                "set password": lambda: auth.set_password(users_db, CLI_USER, "planner", "new-password-1") or "new-password-1",
                "update with a password": lambda: auth.update_user(users_db, CLI_USER, "planner", "planner", True,
                                                                   "new-password-1") or "new-password-1"}[lift]()
    assert listed(users_db, "planner", now=None)["locked_until"] is None
    assert attempt(users_db, "planner", password, source=ATTACKER, now=None) == "planner"
    assert attempt(users_db, "planner", password, now=None) == "planner"
    assert listed(users_db, "leader", now=None)["failed_attempts"] == 3


def test_the_cli_s_new_password_lifts_the_lock_as_before(users_db):
    for i in range(5):
        attempt(users_db, "planner", f"guess-{i}")
    auth.set_password(users_db, CLI_USER, "planner", "new-password-1")
    assert attempt(users_db, "planner", "new-password-1") == "planner"


def test_a_lock_in_force_carries_over_the_upgrade(tmp_path):
    old = Database(":memory:", migrate=False)
    cur = old.cursor()
    queries.run_query(cur, "db/create_migration_table")
    for version, name, sql in queries.migrations():
        if version <= 4:
            cur.execute(sql)
            queries.run_query(cur, "db/record_migration", version=version, name=name, applied_at=T0)
    cur.execute("INSERT INTO app_user (username, role, password_hash, failed_attempts, locked_until, created_at) "
                "VALUES ('planner', 'planner', '$argon2id$x', 0, $until, $at)", {"until": T0 + dt.timedelta(minutes=9), "at": T0})
    old.migrate()
    assert listed(old, "planner")["locked_until"] == T0 + dt.timedelta(minutes=9)
    assert attempt(old, "planner", SECRET, now=T0 + dt.timedelta(minutes=8)) == "auth.locked"
    assert old.scalar("users/by_id", id=1) == 1 and old.one("users/by_id", id=1)[4] == 0


def test_an_address_is_counted_trimmed_and_cut_to_a_hundred_characters(users_db):
    long = "x" * 100
    for i in range(5):
        attempt(users_db, "admin", f"guess-{i}", source=f" {long}a ")
    assert attempt(users_db, "admin", SECRET, source=f"{long}b") == "auth.locked"
    assert attempt(users_db, "admin", SECRET, source="x" * 99) == "admin"


# --- what the throttle keeps --------------------------------------------------------------------------------------
def test_a_success_leaves_the_address_s_failures_over_other_names_as_they_were(users_db):
    """Eleven failures over other names, a right password, then one more failure: the wait is that of the twelfth
    failure (12 // 4 = 3 → 2 s), as if the success had not come between: it is taken back out, nothing more."""
    for i in range(11):
        attempt(users_db, f"name-{i}", "guess", source=ATTACKER)
    assert attempt(users_db, "leader", SECRET, source=ATTACKER) == "leader"
    waits: list[float] = []
    attempt(users_db, "name-x", "guess", source=ATTACKER, waits=waits)
    assert waits == [2.0]


def test_counts_that_have_run_out_are_forgotten_at_the_next_success(users_db):
    """The throttle keeps no record of failures longer than they count: a lock or a count that has run out goes
    at the next success of anyone, locked or not."""
    for i in range(5):
        attempt(users_db, "planner", f"guess-{i}", source=ATTACKER)  # locked until 08:15
    attempt(users_db, "not-an-account", "guess", source=OWNER)
    assert users_db.cursor().execute("SELECT count(*) FROM sign_in_throttle").fetchone()[0] > 3
    later = T0 + dt.timedelta(minutes=20)
    assert attempt(users_db, "leader", SECRET, source="192.0.2.1", now=later) == "leader"
    kept = users_db.cursor().execute("SELECT kind, name_key, source, failures FROM sign_in_throttle").fetchall()
    assert kept == [("source", "", "192.0.2.1", 0)]


def test_one_account_s_failures_do_not_count_against_another_of_the_same_role(users_db):
    auth.create_user(users_db, CLI_USER, "zhang.san", "planner", SECRET)
    outcomes = [attempt(users_db, "zhang.san", f"guess-{i}") for i in range(5)]
    assert outcomes == ["auth.bad_credentials"] * 4 + ["auth.locked"]
    entry = listed(users_db, "zhang.san")
    assert (entry["failed_attempts"], entry["locked_until"]) == (5, T0 + dt.timedelta(minutes=15))
    assert attempt(users_db, "planner", SECRET) == "planner"
    assert attempt(users_db, "zhang.san", SECRET) == "auth.locked"
    actors = {a for (a,) in users_db.cursor().execute(
        "SELECT actor FROM audit_log WHERE action IN ('sign-in attempt', 'sign-in locked')").fetchall()}
    assert actors == {"zhang.san", "planner"}


def test_a_name_that_is_no_account_is_kept_only_keyed_by_a_secret(users_db):
    """What the throttle keeps of a typed name that is no account cannot be checked against a guess of the text
    (a password typed as a name): not the text, nor a plain hash of it."""
    typed = "Tr0ub4dor&3-typed-as-a-name"
    attempt(users_db, typed, "x")
    kept = [k for (k,) in users_db.cursor().execute("SELECT name_key FROM sign_in_throttle WHERE kind = 'name'").fetchall()]
    assert len(kept) == 1 and kept[0].startswith("?")
    plain = {hashlib.new(algorithm, typed.encode()).hexdigest() for algorithm in ("md5", "sha1", "sha256", "blake2b")}
    plain |= {hashlib.blake2b(typed.encode(), digest_size=size).hexdigest() for size in (8, 16, 32, 64)}
    assert not any(digest in kept[0] or kept[0][1:] in digest for digest in plain)
