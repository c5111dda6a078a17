"""The import use cases: write a planned file as one undoable batch, take a batch back, and say so.

`prospects.importing` turns bytes into candidate prospects and a plan (what each row would do) and
never writes; this module writes that plan in one transaction through `unit_of_work.run`, so a batch
is all of the file or nothing. The page's confirmation and the command line's output of an undo both
come from here, so they always agree.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, time
from typing import Any

import pandas as pd

from prospects.domain import CHOICE_KINDS, LANGUAGES, Action, CustomField, FieldType, Status, clean_action, fold
from prospects.domain.leads import Leads
from prospects.errors import NotFoundError, ProspectsError
from prospects.i18n import describe, fmt_datetime, t
from prospects.importing import engine, lists
from prospects.importing.duplicates import Policy
from prospects.importing.engine import (
    CREATE,
    UPDATE,
    Context,
    ImportOptions,
    ImportReport,
    ImportSource,
    Issue,
    Known,
    Progress,
    RowOutcome,
    Staging,
    collector_paused,
)
from prospects.importing.mapping import CUSTOM_PREFIX, date_reading_mapping, header_signature, shape_key
from prospects.importing.report import NoteWords, created_keys, created_leads
from prospects.services import audit, auth, settings
from prospects.services.exporting import to_csv_bytes
from prospects.services.unit_of_work import run
from prospects.store import Store
from prospects.store.imports import KEPT_FIELDS, KeptProspect, UndoResult


def apply(
    store: Store, source: ImportSource, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    """Plan then write everything in one transaction, as a batch that can be undone."""

    def work() -> ImportReport:
        batch_id = store.imports.create_batch(source.file_name, options.user_id, options.channel, options.campaign)
        report = _plan(store, source, options, progress, batch_id)
        # The report is put in words while the batch is written and committed: DuckDB inserts the rows and
        # writes them to the disk with Python let go, so the words cost no time (`_meanwhile`); the write
        # reads none of what they fill in (reasons, warnings, notices). A retried transaction plans again.
        said[:] = [_meanwhile(in_words, report)]
        created, updated = [], []
        for outcome in report.rows:  # one pass over the file's rows: most create, a few update
            if outcome.action == CREATE:
                created.append(outcome)
            elif outcome.action == UPDATE:
                updated.append(outcome)
        # The identity keys the plan computed go with the new prospects: the store does not fold them again.
        leads = created_leads(created)
        ids = store.imports.create_leads(batch_id, leads, options.user_id,
                                         created_keys(created, report.keys, report.identity))
        _write_first_actions(store, batch_id, ids, created, leads, options)
        if progress:
            progress(0.9)
        for outcome in updated:
            new_values = {k: v for k, (_, v) in outcome.changes.items()}
            store.imports.fill_blanks(batch_id, outcome.target_id, new_values, options.user_id)
        skipped, rejected = report.skipped, len(report.rejected)
        store.imports.set_counts(batch_id, len(created), len(updated), skipped, rejected)
        store.imports.save_mapping(
            source.signature, source.headers, options.mapping or source.mapping,
            options.translations if options.translations is not None else source.translations,
        )
        store.import_shapes.remember(shape_key(source.headers), options.channel, options.campaign, options.owner_id)
        report.batch_id = batch_id
        audit.record(store, "import", f"#{batch_id} {source.file_name}: {len(created)} created, "
                     f"{len(updated)} updated, {skipped} skipped, {rejected} rejected")
        return report

    said: list[Future[ImportReport]] = []
    with collector_paused():
        run(store, work)
    if progress:
        progress(1.0)
    return said[0].result()


# One thread beside the use cases, for work that can go on while DuckDB works on its own (a commit).
_BESIDE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prospects-beside")


def _meanwhile(work: Callable[[ImportReport], ImportReport], report: ImportReport) -> Future[ImportReport]:
    """`work(report)` started on the thread beside this one, in this one's context (its language: the
    words are the reader's); `.result()` waits for it, and raises what it raised."""
    return _BESIDE.submit(contextvars.copy_context().run, work, report)


def import_file(
    store: Store, file_name: str, data: bytes, options: ImportOptions, dry_run: bool = False
) -> ImportReport:
    """Read, map and import (or only plan) a file, as the command line does."""
    source = read_file(store, file_name, data)
    if dry_run:
        return preview(store, source, options)
    return apply(store, source, options)


