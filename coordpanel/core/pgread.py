"""Reads on PostgreSQL run by PostgreSQL itself: a small pool of autocommit psycopg connections, and result frames
shaped as DuckDB shapes them (the pages were written against DuckDB's frames).

DuckDB's postgres scanner pushes a table's own filters to the server but not the filters a join implies, so a
per-compound read through the attach fetched whole tables (13 ms for a roster week at 200 compounds, 0.5 ms when
PostgreSQL runs the same statement): a page's cost grew with the district. PostgreSQL plans the join with its indexes."""


from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

# PostgreSQL type OIDs (pg_type) and the pandas dtype DuckDB gives the same SQL type in a frame; the second name is
# the dtype DuckDB gives when the column holds a NULL (a nullable integer or boolean).
_INTEGERS = {21: ("int32", "Int32"), 23: ("int32", "Int32"), 20: ("int64", "Int64"), 26: ("int64", "Int64")}
_FLOATS = {700, 701, 1700}  # float4, float8, numeric (DuckDB gives DECIMAL as float64)
_TEXT = {25, 1043, 1042, 19}  # text, varchar, bpchar, name
_DATETIMES = {1082, 1114}  # date, timestamp (DuckDB gives both as datetime64[us])
_INTERVAL = 1186
_BOOL = 16


class Readers:
    """Autocommit psycopg connections for reads: each statement sees the newest committed data. A reading thread takes
    an idle connection or opens one, and gives it back; at most `keep` idle ones are kept. A connection the server
    dropped (a restart, a failover) is closed and the statement runs once more on a new one."""

    def __init__(self, url: str, keep: int = 8) -> None:
        self.url, self.keep = url, keep
        self._idle: list[Any] = []
        self._guard = threading.Lock()
        self.closed = False

    def _open(self):
        import psycopg

        from coordpanel.core import pg

        # a plan for the values given each time: a generic plan (what PostgreSQL may switch to after five runs of a
        # prepared statement) cannot see that a compound is one of hundreds, and scanned the district (0.4 -> 80 ms)
        conn = psycopg.connect(self.url, autocommit=True, options="-c plan_cache_mode=force_custom_plan")
        conn.adapters.register_loader("time", pg._time_loader())
        return conn

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self._guard:
            conn = self._idle.pop() if self._idle else None
        if conn is None or conn.closed or conn.broken:
            conn = self._open()
        try:
            yield conn
        finally:
            with self._guard:
                if self.closed or conn.closed or conn.broken or len(self._idle) >= self.keep:
                    conn.close()
                else:
                    self._idle.append(conn)

    def execute(self, sql: str, params: dict[str, Any]) -> tuple[list[Any], list[tuple]]:
        """(description, rows) of one statement. A statement that fails on a dropped connection runs once more on a
        new one, after the idle connections (dropped with it, most likely) are let go."""
        import psycopg

        try:
            return self._execute(sql, params)
        except psycopg.OperationalError:
            self._forget_idle()
            return self._execute(sql, params)

    def _execute(self, sql: str, params: dict[str, Any]) -> tuple[list[Any], list[tuple]]:
        with self.connection() as conn:
            cur = conn.execute(sql, params)
            return list(cur.description or []), cur.fetchall() if cur.description else []

    def _forget_idle(self) -> None:
        with self._guard:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def close(self) -> None:
        self.closed = True
        self._forget_idle()


def frame(description: list[Any], rows: list[tuple]) -> pd.DataFrame:
    """The rows as a DataFrame with the dtypes DuckDB's .df() gives the same SQL types."""
    names = [d.name for d in description]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    data = {}
    for position, (column, values) in enumerate(zip(description, columns, strict=True)):
        data[position] = _series(column.type_code, list(values))
    out = pd.DataFrame(data) if data else pd.DataFrame(index=range(len(rows)))
    out.columns = names
    return out


def _series(oid: int, values: list[Any]) -> pd.Series:
    has_null = any(v is None for v in values)
    if oid in _INTEGERS:
        return pd.Series(values, dtype=_INTEGERS[oid][1 if has_null else 0])
    if oid in _FLOATS:
        return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
    if oid in _TEXT:
        # DuckDB gives object, not str, to a text column without a value (no rows, or only NULLs)
        return pd.Series(values, dtype="str" if any(v is not None for v in values) else object)
    if oid in _DATETIMES:
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[us]") if values \
            else pd.Series([], dtype="datetime64[us]")
    if oid == _INTERVAL:
        return pd.Series(pd.to_timedelta(pd.Series(values, dtype=object)), dtype="timedelta64[us]") if values \
            else pd.Series([], dtype="timedelta64[us]")
    if oid == _BOOL:
        return pd.Series(values, dtype="boolean" if has_null else "bool")
    return pd.Series(values, dtype=object)  # time, json, arrays (lists where DuckDB gives numpy arrays)


def records(description: list[Any], rows: list[tuple]) -> list[dict[str, Any]]:
    names = [d.name for d in description]
    return [dict(zip(names, row, strict=True)) for row in rows]
