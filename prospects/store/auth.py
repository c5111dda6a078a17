"""Accounts, sessions and the one rule of who sees which prospects (`visible_to`), in SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from prospects.domain.accounts import LOCAL_ADMIN, ROLES, Viewer
from prospects.errors import NotFoundError
from prospects.store.db import Database, reads, writes

# Who the current screen or command acts for. A command or a test sets it with `acting_as`; the app
# also registers a `viewer_source` that reads the browser tab's session, so that a fragment or a
# dialog (which Streamlit reruns without the page around it) still sees only what its user may see.
_viewer: ContextVar[Viewer | None] = ContextVar("prospects_viewer", default=None)
_viewer_source: list[Callable[[], Viewer | None]] = []


@contextmanager
def acting_as(viewer: Viewer) -> Iterator[Viewer]:
    """Everything read or written inside acts for `viewer`."""
    token = _viewer.set(viewer)
    try:
        yield viewer
    finally:
        _viewer.reset(token)


def set_viewer_source(source: Callable[[], Viewer | None]) -> None:
    """Where to find the viewer when none was set with `acting_as` (the app's session)."""
    _viewer_source[:] = [source]


def current_viewer() -> Viewer:
    """The viewer of this screen or command; the local administrator when nobody was named."""
    viewer = _viewer.get()
    if viewer is None and _viewer_source:
        viewer = _viewer_source[0]()
    return viewer or LOCAL_ADMIN


def visible_to(alias: str = "p", viewer: Viewer | None = None) -> tuple[str, list[Any]]:
    """THE rule of who sees a prospect, as SQL over `prospects {alias}` with its parameters.

    A manager (and the local administrator) sees every prospect; a rep sees the prospects they own
    and the unassigned ones. Every query that reads prospects for a screen, an export or a search
    adds this fragment, so a crafted link or filter cannot reach around it.
    """
    viewer = viewer or current_viewer()
    if viewer.is_manager:
        return "TRUE", []
    return _rep_sees(alias, "?"), [viewer.user_id]


def visible_to_named(alias: str = "p", viewer: Viewer | None = None) -> tuple[str, dict[str, Any]]:
    """`visible_to` for a query with named parameters (`$viewer_id`)."""
    viewer = viewer or current_viewer()
    if viewer.is_manager:
        return "TRUE", {}
    return _rep_sees(alias, "$viewer_id"), {"viewer_id": viewer.user_id}


def _rep_sees(alias: str, placeholder: str) -> str:
    return f"({alias}.owner_id = {placeholder} OR {alias}.owner_id IS NULL)"


@dataclass(frozen=True)
class Account:
    """What sign-in needs of a user: their role, whether they may sign in, their password's hash."""

    user_id: int
    full_name: str
    initials: str
    role: str
    active: bool
    password_hash: str | None


_ACCOUNT_SQL = "SELECT id AS user_id, full_name, initials, role, active, password_hash FROM users"


class AuthRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- accounts ----------------------------------------------------------

    @reads
    def account(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> Account:
        rows = conn.execute(_ACCOUNT_SQL + " WHERE id = ?", [user_id]).fetchall()
        if not rows:
            raise NotFoundError()
        return Account(*rows[0])

    @reads
    def accounts_named(self, conn: duckdb.DuckDBPyConnection, name: str) -> list[Account]:
        """The users whose initials or full name is `name` (case and surrounding spaces ignored)."""
        rows = conn.execute(
            _ACCOUNT_SQL + " WHERE lower(initials) = lower(trim(?)) OR lower(full_name) = lower(trim(?)) ORDER BY id",
            [name, name],
        ).fetchall()
        return [Account(*row) for row in rows]

    @reads
    def accounts(self, conn: duckdb.DuckDBPyConnection) -> list[Account]:
        return [Account(*row) for row in conn.execute(_ACCOUNT_SQL + " ORDER BY full_name, id").fetchall()]

    @writes
    def set_password_hash(self, conn: duckdb.DuckDBPyConnection, user_id: int, password_hash: str | None) -> None:
        if not conn.execute("UPDATE users SET password_hash = ? WHERE id = ? RETURNING id", [password_hash, user_id]).fetchall():
            raise NotFoundError()

    @writes
    def set_role(self, conn: duckdb.DuckDBPyConnection, user_id: int, role: str) -> None:
        if role not in ROLES:
            raise ValueError(role)
        if not conn.execute("UPDATE users SET role = ? WHERE id = ? RETURNING id", [role, user_id]).fetchall():
            raise NotFoundError()

    @reads
    def active_managers(self, conn: duckdb.DuckDBPyConnection) -> list[int]:
        return [r[0] for r in conn.execute("SELECT id FROM users WHERE active AND role = 'manager' ORDER BY id").fetchall()]

    # -- sessions ----------------------------------------------------------

    @writes
    def open_session(
        self, conn: duckdb.DuckDBPyConnection, token_hash: str, user_id: int, now: datetime, expires_at: datetime
    ) -> None:
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)",
            [token_hash, user_id, now, now, expires_at],
        )

    @reads
    def session_user(
        self, conn: duckdb.DuckDBPyConnection, token_hash: str, now: datetime
    ) -> tuple[int, datetime] | None:
        """The active user of an unexpired session and when it was last seen, else None."""
        rows = conn.execute(
            "SELECT s.user_id, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = ? AND s.expires_at > ? AND u.active",
            [token_hash, now],
        ).fetchall()
        return (rows[0][0], rows[0][1]) if rows else None

    @writes
    def touch_session(self, conn: duckdb.DuckDBPyConnection, token_hash: str, now: datetime) -> None:
        conn.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, token_hash])

    @writes
    def end_sessions(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> int:
        """End every session of a user (signing out, deactivating, a new password); returns how many."""
        return len(conn.execute("DELETE FROM sessions WHERE user_id = ? RETURNING token_hash", [user_id]).fetchall())

    @writes
    def forget_expired(self, conn: duckdb.DuckDBPyConnection, now: datetime) -> None:
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?", [now])

    @reads
    def session_count(self, conn: duckdb.DuckDBPyConnection, user_id: int) -> int:
        return conn.execute("SELECT count(*) FROM sessions WHERE user_id = ?", [user_id]).fetchall()[0][0]
