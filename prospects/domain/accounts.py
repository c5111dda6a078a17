"""Who acts and what they may see: roles, the viewer of a screen or command, and the sign-in rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MANAGER = "manager"
REP = "rep"
ROLES = (MANAGER, REP)

# A session lasts a working day from its start; a reload or a new tab within it stays signed in.
SESSION_LIFETIME = timedelta(hours=10)

# Five failed sign-ins for one name within a minute make the next try wait until the minute is over.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=1)

# The addresses on which a server is reachable from this computer only.
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Viewer:
    """The person a screen or a command acts for: whose prospects it sees, who authors its changes.

    `user_id` None is the local administrator of the file (the command line without --as, a test, a
    fresh database on this computer): a manager without a user row, named so in the audit.
    """

    user_id: int | None
    role: str
    name: str = ""
    address: str | None = None

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER


LOCAL_ADMIN = Viewer(None, MANAGER, "local administrator")


def wait_before_next_try(failures: list[datetime], now: datetime) -> timedelta:
    """How long a name must wait before its next sign-in, given its recent failures (none: zero).

    Counted per name tried, whether a user has it or not, so the wait says nothing of who exists.
    """
    recent = sorted(at for at in failures if now - at < FAILURE_WINDOW)
    if len(recent) < MAX_FAILURES:
        return timedelta(0)
    return recent[-MAX_FAILURES] + FAILURE_WINDOW - now


def listens_on_loopback(address: str | None) -> bool:
    """Whether a server bound to `address` is reachable from this computer only (Streamlit's default
    of no address means every interface)."""
    return bool(address) and address.strip().strip("[]").lower() in LOOPBACK_ADDRESSES
