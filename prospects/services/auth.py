"""Sign-in, sessions and the users a manager administers; who acts, and what only managers may do.

Passwords are hashed with Argon2 (argon2-cffi); a browser keeps only a random session token, and the
database only that token's SHA-256 (a token is 256 random bits: nothing to guess, so no slow hash).
Every use case here writes its audit line in its own transaction (`unit_of_work.run`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import math
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from prospects.domain import User
from prospects.domain.accounts import (
    FAILURE_WINDOW,
    LOCAL_ADMIN,
    MANAGER,
    REP,
    ROLES,
    SESSION_LIFETIME,
    Viewer,
    listens_on_loopback,
    wait_before_next_try,
)
from prospects.errors import FieldError, ProspectsError, ValidationError
from prospects.services import audit
from prospects.services.unit_of_work import run
from prospects.store.auth import Account, acting_as, current_viewer, set_viewer_source

if TYPE_CHECKING:
    from prospects.store import Store

__all__ = [
    "LOCAL_ADMIN", "Account", "Viewer", "acting_as", "current_viewer", "set_viewer_source",
    "ManagersOnlyError", "SignInFailedError", "TooManyTriesError",
]

T = TypeVar("T")

MIN_PASSWORD_LENGTH = 8
# Touching a session's "last seen" at most this often keeps page runs from writing each time.
_TOUCH_EVERY_SECONDS = 300

_hasher = PasswordHasher()
# Verified when the name matches nobody, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class SignInFailedError(ProspectsError):
    """Wrong name or password; never says which."""

    key = "auth.error.sign_in_failed"


class TooManyTriesError(ProspectsError):
    """Five failures for this name within a minute: the next try waits."""

    key = "auth.error.too_many_tries"


class ManagersOnlyError(ProspectsError):
    """A rep asked for a manager's use case (delete all, users, settings, someone else's import...)."""

    key = "auth.error.managers_only"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _viewer_of(account: Account, address: str | None) -> Viewer:
    return Viewer(account.user_id, account.role, f"{account.full_name} ({account.initials})", address)


def _verifies(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# -- who acts ------------------------------------------------------------------


def sign_in_required(store: Store, server_address: str | None) -> bool:
    """Sign-in is on once an active user has a password, and always off this computer's loopback."""
    return not listens_on_loopback(server_address) or anyone_has_password(store)


def anyone_has_password(store: Store) -> bool:
    """Whether some active user has a password: from then on every page asks to sign in."""
    return any(account.active and account.password_hash for account in _team_accounts(store))


def _team_accounts(store: Store) -> list[Account]:
    """Every account, read once per page run (`Database.kept`): the frame's sign-in gate and its
    viewer ask at every run, and an account changes only at a write."""
    return store.db.kept(("accounts",), store.auth.accounts)


def require_manager() -> None:
    """Refuse a rep a manager's use case, whatever screen or command asked."""
    if not current_viewer().is_manager:
        raise ManagersOnlyError()


def managers_change(store: Store, work: Callable[[], T], attempts: int = 5) -> T:
    """`unit_of_work.run` for a change of the settings: refused to a rep, and written to the audit
    (naming the use case that called it) in the same transaction as the change."""
    require_manager()
    caller = inspect.currentframe().f_back
    use_case = caller.f_code.co_name if caller else None

    def audited() -> T:
        result = work()
        audit.record(store, "settings_changed", use_case)
        return result

    return run(store, audited, attempts=attempts)


def viewer_for(store: Store, user_id: int, address: str | None = None) -> Viewer | None:
    """The viewer of an active user (their role read now, so a change applies at the next click)."""
    account = next((a for a in _team_accounts(store) if a.user_id == user_id), None)
    if account is None or not account.active:
        return None
    return _viewer_of(account, address)


def command_line_viewer(store: Store, initials: str | None) -> Viewer:
    """Who a command acts as: the user of these initials, else the local administrator of the file."""
    if not initials:
        return dataclasses.replace(LOCAL_ADMIN, address="command line")
    account = next((a for a in store.auth.accounts_named(initials) if a.active), None)
    if account is None:
        raise ValidationError([FieldError("as", "auth.error.unknown_user", {"value": initials})])
    return _viewer_of(account, "command line")


# -- signing in and out --------------------------------------------------------


