"""The gates given to a gate lead (门岗组长): checked before an account is saved, saved with it, read back by name.

auth.py keeps accounts and rights and calls these; only the gate lead role has gates (other roles' are cleared)."""

from __future__ import annotations

from collections.abc import Iterable

from coordpanel.core.db import Database, Transaction
from coordpanel.core.errors import Refused

ROLE = "gatelead"
DEMO_GATE = "南门"  # the demo's gate lead stands at the south gate; the demo names it 南门（主卡口）


def checked_gates(db: Database, role: str, gates: Iterable[int] | None) -> tuple[int, ...]:
    """The gate ids an account of `role` is to hold: for a gate lead at least one, each an existing gate (Refused
    otherwise); for any other role none, whatever was picked (a role change away from gate lead drops them)."""
    if role != ROLE:
        return ()
    wanted: list[int] = []
    for gate in gates or ():
        try:
            gate_id = int(gate)
        except (TypeError, ValueError):
            raise Refused("gl.unknown_gate", gate=str(gate)) from None
        if db.one("users/gate", id=gate_id) is None:
            raise Refused("gl.unknown_gate", gate=str(gate_id))
        if gate_id not in wanted:
            wanted.append(gate_id)
    if not wanted:
        raise Refused("gl.no_gates")
    return tuple(sorted(wanted))


def save_gates(tx: Transaction, user_id: int, gates: tuple[int, ...]) -> None:
    """In the open transaction: the user holds exactly these gates."""
    tx.run("users/clear_gates", user_id=user_id)
    for gate_id in gates:
        tx.run("users/add_gate", user_id=user_id, gate_id=gate_id)


def gates_of(db: Database, username: str) -> list[dict]:
    """The gates given to the user (id, compound_id, name, name_en), in each compound's gate order; none for a user
    who is no gate lead."""
    return db.records("users/gates", username=username)


def demo_gate(db: Database) -> int | None:
    """The demo gate lead's gate: the first gate whose name starts with 南门, None when the database has none."""
    found = db.rows("users/gates_named", prefix=DEMO_GATE)
    return found[0][0] if found else None
