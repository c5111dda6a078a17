"""Finding the prospect, contact or earlier row a new lead duplicates: same email, same phone,
or same name and company (case and accents ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from prospects.domain import Prospect, fold

_DIGITS = re.compile(r"\D")


class Policy(StrEnum):
    """What to do with a row that duplicates something already known."""

    SKIP = "skip"
    UPDATE = "update"  # fill the existing prospect's empty fields, never erase
    CREATE = "create"


@dataclass(frozen=True)
class Match:
    kind: str  # "prospect", "contact" or "row"
    id: int  # prospect or contact id, or the file row number
    by: str  # "email", "phone" or "name"


def phone_key(text: str | None, calling_code: int) -> str | None:
    """Digits of the number with its country code, so +33 6 12…, 0033612… and 06 12… compare equal."""
    if not text:
        return None
    stripped = text.strip()
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


def name_key(first: str | None, last: str | None, company: str | None) -> str | None:
    """Name and company folded; a person without company (homonyms) gives no key."""
    company_key = " ".join(fold(company).split())
    if not company_key:
        return None
    person = " ".join(fold(f"{first or ''} {last or ''}").split())
    return f"{person}\x1f{company_key}"


@dataclass
class DuplicateIndex:
    """Keys of known records: existing prospects and contacts, then the rows of the file as they are read."""

    calling_code: int
    keys: dict[str, dict[str, Match]] = field(default_factory=lambda: {"email": {}, "phone": {}, "name": {}})

    def add_records(self, kind: str, rows: list[tuple]) -> None:
        """Rows of (id, email, phone, mobile, first_name, last_name, company)."""
        emails, phones, names = self.keys["email"], self.keys["phone"], self.keys["name"]
        for record_id, email, phone, mobile, first, last, company in rows:
            if email:
                emails.setdefault(email.strip().lower(), Match(kind, record_id, "email"))
            for number in (phone, mobile):
                key = phone_key(number, self.calling_code)
                if key:
                    phones.setdefault(key, Match(kind, record_id, "phone"))
            key = name_key(first, last, company)
            if key:
                names.setdefault(key, Match(kind, record_id, "name"))

    def find(self, prospect: Prospect) -> Match | None:
        """The first known record this lead duplicates: prospects before contacts before earlier rows."""
        found = []
        if prospect.email:
            found.append(self.keys["email"].get(prospect.email.lower()))
        for number in (prospect.phone, prospect.mobile):
            key = phone_key(number, self.calling_code)
            if key:
                found.append(self.keys["phone"].get(key))
        key = name_key(prospect.first_name, prospect.last_name, prospect.company)
        if key:
            found.append(self.keys["name"].get(key))
        matches = [m for m in found if m is not None]
        if not matches:
            return None
        rank = {"prospect": 0, "contact": 1, "row": 2}
        return min(matches, key=lambda m: rank[m.kind])

    def add_row(self, row_number: int, prospect: Prospect) -> None:
        self.add_records("row", [(row_number, prospect.email, prospect.phone, prospect.mobile,
                                  prospect.first_name, prospect.last_name, prospect.company)])
