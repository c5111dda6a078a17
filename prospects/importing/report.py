"""What an import is made of and what it tells: what the service read of the base for it (`Context`,
`Known`), the options, the file read and mapped, each row's outcome (its stable code, its `Issue`s)
and the report. Pure data, in codes: the service puts it in words for the page and the command line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from prospects.domain import CustomField, Prospect, Stage, Status, User
from prospects.domain.identity import IdentityKeys, KeyColumns
from prospects.domain.leads import Leads
from prospects.errors import code_of
from prospects.importing.duplicates import Match, Policy
from prospects.importing.mapping import is_system_column
from prospects.importing.reading import RawTable

CREATE, UPDATE, SKIP, REJECT = "create", "update", "skip", "reject"
# The stable code of each row outcome, the same in every language (README, "Error and row codes"):
# a created row, a row matching a known record or an earlier row by one identity key (skipped or
# filling blanks), a row with nothing to tell who it is, a row the file left unreadable.
DUPLICATE_CODES = {"email": "duplicate_email", "source": "duplicate_source", "phone": "duplicate_phone",
                   "name": "duplicate_name_company"}
ROW_CODES = ("created", *DUPLICATE_CODES.values(), "no_identity", "unclosed_quote")
# The stable code of each problem that does not stop a row (its value goes to the notes, or a field
# stays empty): the last part of its catalogue key `import.issue.<code>`; a date against the rules
# gives the error's own code (`closed_before_created`...).
WARNING_CODES = ("bool_invalid", "date_invalid", "email_invalid", "formula_as_text", "legacy_encoding", "no_owner",
                 "next_step_no_date", "not_in_list", "number_ambiguous", "number_invalid", "out_of_range", "phone_invalid",
                 "suspected_duplicate", "value_unknown")


@dataclass(frozen=True, slots=True)
class Issue:
    """Why a row is skipped or rejected, a problem that does not stop it, or a notice about a column:
    a catalogue key and its values, never words. The service puts it in the reader's language
    (`prospects.services.imports.words`); a value that is itself a word is a `Term` or another Issue.
    Frozen and hashable, so the 50,000 rows of a file that mostly repeat a few issues share them."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def code(self) -> str:
        """The stable code scripts read (`email_invalid`): the key's last part."""
        return code_of(self.key)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.values)


def issue(key: str, **params: Any) -> Issue:
    return Issue(key, tuple(params.items()))


@dataclass(frozen=True)
class NoteWords:
    """The words an import writes into a prospect's notes: data, so in the importing user's language
    on purpose; the service looks them up, importing never speaks."""

    kept: str = "{column}: {value}"  # a value that could not be read, kept beside its column's name
    full_name: str = "Full name"  # the label of a full name that disagrees with the first and last names
    fields: Mapping[str, str] = field(default_factory=dict)  # field -> its label (a date against the rules)
    also: str = "Also: {values}"  # the other values of a multi-value cell ("a@x.fr ::: b@y.fr")

    def kept_note(self, column: str, value: Any) -> str:
        return self.kept.format(column=column, value=value)

    def also_note(self, values: str) -> str:
        return self.also.format(values=values)


@dataclass(frozen=True)
class Context:
    """What an import matches a file against, read from the base by the service before planning:
    importing turns bytes into candidate prospects and never reads the store itself."""

    stages: tuple[Stage, ...] = ()  # every stage, retired ones too, in their order
    active_stage_ids: tuple[int, ...] = ()  # the stages a new prospect may start in, in their order
    users: tuple[User, ...] = ()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> every name, retired ones too
    categories: Mapping[int, str] = field(default_factory=dict)  # position -> label
    custom_fields: tuple[CustomField, ...] = ()  # every one, retired ones too
    country: str = "FR"  # the default country (phones, postal codes, date order)
    status_words: Mapping[str, Status] = field(default_factory=dict)  # a status as each language says it
    notes: NoteWords = field(default_factory=NoteWords)


@dataclass(frozen=True)
class Known:
    """The records of the base that share an identity key with a file, read by the service for the
    keys the file has: (kind, id, keys), prospects first; and, for an update, those prospects."""

    records: tuple[tuple[str, int, IdentityKeys], ...] = ()
    prospects: Mapping[int, Prospect] = field(default_factory=dict)


