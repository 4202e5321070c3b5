"""The core on PostgreSQL where two app servers meet: a write that loses to another server's is tried again and then
refused in words (a roster save: "someone else saved first"), sign-ins from several servers are all counted, a lost
connection is a refusal and the next write connects again. Each "server" is a Database of its own (its connections,
its process lock), as in two processes."""

from __future__ import annotations

import datetime as dt
import threading

import psycopg
import pytest
from helpers import DEMO_MONDAY, execute

from coordpanel import roster, seed
from coordpanel.core import auth, busy
from coordpanel.core.auth import CLI_USER, User
from coordpanel.core.db import Database
from coordpanel.core.errors import Refused

pytestmark = pytest.mark.usefixtures("cheap_hashes")

PLANNER, OTHER = User(2, "planner", "planner"), User(5, "planner2", "planner")
SECRET = "S3cret-Passw0rd!"


def server(url: str, name: str) -> Database:
    """Another app server on the same database: its own connections, and its own write lock (keyed by the URL)."""
    return Database(f"{url}?application_name={name}")


def _compound(cur, name: str = "测试小区") -> int:
    return execute(cur, "INSERT INTO compound (name, district, street, community) VALUES ($n, 'd', 's', 'c') RETURNING id",
                   {"n": name}).fetchone()[0]


# --- busy.retried: PostgreSQL's refusals are tried again like DuckDB's duplicate key ---------------------------------
def test_a_transient_refusal_is_tried_again_then_refused_with_its_key(monkeypatch):
    monkeypatch.setattr(busy, "DELAYS", (0.001, 0.001, 0.001))
    calls = []

    @busy.retried
    def write():
        calls.append(1)
        raise busy.Transient("db.conflict")

    with pytest.raises(Refused) as refused:
        write()
    assert refused.value.key == "db.conflict" and not isinstance(refused.value, busy.Transient) and len(calls) == 4
    assert "同一时刻" in refused.value.message("zh") and "same moment" in refused.value.message("en")


def test_a_transient_refusal_that_passes_goes_through(monkeypatch):
    monkeypatch.setattr(busy, "DELAYS", (0.001, 0.001))
    calls = []

    @busy.retried
    def write():
        calls.append(1)
        if len(calls) < 3:
            raise busy.Transient("db.busy")
        return "saved"

    assert write() == "saved" and len(calls) == 3


# --- two servers ------------------------------------------------------------------------------------------------
def test_a_roster_save_that_loses_to_another_server_s_says_someone_else_saved_first(pg_url, monkeypatch):
    """Both servers read version 1; the second saves while the first's transaction is open (after its snapshot), so
    PostgreSQL refuses the first's write with a serialisation failure. Tried again, the first save reads the week
    afresh and is refused as within one server: roster.conflict, naming who saved, not a bare db.conflict."""
    first = Database(pg_url)
    seed.demo.build(first)
    second = server(pg_url, "second")
    mine, theirs = roster.week.load_week(first, 1, DEMO_MONDAY), roster.week.load_week(second, 1, DEMO_MONDAY)
    shift = next(int(r.shift_id) for r in mine.shifts.itertuples() if r.starts_at >= dt.datetime(2020, 2, 21))
    real_current, interleaved = roster.saving._current, []

    def current(tx, week):
        if not interleaved:  # inside the first save's transaction: the other server saves and commits now
            interleaved.append(None)
            interleaved[0] = roster.saving.save(second, OTHER, theirs, {shift: theirs.crews[shift][:1]})
        return real_current(tx, week)

    monkeypatch.setattr(roster.saving, "_current", current)
    with pytest.raises(Refused) as refused:
        roster.saving.save(first, PLANNER, mine, {shift: mine.crews[shift][:-1]})
    assert refused.value.key == "roster.conflict" and refused.value.params["who"] == "planner2", refused.value.key
    now = roster.week.load_week(first, 1, DEMO_MONDAY)
    assert interleaved == [2] and (now.version, now.saved_by, now.crews[shift]) == (2, "planner2", theirs.crews[shift][:1])
    saves = first.cursor().execute("SELECT DISTINCT actor, batch FROM audit_log WHERE action = 'save roster'").fetchall()
    assert [actor for actor, _ in saves] == ["planner2"]  # one save, the other server's; the refused one left nothing
    second.close()
    first.close()


def test_a_write_that_loses_outside_a_retried_save_is_a_refusal_in_words(pg_url):
    first, second = Database(pg_url), server(pg_url, "second")
    with first.transaction("admin", "add compound") as tx:
        cid = _compound(tx.cursor)
    with pytest.raises(Refused) as refused, first.transaction("admin", "rename compound") as tx:
        execute(tx.cursor, "SELECT name FROM compound WHERE id = $id", {"id": cid})  # the snapshot is taken
        with second.transaction("admin", "rename compound") as other:
            execute(other.cursor, "UPDATE compound SET name = 'b' WHERE id = $id", {"id": cid})
        execute(tx.cursor, "UPDATE compound SET name = 'c' WHERE id = $id", {"id": cid})
    assert refused.value.key == "db.conflict"
    assert "这次没有保存" in refused.value.message("zh") and "nothing changed" in refused.value.message("en")
    assert first.cursor().execute("SELECT name FROM compound").fetchall() == [("b",)]
    assert first.cursor().execute("SELECT actor FROM audit_log WHERE action = 'rename compound'").fetchall() == [("admin",)]
    second.close()
    first.close()


