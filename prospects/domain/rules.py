"""The sales domain's rules: cleaning text at the door, closing and reopening deals, validation."""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from email_validator import EmailNotValidError, validate_email

from prospects.domain.models import MAX_CATEGORIES, Action, Contact, DueState, FieldType, Prospect, Status
from prospects.domain.phones import normalise_phone
from prospects.errors import FieldError, ValidationError

# Free text whose layout is the rep's own: surrounding spaces, indents and blank lines are kept as typed
# or imported (a note may open with an indented quote, a door code with "   2nd door on the left").
# Every other text (names, company, e-mail, phones, city, lists, summary, titles, labels) is one line,
# trimmed, with inner runs of spaces and line breaks made one space.
KEEPS_WHITESPACE = frozenset(("project_notes", "prospect_notes", "door_info", "notes", "custom"))
# Text that may hold several lines, but whose surrounding whitespace is not data.
MULTILINE = frozenset(("address",))
# Control characters a spreadsheet or an XML file cannot hold (NUL, vertical tab, escape, DEL, C1...):
# every character of Unicode category Cc except tab and line feed (a carriage return becomes a line feed);
# and lone surrogates (a JSON file's "\ud800"), which are no text at all and cannot even be stored.
_CONTROL = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n")
    + "\ud800-\udfff]"
)
_ONE_LINE_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_LINE_SPACES = re.compile(r"[^\S\n]+")


