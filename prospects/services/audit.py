"""The audit log: one line per sign-in, user or settings change, delete, import and undo; read by managers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from prospects.domain.accounts import LOCAL_ADMIN
from prospects.i18n import t
from prospects.services.exporting import to_csv_bytes
from prospects.store.auth import current_viewer

if TYPE_CHECKING:
    from prospects.store import Store

# The events the log holds (their words are the catalogue's `audit.event.<code>`).
EVENTS = (
    "sign_in", "sign_in_failed", "sign_out", "user_created", "role_changed", "password_reset",
    "user_deactivated", "settings_changed", "delete_all", "import", "import_undone",
)


def record(store: Store, event: str, detail: str | None = None, now: datetime | None = None) -> None:
    """Write one line for the current viewer; called inside the use case's own unit of work."""
    store.audit.write(current_viewer(), event, detail, now or datetime.now().replace(microsecond=0))


def _require_manager() -> None:
    from prospects.services.auth import require_manager  # auth records through this module

    require_manager()


def log_frame(store: Store, since: datetime | None = None, event: str | None = None, limit: int = 1000) -> pd.DataFrame:
    """The newest lines first (managers only)."""
    _require_manager()
    return store.audit.frame(since=since, event=event, limit=limit)


def readable(log: pd.DataFrame) -> pd.DataFrame:
    """The log in the reader's words: events named, the local administrator and this computer said so."""
    log = log.copy()
    log["event"] = log["event"].map(lambda code: t(f"audit.event.{code}"))
    log["actor"] = log["actor"].map(lambda who: t("audit.local_admin") if who == LOCAL_ADMIN.name else who or "—")
    log["detail"] = log["detail"].fillna("")
    log["address"] = log["address"].fillna(t("audit.this_computer"))
    return log.rename(columns={name: t(f"audit.col.{key}") for name, key in (
        ("happened_at", "at"), ("actor", "actor"), ("event", "event"), ("detail", "detail"), ("address", "address"))})


def log_csv(store: Store, since: datetime | None = None, event: str | None = None) -> bytes:
    """The whole log (or from a date, of one event) as CSV for a spreadsheet, no cell run as a formula."""
    _require_manager()
    frame = store.audit.frame(since=since, event=event, limit=10_000_000)
    frame["happened_at"] = frame["happened_at"].map(lambda value: value.isoformat(sep=" ") if pd.notna(value) else "")
    return to_csv_bytes(frame)