def _write_first_actions(
    store: Store, batch_id: int, ids: list[int], created: list[RowOutcome], leads: Leads, options: ImportOptions,
) -> None:
    """The first action of each new prospect whose row gave a next step with a date, due that day (all
    day: no time), for the prospect's owner (else the importing user): in the import's transaction."""
    default_title = t("import.first_action.default_title")
    owners = leads.columns["owner_id"]
    actions = [
        clean_action(Action(prospect_id=prospect_id, title=title or default_title,
                            due_at=datetime.combine(day, time.min),
                            assignee_id=owner or options.user_id))
        for prospect_id, row, owner in zip(ids, created, owners, strict=True) if row.first_action
        for title, day in [row.first_action]
    ]
    store.batch_actions.create(batch_id, actions, options.user_id)


def remembered_batch(store: Store, source: ImportSource) -> dict[str, Any]:
    """The channel, campaign and owner given to the last batch of a file of this shape (its set of
    headers), those still valid only: a retired channel or a deactivated owner is not offered again."""
    saved = store.import_shapes.get(shape_key(source.headers)) or {}
    if saved.get("channel") not in channel_names(store):
        saved.pop("channel", None)
    if saved.get("owner_id") not in owner_choices(store):
        saved.pop("owner_id", None)
    return {k: v for k, v in saved.items() if v}


def keep_as_custom_field(store: Store, header: str) -> str:
    """A column of a file kept as a custom field (a text one, labelled by its header) in one click: the
    field is created (a manager's change of the settings) unless one has that label already; returns its
    mapping target."""
    label = " ".join(header.split())
    for custom_field in store.custom_fields.list(active_only=False):
        if fold(custom_field.label) == fold(label):
            if not custom_field.active:
                custom_field = settings.set_custom_field_active(store, custom_field.id, True)
            return f"{CUSTOM_PREFIX}{custom_field.id}"
    created = settings.add_custom_field(store, CustomField(None, label, FieldType.TEXT, 0))
    return f"{CUSTOM_PREFIX}{created.id}"


def may_undo(imported_by: int | None) -> bool:
    """THE rule of who may undo a batch: a manager any batch, a rep the batches they imported."""
    viewer = auth.current_viewer()
    return viewer.is_manager or (imported_by is not None and imported_by == viewer.user_id)


def undo(store: Store, batch_id: int, user_id: int | None) -> UndoResult:
    """Take a batch back but keep what anyone changed since (see `ImportsRepository.undo`).

    A rep undoes their own imports only; a manager anyone's.
    """

    def work() -> UndoResult:
        batch = store.imports.batch(batch_id)
        if not may_undo(batch["imported_by"]):
            auth.require_manager()
        result = store.imports.undo(batch_id, user_id)
        audit.record(store, "import_undone", f"#{batch_id} {batch['file_name']}")
        return result

    return run(store, work)


def rejected_csv(report: ImportReport, source: ImportSource) -> bytes:
    """The rejected rows as they were in the file, with the reason, for the download button."""
    rows = {n: cells for n, cells in zip(source.table.row_numbers, source.table.rows, strict=True)}
    width = len(source.headers)  # an unread row is one line of text: it goes under the first column
    rows.update((r.row, (r.cells + [""] * width)[:width]) for r in source.table.rejected)
    records = [[r.row, r.reason, *rows.get(r.row, [])] for r in report.rejected]
    columns = [t("import.report.row"), t("import.report.reason"), *source.headers]
    return to_csv_bytes(pd.DataFrame(records, columns=columns))


# -- what the import screen and command read ---------------------------------------


def read_file(store: Store, file_name: str, data: bytes) -> ImportSource:
    """A lead file read and its columns mapped (saved mappings first); ImportFileError when unreadable."""
    table = engine.read(file_name, data)
    saved = store.imports.saved_mapping(header_signature(table.headers))
    return engine.mapped(file_name, table, saved, store.custom_fields.list(active_only=False))


def preview(store: Store, source: ImportSource, options: ImportOptions) -> ImportReport:
    """What each row would do, before anything is written (the page's dry run)."""
    return in_words(_plan(store, source, options))


def unmatched_values(store: Store, source: ImportSource, mapping: list[str]) -> dict[str, list[str]]:
    """Values of list columns (channel, stage, owner...) that no setting matches, by target field."""
    return lists.unmatched_values(import_context(store), source, mapping)


def value_options(store: Store, target: str) -> list[str]:
    """What a list field may hold, for matching a file's unknown values."""
    return lists.value_options(import_context(store), target)


def ambiguous_dates(store: Store, source: ImportSource, mapping: list[str]) -> dict[int, str]:
    """Date columns where no value tells day from month, with the order that would be assumed."""
    return lists.ambiguous_dates(import_context(store), source, date_reading_mapping(mapping))


# -- what the plan reads of the base, and its words ----------------------------------


