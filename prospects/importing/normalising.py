"""Cleaning the text of a cell into a field value: phones, emails, dates, numbers, yes/no.

Dates and numbers are read per column: the format of a date column (dd/mm/yyyy, mm/dd/yyyy,
ISO, Excel serial) and the decimal mark of a number column are decided from all its values,
so "03/04/2026" is never read one way on one row and the other way on the next.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from email_validator import SPECIAL_USE_DOMAIN_NAMES

from prospects.domain import at_the_door, check_email
from prospects.domain.phones import normalise_phone, plan_regions

ISO = "iso"
DMY = "dmy"
MDY = "mdy"
SERIAL = "serial"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
# An address already valid and normalised, read in one vectorised pass; anything else goes through the
# e-mail rule (`domain.check_email`). Domain labels with a hyphen at an end or two in a row ("xn--"),
# and the special-use domains the rule refuses (.local, .test...), are left to it
# (`tests/importing/test_fast_paths.py` proves the two agree).
_SIMPLE_EMAIL = re.compile(
    r"^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,}$"
)
_SPECIAL_USE_DOMAIN = re.compile(r"(?:^|[.@])(?:" + "|".join(SPECIAL_USE_DOMAIN_NAMES) + r")$")
_FR_PHONE = re.compile(r"^0[1-9](?:[ .\-]?\d{2}){4}$")


class CellError(ValueError):
    """A cell that cannot become a value; `key` and `params` make the message for its row."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def clean_text(text: str | None, field: str = "") -> str | None:
    """A cell's text as the field keeps it: the door rule of the whole product (`domain.at_the_door`),
    so notes keep their surrounding whitespace and names are trimmed as a form would."""
    return at_the_door(text, field)


# -- emails and phones ---------------------------------------------------------


def clean_email(text: str) -> str:
    """The normalised email; CellError when its syntax is wrong."""
    value = text.strip().strip("<>").removeprefix("mailto:")
    if _SIMPLE_EMAIL.match(value) and not _SPECIAL_USE_DOMAIN.search(value):
        return value  # already valid and normalised: skip the slower full check
    try:
        return check_email(value)
    except ValueError:
        raise CellError("import.issue.email_invalid", value=text) from None


@lru_cache(maxsize=65536)
def clean_phone(text: str, default_country: str) -> str:
    """The number in international E.164 form; CellError when it is not a phone number."""
    compact = text.strip()
    try:
        value = normalise_phone(compact, default_country)
    except ValueError:
        raise _phone_refused(text) from None
    if value is None:
        raise _phone_refused(text)
    return value


def _phone_refused(text: str) -> CellError:
    return CellError("import.issue.phone_invalid", value=text)


def clean_email_cell(text: str) -> str:
    """The first address of a cell (some exports put several, separated by ; or ,), normalised."""
    candidates = [p for p in text.replace(",", ";").split(";") if p.strip()]
    if not candidates:  # only separators: "," or "; ;"
        raise CellError("import.issue.email_invalid", value=text)
    return clean_email(candidates[0])


# A column's cells cleaned: the value of each cell (None: empty, or refused), and the error of each cell refused.
Cleaned = tuple[list[str | None], dict[str, CellError]]


def clean_emails(texts: list[str]) -> dict[str, str | CellError]:
    """`clean_email_cell` of many distinct non-empty cells (`emails_of`), its CellError for a cell it refuses."""
    return _by_text(texts, emails_of(texts))


def emails_of(cells: list[str]) -> Cleaned:
    """`clean_email_cell` of each cell of a column: those already valid and normalised are found in one
    vectorised pass (Arrow's regular expressions), the others are checked one by one."""
    def usual_value(usual: pa.Array) -> pa.Array:
        special = pc.match_substring_regex(usual, _SPECIAL_USE_DOMAIN.pattern)
        return pc.if_else(special, pa.scalar(None, pa.string()), usual)

    return _clean_column(cells, _SIMPLE_EMAIL.pattern, usual_value, clean_email_cell)


