"""The English and French catalog, and dates, numbers and money in each language's conventions.

Messages live in `prospects/locales/*.json`, one file per area of the product, each mapping
a key to its text in every language: `{"list.title": {"en": "Prospects", "fr": "Prospects"}}`.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal

from prospects.domain.models import LANGUAGES
from prospects.errors import Term

DEFAULT_LANGUAGE = "en"
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
_CATALOG_DIR = Path(__file__).parent / "locales"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """Every key of every catalog file, merged."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_CATALOG_DIR.glob("*.json")):
        for key, texts in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"catalog key {key!r} is defined twice ({path.name})")
            merged[key] = texts
    return merged


def describe(error: Any) -> str:
    """The sentence of an error (or of a field error) in the current language, from its key and values."""
    params = {k: t(v.key) if isinstance(v, Term) else v for k, v in error.params.items()}
    return t(error.key, **params)


def set_language(lang: str) -> None:
    """Use this language for the rest of the current thread's work (one Streamlit run)."""
    _language.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


def language() -> str:
    return _language.get()


# The parameter whose number decides the plural form of a text, in this order of preference.
_COUNTS = ("count", "n", "total", "created")


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text of `key` in the current language, with `{params}` filled in.

    A text may come in plural forms (`{"one": "{count} prospect", "other": "{count} prospects"}`):
    the form is chosen by the language's own rule (babel's CLDR plural rules: French says "0 prospect",
    English "0 prospects") from the first of `count`, `n`, `total`, `created` given.
    """
    texts = catalog().get(key)
    if texts is None:
        return key
    lang = lang or language()
    text = texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or key
    if isinstance(text, dict):
        text = _plural(text, lang, params)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def _plural(forms: dict[str, str], lang: str, params: dict[str, object]) -> str:
    number = next((params[name] for name in _COUNTS if isinstance(params.get(name), int | float)), None)
    form = _plural_rule(lang)(abs(number)) if number is not None else "other"
    return forms.get(form) or forms["other"]


@cache
def _plural_rule(lang: str) -> Any:
    return Locale.parse(_LOCALES[lang]).plural_form


def locale(lang: str | None = None) -> str:
    return _LOCALES[lang or language()]


def fmt_money(value: float | Decimal | None, currency: str = "EUR", lang: str | None = None) -> str:
    """1 234,50 € in French, €1,234.50 in English; empty for no value."""
    if value is None:
        return ""
    return format_currency(value, currency, locale=locale(lang), format_type="standard")


def fmt_number(value: float | Decimal | int | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=locale(lang))


def fmt_amount(value: float | Decimal | int | None, lang: str | None = None) -> str:
    """An amount as a field shows it for typing over: 13 500 or 13 500,50 in French, 13,500 or
    13,500.50 in English (cents only when there are some); empty for no value."""
    if value is None:
        return ""
    whole = Decimal(str(value)) == Decimal(str(value)).to_integral_value()
    return format_decimal(value, format="#,##0" if whole else "#,##0.00", locale=locale(lang))


# Spaces of any kind (a French thousands separator) and currency signs are never part of a typed number.
_NOT_IN_A_NUMBER = re.compile(r"[\s\u00a0\u202f€$£]")


def parse_amount(text: str | None, lang: str | None = None) -> Decimal | None:
    """A number typed the language's way ("13 500,50" in French, "13,500.50" in English, "13500" in
    both); None when nothing is typed. ValueError when it is not a number (or an ambiguous one)."""
    body = _NOT_IN_A_NUMBER.sub("", text or "")
    if not body:
        return None
    try:
        number = parse_decimal(body, locale=locale(lang), strict=True)
    except NumberFormatError as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def fmt_date(value: date | datetime | None, lang: str | None = None) -> str:
    """dd/mm/yyyy in both languages (the team is European)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="dd/MM/yyyy", locale=locale(lang))


def fmt_month(value: date | None, short: bool = False, lang: str | None = None) -> str:
    """A month in the language: Oct 2026 / oct. 2026; `short` where room is short (a chart's axis): Oct 26."""
    if value is None:
        return ""
    return format_date(value, format="MMM yy" if short else "MMM y", locale=locale(lang))


def fmt_datetime(value: datetime | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    return format_datetime(value, format="dd/MM/yyyy HH:mm", locale=locale(lang))