def sign_in(store: Store, name: str, password: str, address: str | None, now: datetime | None = None) -> tuple[Viewer, str]:
    """The viewer and a new session token for a right name (initials or full name) and password.

    A wrong name and a wrong password get the same sentence and take the same time; five failures
    for one name within a minute make the next tries wait, and each failure is in the audit.
    """
    now = now or _now()
    tried = " ".join((name or "").split()).lower()
    waited = wait_before_next_try(store.audit.failures_since(tried, now - FAILURE_WINDOW), now)
    if waited.total_seconds() > 0:
        raise TooManyTriesError(seconds=math.ceil(waited.total_seconds()))
    candidates = [a for a in store.auth.accounts_named(tried) if a.active and a.password_hash] if tried else []
    account = next((a for a in candidates if _verifies(a.password_hash, password or "")), None)
    if not candidates:
        _verifies(None, password or "")
    if account is None:
        with acting_as(Viewer(None, REP, "", address)):
            run(store, lambda: audit.record(store, "sign_in_failed", tried, now))
        raise SignInFailedError()
    viewer = _viewer_of(account, address)
    token = secrets.token_urlsafe(32)

    def work() -> None:
        store.auth.forget_expired(now)
        store.auth.open_session(token_hash(token), account.user_id, now, now + SESSION_LIFETIME)
        audit.record(store, "sign_in", None, now)

    with acting_as(viewer):
        run(store, work)
    return viewer, token


def resume(store: Store, token: str | None, address: str | None, now: datetime | None = None) -> Viewer | None:
    """The viewer of a browser's session token while it is valid (a working day, user still active)."""
    if not token:
        return None
    now = now or _now()
    found = store.auth.session_user(token_hash(token), now)
    if found is None:
        return None
    user_id, last_seen = found
    viewer = viewer_for(store, user_id, address)
    if viewer is not None and (now - last_seen).total_seconds() > _TOUCH_EVERY_SECONDS:
        run(store, lambda: store.auth.touch_session(token_hash(token), now))
    return viewer


def sign_out(store: Store, now: datetime | None = None) -> int:
    """End every session of the current user, on every browser; returns how many ended."""
    viewer = current_viewer()
    if viewer.user_id is None:
        return 0

    def work() -> int:
        ended = store.auth.end_sessions(viewer.user_id)
        audit.record(store, "sign_out", None, now)
        return ended

    return run(store, work)


# -- users (managers only) -----------------------------------------------------


def accounts(store: Store) -> list[Account]:
    require_manager()
    return store.auth.accounts()


def create_user(store: Store, user: User, role: str, password: str | None, now: datetime | None = None) -> User:
    """A new user with a role and (optionally) a password."""
    require_manager()
    _check_role(role)
    if password:
        _check_password(password)

    def work() -> User:
        created = store.users.create(dataclasses.replace(user, id=None, active=True))
        store.auth.set_role(created.id, role)
        if password:
            store.auth.set_password_hash(created.id, _hasher.hash(password))
        audit.record(store, "user_created", f"{created.full_name} ({created.initials}), {role}", now)
        return created

    return run(store, work)


def set_role(store: Store, user_id: int, role: str, now: datetime | None = None) -> None:
    require_manager()
    _check_role(role)

    def work() -> None:
        account = store.auth.account(user_id)
        store.auth.set_role(user_id, role)
        keep_a_manager(store, "role")
        audit.record(store, "role_changed", f"{account.full_name} ({account.initials}): {account.role} → {role}", now)

    run(store, work)


def reset_password(store: Store, user_id: int, password: str, now: datetime | None = None) -> None:
    """A new password (a manager for anyone, a user for themselves); it ends that user's sessions.

    The first password of a database must be a manager's: it turns sign-in on, and a team whose
    only password is a rep's would have nobody left to manage the users.
    """
    if current_viewer().user_id != user_id:
        require_manager()
    _check_password(password)

    def work() -> None:
        account = store.auth.account(user_id)
        if account.role != MANAGER and not anyone_has_password(store):
            raise ValidationError([FieldError("password", "auth.error.manager_password_first")])
        store.auth.set_password_hash(user_id, _hasher.hash(password))
        store.auth.end_sessions(user_id)
        audit.record(store, "password_reset", f"{account.full_name} ({account.initials})", now)

    run(store, work)


def deactivate(store: Store, user_id: int, now: datetime | None = None) -> None:
    """The user can no longer sign in and every session of theirs ends; their records keep their name."""
    require_manager()

    def work() -> None:
        account = store.auth.account(user_id)
        user = store.users.get(user_id)
        store.users.update(dataclasses.replace(user, active=False))
        user_left(store, user_id)
        audit.record(store, "user_deactivated", f"{account.full_name} ({account.initials})", now)

    run(store, work)


def user_left(store: Store, user_id: int) -> None:
    """After a user is deactivated (inside that use case): their sessions end, a manager stays."""
    store.auth.end_sessions(user_id)
    keep_a_manager(store, "active")


def keep_a_manager(store: Store, field: str) -> None:
    """Refuse (and so roll back) a change that leaves no active manager to manage the team."""
    if not store.auth.active_managers():
        raise ValidationError([FieldError(field, "auth.error.last_manager")])


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError([FieldError("role", "auth.error.role_unknown", {"value": role})])


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError([FieldError("password", "auth.error.password_too_short", {"min": MIN_PASSWORD_LENGTH})])
