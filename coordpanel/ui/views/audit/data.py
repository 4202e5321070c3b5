"""The audit log's data, read with the signed-in user's rights (phones masked unless they may see them)."""

from __future__ import annotations

import pyarrow as pa

from coordpanel.core import audit
from coordpanel.core.auth import User
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version


@per_version(maxsize=16)
def audit_entries(db: Database, user: User, actor=None, table=None, start=None, end=None) -> tuple[int, pa.Table]:
    """(how many, the entries) newest first."""
    entries = audit.search(db, user, actor=actor, table=table, start=start, end=end).drop(columns=["id"])
    return len(entries), pa.Table.from_pandas(entries, preserve_index=False)


@per_version(maxsize=8)
def audit_facets(db: Database, user: User) -> dict:
    return audit.facets(db, user)
