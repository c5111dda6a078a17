"""What an import is made of and what it tells: the options, the file read and mapped, each row's
outcome (with its stable code) and the report. Pure data: the page, the command line and the
services read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from prospects.domain import Prospect
from prospects.domain.identity import IdentityKeys
from prospects.errors import code_of
from prospects.i18n import t
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
                 "not_in_list", "number_ambiguous", "number_invalid", "out_of_range", "phone_invalid",
                 "suspected_duplicate", "value_unknown")
class Store(Protocol):
    """What importing reads of the base, and nothing more: the lists values are matched against,
    the default country, the saved mappings, the known identity keys and the prospects they name.

    Importing never imports `prospects.store` (it turns bytes into candidate prospects and never
    writes); the service that runs it hands it the opened store, which has these repositories.
    """

    stages: Any
    users: Any
    choices: Any
    categories: Any
    custom_fields: Any
    settings: Any
    imports: Any
    prospects: Any


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
    reason: str = ""  # the sentence, in the current language
    code: str = ""  # the stable code of the outcome or its reason (one of ROW_CODES)
    match: Match | None = None
    prospect: Prospect | None = None  # the prospect to create
    target_id: int | None = None  # the prospect to update
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    warnings: list[str] = field(default_factory=list)  # sentences, in the current language
    warning_codes: list[str] = field(default_factory=list)  # their stable codes, in the same order

    def warn(self, key: str, text: str | None = None, **params: Any) -> None:
        """Note a problem of the row that does not stop it (a value kept in the notes, say): its
        stable code (the key's last part, `email_invalid`) and its sentence."""
        self.warnings.append(text if text is not None else t(key, **params))
        self.warning_codes.append(code_of(key))


@dataclass
class ImportReport:
    rows: list[RowOutcome]
    batch_id: int | None = None
    notices: list[str] = field(default_factory=list)  # about whole columns (a date format assumed...)
    identity: dict[int, IdentityKeys] = field(default_factory=dict, repr=False)  # row -> keys of its new prospect

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

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
        """The summary the command line prints as JSON."""
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "rejected": [{"row": r.row, "code": r.code, "reason": r.reason} for r in self.rejected],
            "batch_id": self.batch_id,
            "rows": [
                {"row": r.row, "action": r.action, "code": r.code, "reason": r.reason,
                 "warnings": [{"code": c, "reason": w} for c, w in zip(r.warning_codes, r.warnings, strict=True)]}
                for r in self.rows
            ],
        }