def _plan(
    store: Store, source: ImportSource, options: ImportOptions, progress: Progress | None = None,
    batch_id: int | None = None,
) -> ImportReport:
    """The dry run, in codes: the file's rows staged against the settings, then decided against the
    records of the base that share a key with them (read here: importing never reads the base)."""
    staging = engine.stage(import_context(store), source, options, batch_id)
    return engine.decide(staging, _known(store, staging, options.duplicates), options.duplicates, progress)


def import_context(store: Store) -> Context:
    """The settings lists a file is matched against, the default country, and the words an import
    writes into notes (in the importing user's language: they are data)."""
    return Context(
        stages=tuple(store.stages.list(active_only=False)),
        active_stage_ids=tuple(s.id for s in store.stages.list()),
        users=tuple(store.users.list()),
        choices={kind: tuple(store.choices.names(kind, active_only=False)) for kind in CHOICE_KINDS},
        categories=store.categories.labels(),
        custom_fields=tuple(store.custom_fields.list(active_only=False)),
        country=settings.default_country(store),
        status_words={t(f"status.{status}", lang=lang): status for status in Status for lang in LANGUAGES},
        notes=NoteWords(kept=t("import.note.kept"), full_name=t("import.target.full_name"), also=t("import.note.also"),
                        fields={name: t(f"field.{name}") for name in ("closed_on", "birth_date")}),
    )


def _known(store: Store, staging: Staging, policy: Policy) -> Known:
    """The prospects and contacts that share a key with the file (never the whole base) and, when the
    rows may fill their blanks, those prospects."""
    records = tuple(store.imports.known_keys(*staging.wanted()))
    prospects = {}
    if policy is Policy.UPDATE:  # only those the importing user may see: a rep never fills another rep's deal
        for kind, record_id, _ in records:
            if kind == "prospect":
                try:
                    prospects[record_id] = store.prospects.get(record_id)
                except NotFoundError:
                    continue
    return Known(records, prospects)


def words(issue: Issue) -> str:
    """An import's reason, warning or notice in the current language; what it duplicates and the
    key it matched by are put in words first."""
    params = {name: words(value) if isinstance(value, Issue) else value for name, value in issue.values}
    return describe(Issue(issue.key, tuple(params.items())))


def in_words(report: ImportReport) -> ImportReport:
    """The report's reasons, warnings and notices in the reader's language, for the page, the command
    line and the download; each distinct issue is put in words once (a file repeats a few of them)."""
    said: dict[Issue, str] = {}
    # The words of each list of issues, by the issues' identities (one issue: its own): most rows of a file
    # share their issues' objects (every row of a badge file has the one "no owner"), so their words are
    # looked up once.
    listed: dict[int | tuple[int, ...], list[str]] = {}

    def say(issue: Issue) -> str:
        if issue not in said:
            said[issue] = words(issue)
        return said[issue]

    for row in report.rows:
        if row.why is not None:
            row.reason = say(row.why)
        issues = row.issues
        if issues:
            key = id(issues[0]) if len(issues) == 1 else tuple(map(id, issues))
            found = listed.get(key)
            if found is None:
                found = listed[key] = list(map(say, issues))
            row.warnings = found.copy()  # a list of its own: the rows' lists are theirs to change
    report.notices = list(map(say, report.column_issues))
    return report


def batches(store: Store) -> pd.DataFrame:
    """Every import batch, newest first, for the history table and the undo choice."""
    return store.imports.batches()


def custom_field_labels(store: Store) -> dict[str, str]:
    """Mapping target of each active custom field -> its label."""
    return {f"{CUSTOM_PREFIX}{f.id}": f.label for f in store.custom_fields.list()}


def channel_names(store: Store) -> list[str]:
    """The active channels a batch may be given."""
    return store.choices.names("channel")


def owner_choices(store: Store) -> dict[int, str]:
    """Active users as "Full Name (AM)", by id: who a batch may be given to."""
    return {u.id: f"{u.full_name} ({u.initials})" for u in store.users.list(active_only=True)}


def stage_choices(store: Store) -> dict[int, str]:
    """Active stages by id: where a batch's prospects may start."""
    return {s.id: s.name for s in store.stages.list()}


def user_id_by_initials(store: Store, initials: str | None) -> int | None:
    """The user with these initials (any case); None when none were given."""
    if not initials:
        return None
    for user in store.users.list():
        if user.initials.lower() == initials.lower():
            return user.id
    raise ProspectsError(f"no user with the initials {initials}")


def stage_id_by_name(store: Store, name: str | None) -> int | None:
    """The active stage with this name (any case); None when none was given."""
    if not name:
        return None
    for stage in store.stages.list():
        if stage.name.lower() == name.lower():
            return stage.id
    raise ProspectsError(f"no stage named {name}")


# -- undo, in sentences a sales rep reads -------------------------------------------


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
