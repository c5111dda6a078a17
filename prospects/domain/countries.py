"""Countries as people write them ("USA", "Schweiz", "Royaume-Uni", "BE"): the one reading of a country
column or of an address's last line, for the region a phone is read in and its identity key alike.

The names are babel's territory names (CLDR) in the languages a lead file may use, not a list of our
own; beside them only the three-letter ISO codes and a few informal names CLDR does not hold.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from babel import Locale
from babel.core import get_global

from prospects.domain.rules import fold

# The languages whose country names a lead file may use (the team's, its neighbours', its customers').
_LANGUAGES = ("en", "fr", "de", "es", "it", "nl", "pt")
# What people write that CLDR does not list as a name (folded).
_INFORMAL = {"uk": "GB", "england": "GB", "angleterre": "GB", "great britain": "GB", "grande bretagne": "GB",
             "usa": "US", "u s a": "US", "us": "US", "u s": "US", "holland": "NL", "hollande": "NL"}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


@functools.cache
def _names() -> dict[str, str]:
    """Folded country name in each language -> ISO code, for the regions phone numbers exist for."""
    names: dict[str, str] = {}
    for language in _LANGUAGES:
        for code, name in Locale(language).territories.items():
            if code in phonenumbers.SUPPORTED_REGIONS:
                names.setdefault(_key(name), code)
    for name, code in _INFORMAL.items():
        names.setdefault(name, code)
    return names


@functools.cache
def _codes() -> dict[str, str]:
    """Three-letter ISO codes ("USA", "CHE", "DEU") -> two-letter code."""
    return {alias: targets[0] for alias, targets in get_global("territory_aliases").items()
            if len(alias) == 3 and alias.isalpha() and len(targets) == 1 and targets[0] in phonenumbers.SUPPORTED_REGIONS}


@functools.lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The ISO code of a country name in any of the usual languages, of an informal name ("UK"), or of a
    three-letter code written in capitals; None when the text names no country. Two letters alone are no
    country here ("IL" ends US addresses): `region_of` reads them in a country column."""
    text = (text or "").strip().strip(".").strip()
    if not text:
        return None
    if len(text) == 3 and text.isupper():
        found = _codes().get(text)
        if found:
            return found
    return _names().get(_key(text))


@functools.lru_cache(maxsize=4096)
def region_of(country: str | None, default_country: str) -> str:
    """The region of a country column's value: a name or code as `country_code` reads it, else a
    two-letter ISO code ("BE", "de"), else the default country."""
    found = country_code(country)
    if found:
        return found
    text = (country or "").strip().strip(".").strip().upper()
    if len(text) == 2 and text in phonenumbers.SUPPORTED_REGIONS:
        return text
    return default_country.upper()
