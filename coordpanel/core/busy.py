"""Writes that the database refuses only for a moment, tried again.

On a DuckDB file: a key deleted by a committed save and inserted again while an older read is still open (DuckDB keeps
the deleted key for that read and reports a duplicate key). A planner taking someone off a shift and putting them
back while a leader's page reads the roster hits exactly that. On PostgreSQL: another server's transaction wrote the
same rows first (a serialisation failure, a deadlock) or inserted the same key (core/pgdb.py raises `Transient`).

The write is all-or-nothing, so trying it again is safe: it reads afresh, so a save that lost to another one now sees
it and refuses in its own words (roster.conflict: someone else saved first). If it still cannot, the user is told the
database is busy (or that someone else changed the same data) and that nothing changed."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import duckdb

from coordpanel.core.errors import Refused

P = ParamSpec("P")
T = TypeVar("T")
DELAYS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4)  # about 0.8 s in all


class Transient(Refused):
    """A write PostgreSQL refused because of another transaction, rolled back: "db.conflict" (it wrote the same rows
    first, or a deadlock) or "db.busy" (it inserted the same key). A refusal as it is; `retried` tries again."""


def is_transient(exc: BaseException) -> bool:
    """Whether a failed write may go through when tried again: DuckDB's duplicate key of a key deleted by a save that
    older reads still see, or PostgreSQL's refusal because of another transaction."""
    if isinstance(exc, Transient):
        return True
    return isinstance(exc, duckdb.ConstraintException) and "Duplicate key" in str(exc)


def retried(write: Callable[P, T]) -> Callable[P, T]:
    """The write, tried again after short waits while it fails only for the moment; then Refused("db.busy"), or
    Refused("db.conflict") when PostgreSQL's last refusal was another transaction's write to the same rows."""

    @functools.wraps(write)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        for delay in (*DELAYS, None):
            try:
                return write(*args, **kwargs)
            except (duckdb.ConstraintException, Transient) as exc:
                if not is_transient(exc):
                    raise
                if delay is None:
                    raise Refused(exc.key if isinstance(exc, Transient) else "db.busy") from exc
                time.sleep(delay)
        raise AssertionError("unreachable")

    return run
