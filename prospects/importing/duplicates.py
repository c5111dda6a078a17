"""Finding the prospect, contact or earlier row a new lead duplicates: same email, same phone,
or same name and company (case and accents ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from prospects.domain import Prospect, fold

_DIGITS = re.compile(r"\D")


class Policy(StrEnum):
    """What to do with a row that duplicates something already known."""

    SKIP = "skip"
    UPDATE = "update"  # fill the existing prospect's empty fields, never erase
    CREATE = "create"


_RANK = {"prospect": 0, "contact": 1, "row": 2}


class Match(NamedTuple):
    kind: str  # "prospect", "contact" or "row"
    id: int  # prospect or contact id, or the file row number
    by: str  # "email", "phone" or "name"


def phone_key(text: str | None, calling_code: int) -> str | None:
    """Digits of the number with its country code, so +33 6 12…, 0033612… and 06 12… compare equal."""
    if not text:
        return None
    stripped = text.strip()
    if stripped.startswith("+") and stripped[1:].isdigit():
        return stripped[1:]  # already E.164, as the importer stores them
    digits = _DIGITS.sub("", stripped)
    if not digits:
        return None
    if stripped.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return f"{calling_code}{digits[1:]}"
    return digits


@lru_cache(maxsize=200_000)
def quick_fold(text: str) -> str:
    """`fold` with a shortcut for plain ASCII (most names), folded words single-spaced."""
    folded = text.lower() if text.isascii() else fold(text)
    return " ".join(folded.split())


def name_key(first: str | None, last: str | None, company: str | None) -> str | None:
    """Name and company folded; a person without company (homonyms) gives no key."""
    company_key = quick_fold(company) if company else ""
    if not company_key:
        return None
    person = quick_fold(f"{first or ''} {last or ''}")
    return f"{person}\x1f{company_key}"


@dataclass
class DuplicateIndex:
    """Keys of known records: existing prospects and contacts, then the rows of the file as they are read.
    Each key maps to (kind, id): the Match is built only for a key found (hundreds of thousands are known)."""

    calling_code: int
    keys: dict[str, dict[str, tuple[str, int]]] = field(default_factory=lambda: {"email": {}, "phone": {}, "name": {}})

    def add_keys(self, rows: list[tuple]) -> None:
        """Rows of (kind, id, email key, phone key, mobile key, name key), as the store computes them."""
        emails, phones, names = self.keys["email"], self.keys["phone"], self.keys["name"]
        for kind, record_id, email, phone, mobile, name in rows:
            if email and email not in emails:
                emails[email] = (kind, record_id)
            if phone and phone not in phones:
                phones[phone] = (kind, record_id)
            if mobile and mobile not in phones:
                phones[mobile] = (kind, record_id)
            if name and name not in names:
                names[name] = (kind, record_id)

    def keys_of(self, prospect: Prospect) -> tuple[str | None, list[str], str | None]:
        """(email, phone keys, name key) of a lead."""
        email = prospect.email.lower() if prospect.email else None
        phones = [k for k in (phone_key(prospect.phone, self.calling_code), phone_key(prospect.mobile, self.calling_code)) if k]
        return email, phones, name_key(prospect.first_name, prospect.last_name, prospect.company)

    def find(self, keys: tuple[str | None, list[str], str | None]) -> Match | None:
        """The first known record with one of these keys: prospects before contacts before earlier rows."""
        email, phones, name = keys
        found = []
        if email:
            found.append((self.keys["email"].get(email), "email"))
        for key in phones:
            found.append((self.keys["phone"].get(key), "phone"))
        if name:
            found.append((self.keys["name"].get(name), "name"))
        matches = [Match(record[0], record[1], by) for record, by in found if record is not None]
        if not matches:
            return None
        return min(matches, key=lambda m: _RANK[m.kind])

    def add_row(self, row_number: int, prospect: Prospect, keys: tuple[str | None, list[str], str | None]) -> None:
        """Remember a row of the file under the keys `find` computed for it."""
        email, phones, name = keys
        if email and email not in self.keys["email"]:
            self.keys["email"][email] = ("row", row_number)
        known = self.keys["phone"]
        for key in phones:
            if key not in known:
                known[key] = ("row", row_number)
        if name and name not in self.keys["name"]:
            self.keys["name"][name] = ("row", row_number)
