"""Delete all against imports running beside it: every lead that ever existed is still in the base or in a backup."""

from __future__ import annotations

import io
import threading
import zipfile

import pandas as pd
import pytest

from prospects.importing import ImportOptions
from prospects.services import backup, exporting
from prospects.services.imports import import_file
from prospects.store import Store


def leads_file(tag: str, count: int = 5) -> bytes:
    """A small trade-show file whose every lead has an e-mail address nobody else has."""
    lines = ["Nom;Prénom;Société;Email"]
    lines += [f"Lead{tag}x{i};Zoé;Société {tag};lead-{tag}-{i}@example.com" for i in range(count)]
    return "\n".join(lines).encode("utf-8")


def emails_of(data: bytes) -> set[str]:
    return {line.split(";")[3] for line in data.decode("utf-8").splitlines()[1:]}


def backed_up_emails(store: Store) -> set[str]:
    """The e-mails held by every backup file written so far."""
    emails: set[str] = set()
    for path in backup.backup_folder(store).glob("prospects-backup-*.zip"):
        with zipfile.ZipFile(path) as archive:
            frame = pd.read_csv(io.BytesIO(archive.read("prospects.csv")), dtype=str, encoding="utf-8-sig")
        emails |= set(frame["email"].dropna())
    return emails


def emails_in_base(store: Store) -> set[str]:
    return set(exporting.export_frame(store)["email"].dropna())


def import_leads(store: Store, tag: str) -> set[str]:
    data = leads_file(tag)
    report = import_file(store, f"leads-{tag}.csv", data, ImportOptions())
    assert report.created == len(emails_of(data))
    return emails_of(data)


def test_a_lead_imported_while_delete_all_writes_its_backup_is_not_lost(store: Store, monkeypatch) -> None:
    """The import commits from another thread at the very moment the backup is being written."""
    imported = import_leads(store, "before")
    real_to_csv = exporting.to_csv_bytes
    fired: list[set[str]] = []

    def import_meanwhile(*args, **kwargs) -> bytes:
        if not fired:
            worker = threading.Thread(target=lambda: fired.append(import_leads(store, "meanwhile")))
            worker.start()
            worker.join()
        return real_to_csv(*args, **kwargs)

    monkeypatch.setattr(exporting, "to_csv_bytes", import_meanwhile)
    backup.delete_all(store)
    monkeypatch.undo()

    assert fired, "the import did not run"
    everything = imported | fired[0]
    kept = emails_in_base(store) | backed_up_emails(store)
    assert everything - kept == set(), "leads neither in the base nor in a backup"
    assert emails_in_base(store) & backed_up_emails(store) == set(), "a backed-up lead was not deleted"


def test_delete_all_racing_an_import_loop_loses_no_lead(store: Store) -> None:
    """Many wipes while another thread imports small files in a loop through the real import code."""
    imported: set[str] = set()
    stop = threading.Event()
    errors: list[BaseException] = []

    def import_loop() -> None:
        round_ = 0
        while not stop.is_set():
            round_ += 1
            try:
                imported.update(import_leads(store, f"loop{round_}"))
            except BaseException as error:  # reported by the test below
                errors.append(error)
                return

    worker = threading.Thread(target=import_loop)
    worker.start()
    try:
        for _ in range(10):
            backup.delete_all(store)
    finally:
        stop.set()
        worker.join()
    assert not errors
    assert imported, "the import loop never ran"
    assert imported - (emails_in_base(store) | backed_up_emails(store)) == set()


def test_nothing_is_deleted_when_the_backup_cannot_be_written(store: Store) -> None:
    imported = import_leads(store, "kept")
    backup.backup_folder(store).write_text("a file where the backup folder should be")  # a real failure
    with pytest.raises(OSError):
        backup.delete_all(store)
    assert emails_in_base(store) == imported


def test_the_backup_holds_exactly_what_was_deleted(store: Store, user_id: int) -> None:
    imported = import_leads(store, "exact")
    wiped = backup.delete_all(store)
    assert wiped.deleted == len(imported)
    assert backed_up_emails(store) == imported and emails_in_base(store) == set()



def test_delete_all_leaves_a_base_that_no_longer_holds_the_count_the_user_confirmed(store: Store) -> None:
    imported = import_leads(store, "seen")
    import_leads(store, "unseen")
    with pytest.raises(backup.CountChangedError) as refused:
        backup.delete_all(store, expected=len(imported))
    assert refused.value.message.startswith(f"{2 * len(imported)} prospects are in the base now, not {len(imported)}")
    assert len(emails_in_base(store)) == 2 * len(imported)
    assert not backup.backup_folder(store).exists() or not list(backup.backup_folder(store).glob("*.zip"))