def at_the_door(text: str | None, field: str | None = None) -> str | None:
    """Text as the product keeps it, whatever door it came in by (a file's cell, a form, the settings).

    Control characters other than tab and line feed, and lone surrogates, are dropped (one of them
    breaks every Excel export), and every line break becomes a line feed. Then it depends on the field:

    - `KEEPS_WHITESPACE` (project_notes, prospect_notes, an action's or a contact's notes,
      door_info, custom text fields): nothing more. Their spaces, indents and blank lines are the
      rep's layout, so an export imported back gives them exactly as they were.
    - `MULTILINE` (address): the ends are trimmed, the line breaks kept.
    - every other field: one line, trimmed, runs of spaces made one space: surrounding spaces
      of a name or an e-mail are typing or copy-paste noise, never data.
    - no field (None): a file's cell before it is known which field it fills; only the control
      characters go, and the field's own rule is applied once the column is mapped.

    Text left with nothing but whitespace is None: an empty field. This is the one rule; the
    import's cells and every form go through it, so an export re-imported comes back equal.
    """
    if text is None:
        return None
    text = str(text)
    if not text.isprintable():  # the usual value has nothing to drop: skip the work
        text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if field is None or field in KEEPS_WHITESPACE:
        return text if text.strip() else None
    if field in MULTILINE:
        text = "\n".join(_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()
    elif "  " in text or not text.isprintable():
        text = _ONE_LINE_SPACES.sub(" ", text).strip()
    else:
        text = text.strip()
    return text or None


_NOTHING = {"": None}


def at_the_door_of_plain(texts: Sequence[str], field: str | None = None) -> list[str | None] | None:
    """`at_the_door(text, field)` of each of many texts (a file's column), in a few passes over all of
    them at once when every text is plain: printable (its only whitespace is the space: no control
    character, no line break), and for a field of one line no two spaces in a row. The rule then only
    trims a text, or keeps it as it is when it holds more than spaces (a field that keeps its
    whitespace), and an empty one is None. None when some text is not plain: ask `at_the_door` of each.

    The texts are looked at joined by "|" (printable, and no space: no two spaces across a joint), which
    also shows whether one may have a space at an end (" |", "| " or one at an end of the whole): when
    none can, a text is its own value and no text is trimmed. `tests/importing/test_fast_paths.py`
    proves the two answers agree."""
    joined = "|".join(texts)
    if not joined.isprintable():
        return None
    one_line = field is not None and field not in KEEPS_WHITESPACE
    if one_line and "  " in joined:
        return None
    if joined[:1] == " " or joined[-1:] == " " or "| " in joined or " |" in joined:
        trimmed = list(map(str.strip, texts))
        return list(map(_NOTHING.get, trimmed, trimmed if one_line else texts))
    return list(map(_NOTHING.get, texts, texts))


def clean_prospect(prospect: Prospect, custom_types: dict[int, FieldType] | None = None) -> Prospect:
    """The prospect with every text field passed through `at_the_door` (custom text fields too)."""
    changes: dict[str, Any] = {
        f.name: at_the_door(getattr(prospect, f.name), f.name)
        for f in dataclasses.fields(prospect)
        if type(getattr(prospect, f.name)) is str  # not the status, a str enum
    }
    changes["custom"] = {
        key: at_the_door(value, "custom") if type(value) is str else value
        for key, value in prospect.custom.items()
    }
    changes["custom"] = {k: v for k, v in changes["custom"].items() if v is not None}
    return prospect.replace(**changes)


def clean_action(action: Action) -> Action:
    """The action with its title (one line, trimmed) and notes (kept as laid out) through `at_the_door`."""
    return action.replace(title=at_the_door(action.title, "title") or "", notes=at_the_door(action.notes, "notes"))


def parse_status(value: str | Status) -> Status:
    """The status for a stored or typed value; anything else is refused."""
    try:
        return Status(str(value).strip().lower())
    except ValueError:
        raise ValidationError([FieldError("status", "error.status_unknown", {"value": value})]) from None


def close(prospect: Prospect, status: Status, on: date | None = None, loss_reason: str | None = None) -> Prospect:
    """Win or lose a deal: the close date is today unless given."""
    status = parse_status(status)
    if status is Status.OPEN:
        return reopen(prospect)
    return prospect.replace(
        status=status,
        closed_on=on or date.today(),
        loss_reason=loss_reason if status is Status.LOST else None,
    )


def reopen(prospect: Prospect) -> Prospect:
    """Put a closed deal back in the pipeline; the close date and loss reason go."""
    return prospect.replace(status=Status.OPEN, closed_on=None, loss_reason=None)


def next_action(actions: Iterable[Action]) -> Action | None:
    """The earliest undone action (by due time, then by id), if any."""
    undone = [a for a in actions if not a.done]
    if not undone:
        return None
    return min(undone, key=lambda a: (a.due_at is None, a.due_at or datetime.max, a.id or 0))


def due_state(due_at: datetime | date | None, now: datetime) -> DueState | None:
    """Late, today or later: red, orange or green on a card."""
    if due_at is None:
        return None
    if not isinstance(due_at, datetime):
        due_at = datetime.combine(due_at, datetime.min.time())
    if due_at.date() < now.date():
        return DueState.LATE
    if due_at.date() == now.date():
        return DueState.LATE if due_at < now and due_at.time() != datetime.min.time() else DueState.TODAY
    return DueState.LATER


def probability(prospect_interest: int | None, status: Status, stage_probability: int | None) -> int:
    """Probability of a deal in every weighted figure: won 100, lost 0, else its interest, else its stage's.

    `stage_probability` is the deal's own stage's, even a retired one (retiring a stage does not
    change what the deals left in it are worth); None (no stage) counts 0. The store's SQL twin is
    `prospects.store.weights.probability_sql`; tests/store/test_weighted_amount.py proves them equal.
    """
    if status is Status.WON:
        return 100
    if status is Status.LOST:
        return 0
    if prospect_interest is not None:
        return prospect_interest
    return stage_probability or 0


# The fields a prospect's display name is built from, in the order `display_name` takes them.
NAME_FIELDS = ("first_name", "last_name", "company", "email", "phone", "mobile")


def display_name(
    first_name: str | None,
    last_name: str | None,
    company: str | None,
    email: str | None = None,
    phone: str | None = None,
    mobile: str | None = None,
) -> str:
    """What a rep calls a prospect, on every screen: the person (first then last name), else the company,
    else the e-mail, else a phone; always one line (a card's or a row's lines are ours), "" when nothing.
    """
    person = " ".join(x for x in (_one_line(first_name), _one_line(last_name)) if x)
    return person or next((x for x in map(_one_line, (company, email, phone, mobile)) if x), "")


def _one_line(value: object) -> str:
    """A text on one line: no surrounding spaces, inner runs of spaces and line breaks as one space.

    Missing values (None, or pandas' NaN from a query frame, which is not equal to itself) give "".
    """
    if value is None or value != value:  # noqa: PLR0124 - NaN test without importing pandas
        return ""
    return " ".join(str(value).split())


_CENT = Decimal("0.01")


def cents(value: Decimal | float | int | str | None) -> Decimal | None:
    """THE rule of an amount kept to the cent: half a cent away from zero (0.225 -> 0.23, -0.225 -> -0.23),
    as a spreadsheet rounds and as DuckDB's DECIMAL(14, 2) column rounds what it is given (a property test
    holds the two together). The record form, the board, the import and every write of the store use it."""
    if value is None:
        return None
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(_CENT, rounding=ROUND_HALF_UP)


# Letters that neither case folding nor accent stripping reduce to plain Latin letters, spelt as a keyboard
# without them writes them (œ as oe, æ as ae).
_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
# The combining marks of the Combining Diacritical Marks block (U+0300-U+036F, the accents NFKD splits off
# Latin letters), as unicodedata.combining tells them: taken out by one regular expression before the
# character-by-character filter that any other mark still needs.
_YPOGEGRAMMENI = "\u0345"  # a combining mark, as NFKD splits it off ᾳ
_LATIN_MARKS = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]")


