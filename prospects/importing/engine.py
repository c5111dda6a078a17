"""The import plan, the use case of importing: read and map a file (`load`), then turn its rows into
leads (`staging`) and apply the duplicate policy to each (`policy`), a dry run that writes nothing.
`prospects.services.imports` writes the plan as one undoable batch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from prospects.importing.mapping import auto_mapping, header_signature, normalise_header
from prospects.importing.policy import Decider, Progress
from prospects.importing.reading import ImportFileError, read_file
from prospects.importing.report import (  # noqa: F401 (re-exported: the package's names)
    CREATE,
    REJECT,
    ROW_CODES,
    SKIP,
    UPDATE,
    ImportOptions,
    ImportReport,
    ImportSource,
    RowOutcome,
    Store,
)
from prospects.importing.staging import Stager

# -- reading and mapping a file -----------------------------------------------------


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a batch builds its many small objects: it would walk
    them again and again for nothing (a third of the time of a 50,000-row import). When it resumes,
    the objects still alive join the oldest generation at once (freeze, then unfreeze) instead of being
    walked by the next young collection; a later full collection looks at them as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def load(store: Store, file_name: str, data: bytes) -> ImportSource:
    """Read and map a file; ImportFileError when it cannot be read or no column is recognised."""
    with collector_paused():
        table = read_file(file_name, data)
    signature = header_signature(table.headers)
    saved = store.imports.saved_mapping(signature)
    mapping = auto_mapping(table.headers, table.rows, store.custom_fields.list(active_only=False))
    _map_id_column(table.headers, mapping)
    translations: dict[str, dict[str, str]] = {}
    if saved and len(saved[0]) == len(table.headers):
        mapping, translations = list(saved[0]), saved[1]
    if not any(mapping):
        raise ImportFileError("import.error.no_columns")
    return ImportSource(file_name, table, mapping, translations, signature, saved is not None)


def _map_id_column(headers: list[str], mapping: list[str]) -> None:
    """A lone "ID" column is the source's reference; beside external_ref it is our own export's id."""
    for i, header in enumerate(headers):
        if normalise_header(header) == "id" and not mapping[i] and "external_ref" not in mapping:
            mapping[i] = "external_ref"


# -- the use case --------------------------------------------------------------------


def plan(
    store: Store, source: ImportSource, options: ImportOptions, progress: Progress | None = None,
    batch_id: int | None = None,
) -> ImportReport:
    """The dry run: what each row would do. Nothing is written."""
    with collector_paused():
        stager = Stager(store, source, options, batch_id)
        staged = stager.stage()
        if progress:
            progress(0.4)
        decider = Decider(store, options.duplicates, stager.country)
        outcomes = decider.decide(staged, progress)
    return ImportReport(outcomes, None, stager.notices, decider.index.row_keys())
