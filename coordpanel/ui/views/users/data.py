"""The users page's data: the accounts list, read with the admin's own rights, and the context the tabs share."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from coordpanel.core import auth
from coordpanel.core.db import Database
from coordpanel.ui.cache import per_version
from coordpanel.ui.session import t


@per_version(maxsize=8)
def _user_list(db: Database, admin: auth.User) -> tuple[tuple[dict, ...], pa.Table]:
    users = auth.list_users(db, admin)
    return tuple(users), pa.Table.from_pylist(users) if users else pa.table({"username": pa.array([], pa.string())})


def user_list(admin: auth.User) -> tuple[list[dict], pa.Table]:
    """(the accounts as records, the same as Arrow for the table)."""
    users, table = _user_list(admin)
    return [dict(u) for u in users], table


@per_version(maxsize=8)
def _gate_choices(db: Database, compound_id: int, username: str | None) -> tuple[tuple[int, str], ...]:
    """(id, name) of the compound's gates, then of any other gate the account already holds."""
    gates = [(g["id"], g["name"]) for g in db.records("roster/gates", compound_id=compound_id)]
    held = [(g["id"], g["name"]) for g in auth.user_gates(db, username)] if username else []
    return tuple(gates + [g for g in held if g not in gates])


def gate_choices(compound_id: int, username: str | None = None) -> dict[int, str]:
    """The gates an admin may give a gate lead, id -> name: the compound's, and those the account holds already."""
    return dict(_gate_choices(compound_id, username))


def role_name(role: str) -> str:
    """A role's name in the language, for the role pickers of the add and edit tabs."""
    return t(f"role.{role}")


@dataclass(frozen=True)
class Context:
    """What render() hands the open tab: the signed-in admin and the accounts, as records and as Arrow."""
    admin: auth.User
    users: list[dict]
    table: pa.Table