def clean_phones(texts: list[str], default_country: str) -> dict[str, str | CellError]:
    """`clean_phone` of many distinct non-empty cells (`phones_of`), its CellError for a cell it refuses."""
    return _by_text(texts, phones_of(texts, default_country))


def _by_text(texts: list[str], cleaned: Cleaned) -> dict[str, str | CellError]:
    values, errors = cleaned
    return {**{text: value for text, value in zip(texts, values, strict=True) if value is not None}, **errors}


def phones_of(cells: list[str], default_country: str) -> Cleaned:
    """`clean_phone` of each cell of a column: French numbers written the usual way (06 12 34 56 78) become
    +33612345678 in one vectorised pass, the others go through the phone library one by one.

    The same pass reads them as the rule does, with the phone library's own metadata: in France first,
    else in the first overseas department of France's numbering plan that holds the number valid
    (06 93 … is +262 693 …, `domain.phones.plan_regions`), else refused (07 00 00 00 00): the rule would
    answer the same (`tests/importing/test_fast_paths.py`), and a badge file of such numbers would
    otherwise cost one library call each."""
    if default_country != "FR":
        return _clean_column(cells, None, None, lambda text: clean_phone(text, default_country))
    def usual_value(usual: pa.Array) -> pa.Array:
        return _in_plan(_digits_of_usual(usual), plan_regions("FR"))

    return _clean_column(cells, _FR_PHONE.pattern, usual_value, lambda text: clean_phone(text, default_country),
                         _phone_refused)


# What the vectorised pass gives a number it refuses (never an E.164 value, which starts with "+").
_REFUSED = "refused"


def _in_plan(digits: pa.Array, regions: tuple[str, ...]) -> pa.Array:
    """The E.164 value of each number written with its trunk 0 (digits only: 0612345678) in the first of
    `regions` that holds its national number (the digits after the 0) valid, else _REFUSED: the 0
    replaced by the region's country code in place (+33612345678). Each region after the first is asked
    only about the numbers the ones before it refused: a file of numbers of France pays one pass, not
    one per overseas department."""
    valid = pc.match_substring_regex(digits, "^0" + _valid_national_number(regions[0])[1:])
    code = f"+{phonenumbers.PhoneMetadata.metadata_for_region(regions[0]).country_code}"
    value = pc.if_else(valid, pc.binary_replace_slice(digits, 0, 1, code), pa.scalar(_REFUSED))
    refused = pc.invert(valid)
    if len(regions) == 1 or not pc.any(refused).as_py():
        return value
    return pc.replace_with_mask(value, refused, _in_plan(pc.filter(digits, refused), regions[1:]))