def list_items(target: str, text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    if target == "categories":
        separator = "|" if "|" in text else ";" if ";" in text else ","
        return [p.strip() for p in text.split(separator) if p.strip()]
    return [text]


@dataclass
class ImportOptions:
    """Choices of the person importing: duplicate policy, values for the whole batch, mapping."""

    duplicates: Policy = Policy.SKIP
    channel: str | None = None
    campaign: str | None = None
    owner_id: int | None = None
    stage_id: int | None = None
    user_id: int | None = None
    mapping: list[str] | None = None  # one target per column; None = the saved or automatic one
    translations: dict[str, dict[str, str]] | None = None  # target -> {file value: settings value}
    date_orders: dict[int, str] | None = None  # column -> "dmy" or "mdy", where the file does not tell


@dataclass
class ImportSource:
    """A file read and mapped, ready to plan."""

    file_name: str
    table: RawTable
    mapping: list[str]
    translations: dict[str, dict[str, str]]
    signature: str
    saved: bool  # the mapping was the one saved for these headers

    @property
    def headers(self) -> list[str]:
        return self.table.headers

    def unknown_columns(self, mapping: list[str] | None = None) -> list[str]:
        """Columns that will not be imported (reported, never dropped without a word)."""
        mapping = mapping or self.mapping
        return [h for h, target in zip(self.headers, mapping, strict=True) if not target and not is_system_column(h)]

    def distinct_values(self, target: str, mapping: list[str] | None = None, limit: int = 200) -> list[str]:
        """The distinct values of the columns mapped to `target`, for the value translation table."""
        mapping = mapping or self.mapping
        columns = [i for i, m in enumerate(mapping) if m == target]
        seen: dict[str, None] = {}
        for row in self.table.rows:
            for i in columns:
                for value in list_items(target, row[i]):
                    seen.setdefault(value, None)
                    if len(seen) >= limit:
                        return list(seen)
        return list(seen)


@dataclass(slots=True)
class RowOutcome:
    """What happens (or would happen) to one row of the file."""

    row: int
    action: str
    name: str = ""
    code: str = ""  # the stable code of the outcome or its reason (one of ROW_CODES)
    why: Issue | None = None  # why it is skipped, updated or rejected
    match: Match | None = None
    own: Prospect | None = None  # the prospect to create, when it is not lead `index` of `leads` as it is
    leads: Leads | None = field(default=None, repr=False, compare=False)  # the file's leads, of which this row's is number `index` (see `prospect`)
    index: int = field(default=-1, repr=False, compare=False)
    target_id: int | None = None  # the prospect to update
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    issues: list[Issue] = field(default_factory=list)  # problems that do not stop it
    reason: str = ""  # `why` in words, written by the service for the page and the command line
    warnings: list[str] = field(default_factory=list)  # `issues` in words, as `reason`
    first_action: tuple[str | None, date] | None = None  # the file's next step: (title or None for the default, day)

    @property
    def prospect(self) -> Prospect | None:
        """The prospect this row creates (None: it creates none), built from the file's leads when asked."""
        if self.own is not None or self.leads is None:
            return self.own
        return self.leads.prospect(self.index)

    @prospect.setter
    def prospect(self, value: Prospect | None) -> None:
        self.own = value
        if value is None:
            self.leads = None

    def warn(self, key: str, **params: Any) -> None:
        """Note a problem of the row that does not stop it (a value kept in the notes, say): a key and
        its values only, nothing formatted (a 50,000-row file warns on most rows)."""
        self.issues.append(Issue(key, tuple(params.items())))


_ACTION = attrgetter("action")


@dataclass
class ImportReport:
    rows: list[RowOutcome]
    batch_id: int | None = None
    column_issues: list[Issue] = field(default_factory=list)  # about whole columns (a date format assumed...)
    notices: list[str] = field(default_factory=list)  # `column_issues` in words, written by the service
    # Row -> keys of its new prospect, for the rows decided against the index (`keys` gives the others').
    identity: dict[int, IdentityKeys] = field(default_factory=dict, repr=False)
    keys: KeyColumns | None = field(default=None, repr=False)  # of the file's leads, as staged

    def count(self, action: str) -> int:
        return list(map(_ACTION, self.rows)).count(action)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def updated(self) -> int:
        return self.count(UPDATE)

    @property
    def skipped(self) -> int:
        return self.count(SKIP)

    @property
    def rejected(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action == REJECT]

    @property
    def to_review(self) -> list[RowOutcome]:
        """Rows imported that need a look: a value kept in the notes, a suspected duplicate, no owner."""
        return [r for r in self.rows if r.action in (CREATE, UPDATE) and r.warnings]

    def as_dict(self) -> dict[str, Any]:
        """The summary the command line prints as JSON (once the service has put the report in words)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "rejected": [{"row": r.row, "code": r.code, "reason": r.reason} for r in self.rejected],
            "batch_id": self.batch_id,
            "rows": [
                {"row": r.row, "action": r.action, "code": r.code, "reason": r.reason,
                 "warnings": [{"code": i.code, "reason": w} for i, w in zip(r.issues, r.warnings or [""] * len(r.issues),
                                                                              strict=True)],
                 "first_action": _first_action(r)}
                for r in self.rows
            ],
        }


def _first_action(row: RowOutcome) -> dict[str, str | None] | None:
    """A new prospect's first action from the file's next step, as `import --json` gives it: its title
    (None: the default one, in the importing user's language) and the day it is due."""
    if row.first_action is None or row.action != CREATE:
        return None
    title, day = row.first_action
    return {"title": title, "due": day.isoformat()}


def created_leads(outcomes: list[RowOutcome]) -> Leads:
    """The prospects the rows `outcomes` create, as columns: picked from the file's leads, the few a
    duplicate changed (a blank filled by a later row, a link to a contact) put in their place."""
    source = next((o.leads for o in outcomes if o.leads is not None and o.own is None), None)
    if source is None:
        return Leads.of([o.prospect for o in outcomes])
    picked = source.take([o.index if o.leads is source and o.own is None else 0 for o in outcomes])
    changed = [(i, o.prospect) for i, o in enumerate(outcomes) if o.leads is not source or o.own is not None]
    if changed and picked is source:  # never change the file's leads themselves
        picked = Leads({name: list(values) for name, values in source.columns.items()})
    for i, prospect in changed:
        picked.put(i, prospect)
    return picked


def created_keys(outcomes: list[RowOutcome], keys: KeyColumns | None, identity: dict[int, IdentityKeys]) -> KeyColumns:
    """The identity keys of the prospects the rows `outcomes` create, as columns: those the duplicate index
    holds for a row (`identity`: a row decided against it, its keys changed by a later row's blanks),
    else those of its lead as staged."""
    if keys is None or not outcomes:
        return KeyColumns.of([identity[o.row] for o in outcomes])
    picked = keys.take([0 if o.row in identity else o.index for o in outcomes])
    for position, outcome in enumerate(outcomes):
        if outcome.row in identity:
            picked.put(position, identity[outcome.row])
    return picked
