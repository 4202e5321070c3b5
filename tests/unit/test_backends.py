"""PostgreSQL as a backend: migrations recorded there, the demo built and read back as on DuckDB, writes in one
audited transaction, two servers saving one week give one save and one refusal, another application's database
refused. Every named query's PostgreSQL form is checked too."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading

import pandas as pd
import psycopg
import pytest
from helpers import DEMO_MONDAY

from coordpanel import overview, roster, seed
from coordpanel.core import pg
from coordpanel.core.auth import User
from coordpanel.core.db import Database, DatabaseError
from coordpanel.core.errors import Refused
from coordpanel.core.queries import QUERIES, load_pg_query, load_query, migrations, pyformat

PLANNER, OTHER = User(2, "planner", "planner"), User(5, "planner2", "planner")


def test_pyformat_turns_named_parameters_into_psycopg_s_and_doubles_a_percent():
    assert pyformat("SELECT * FROM t WHERE a = $a AND b LIKE '%x' AND c = $c_2") == (
        "SELECT * FROM t WHERE a = %(a)s AND b LIKE '%%x' AND c = %(c_2)s")


def test_no_query_holds_a_dollar_inside_a_string_literal():
    # pyformat changes every $name: one inside a literal would change the text the query matches (the migrations
    # run as they are, without parameters)
    for path in QUERIES.rglob("*.sql"):
        if "schema" in path.relative_to(QUERIES).parts:
            continue
        code = "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())
        for literal in code.split("'")[1::2]:
            assert not re.search(r"\$[A-Za-z_]", literal), path


def test_every_postgresql_variant_sits_beside_its_query_and_says_what_it_is():
    variants = [p for p in QUERIES.rglob("*.sql") if p.parent.name == "pg"]
    assert variants
    for path in variants:
        assert (path.parent.parent / path.name).is_file(), f"{path} has no query beside it"
        assert path.read_text(encoding="utf-8").startswith("-- "), path


def test_the_postgresql_migrations_are_the_same_migrations():
    assert [(v, n) for v, n, _ in migrations("postgres")] == [(v, n) for v, n, _ in migrations()]
    assert load_pg_query("db/schema_version") == pyformat(load_query("db/schema_version"))


def test_a_url_is_postgresql_and_its_password_never_shows():
    assert pg.is_url("postgresql://u:secret@h:5432/d") and pg.is_url("postgres://h/d") and not pg.is_url("data/x.duckdb")
    assert pg.redacted("postgresql://u:secret@h:5432/d") == "postgresql://u:***@h:5432/d"


def test_migrations_are_applied_and_recorded_in_postgresql(pg_url):
    db = Database(pg_url)
    assert db.backend == "postgres" and db.schema_version() == migrations()[-1][0]
    assert [tuple(r) for r in db.rows("db/migrations")] == [(v, n) for v, n, _ in migrations()]
    db.close()
    again = Database(pg_url)  # nothing left to apply
    assert again.migrate() == [] and again.schema_version() == migrations()[-1][0]
    again.close()


def test_another_application_s_postgresql_database_is_refused_untouched(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DatabaseError) as refused:
        Database(pg_url)
    assert refused.value.key == "db.foreign" and "invoices" in refused.value.params["tables"]
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()[0] == 1


def test_a_server_that_does_not_answer_is_a_message_naming_it_without_the_password():
    with pytest.raises(DatabaseError) as refused:
        Database("postgresql://someone:secret@127.0.0.1:1/nothing")
    assert refused.value.key == "db.open_failed" and "secret" not in str(refused.value)
    assert "someone:***@127.0.0.1:1" in str(refused.value)


def test_the_demo_on_postgresql_reads_back_as_on_duckdb(backend_demo, demo_db):
    assert backend_demo.rows("admin/table_counts") == demo_db.rows("admin/table_counts")
    mine, theirs = overview.figures.load(backend_demo, 1), overview.figures.load(demo_db, 1)
    for field in dataclasses.fields(mine):
        a, b = getattr(mine, field.name), getattr(theirs, field.name)
        if isinstance(a, pd.DataFrame):  # a sum: bigint from PostgreSQL, DuckDB's HUGEINT as float: equal values
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=field.name)
            assert [t.kind for t in a.dtypes] == [t.kind for t in b.dtypes] or field.name == "cases", field.name
        else:
            assert str(a) == str(b) or a == b, field.name
    week, expected = roster.week.load_week(backend_demo, 1, DEMO_MONDAY), roster.week.load_week(demo_db, 1, DEMO_MONDAY)
    assert week.crews == expected.crews and week.version == expected.version
    assert roster.week.check_week(backend_demo, 1, DEMO_MONDAY) == roster.week.check_week(demo_db, 1, DEMO_MONDAY)


def test_a_roster_save_on_postgresql_is_one_audited_transaction_and_undoable(backend_demo):
    week = roster.week.load_week(backend_demo, 1, DEMO_MONDAY)
    shift = next(int(r.shift_id) for r in week.shifts.itertuples() if r.starts_at >= dt.datetime(2020, 2, 21))
    crews = {s: list(c) for s, c in week.crews.items()}
    crews[shift] = crews[shift][:-1]
    audit = backend_demo.scalar("audit/count") if _has("audit/count") else None
    assert roster.saving.save(backend_demo, PLANNER, week, crews) == 2
    after = roster.week.load_week(backend_demo, 1, DEMO_MONDAY)
    assert after.version == 2 and after.crews[shift] == crews[shift] and after.saved_by == "planner"
    assert roster.week.history(backend_demo, shift)
    if audit is not None:
        assert backend_demo.scalar("audit/count") > audit
    assert roster.saving.undo_last(backend_demo, PLANNER, 1, DEMO_MONDAY) == 3
    assert roster.week.load_week(backend_demo, 1, DEMO_MONDAY).crews == week.crews


def test_two_servers_saving_the_same_week_give_one_save_and_one_refusal(pg_url):
    first = Database(pg_url)
    seed.demo.build(first)
    second = Database(pg_url + "?application_name=second")  # another app server: its own connections and lock
    a, b = roster.week.load_week(first, 1, DEMO_MONDAY), roster.week.load_week(second, 1, DEMO_MONDAY)
    shift = next(int(r.shift_id) for r in a.shifts.itertuples() if r.starts_at >= dt.datetime(2020, 2, 21))
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def save(db, user, week, cut):
        crews = {s: list(c) for s, c in week.crews.items()}
        crews[shift] = crews[shift][:cut]
        barrier.wait()
        try:
            outcomes.append(roster.saving.save(db, user, week, crews))
        except Refused as exc:
            outcomes.append(exc.key)

    threads = [threading.Thread(target=save, args=(first, PLANNER, a, -1)),
               threading.Thread(target=save, args=(second, OTHER, b, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count(2) == 1, outcomes
    assert set(outcomes) - {2} <= {"roster.conflict", "db.conflict"}, outcomes
    assert roster.week.load_week(first, 1, DEMO_MONDAY).version == 2
    first.close()
    second.close()


def _has(name: str) -> bool:
    try:
        load_query(name)
    except KeyError:
        return False
    return True


def test_the_scheduler_plans_and_saves_next_week_on_either_backend(backend_demo):
    from coordpanel.roster.scheduler import plan as scheduler_plan

    nxt = DEMO_MONDAY + dt.timedelta(days=7)
    plan = scheduler_plan.plan_week(backend_demo, 1, nxt, from_templates=True)
    assert plan.staffed() == ((0, 126), (126, 126)) and plan.unfilled == [] and plan.solution.complete
    assert scheduler_plan.save(backend_demo, PLANNER, plan) == 1  # new shifts and crews in one transaction
    saved = roster.week.load_week(backend_demo, 1, nxt)
    assert len(saved.shifts) == 56 and sum(len(c) for c in saved.crews.values()) == 126
    assert not roster.rules.hard(roster.week.check_week(backend_demo, 1, nxt))
    assert roster.saving.undo_last(backend_demo, PLANNER, 1, nxt) == 2
    assert not any(roster.week.load_week(backend_demo, 1, nxt).crews.values())