def test_an_account_added_by_two_servers_at_once_is_added_once_and_refused_once_in_words(pg_url, monkeypatch):
    first, second = Database(pg_url), server(pg_url, "second")
    real, raced = auth._hasher, []

    class Racing:
        """The hasher, which create_user calls inside its transaction: there, the other server adds the account."""

        def hash(self, password):
            if not raced:
                raced.append(None)
                raced[0] = auth.create_user(second, CLI_USER, "wang.wu", "planner", SECRET)
            return real.hash(password)

    monkeypatch.setattr(auth, "_hasher", Racing())
    with pytest.raises(Refused) as refused:
        auth.create_user(first, CLI_USER, "wang.wu", "leader", SECRET)
    assert refused.value.key == "auth.user_exists", refused.value.key
    assert refused.value.message("zh") and refused.value.message("en")
    assert first.cursor().execute("SELECT username, role FROM app_user").fetchall() == [("wang.wu", "planner")]
    second.close()
    first.close()


def test_sign_in_attempts_from_many_servers_at_once_are_all_counted(pg_url):
    """Eight wrong passwords for one account from one address, through eight servers at once, for three addresses:
    each is counted (one atomic upsert of the count, run at READ COMMITTED) and answered as on one server; none is
    refused because of the others' writes to the same count."""
    admin = Database(pg_url)
    auth.create_user(admin, CLI_USER, "planner", "planner", SECRET)
    servers = [server(pg_url, f"s{i}") for i in range(8)]
    sources = ("203.0.113.1", "203.0.113.2", "203.0.113.3")
    for source in sources:
        outcomes: list[str] = []
        barrier = threading.Barrier(len(servers))

        def guess(db, source=source, outcomes=outcomes, barrier=barrier):
            barrier.wait()
            try:
                auth.authenticate(db, "planner", "wrong-password", sleep=lambda s: None, source=source)
            except Refused as exc:
                outcomes.append(exc.key)
            except Exception as exc:  # a traceback on the page
                outcomes.append(repr(exc))

        threads = [threading.Thread(target=guess, args=(db,)) for db in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(outcomes) == len(servers) and set(outcomes) <= {"auth.bad_credentials", "auth.locked"}, outcomes
    counts = dict(admin.cursor().execute("SELECT kind || ' ' || source, failures FROM sign_in_throttle").fetchall())
    assert {s: counts[f"pair {s}"] for s in sources} == dict.fromkeys(sources, len(servers))
    assert counts["name "] == len(servers) * len(sources)
    for db in (*servers, admin):
        db.close()


def test_a_lost_connection_is_a_refusal_and_the_next_write_connects_again(pg_url):
    db = Database(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as other:  # a server restart, a failover: the connection is gone
        other.execute("SELECT pg_terminate_backend(%s)", (db.pg.info.backend_pid,))
    with pytest.raises(Refused) as refused, db.transaction("admin", "add compound") as tx:
        _compound(tx.cursor)
    assert refused.value.key == "db.write_failed" and refused.value.message("zh") and refused.value.message("en")
    with db.transaction("admin", "add compound") as tx:
        _compound(tx.cursor, "乙小区")
    assert db.cursor().execute("SELECT name FROM compound").fetchall() == [("乙小区",)]
    assert db.cursor().execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
    db.close()


def test_reads_go_on_after_the_server_dropped_the_read_connections(pg_url):
    db = Database(pg_url)
    assert db.scalar("db/schema_version")
    assert db.cursor().execute("SELECT count(*) FROM compound").fetchone() == (0,)  # the attach (backup, copy)
    with psycopg.connect(pg_url, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid()")
    assert db.scalar("db/schema_version")  # a reading connection of the pool, new
    assert db.cursor().execute("SELECT count(*) FROM compound").fetchone() == (0,)  # a new attach
    db.close()


# --- statements a write runs on PostgreSQL itself -----------------------------------------------------------------
def test_the_coverage_preview_reads_inside_its_write_on_either_backend(backend_demo):
    """The preview applies the proposed assignments in a write it rolls back and reads coverage/by_building there:
    on PostgreSQL that read is PostgreSQL's own (its pg/ variant), and it must answer as DuckDB's does."""
    from coordpanel import coverage

    rows = backend_demo.records("coverage/assignments", compound_id=1)
    first = min(r["building_id"] for r in rows)
    proposed = [coverage.assignments.Assignment(r["building_id"], r["person_id"], r["role"]) for r in rows
                if r["building_id"] != first]
    shown = coverage.assignments.preview(backend_demo, CLI_USER, 1, proposed)
    by_id = shown.set_index("building_id")
    assert by_id.loc[first, "status"] == "uncovered" and (by_id.loc[first, ["grid", "property", "volunteer"]] == 0).all()
    assert (by_id.drop(index=first)["status"] == "covered").all()
    assert backend_demo.records("coverage/assignments", compound_id=1) == rows  # rolled back: nothing changed


def test_settings_read_the_same_on_both_backends(backend_db):
    from coordpanel.core import settings

    read = settings.read(backend_db)
    assert (read.idle_minutes, read.lock_after, read.lock_minutes, read.volunteer_max_buildings) == (30, 5, 15, 3)
    assert read.rules == settings.read(Database(":memory:")).rules and read.rules and read.as_of is None
    with backend_db.transaction("admin", "settings") as tx:
        execute(tx.cursor, "UPDATE setting SET value = $v WHERE key = 'auth.idle_minutes'", {"v": '{"value": 10}'})
    assert settings.read(backend_db).idle_minutes == 10
