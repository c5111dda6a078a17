"""Rules of the Settings: names, initials, probabilities, categories, custom field types, default lists.

Plain Python: each `check_*` returns the problems found as FieldErrors (empty when all is well),
so the page can show every message next to its field. Names are compared without case or accents.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import phonenumbers
from babel.numbers import list_currencies

from prospects.domain import (
    LANGUAGES,
    MAX_CATEGORIES,
    Choice,
    CustomField,
    FieldType,
    Stage,
    User,
    check_email,
    coerce_custom_value,
    fold,
)
from prospects.errors import FieldError, Term, ValidationError

DEFAULTS_FILE = Path(__file__).parent.parent / "defaults" / "defaults.toml"
MAX_NAME_LENGTH = 80
MAX_INITIALS_LENGTH = 5


def check_name(name: str | None, others: Iterable[str], field: str = "name") -> list[FieldError]:
    """A name is required, short, and unlike every other name of its list (ignoring case and accents)."""
    text = (name or "").strip()
    if not text:
        return [FieldError(field, "settings.error.name_missing")]
    if len(text) > MAX_NAME_LENGTH:
        return [FieldError(field, "settings.error.name_too_long", {"max": MAX_NAME_LENGTH})]
    if fold(text) in {fold(o.strip()) for o in others if o}:
        return [FieldError(field, "settings.error.name_duplicate", {"value": text})]
    return []


def check_stage(stage: Stage, others: Iterable[Stage]) -> list[FieldError]:
    errors = check_name(stage.name, [s.name for s in others if s.id != stage.id])
    if not 0 <= stage.probability <= 100:
        errors.append(FieldError("probability", "settings.error.probability_range"))
    if stage.stale_after_days <= 0:
        errors.append(FieldError("stale_after_days", "settings.error.stale_days_positive"))
    return errors


def check_choice(choice: Choice, others: Iterable[Choice]) -> list[FieldError]:
    """Retired values count too: restoring one must not create a duplicate."""
    return check_name(choice.name, [c.name for c in others if c.id != choice.id and c.kind == choice.kind])


def check_custom_field(custom_field: CustomField, others: Iterable[CustomField]) -> list[FieldError]:
    errors = check_name(custom_field.label, [f.label for f in others if f.id != custom_field.id], field="label")
    if custom_field.type not in tuple(FieldType):
        errors.append(FieldError("type", "settings.error.type_unknown"))
    return errors


def check_user(user: User, others: Iterable[User]) -> list[FieldError]:
    """Full name and initials required, initials unique; a valid email when given; someone stays active."""
    others = [u for u in others if u.id != user.id]
    errors = check_name(user.full_name, [], field="full_name")
    initials = (user.initials or "").strip()
    if not initials:
        errors.append(FieldError("initials", "settings.error.initials_missing"))
    elif len(initials) > MAX_INITIALS_LENGTH:
        errors.append(FieldError("initials", "settings.error.initials_too_long", {"max": MAX_INITIALS_LENGTH}))
    elif fold(initials) in {fold(u.initials) for u in others}:
        owner = next(u.full_name for u in others if fold(u.initials) == fold(initials))
        errors.append(FieldError("initials", "settings.error.initials_duplicate", {"value": initials, "who": owner}))
    if user.email:
        try:
            check_email(user.email)
        except ValueError:
            errors.append(FieldError("email", "error.email_invalid", {"value": user.email}))
    if not user.active and not any(u.active for u in others):
        errors.append(FieldError("active", "settings.error.last_active_user"))
    return errors


def check_categories(labels: dict[int, str | None]) -> list[FieldError]:
    """At most 20 tick boxes, numbered 1-20, with distinct labels (empty ones are unused boxes)."""
    errors: list[FieldError] = []
    if len(labels) > MAX_CATEGORIES or any(not 1 <= p <= MAX_CATEGORIES for p in labels):
        errors.append(FieldError("categories", "settings.error.too_many_categories", {"max": MAX_CATEGORIES}))
    seen: set[str] = set()
    for position, label in sorted(labels.items()):
        text = (label or "").strip()
        if not text:
            continue
        if len(text) > MAX_NAME_LENGTH:
            errors.append(FieldError(f"category_{position}", "settings.error.name_too_long", {"max": MAX_NAME_LENGTH}))
        elif fold(text) in seen:
            errors.append(FieldError(f"category_{position}", "settings.error.name_duplicate", {"value": text}))
        seen.add(fold(text))
    return errors


def currencies() -> list[str]:
    """ISO 4217 codes, the usual ones first."""
    usual = ["EUR", "USD", "GBP", "CHF", "CAD"]
    return usual + sorted(c for c in list_currencies() if c not in usual)


def countries() -> list[str]:
    """Region codes the phone number library knows (FR, BE, CH...)."""
    return sorted(phonenumbers.SUPPORTED_REGIONS)


def check_general(values: dict[str, str]) -> list[FieldError]:
    errors: list[FieldError] = []
    if "currency" in values and values["currency"] not in currencies():
        errors.append(FieldError("currency", "settings.error.currency_unknown", {"value": values["currency"]}))
    if "default_country" in values and values["default_country"] not in countries():
        errors.append(FieldError("default_country", "settings.error.country_unknown", {"value": values["default_country"]}))
    if "language" in values and values["language"] not in LANGUAGES:
        errors.append(FieldError("language", "settings.error.language_unknown", {"value": values["language"]}))
    return errors


# -- custom field types ------------------------------------------------------

# Changes that can never keep a value: a date is not a number, a yes/no is not a date.
_NEVER = {
    (FieldType.NUMBER, FieldType.DATE),
    (FieldType.DATE, FieldType.NUMBER),
    (FieldType.DATE, FieldType.BOOLEAN),
    (FieldType.BOOLEAN, FieldType.DATE),
}


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _convert(value: Any, old: FieldType, new: FieldType) -> Any:
    """One value in the new type, or ValueError when it would not survive the change."""
    if (old, new) in _NEVER:
        raise ValueError(value)
    if new is FieldType.TEXT:
        return _as_text(value)
    if old is FieldType.NUMBER and new is FieldType.BOOLEAN:
        if value not in (0, 1):
            raise ValueError(value)
        return bool(value)
    if old is FieldType.BOOLEAN and new is FieldType.NUMBER:
        return 1.0 if value else 0.0
    if new is FieldType.DATE and isinstance(value, str) and "/" in value:
        return datetime.strptime(value.strip(), "%d/%m/%Y").date()
    converted = coerce_custom_value(new, value)
    if converted is None:
        raise ValueError(value)
    return converted


def convert_custom_values(values: list[Any], old: FieldType, new: FieldType) -> list[Any]:
    """Every stored value in the new type; a ValidationError explains the change when one would be lost."""
    if old is new:
        return list(values)
    converted: list[Any] = []
    failed: list[Any] = []
    for value in values:
        try:
            converted.append(_convert(value, old, new))
        except (ValueError, TypeError):
            failed.append(value)
    if failed:
        raise ValidationError(
            [
                FieldError(
                    "type",
                    "settings.error.type_change_lossy",
                    {"count": len(failed), "example": _as_text(failed[0]), "old": Term(f"settings.type.{old}"), "new": Term(f"settings.type.{new}")},
                )
            ]
        )
    return converted


# -- default lists in each language ------------------------------------------


@lru_cache(maxsize=1)
def _defaults_file() -> dict[str, Any]:
    return tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def load_defaults(language: str | None = None) -> dict[str, Any]:
    """The defaults of a new database, with the names of the lists in `language`.

    defaults.toml holds the English names; its `[fr]` table gives the French names in the same
    order. A database is seeded in one language: its values are the team's data from then on.
    """
    base = _defaults_file()
    lang = language or base["general"].get("language", "en")
    general = {**base["general"], "language": lang}
    names = default_names(lang)
    return {
        "general": general,
        "users": base["users"],
        "stages": [{**stage, "name": name} for stage, name in zip(base["stages"], names["stage"], strict=True)],
        "choices": {kind: names[kind] for kind in base["choices"]},
        "categories": {"labels": names["category"]},
    }


def default_names(language: str) -> dict[str, list[str]]:
    """The default names of each list ("stage", "category" and the choice kinds) in a language."""
    base = _defaults_file()
    english = {
        "stage": [s["name"] for s in base["stages"]],
        "category": list(base["categories"]["labels"]),
        **{kind: list(names) for kind, names in base["choices"].items()},
    }
    if language == "en" or language not in base:
        return english
    other = base[language]
    return {
        "stage": list(other["stages"]),
        "category": list(other["categories"]),
        **{kind: list(other["choices"].get(kind, english[kind])) for kind in base["choices"]},
    }


def default_renames(current: Iterable[str], kind: str, language: str) -> dict[str, str]:
    """For the values of a list still named as a default in some language: their name in `language`."""
    target = default_names(language)[kind]
    renames: dict[str, str] = {}
    names = set(current)
    for lang in LANGUAGES:
        if lang == language:
            continue
        for old, new in zip(default_names(lang)[kind], target, strict=True):
            if old in names and old != new and new not in names:
                renames[old] = new
    return renames
