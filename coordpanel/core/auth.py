"""Users, roles and sign-in: argon2id hashes, failures counted per account and per source, rights on fresh records."""


from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coordpanel.core import gatelead, settings
from coordpanel.core.busy import retried
from coordpanel.core.clock import now_local
from coordpanel.core.db import Database
from coordpanel.core.errors import PermissionDenied, Refused
from coordpanel.core.vocab import USER_ROLES as ROLES

# What each role may do. Pages are shown by these rights, and every write function checks them again. "read": the
# compound's data; the gate lead has only 今日到岗 at their gates (record_attendance) and 我的账号 (own_account).
RIGHTS: dict[str, frozenset[str]] = {
    "leader": frozenset({"read", "see_audit", "own_account"}),
    "planner": frozenset({"read", "see_phones", "edit_roster", "edit_assignments", "edit_status", "own_account",
                          "record_attendance"}),
    "admin": frozenset({"read", "see_phones", "see_audit", "edit_roster", "edit_assignments", "edit_status",
                        "edit_people", "manage_users", "edit_settings", "own_account", "record_attendance"}),
    "gatelead": frozenset({"record_attendance", "own_account"}),
}
USERNAME = re.compile(r"[A-Za-z0-9_.@-]{2,80}")
MIN_PASSWORD = 8
DEMO_ACCOUNTS = ROLES  # one demo account per role, named after it (the gate lead's only where the demo's 南门 is)
# The lock that counts is the one on (source, account): a guesser locks out only themselves, not the account's owner
# at another address. The account's own count, over every source, locks only after ACCOUNT_SPREAD times as many
# failures (a guesser with many addresses). One source's count over every name only slows its failures down, never
# locks: behind a proxy every client may share one address, and a lock there would lock everyone out.
ACCOUNT_SPREAD = 10
SOURCE_SPREAD = 4
NEVER = 2**31 - 1  # a count that never locks
MAX_SOURCE = 100  # characters of a client address kept

_hasher = PasswordHasher()  # argon2id with the library's recommended cost
# verified against when the user name is unknown or stopped, so that a wrong name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
# keys the throttle's record of a name that is no account, so that typed text (a password typed as a name) is not kept
_NAME_KEY = secrets.token_bytes(32)


@dataclass(frozen=True)
class User:
    id: int | None
    username: str
    role: str
    # the account's credential version when signed in; None for a user made in code (the CLI's, a test's), which
    # nothing re-reads. A password change moves the version on, and `fresh` then refuses the old session.
    version: int | None = None

    def can(self, right: str) -> bool:
        return right in RIGHTS.get(self.role, frozenset())


# the admin CLI acts with full rights: whoever runs it can already write the database file
CLI_USER = User(None, "cli", "admin")


def fresh(db: Database, user: User) -> User:
    """The signed-in user as the account stands now (its role of now); PermissionDenied once the account is stopped,
    gone, or its password changed since the sign-in. A user made in code (no version) is returned as it is."""
    if user.version is None:
        return user
    row = db.one("users/by_id", id=user.id)
    if row is None or row[1] != user.username or not row[3] or row[4] != user.version:
        raise PermissionDenied("auth.session_ended")
    return User(row[0], row[1], row[2], row[4])


def require(user: User | None, right: str, db: Database | None = None) -> User:
    """The user, if they have the right; with `db`, the right is checked on the account as it stands now."""
    if user is not None and db is not None:
        user = fresh(db, user)
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


def _check_password(password: str | None) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise Refused("auth.short_password", minimum=MIN_PASSWORD)


def _account(db: Database, username: str) -> tuple:
    row = db.one("users/by_name", username=username)
    if not row:
        raise Refused("auth.unknown_user", username=username)
    return row


@retried  # two servers adding one name at once: the one that lost sees the account on its retry
def create_user(db: Database, actor: User, username: str, role: str, password: str,
                gates: Iterable[int] | None = None) -> int:
    """A new account; a gate lead's with the gates given to them (at least one), other roles' without gates."""
    actor = require(actor, "manage_users", db)
    if not USERNAME.fullmatch(username or ""):
        raise Refused("auth.bad_username", username=username)
    if role not in ROLES:
        raise Refused("auth.bad_role", role=role)
    given = gatelead.checked_gates(db, role, gates)
    _check_password(password)
    if db.one("users/by_name", username=username):
        raise Refused("auth.user_exists", username=username)
    with db.transaction(actor.username, "add user") as tx:
        (user_id,) = tx.run("users/insert", username=username, role=role, password_hash=_hasher.hash(password), at=tx.at)[0]
        gatelead.save_gates(tx, user_id, given)
        tx.record("app_user", user_id, None, {"username": username, "role": role, "active": True}
                  | ({"gates": list(given)} if given else {}))
    return user_id


def user_gates(db: Database, username: str) -> list[dict]:
    """The gates given to a user (a gate lead's: id, compound_id, name, name_en); none for the other roles."""
    return gatelead.gates_of(db, username)


