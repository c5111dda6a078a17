"""The settings lists an import matches values against (stages, users, choices, categories) and the
per-column formats (dates, numbers) of a file: what the page asks about before a plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prospects.domain import CustomField, FieldType, Status, fold
from prospects.importing import normalising as norm
from prospects.importing.mapping import CUSTOM_PREFIX, LIST_TARGETS, normalise_header
from prospects.importing.report import Context, ImportSource

DATE_TARGETS = ("project_due", "closed_on", "birth_date")


class _Lists:
    """The settings lists values are matched against, by folded name."""

    def __init__(self, context: Context) -> None:
        self._cache: dict[tuple[str, str], Any] = {}
        self.stages = {fold(s.name): s for s in context.stages}
        self.stage_names = {s.id: s.name for s in self.stages.values()}
        users = context.users
        self.initials = [u.initials for u in users if u.active]
        self.users: dict[str, int] = {}
        for user in users:
            for key in (user.initials, user.full_name, user.email):
                if key:
                    self.users.setdefault(fold(key), user.id)
        self.choices = {kind: {fold(n): n for n in context.choices.get(kind, ())}
                        for kind in ("channel", "civility", "loss_reason", "sector", "client_type")}
        self.category_labels = list(context.categories.values())
        self.categories = {fold(label): position for position, label in context.categories.items()}
        self.statuses = {fold(word): status for word, status in context.status_words.items()}
        for status in Status:
            self.statuses[fold(str(status))] = status
        for word, status in (("ouvert", Status.OPEN), ("gagne", Status.WON), ("perdu", Status.LOST),
                             ("closed won", Status.WON), ("closed lost", Status.LOST), ("en cours", Status.OPEN)):
            self.statuses[word] = status

    def options(self, target: str) -> list[str]:
        """The values a file value of `target` can be translated into."""
        if target == "stage":
            return [s.name for s in self.stages.values()]
        if target == "owner":
            return self.initials
        if target == "status":
            return [str(s) for s in Status]
        if target == "categories":
            return self.category_labels
        return list(self.choices.get(target, {}).values())

    def resolve(self, target: str, text: str) -> Any:
        """The settings value for a file value, or None when the list does not have it."""
        cache_key = (target, text)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._resolve(target, text)
        return self._cache[cache_key]

    def _resolve(self, target: str, text: str) -> Any:
        key = fold(text).strip()
        if target == "stage":
            stage = self.stages.get(key)
            return stage.id if stage else None
        if target == "owner":
            return self.users.get(key)
        if target == "status":
            return self.statuses.get(key)
        if target == "categories":
            if key.isdigit() and 1 <= int(key) <= 20:
                return int(key)
            return self.categories.get(key)
        return self.choices.get(target, {}).get(key)


def value_options(context: Context, target: str) -> list[str]:
    """Settings values a file value of `target` can be translated into (for the page)."""
    return _Lists(context).options(target)


def unmatched_values(context: Context, source: ImportSource, mapping: list[str]) -> dict[str, list[str]]:
    """For each list target mapped, the distinct file values the settings list does not know."""
    lists = _Lists(context)
    result = {}
    for target in dict.fromkeys(m for m in mapping if m in LIST_TARGETS):
        values = [v for v in source.distinct_values(target, mapping) if lists.resolve(target, v) is None]
        if values:
            result[target] = values
    return result


@dataclass
class ColumnFormats:
    """How the date and number columns of a file are read."""

    dates: dict[int, norm.DateFormat]  # column -> date order
    decimal_marks: dict[int, str | None]  # column -> decimal mark, None when nothing tells
    ambiguous: dict[int, str]  # date columns whose values never tell day from month -> the order assumed


def _kind(target: str, custom: dict[str, CustomField]) -> str:
    if target in DATE_TARGETS:
        return "date"
    if target == "created_at":
        return "datetime"
    if target in ("expected_revenue", "interest", "rating"):
        return "number"
    if target in custom:
        return {FieldType.DATE: "date", FieldType.NUMBER: "number"}.get(custom[target].type, "text")
    return "text"


def column_formats(source: ImportSource, mapping: list[str], custom: dict[str, CustomField], country: str) -> ColumnFormats:
    """The date order and decimal mark of each mapped column, decided from all of its values; where no
    date tells day from month, the file's language (French headers) or the default country decides."""
    headers = source.headers
    french = any(h != normalise_header(h) and fold(h) != h.lower() for h in headers) or any(
        normalise_header(h) in ("nom", "prenom", "societe", "ville", "telephone") for h in headers
    )
    default_order = norm.DMY if french or country not in ("US", "CA", "PH") else norm.MDY
    formats = ColumnFormats({}, {}, {})
    for i, target in enumerate(mapping):
        kind = _kind(target, custom)
        if kind not in ("date", "datetime", "number"):
            continue
        values = [r[i] for r in source.table.rows if i < len(r) and r[i]]
        if kind == "number":
            formats.decimal_marks[i] = norm.decide_decimal_mark(values)
            continue
        fmt = formats.dates[i] = norm.decide_date_format(values, default_order)
        if fmt.assumed and norm.has_numeric_dates(values):
            formats.ambiguous[i] = fmt.order
    return formats


def ambiguous_dates(context: Context, source: ImportSource, mapping: list[str]) -> dict[int, str]:
    """Date columns where no value tells day from month, with the order that would be assumed (for the page)."""
    custom = {f"{CUSTOM_PREFIX}{f.id}": f for f in context.custom_fields}
    return column_formats(source, mapping, custom, context.country).ambiguous