@lru_cache(maxsize=16)
def _valid_national_number(region: str) -> str:
    """The numbers the phone library holds valid in a region (its own metadata, not a copy of ours), as
    one regular expression over the national number: a number written the usual way that it refuses
    (07 00 00 00 00) leaves the fast path and is refused by the rule, as the record form refuses it."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    kinds = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number", "voip",
             "pager", "uan", "voicemail")
    patterns = [d.national_number_pattern for d in (getattr(metadata, k) for k in kinds) if d and d.national_number_pattern]
    return "^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$"


def _digits_of_usual(numbers: pa.Array) -> pa.Array:
    """The digits of numbers that match _FR_PHONE: only spaces, dots and dashes to take out (each
    separator looked for once over the whole column, and replaced only where some number has it)."""
    for separator in (" ", ".", "-"):
        if pc.any(pc.match_substring(numbers, separator)).as_py():
            numbers = pc.replace_substring(numbers, separator, "")
    return numbers


def _clean_column(
    cells: list[str], usual_pattern: str | None, usual_value: Callable[[pa.Array], pa.Array] | None,
    clean: Callable[[str], str], refuse: Callable[[str], CellError] | None = None,
) -> Cleaned:
    """Clean each cell of a column (an empty one has no value): the ones matching `usual_pattern` through
    the vectorised `usual_value`, each distinct other one once with `clean` (its CellError kept apart,
    so that no one looks for the refused cells among thousands of values). A usual cell that
    `usual_value` gives as _REFUSED is refused by `refuse`, one whose value comes back empty is not so
    usual after all: `clean` decides it. The cells are sorted out by Arrow, not one Python step each,
    and the values come back one per cell: no dictionary of distinct cells to build and look up again;
    the masks come back as NumPy arrays that pick the cells' own Python strings (`itertools.compress`)."""
    errors: dict[str, CellError] = {}
    everyone = range(len(cells))
    if usual_pattern is None or not cells:
        values: list[str | None] = [None] * len(cells)
        rest: Iterable[int] = itertools.compress(everyone, cells)
    else:
        column = _arrow_strings(cells)
        usual = pc.match_substring_regex(column, usual_pattern)
        every = pc.all(usual).as_py()
        found = usual_value(column if every else pc.filter(column, usual))
        if not every:
            found = pc.replace_with_mask(pa.nulls(len(cells), pa.string()), usual, found)
        # The cells left to `clean`: not empty, and no value from the vectorised pass (not even _REFUSED).
        left = pc.and_(pc.is_null(found), pc.greater(pc.binary_length(column), 0))
        if refuse is not None:
            refused = pc.fill_null(pc.equal(found, pa.scalar(_REFUSED)), False)
            if pc.any(refused).as_py():
                errors.update((text, refuse(text)) for text in set(itertools.compress(cells, _mask(refused))))
                found = pc.if_else(refused, pa.scalar(None, pa.string()), found)
        values = found.to_pylist()
        rest = itertools.compress(everyone, _mask(left)) if pc.any(left).as_py() else ()
    done: dict[str, str | None] = {}
    for index in rest:
        text = cells[index]
        value = done.get(text, _UNSEEN)
        if value is _UNSEEN:
            try:
                value = done[text] = clean(text)
            except CellError as error:
                value = done[text] = None
                errors[text] = error
        values[index] = value
    return values, errors


_UNSEEN = object()


def _arrow_strings(texts: list[str]) -> pa.Array:
    """The texts as an Arrow array. Joined by line feeds and split back by Arrow when no text holds one
    (the usual cell): one Python string handed over instead of one each."""
    joined = "\n".join(texts)
    pieces = pc.split_pattern(pa.array([joined], pa.string()), "\n")[0].values
    if len(pieces) == len(texts):  # as many pieces as texts: no text held a line feed
        return pieces
    return pa.array(texts, pa.string())


def _mask(flags: pa.Array) -> Iterable[bool]:
    """A boolean Arrow array (no nulls) as a NumPy one, for `itertools.compress`."""
    return flags.to_numpy(zero_copy_only=False)


# -- dates ---------------------------------------------------------------------


@dataclass(frozen=True)
class DateFormat:
    order: str  # dmy, mdy (for numeric dates; ISO and serials are read as such)
    assumed: bool  # no value told day from month: the order is the file's language default


def decide_date_format(values: list[str], default_order: str = DMY) -> DateFormat:
    """dd/mm or mm/dd from all the values of a column: a first part over 12 says day first."""
    day_first = month_first = False
    for value in values:
        match = _NUMERIC_DATE.match(value.strip())
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        day_first |= first > 12
        month_first |= second > 12
    if day_first and not month_first:
        return DateFormat(DMY, False)
    if month_first and not day_first:
        return DateFormat(MDY, False)
    return DateFormat(default_order, not day_first)


def has_numeric_dates(values: list[str]) -> bool:
    """Whether some values are written with numbers only (31/12/2026), whose order matters."""
    return any(_NUMERIC_DATE.match(v.strip()) for v in values)


def parse_date(text: str, fmt: DateFormat) -> date:
    value = text.strip()
    match = _ISO_DATE.match(value)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _NUMERIC_DATE.match(value)
        if match:
            first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            if year < 100:
                year += 2000 if year < 70 else 1900
            day, month = (first, second) if fmt.order == DMY else (second, first)
            return date(year, month, day)
        if _SERIAL.match(value):
            serial = float(value)
            if 20_000 <= serial <= 80_000:
                return _EXCEL_EPOCH + timedelta(days=int(serial))
    except ValueError:
        pass
    raise CellError("import.issue.date_invalid", value=text)