def _forget_failures(tx, db: Database, username: str, source: str, everywhere: bool, now: dt.datetime) -> None:
    """In the open transaction: forget the name's failure counts (this source's, or every source's) and every count
    that has run out by `now`."""
    window_start = now - dt.timedelta(minutes=settings.read(db).lock_minutes)
    tx.run("users/record_success", username=username, source=source, everywhere=everywhere, now=now,
           window_start=window_start)


def _succeeded(tx, db: Database, username: str, source: str, now: dt.datetime) -> None:
    """In the open transaction, after the right password: forget the name's failures from this source and take the
    attempt back out of the source's count (it was counted before the password was checked)."""
    _forget_failures(tx, db, username, source, everywhere=False, now=now)
    window_start = now - dt.timedelta(minutes=settings.read(db).lock_minutes)
    tx.run("users/record_failure", kind="source", name_key="", source=source, add=-1, lock_from=NEVER, lock_until=None,
           now=now, window_start=window_start)


def _new_password(tx, db: Database, username: str, password: str) -> int:
    """Store a new password hash in the open transaction, forget the name's failures; the new credential version."""
    (version,) = tx.run("users/set_password", username=username, password_hash=_hasher.hash(password))[0]
    _forget_failures(tx, db, username, "", everywhere=True, now=tx.at)
    return version


def set_password(db: Database, actor: User, username: str, password: str) -> None:
    """An admin (or the CLI) sets someone's password and clears their locks; every session of theirs ends.
    One's own password is changed with the current one: `change_own_password`."""
    actor = require(actor, "manage_users", db)
    if actor.id is not None and actor.username == username:
        raise Refused("auth.own_password")
    _check_password(password)
    row = _account(db, username)
    with db.transaction(actor.username, "set password") as tx:
        _new_password(tx, db, username, password)
        tx.record("app_user", row[0], None, {"password": "changed"})


def change_own_password(db: Database, user: User, current: str, password: str, now: dt.datetime | None = None,
                        sleep: Callable[[float], None] = time.sleep, source: str | None = None) -> User:
    """The signed-in user changes their password, proving the current one (a wrong one counts as a failed sign-in).
    Returns the user with the new credential version: their other sessions end, this one goes on."""
    user = fresh(db, user)
    if user.id is None:
        raise Refused("auth.unknown_user", username=user.username)
    _check_password(password)
    now, src = now or now_local(), _source(source)
    try:
        row = _attempt(db, user.username, current, now, sleep, src)
    except Refused as exc:
        raise Refused("auth.wrong_password") if exc.key == "auth.bad_credentials" else exc from None
    with db.transaction(user.username, "change own password") as tx:
        _succeeded(tx, db, user.username, src, now)
        version = _new_password(tx, db, user.username, password)
        tx.record("app_user", row[0], None, {"password": "changed"})
    return User(row[0], row[1], row[2], version)


def update_user(db: Database, actor: User, username: str, role: str, active: bool, password: str | None = None,
                gates: Iterable[int] | None = None) -> None:
    """Role, whether the account may sign in, a gate lead's gates (None: as they are) and (when given) a new password:
    all checked first, then saved together."""
    actor = require(actor, "manage_users", db)
    if role not in ROLES:
        raise Refused("auth.bad_role", role=role)
    if password:
        _check_password(password)
    row = _account(db, username)
    held = [g["id"] for g in gatelead.gates_of(db, username)]
    given = gatelead.checked_gates(db, role, held if gates is None else gates)
    if username == actor.username and (role != "admin" or not active):
        raise Refused("auth.not_yourself")
    if actor.id is not None and username == actor.username and password:
        raise Refused("auth.own_password")
    before, after = {"role": row[2], "active": row[4]}, {"role": role, "active": active}
    if held or given:
        before["gates"], after["gates"] = sorted(held), list(given)
    with db.transaction(actor.username, "update user") as tx:
        tx.run("users/update", username=username, role=role, active=active)
        gatelead.save_gates(tx, row[0], given)
        if password:
            _new_password(tx, db, username, password)
            after["password"] = "changed"
        tx.record("app_user", row[0], before, after)


def unlock(db: Database, actor: User, username: str) -> None:
    """Clear every failure count and lock on an account, from every source."""
    actor = require(actor, "manage_users", db)
    row = _account(db, username)
    with db.transaction(actor.username, "unlock user") as tx:
        _forget_failures(tx, db, username, "", everywhere=True, now=tx.at)
        tx.record("app_user", row[0], None, {"unlocked": True})


def list_users(db: Database, actor: User, now: dt.datetime | None = None) -> list[dict]:
    """Every account with its failures since the last success and a lock in force (None when there is none)."""
    actor = require(actor, "manage_users", db)
    now = now or now_local()
    window = now - dt.timedelta(minutes=settings.read(db).lock_minutes)
    users = db.records("users/list")
    for user in users:
        last_failure = user.pop("last_failure")
        if user["locked_until"] is not None and user["locked_until"] <= now:
            user["locked_until"] = None
        if user["locked_until"] is None and (last_failure is None or last_failure <= window):
            user["failed_attempts"] = 0
    return users


