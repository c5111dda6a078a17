"""Delete all, the end of a campaign: a full backup file first, then every prospect goes in one transaction."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prospects import exporting
from prospects.store import Store
from prospects.store.backups import BackupRepository


@dataclass(frozen=True)
class Wiped:
    deleted: int  # prospects removed
    backup: Path  # the file that holds them


def backup_folder(store: Store) -> Path:
    """`backups/` next to the database file (data/backups/ for the default database)."""
    return store.path.parent / "backups"


def write_backup(store: Store, now: datetime | None = None) -> Path:
    """Write a ZIP of every prospect (the export CSV, which imports back), action and history entry.

    Returns the path of the new file under `backup_folder(store)`.
    """
    now = now or datetime.now()
    folder = backup_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"prospects-backup-{now:%Y%m%d-%H%M%S}.zip"
    suffix = 1
    while path.exists():
        suffix += 1
        path = folder / f"prospects-backup-{now:%Y%m%d-%H%M%S}-{suffix}.zip"
    extra = BackupRepository(store.db)
    with store.hold():
        files = {
            "prospects.csv": exporting.to_csv_bytes(exporting.export_frame(store)),
            "actions.csv": exporting.to_csv_bytes(extra.actions_frame()),
            "history.csv": exporting.to_csv_bytes(extra.history_frame()),
        }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    # Written aside then renamed: a crash never leaves a half-written backup under the final name.
    partial = path.with_suffix(".zip.part")
    partial.write_bytes(buffer.getvalue())
    partial.replace(path)
    return path


def delete_all(store: Store) -> Wiped:
    """Back up, then remove every prospect with its actions, custom values, history and promotion log.

    The main contacts stay (their link to a prospect is cleared). If the backup cannot be
    written, nothing is deleted.
    """
    path = write_backup(store)
    with store.db.transaction():
        deleted = store.prospects.delete_all()
        store.contacts.forget_prospects()
    return Wiped(deleted, path)
