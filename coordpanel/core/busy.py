"""Writes that DuckDB refuses only for a moment, tried again: a key deleted by a committed save and inserted again
while an older read is still open (DuckDB keeps the deleted key for that read and reports a duplicate key).

A planner taking someone off a shift and putting them back while a leader's page reads the roster hits exactly
that. The write is all-or-nothing, so trying it again is safe; once the older reads have finished (milliseconds) it
goes through. If it still cannot, the user is told the database is busy and that nothing changed."""

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


def is_transient(exc: BaseException) -> bool:
    """Whether a failed write is DuckDB's duplicate key of a key deleted by a save that older reads still see."""
    return isinstance(exc, duckdb.ConstraintException) and "Duplicate key" in str(exc)


def retried(write: Callable[P, T]) -> Callable[P, T]:
    """The write, tried again after short waits while it fails only for the moment; then Refused("db.busy")."""

    @functools.wraps(write)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        for delay in (*DELAYS, None):
            try:
                return write(*args, **kwargs)
            except duckdb.ConstraintException as exc:
                if not is_transient(exc):
                    raise
                if delay is None:
                    raise Refused("db.busy") from exc
                time.sleep(delay)
        raise AssertionError("unreachable")

    return run