def fold(text: str | None) -> str:
    """Case-folded text without accents, with ß, İ, œ and æ spelt in plain letters ("Œuvre" is "oeuvre",
    "Lætitia" is "laetitia", "Groß" is "gross").

    THE fold of every comparison that ignores case and accents: who is the same person
    (`domain.identity`), the searches (the list's and the contacts' free-text filter and the stored
    `search_text` they look into, `search_blob`), a file's values matched to the settings' lists. It works
    character by character, never across a space, so text folded word by word or field by field gives
    the same (the store's bulk insert folds field by field).
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    if _YPOGEGRAMMENI in text:  # the one accent that case folding turns into a letter (ι): taken out first
        text = text.replace(_YPOGEGRAMMENI, "")
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    if folded.isascii():  # no combining mark left to take out (they are all beyond ASCII)
        return folded
    folded = _LATIN_MARKS.sub("", folded)  # the accents of Latin letters, in one pass
    if folded.isascii():
        return folded
    return "".join(c for c in folded if not unicodedata.combining(c))


# The fields the free-text filter looks into, for prospects and contacts alike.
SEARCH_FIELDS = ("last_name", "first_name", "company", "email", "city")


def search_blob(record: Prospect | Contact) -> str:
    """The folded text the free-text filter looks into (the store's `search_text` column).

    The one rule: the store's bulk insert folds part by part for speed, and
    tests/store/test_search_text.py proves it gives this on generated text.
    """
    return search_text_of(getattr(record, f) for f in SEARCH_FIELDS)


def search_text_of(values: Iterable[str | None]) -> str:
    """`search_blob` of a record given by the values of its `SEARCH_FIELDS`, in that order."""
    return fold(" ".join(p for p in values if p))


def search_texts_of(columns: Sequence[Sequence[str | None]]) -> list[str]:
    """`search_text_of` of many records given column by column (one column per `SEARCH_FIELDS`, in that
    order), each distinct value of a column folded once: names, companies and cities repeat, and folding
    works character by character, never across a space, so field by field gives what the whole text gives
    (tests/domain/test_one_fold.py). For the store's computation of every row's search text."""
    folded = []
    for column in columns:
        found = {value: fold(value) for value in set(column) if value}
        folded.append(list(map(found.get, column)))  # None for an empty field, left out below
    return [" ".join([p for p in parts if p is not None]) for parts in zip(*folded, strict=True)]


def has_identity(record: Prospect | Contact) -> bool:
    """A lead or a contact needs at least a name, a company, an email or a phone number."""
    return any(
        (v or "").strip()
        for v in (record.last_name, record.first_name, record.company, record.email, record.phone, record.mobile)
    )


def validate_person(record: Prospect | Contact) -> list[FieldError]:
    """What a prospect and a main contact both need: an identity, and a well-formed e-mail when there is one."""
    errors: list[FieldError] = []
    if not has_identity(record):
        errors.append(FieldError("last_name", "error.identity_missing"))
    if record.email:
        try:
            check_email(record.email)
        except ValueError:
            errors.append(FieldError("email", "error.email_invalid", {"value": record.email}))
    return errors


def check_email(value: str) -> str:
    """The normalised email, or a ValueError when its syntax is wrong."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None


def validate_prospect(prospect: Prospect, today: date | None = None) -> list[FieldError]:
    """Field-level problems of a prospect; an empty list means it can be saved."""
    errors = validate_person(prospect)
    for name in ("phone", "mobile"):
        number = getattr(prospect, name)
        if number and not _is_phone(number):
            errors.append(FieldError(name, "record.phone_invalid", {"value": number}))
    if prospect.interest is not None and not 0 <= prospect.interest <= 100:
        errors.append(FieldError("interest", "error.interest_range"))
    if prospect.rating is not None and not 0 <= prospect.rating <= 5:
        errors.append(FieldError("rating", "error.rating_range"))
    if prospect.expected_revenue is not None and prospect.expected_revenue < 0:
        errors.append(FieldError("expected_revenue", "error.revenue_negative"))
    if prospect.status not in tuple(Status):
        errors.append(FieldError("status", "error.status_unknown", {"value": prospect.status}))
    created = (prospect.created_at.date() if prospect.created_at else None) or today or date.today()
    if prospect.closed_on is not None:
        if prospect.closed_on < created:
            errors.append(FieldError("closed_on", "error.closed_before_created"))
        if prospect.status is Status.OPEN:
            errors.append(FieldError("closed_on", "error.closed_but_open"))
    if len(prospect.categories) > MAX_CATEGORIES or any(not 1 <= c <= MAX_CATEGORIES for c in prospect.categories):
        errors.append(FieldError("categories", "error.category_unknown"))
    if prospect.birth_date is not None and prospect.birth_date > (today or date.today()):
        errors.append(FieldError("birth_date", "error.birth_in_future"))
    return errors


def _is_phone(number: str) -> bool:
    """Whether the phone rule (`phones.normalise_phone`) accepts the number, whoever brings it.

    The form and the import parse what people type into E.164 first; whatever path they take,
    the number saved must be one this rule accepts ("07 00 00 00 00" is no French number).
    """
    try:
        normalise_phone(number)
    except ValueError:
        return False
    return True


def validate_action(action: Action) -> list[FieldError]:
    """Field-level problems of an action."""
    errors: list[FieldError] = []
    if not (action.title or "").strip():
        errors.append(FieldError("title", "error.title_missing"))
    if action.due_at is None:
        errors.append(FieldError("due_at", "error.due_missing"))
    if action.prospect_id is None:
        errors.append(FieldError("prospect_id", "error.prospect_missing"))
    return errors


def check(errors: list[FieldError]) -> None:
    """Raise the errors together, so the page can show each next to its field."""
    if errors:
        raise ValidationError(errors)


def coerce_custom_value(field_type: FieldType, value: Any) -> Any:
    """A custom field value in its type, or ValueError with a readable reason."""
    if value is None or value == "":
        return None
    if field_type is FieldType.TEXT:
        return str(value)
    if field_type is FieldType.NUMBER:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return float(value)
        return float(str(value).replace("\u202f", "").replace(" ", "").replace(",", "."))
    if field_type is FieldType.DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value))
    if field_type is FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "oui", "y", "o", "x", "vrai"):
            return True
        if text in ("0", "false", "no", "non", "n", "faux"):
            return False
        raise ValueError(f"not a yes/no value: {value!r}")
    raise ValueError(f"unknown field type {field_type!r}")
