"""Country names as people write them in an address or a country column ("USA", "Schweiz", "Royaume-Uni"),
read with babel's territory names (CLDR) rather than a list of our own: the region a phone is read in."""

from __future__ import annotations

import functools
import re

import phonenumbers
from babel import Locale
from babel.core import get_global

from prospects.domain import fold

# The languages whose country names a lead file may use (the team's, its neighbours', its customers').
_LANGUAGES = ("en", "fr", "de", "es", "it", "nl", "pt")


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
    return names


@functools.cache
def _codes() -> dict[str, str]:
    """Three-letter ISO codes ("USA", "CHE", "DEU") -> two-letter code."""
    return {alias: targets[0] for alias, targets in get_global("territory_aliases").items()
            if len(alias) == 3 and alias.isalpha() and len(targets) == 1 and targets[0] in phonenumbers.SUPPORTED_REGIONS}


@functools.lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The ISO code of a country name in any of the usual languages, or of a three-letter code written in
    capitals; None when the text names no country (two letters are not enough: "IL" ends US addresses)."""
    text = (text or "").strip().strip(".")
    if not text:
        return None
    if len(text) == 3 and text.isupper():
        return _codes().get(text)
    return _names().get(_key(text))


def country_in_address(address: str | None) -> str | None:
    """The country an address ends with, as written ("12 Main St, Springfield, IL 62704, USA" -> "USA"):
    its last part after a comma or a line break, when that part names a country. Called for every row of
    a file: a couple of string searches, the name looked up once per distinct last part."""
    if not address:
        return None
    cut = max(address.rfind(","), address.rfind("\n"), address.rfind(";"))
    if cut <= 0 or not address[:cut].strip():
        return None
    last = address[cut + 1:].strip().strip(".").strip()
    return last if last and country_code(last) else None
