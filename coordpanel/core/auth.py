"""Users, roles and sign-in: argon2id hashes, slow-down and lock after failures, rights checked on every write."""


from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coordpanel.core import settings
from coordpanel.core.clock import now_local
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.core.vocab import USER_ROLES as ROLES

# What each role may do. Pages are shown by these rights, and every write function checks them again.
RIGHTS: dict[str, frozenset[str]] = {
    "leader": frozenset({"read", "see_audit"}),
    "planner": frozenset({"read", "see_phones", "edit_roster", "edit_assignments", "edit_status"}),
    "admin": frozenset({"read", "see_phones", "see_audit", "edit_roster", "edit_assignments", "edit_status",
                        "edit_people", "manage_users", "edit_settings"}),
}
USERNAME = re.compile(r"[A-Za-z0-9_.@-]{2,80}")
MIN_PASSWORD = 8
DEMO_ACCOUNTS = ROLES  # one demo account per role, named after it

_hasher = PasswordHasher()  # argon2id with the library's recommended cost
# verified against when the user name is unknown, so that a wrong name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class User:
    id: int | None
    username: str
    role: str

    def can(self, right: str) -> bool:
        return right in RIGHTS.get(self.role, frozenset())


# the admin CLI acts with full rights: whoever runs it can already write the database file
CLI_USER = User(None, "cli", "admin")


def require(user: User | None, right: str) -> User:
    if user is None or not user.can(right):
        raise PermissionDenied("auth.denied", role=user.role if user else "-", right=right)
    return user


def mask_phone(phone: str | None) -> str:
    """139****1234: enough to recognise a number, not to call it."""
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def shown_phone(user: User, phone: str | None) -> str:
    return (phone or "") if user.can("see_phones") else mask_phone(phone)


def idle_limit(db: Database) -> dt.timedelta:
    return dt.timedelta(minutes=settings.read(db).idle_minutes)


def _check_new(username: str, role: str, password: str) -> None:
    if not USERNAME.fullmatch(username or ""):
        raise Refused("auth.bad_username", username=username)
    if role not in ROLES:
        raise Refused("auth.bad_role", role=role)
    if len(password or "") < MIN_PASSWORD:
        raise Refused("auth.short_password", minimum=MIN_PASSWORD)


def create_user(db: Database, actor: User, username: str, role: str, password: str) -> int:
    require(actor, "manage_users")
    _check_new(username, role, password)
    if db.one("users/by_name", username=username):
        raise Refused("auth.user_exists", username=username)
    with db.transaction(actor.username, "add user") as tx:
        (user_id,) = tx.run("users/insert", username=username, role=role, password_hash=_hasher.hash(password), at=tx.at)[0]
        tx.record("app_user", user_id, None, {"username": username, "role": role, "active": True})
    return user_id


def set_password(db: Database, actor: User, username: str, password: str) -> None:
    """Admins set anyone's password; every user may change their own."""
    if actor.username != username:
        require(actor, "manage_users")
    if len(password or "") < MIN_PASSWORD:
        raise Refused("auth.short_password", minimum=MIN_PASSWORD)
    row = db.one("users/by_name", username=username)
    if not row:
        raise Refused("auth.unknown_user", username=username)
    with db.transaction(actor.username, "set password") as tx:
        tx.run("users/set_password", username=username, password_hash=_hasher.hash(password))
        tx.record("app_user", row[0], None, {"password": "changed"})


def update_user(db: Database, actor: User, username: str, role: str, active: bool) -> None:
    require(actor, "manage_users")
    if role not in ROLES:
        raise Refused("auth.bad_role", role=role)
    row = db.one("users/by_name", username=username)
    if not row:
        raise Refused("auth.unknown_user", username=username)
    if username == actor.username and (role != "admin" or not active):
        raise Refused("auth.not_yourself")
    with db.transaction(actor.username, "update user") as tx:
        tx.run("users/update", username=username, role=role, active=active)
        tx.record("app_user", row[0], {"role": row[2], "active": row[4]}, {"role": role, "active": active})


def list_users(db: Database, actor: User) -> list[dict]:
    require(actor, "manage_users")
    return db.records("users/list")


def failure_delay(failures: int) -> float:
    """Seconds to wait after the n-th failure in a row: none for a first typo, then doubling up to 8 s."""
    return 0.0 if failures <= 1 else min(2.0 ** (failures - 2), 8.0)


def authenticate(
    db: Database,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> User:
    """The signed-in user, or Refused with a message that does not tell which of name or password was wrong."""
    now = now or now_local()
    row = db.one("users/by_name", username=username or "")
    if row is None:
        _verify(_DUMMY_HASH, password)
        raise Refused("auth.bad_credentials")
    user_id, name, role, password_hash, active, failures, locked_until = row
    if locked_until is not None and locked_until > now:
        raise Refused("auth.locked", until=f"{locked_until:%H:%M}")
    if not active:
        _verify(_DUMMY_HASH, password)
        raise Refused("auth.bad_credentials")
    if not _verify(password_hash, password):
        failures += 1
        limits = settings.read(db)
        lock = now + dt.timedelta(minutes=limits.lock_minutes) if failures >= limits.lock_after else None
        with db.transaction(name, "sign-in failed") as tx:
            tx.run("users/record_failure", id=user_id, failed_attempts=0 if lock else failures, locked_until=lock)
            tx.record("app_user", user_id, None, {"failed_attempts": failures, "locked_until": lock})
        sleep(failure_delay(failures))
        if lock:
            raise Refused("auth.locked", until=f"{lock:%H:%M}")
        raise Refused("auth.bad_credentials")
    with db.transaction(name, "sign-in") as tx:
        tx.run("users/record_success", id=user_id)
        tx.record("app_user", user_id, None, None)
    return User(user_id, name, role)


def user_for_identity(db: Database, login: str) -> User:
    """The app user behind an OIDC identity (matched on user name = e-mail), if an admin has added it."""
    row = db.one("users/by_name", username=login or "")
    if row is None or not row[4]:
        raise Refused("auth.oidc_unknown", login=login)
    return User(row[0], row[1], row[2])


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def create_demo_accounts(db: Database, actor: User, password: str | None) -> str:
    """leader, planner and admin with one password: the given one, or a generated one that is returned."""
    password = password or secrets.token_urlsafe(9)
    for name in DEMO_ACCOUNTS:
        create_user(db, actor, name, name, password)
    return password
