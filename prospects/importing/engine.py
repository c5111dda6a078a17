"""The import plan: read and map a file (`read`, `mapped`), turn its rows into leads (`stage`), then
apply the duplicate policy to each (`decide`), a dry run that writes nothing. Importing never reads
the base: `prospects.services.imports` reads what each step needs (the saved mapping, the settings
lists, the known records that share a key with the file), runs the steps and writes the plan as one
undoable batch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from prospects.domain import CustomField
from prospects.domain.identity import KeyColumns
from prospects.importing.duplicates import KeyArrays, Policy, file_keys, key_arrays, keys_of_rows
from prospects.importing.mapping import auto_mapping, header_signature, normalise_header
from prospects.importing.policy import Decider, Progress
from prospects.importing.reading import ImportFileError, RawTable, read_file
from prospects.importing.report import (  # noqa: F401 (re-exported: the package's names)
    CREATE,
    REJECT,
    ROW_CODES,
    SKIP,
    UPDATE,
    Context,
    ImportOptions,
    ImportReport,
    ImportSource,
    Issue,
    Known,
    RowOutcome,
)
from prospects.importing.staging import Staged, Stager

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


def read(file_name: str, data: bytes) -> RawTable:
    """A file's cells as text; ImportFileError when it cannot be read."""
    with collector_paused():
        return read_file(file_name, data)


def mapped(
    file_name: str, table: RawTable, saved: tuple[Any, dict] | None, custom_fields: Sequence[CustomField],
) -> ImportSource:
    """A file read, its columns mapped: the mapping `saved` for its headers (see `header_signature`) when
    there is one, else the automatic one (custom fields by their labels); ImportFileError when no column
    is recognised."""
    signature = header_signature(table.headers)
    mapping = auto_mapping(table.headers, table.rows, list(custom_fields))
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


@dataclass
class Staging:
    """A file's rows as leads with their identity keys, before the duplicate policy: the service reads
    the known records for the keys it `wants`, then `decide`s."""

    rows: Staged
    keys: KeyColumns  # of each lead of `rows.leads` (a rejected row's lead has none)
    notices: list[Issue]
    country: str

    @cached_property
    def arrays(self) -> KeyArrays | None:
        """The keys of `keys` as Arrow arrays, built once for the store's lookup and the duplicate policy."""
        return key_arrays(self.keys)

    def wanted(self) -> tuple[Any, Any, Any, set[str]]:
        """The file's e-mails, phones, names (repeated, None where a lead has none; Arrow arrays when the keys
        can be) and distinct source ids: the only keys the base is asked about."""
        return file_keys(self.keys, self.arrays)


def stage(context: Context, source: ImportSource, options: ImportOptions, batch_id: int | None = None) -> Staging:
    """Every row of the file as a lead (or rejected), with its identity keys. Nothing is written."""
    with collector_paused():
        stager = Stager(context, source, options, batch_id)
        rows = stager.stage()
        keys = keys_of_rows(rows, context.country)
    return Staging(rows, keys, stager.notices, context.country)


def decide(staging: Staging, known: Known, policy: Policy, progress: Progress | None = None) -> ImportReport:
    """The dry run's verdict: what each row would do against the `known` records. Nothing is written."""
    if progress:
        progress(0.4)
    with collector_paused():
        decider = Decider(known, policy, staging.country)
        outcomes = decider.decide(staging.rows, staging.keys, progress, staging.arrays)
    return ImportReport(outcomes, column_issues=staging.notices, identity=decider.index.row_keys(), keys=staging.keys)
