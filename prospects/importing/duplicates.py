"""Finding the prospect, contact or earlier row a new lead duplicates: same email, same phone,
or same name and company (case and accents ignored)."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from enum import StrEnum
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


def _fold_words(text: str) -> str:
    """`fold` with a shortcut for plain ASCII (most names), folded words single-spaced."""
    folded = text.lower() if text.isascii() else fold(text)
    return " ".join(folded.split())


Keys = tuple[str | None, list[str], str | None]  # email, phone keys, name + company
_IDENTITY_FIELDS = operator.attrgetter("email", "phone", "mobile", "first_name", "last_name", "company")


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

    def keys_of_many(self, prospects: list[Prospect | None]) -> list[Keys | None]:
        """(email, phone keys, name key) of each lead of a file (None stays None), column by column, each
        distinct name and company folded once for the batch."""
        leads = [p for p in prospects if p is not None]
        if not leads:
            return [None] * len(prospects)
        emails, phones, mobiles, firsts, lasts, companies = zip(*map(_IDENTITY_FIELDS, leads), strict=True)
        code = self.calling_code
        folded: dict[str, str] = {}

        def fold_once(text: str) -> str:
            value = folded.get(text)
            if value is None:
                value = folded[text] = _fold_words(text)
            return value

        email_keys = [e.lower() if e else None for e in emails]
        phone_keys = [[k for k in (phone_key(p, code), phone_key(m, code)) if k] if p or m else []
                      for p, m in zip(phones, mobiles, strict=True)]
        company_keys = [fold_once(c) if c else "" for c in companies]
        people = [f"{first or ''} {last or ''}" for first, last in zip(firsts, lasts, strict=True)]
        name_keys = [f"{fold_once(person)}\x1f{company}" if company else None
                     for person, company in zip(people, company_keys, strict=True)]
        keys = iter(zip(email_keys, phone_keys, name_keys, strict=True))
        return [next(keys) if p is not None else None for p in prospects]

    def find(self, keys: Keys) -> Match | None:
        """The first known record with one of these keys: prospects before contacts before earlier rows."""
        email, phones, name = keys
        best, best_by, best_rank = None, "", len(_RANK)
        if email:
            record = self.keys["email"].get(email)
            if record is not None:
                best, best_by, best_rank = record, "email", _RANK[record[0]]
        if phones:
            known = self.keys["phone"]
            for key in phones:
                record = known.get(key)
                if record is not None and _RANK[record[0]] < best_rank:
                    best, best_by, best_rank = record, "phone", _RANK[record[0]]
        if name:
            record = self.keys["name"].get(name)
            if record is not None and _RANK[record[0]] < best_rank:
                best, best_by = record, "name"
        return None if best is None else Match(best[0], best[1], best_by)

    def add_row(self, row_number: int, prospect: Prospect, keys: Keys) -> None:
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
