"""Delete all, the end of a campaign: every prospect goes, and a backup file holds exactly what went.

The rows are read for the backup and deleted in one transaction, and the backup file is written
before that transaction commits: an import committed meanwhile by another session is neither in the
backup nor deleted (it was not in the transaction's snapshot), and a backup that cannot be written
deletes nothing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prospects.errors import ProspectsError
from prospects.services import audit, auth, exporting, unit_of_work
from prospects.store import Store
from prospects.store.backups import BackupRepository


@dataclass(frozen=True)
class Wiped:
    deleted: int  # prospects removed
    backup: Path  # the file that holds them


class CountChangedError(ProspectsError):
    """The base no longer holds the number of prospects the user confirmed deleting (a colleague
    imported or deleted some meanwhile): nothing is deleted, so nobody's leads go unseen."""

    key = "list.delete_all_changed"


def backup_folder(store: Store) -> Path:
    """`backups/` next to the database file (data/backups/ for the default database)."""
    return store.path.parent / "backups"


def _new_backup_path(folder: Path, now: datetime) -> Path:
    """A file name of this second that no earlier backup took."""
    path = folder / f"prospects-backup-{now:%Y%m%d-%H%M%S}.zip"
    suffix = 1
    while path.exists():
        suffix += 1
        path = folder / f"prospects-backup-{now:%Y%m%d-%H%M%S}-{suffix}.zip"
    return path


def _backup_files(store: Store) -> dict[str, bytes]:
    """Every prospect (the export CSV, which imports back), action and history entry, read on the
    caller's connection, hence inside its transaction when it has one."""
    extra = BackupRepository(store.db)
    return {
        "prospects.csv": exporting.to_csv_bytes(exporting.export_frame(store)),
        "actions.csv": exporting.to_csv_bytes(extra.actions_frame()),
        "history.csv": exporting.to_csv_bytes(extra.history_frame()),
    }


def _write_zip(path: Path, files: dict[str, bytes]) -> None:
    """Written aside then renamed: a crash never leaves a half-written backup under the final name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".zip.part")
    try:
        partial.write_bytes(buffer.getvalue())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def delete_all(store: Store, expected: int | None = None, now: datetime | None = None) -> Wiped:
    """Remove every prospect with its actions, custom values, history and promotion log, after
    writing a backup of exactly those rows, all in one transaction.

    The main contacts stay (their link to a prospect is cleared). If the backup cannot be
    written (an `OSError`), the transaction rolls back and nothing is deleted. With `expected`
    (the count the user was shown), a base holding another number is left alone (CountChangedError).
    """
    auth.require_manager()
    folder = backup_folder(store)

    def wipe() -> Wiped:
        count = store.prospects.count()
        if expected is not None and count != expected:
            raise CountChangedError(count=count, expected=expected)
        files = _backup_files(store)
        deleted = store.prospects.delete_all()
        store.contacts.forget_prospects()
        path = _new_backup_path(folder, now or datetime.now())
        _write_zip(path, files)  # before the commit: no file, no deletion
        audit.record(store, "delete_all", f"{deleted} prospects, backup {path.name}")
        return Wiped(deleted, path)

    return unit_of_work.run(store, wipe)
