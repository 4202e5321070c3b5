"""The accounts list, read with the admin's own rights."""

from __future__ import annotations

import pyarrow as pa

from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version


@per_version(maxsize=8)
def _user_list(db: Database, admin: auth.User) -> tuple[tuple[dict, ...], pa.Table]:
    users = auth.list_users(db, admin)
    return tuple(users), pa.Table.from_pylist(users) if users else pa.table({"username": pa.array([], pa.string())})


def user_list(admin: auth.User) -> tuple[list[dict], pa.Table]:
    """(the accounts as records, the same as Arrow for the table)."""
    users, table = _user_list(admin)
    return [dict(u) for u in users], table