def failure_delay(failures: int) -> float:
    """Seconds to wait after the n-th failure in a row: none for a first typo, then doubling up to 8 s."""
    return 0.0 if failures <= 1 else min(2.0 ** (failures - 2), 8.0)


def _buckets(name_key: str, source: str, lock_after: int) -> list[tuple[str, str, str, int]]:
    """(kind, name key, source, failures that lock) of each count an attempt goes into: the name from this source,
    the name from every source, this source over every name. Clients whose address is unknown share the source ''."""
    return [("pair", name_key, source, lock_after), ("name", name_key, "", lock_after * ACCOUNT_SPREAD),
            ("source", "", source, NEVER)]


def _delay(buckets: list[tuple[str, str, str, int]], counted: list[tuple]) -> float:
    """The wait after a failure: by the name's count, or by the source's over every name, which doubles only every
    SOURCE_SPREAD failures (colleagues behind one address each mistype now and then)."""
    return max(failure_delay(n // SOURCE_SPREAD if kind == "source" else n)
               for (kind, *_), (n, _) in zip(buckets, counted, strict=True))


def _source(source: str | None) -> str:
    """A client's address as counted: '' when unknown, so that all unknown clients share one count."""
    return (source or "").strip()[:MAX_SOURCE]


def _attempt(db: Database, username: str, password: str, now: dt.datetime, sleep: Callable[[float], None],
             source: str) -> tuple:
    """Count the attempt, then check the password: the account's row when right, else Refused. A name that is no
    account (or a stopped one) goes the same way as a wrong password: the same statements, one argon2 verification,
    the same counts, waits, locks and message, so neither time nor words tell whether the name exists."""
    limits = settings.read(db)
    row = db.one("users/by_name", username=username or "")
    unknown = "?" + hashlib.blake2b((username or "").encode(), key=_NAME_KEY, digest_size=16).hexdigest()
    name_key, actor = (row[1], row[1]) if row else (unknown, "-")
    buckets = _buckets(name_key, source, limits.lock_after)
    window_start = now - dt.timedelta(minutes=limits.lock_minutes)
    lock = now + dt.timedelta(minutes=limits.lock_minutes)
    with db.transaction(actor, "sign-in attempt") as tx:
        counted = [tx.run("users/record_failure", kind=kind, name_key=key, source=src, add=1, lock_from=min(limit + 1, NEVER),
                          lock_until=lock, now=now, window_start=window_start)[0] for kind, key, src, limit in buckets]
        tx.record("sign_in_throttle", None, None, {"failures": max(n for n, _ in counted)})
    locks = [until for _, until in counted if until is not None and until > now]
    if locks:
        raise Refused("auth.locked", until=f"{max(locks):%H:%M}")
    if row is not None and row[4] and _verify(row[3], password):
        return row
    if row is None or not row[4]:
        _verify(_DUMMY_HASH, password)
    reached = [bucket for bucket, (n, _) in zip(buckets, counted, strict=True) if n >= bucket[3]]
    if reached:
        with db.transaction(actor, "sign-in locked") as tx:
            for kind, key, src, limit in reached:
                tx.run("users/record_failure", kind=kind, name_key=key, source=src, add=0, lock_from=limit,
                       lock_until=lock, now=now, window_start=window_start)
            tx.record("sign_in_throttle", None, None, {"locked_until": lock})
    sleep(_delay(buckets, counted))
    if reached:
        raise Refused("auth.locked", until=f"{lock:%H:%M}")
    raise Refused("auth.bad_credentials")


def authenticate(db: Database, username: str, password: str, now: dt.datetime | None = None,
                 sleep: Callable[[float], None] = time.sleep, source: str | None = None) -> User:
    """The signed-in user, or Refused with a message that does not tell which of name or password was wrong.
    `source` is the client's address when known: failures then lock that source out of the account, not everyone."""
    now = now or now_local()
    src = _source(source)
    user_id, name, role, _, _, version = _attempt(db, username, password, now, sleep, src)
    with db.transaction(name, "sign-in") as tx:
        _succeeded(tx, db, name, src, now)
        tx.record("app_user", user_id, None, None)
    return User(user_id, name, role, version)


def user_for_identity(db: Database, login: str) -> User:
    """The app user behind an OIDC identity (matched on user name = e-mail), if an admin has added it and not stopped it."""
    row = db.one("users/by_name", username=login or "")
    if row is None or not row[4]:
        raise Refused("auth.oidc_unknown", login=login)
    return User(row[0], row[1], row[2], row[5])


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def create_demo_accounts(db: Database, actor: User, password: str | None) -> str:
    """leader, planner, admin and the gate lead of the demo's 南门 with one password: the given one, or a generated one
    that is returned. A database without a 南门 gate gets no gate lead."""
    password = password or secrets.token_urlsafe(9)
    south = gatelead.demo_gate(db)
    for name in DEMO_ACCOUNTS:
        if name != gatelead.ROLE or south is not None:
            create_user(db, actor, name, name, password, gates=[south] if name == gatelead.ROLE else None)
    return password