def parse_datetime(text: str, fmt: DateFormat) -> datetime:
    value = text.strip()
    match = _ISO_DATE.match(value) or _NUMERIC_DATE.match(value)
    day = parse_date(value, fmt)
    if match and match.group(4):
        try:
            return datetime.combine(day, datetime.min.time()).replace(
                hour=int(match.group(4)), minute=int(match.group(5)), second=int(match.group(6) or 0)
            )
        except ValueError:
            raise CellError("import.issue.date_invalid", value=text) from None
    return datetime.combine(day, datetime.min.time())


# -- numbers -------------------------------------------------------------------


def _number_body(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f'€$£%]|EUR|USD|GBP|k€", "", text.strip(), flags=re.IGNORECASE)


def decimal_evidence(text: str) -> str | None:
    """"," or "." when this value alone shows the decimal mark, else None (e.g. "1,234")."""
    body = _number_body(text)
    if "," in body and "." in body:
        return "," if body.rfind(",") > body.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        if mark in body:
            if body.count(mark) > 1:
                return other  # several marks: thousands separators
            decimals = body.rsplit(mark, 1)[1]
            return None if len(decimals) == 3 else mark
    return None


def decide_decimal_mark(values: list[str]) -> str | None:
    """The decimal mark of a column when its values agree; None when nothing tells (or they disagree)."""
    marks = {m for m in (decimal_evidence(v) for v in values if v.strip()) if m}
    return marks.pop() if len(marks) == 1 else None


def parse_number(text: str, decimal_mark: str | None) -> Decimal:
    body = _number_body(text)
    if not body:
        raise CellError("import.issue.number_invalid", value=text)
    mark = decimal_evidence(text) or decimal_mark
    has_separator = "," in body or "." in body
    if has_separator and mark is None:
        raise CellError("import.issue.number_ambiguous", value=text)
    if mark:
        thousands = "." if mark == "," else ","
        body = body.replace(thousands, "").replace(mark, ".")
    try:
        number = Decimal(body)
    except InvalidOperation:
        raise CellError("import.issue.number_invalid", value=text) from None
    if not number.is_finite():
        raise CellError("import.issue.number_invalid", value=text)
    return number


def parse_percent(text: str, decimal_mark: str | None) -> int:
    """0-100 from "40", "40 %", or "0.4"."""
    number = parse_number(text, decimal_mark)
    if "%" not in text and 0 < number < 1:
        number *= 100
    value = int(number.to_integral_value())
    if not 0 <= value <= 100:
        raise CellError("import.issue.out_of_range", value=text)
    return value


def parse_rating(text: str, decimal_mark: str | None) -> int:
    """0-5 from "3", "3/5" or "★★★"."""
    stars = text.count("★") + text.count("*")
    if stars and not re.search(r"\d", text):
        value = stars
    else:
        value = int(parse_number(text.split("/")[0], decimal_mark).to_integral_value())
    if not 0 <= value <= 5:
        raise CellError("import.issue.out_of_range", value=text)
    return value


_TRUE = {"1", "true", "yes", "oui", "y", "o", "x", "vrai", "✓", "☑"}
_FALSE = {"0", "false", "no", "non", "n", "faux", "-"}


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError("import.issue.bool_invalid", value=text)


def pad_postal_code(code: str, country: str | None, default_country: str) -> str:
    """06000 stays 06000, and a French code that a spreadsheet turned into 6000 gets its zero back."""
    if pads_as_french(country, default_country) and len(code) == 4 and code.isdigit():
        return "0" + code
    return code


def pads_as_french(country: str | None, default_country: str) -> bool:
    """Whether a postal code of this row's country is padded as a French one (the only thing
    `pad_postal_code` asks of the country)."""
    return (country or "").strip().lower() in ("france", "fr", "fra") or (not country and default_country == "FR")
