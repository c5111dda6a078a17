"""What an undo of an import batch is about to do and what it did, in sentences a sales rep reads.

The page's confirmation and the command line's output both come from here, so they always agree.
"""

from __future__ import annotations

from prospects.i18n import fmt_datetime, t
from prospects.importing.mapping import CUSTOM_PREFIX
from prospects.store import Store
from prospects.store.imports import KEPT_FIELDS, KeptProspect, UndoResult


def batch_question(store: Store, batch_id: int) -> str:
    """"Undo batch 3, salon.csv (Salon Lyon 2026), imported on 12/03/2026 10:04 by Anne Martin:
    2 created, 0 updated?" — the batch named the way its author will recognise it."""
    batch = store.imports.batch(batch_id)
    name = batch["file_name"] + (f" ({batch['campaign']})" if batch["campaign"] else "")
    author = store.users.get(batch["imported_by"]).full_name if batch["imported_by"] else t("import.undo.no_author")
    return t("import.undo.question", batch=batch_id, name=name, date=fmt_datetime(batch["imported_at"]),
             author=author, created=batch["created"], updated=batch["updated"])


def kept_sentence(store: Store, kept: KeptProspect) -> str:
    """Why the undo left this prospect (or these fields of it) as they are."""
    if kept.reason == KEPT_FIELDS:
        return t("import.undo.kept.fields", name=kept.name, fields=", ".join(_field_label(store, f) for f in kept.fields))
    return t(f"import.undo.kept.{kept.reason}", name=kept.name)


def result_sentences(store: Store, result: UndoResult) -> list[str]:
    """The summary first, then one sentence per prospect kept."""
    summary = t("import.undo.done", batch=result.batch_id, deleted=result.deleted, reverted=result.reverted,
                kept=len(result.kept))
    return [summary, *(kept_sentence(store, kept) for kept in result.kept)]


def _field_label(store: Store, field: str) -> str:
    if field.startswith(CUSTOM_PREFIX):
        return store.custom_fields.get(int(field[len(CUSTOM_PREFIX):])).label
    return t(f"field.{field}")
