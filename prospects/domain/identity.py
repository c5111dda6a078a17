"""Who is the same person: the one rule the import, Add to contacts, Import a contact and every
duplicate warning follow (SPEC, "Who is the same person").

Keys of a person (pure Python, computed here only; the store keeps them as columns):
- e-mail: trimmed and case-folded;
- phones: E.164, a number without its country read with the record's own country when it has one,
  else the default country (an unreadable number keeps its digits);
- person: the folded words of first + last name, sorted (case, accents, ß/ss, İ/i, œ/oe, æ/ae and
  word order ignored);
- company: the folded words of the company without its legal form (SAS, SARL, S.A., GmbH, Ltd…);
- sources: stable identifiers from another tool (a LinkedIn profile URL, a CRM's record id or a
  vCard UID kept as the external reference).

Decision rules, strongest key first; every decision names its key:
1. the same e-mail: the same person;
2. the same source identifier: the same person, unless their e-mails differ or their names
   contradict (a badge number reused at another show is not a person);
3. the same phone: the same person only when neither the names nor the e-mails contradict it
   (a switchboard or a shared mobile never merges two different people);
4. the same name and company: the same person only when their e-mails do not contradict it; a
   person without a company, or a company record without a person, by the same name: the same
   only when neither their e-mails nor their phones contradict it (so a file imported twice
   creates nothing, even its rows that carry only a name);
5. a key that agrees while the rest contradicts is a *possible duplicate*: a warning, never a skip.
Two e-mails contradict when both exist and differ; two names when both exist and differ. So two
records with different e-mails are never merged.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from operator import attrgetter
from typing import Any, Generic, TypeVar
from urllib.parse import unquote

from prospects.domain.countries import region_of
from prospects.domain.leads import Leads
from prospects.domain.phones import DEFAULT_COUNTRY, phone_key
from prospects.domain.rules import fold  # the one fold, shared with the searches

R = TypeVar("R")

# Legal forms left out of a company's key (French, German, British, US, Benelux, Nordic, Iberian, Italian).
LEGAL_FORMS = frozenset(
    """
    sa sas sasu sarl eurl sci snc scop scp sca sel selarl gie ei eirl
    gmbh ag kg ohg ug mbh co kgaa ev
    ltd limited plc llp lp llc inc incorporated corp corporation company
    bv nv bvba vof sprl srl spa sl slu ab as oy aps
    et and und
    """.split()
)
_WORD = re.compile(r"[^\W_]+")
_GLUED = re.compile(r"[.'’]")  # "S.A.R.L." is "sarl", "O'Brien" is "obrien"
_LINKEDIN = re.compile(r"linkedin\.com/(in|pub|company)/([^/?#\s]+)", re.IGNORECASE)
class KeyKind(StrEnum):
    """Which key a decision rests on, strongest first."""

    EMAIL = "email"
    SOURCE = "source"
    PHONE = "phone"
    NAME = "name"  # first + last name and company


@dataclass(frozen=True, slots=True)
class IdentityKeys:
    """The comparable identity of a prospect, a contact or a row of a file."""

    email: str | None = None
    phones: tuple[str, ...] = ()
    person: str | None = None
    company: str | None = None
    sources: tuple[str, ...] = ()
    # Person and company together ("Jean Dupont at Dupont"; a company record alone; a person alone).
    name: str | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", name_key(self.person, self.company))


def name_key(person: str | None, company: str | None) -> str | None:
    """The person and the company together, as one key: "jean dupont\x1fdupont"; None without either."""
    return f"{person or ''}\x1f{company or ''}" if person or company else None


@dataclass(frozen=True, slots=True)
class Decision(Generic[R]):
    """Why a record is (or may be) the same person as another: the kind of key, the key, the record."""

    same: bool  # False: only a possible duplicate, to warn about
    kind: KeyKind
    key: str
    record: R


def words(text: str | None) -> list[str]:
    """The folded words of a text, punctuation inside a word (S.A., O'Brien) glued."""
    return _WORD.findall(_GLUED.sub("", fold(text)))


def person_key(first_name: str | None, last_name: str | None) -> str | None:
    """The person's folded words, sorted, so that "Jean Dupont" and "DUPONT Jean" match."""
    return " ".join(sorted(words(f"{first_name or ''} {last_name or ''}"))) or None


def company_key(company: str | None) -> str | None:
    """"Dupont & Fils S.A.R.L." and "DUPONT ET FILS" give the same key; a name that is only a legal
    form keeps it."""
    return _company_of(words(company))


def _company_of(all_words: list[str]) -> str | None:
    """A company's key from its folded words: those that are no legal form (or all, if all are)."""
    kept = [w for w in all_words if w not in LEGAL_FORMS]
    return " ".join(kept or all_words) or None


def _company_keys(companies: list[str | None]) -> list[str | None]:
    """`company_key` of each company, once per distinct company, the words of each distinct token (between
    spaces) found once: a file's companies share their words ("Transports Martin 12", "Transports Martin 13"),
    and folding works character by character, never across a space (tests/domain/test_identity_many.py).

    A token's kept words (those that are no legal form) are joined once, so a company's key is its tokens'
    kept words joined by C loops; a company without a kept word (only legal forms, or no word) is keyed
    word by word as `_company_of` says."""
    distinct = set(companies)
    distinct.discard(None)
    kept = _KeptWords().__getitem__
    found: dict[str | None, str | None] = {company: " ".join(filter(None, map(kept, company.split())))
                                           for company in distinct}
    for company, key in found.items():
        if not key:  # no kept word: all the words, if any (a name that is only a legal form keeps it)
            found[company] = _company_of(list(chain.from_iterable(map(words, company.split()))))
    found[None] = None
    return list(map(found.__getitem__, companies))


class _KeptWords(dict):
    """A token's folded words that are no legal form, joined by spaces ("" when none), found once per token."""

    def __missing__(self, token: str) -> str:
        kept = self[token] = " ".join([word for word in words(token) if word not in LEGAL_FORMS])
        return kept


def email_key(email: str | None) -> str | None:
    text = (email or "").strip().removeprefix("mailto:").strip().casefold()
    return text or None


def _email_keys(emails: list[str | None]) -> list[str | None]:
    """`email_key` of each e-mail of a column, by C loops: most are keys already, once trimmed and case-folded
    (a column where "mailto:" shows once folded goes through `email_key` cell by cell)."""
    cells = [email or "" for email in emails] if None in emails else emails
    texts = list(map(str.casefold, map(str.strip, cells)))
    if "mailto:" in "\n".join(texts):
        return list(map(email_key, emails))
    return texts if all(texts) else [text or None for text in texts]


def phone_region(country: str | None, default_country: str | None = DEFAULT_COUNTRY) -> str:
    """The region a number without its international code is read in: the record's own country
    (a name in any usual language, or an ISO code: `countries.region_of`) when it has one, else the
    default country."""
    return region_of(country, default_country or DEFAULT_COUNTRY)


def stored_phone_key(number: str | None, region: str) -> str | None:
    """A phone's key; numbers already in E.164 (as the import and the forms store them) skip parsing."""
    if not number:
        return None
    text = number.strip()
    if text.startswith("+") and text[1:].isdigit():
        return text
    return phone_key(text, region)


def source_keys(website: str | None = None, external_ref: str | None = None) -> tuple[str, ...]:
    """Stable identifiers from another tool: a LinkedIn profile URL, a CRM's record id, a vCard UID."""
    keys = []
    if website:
        found = _LINKEDIN.search(website)
        if found:
            keys.append(f"linkedin:{found.group(1).lower()}/{unquote(found.group(2)).casefold()}")
    ref = (external_ref or "").strip().casefold()
    if ref:
        keys.append(f"ref:{ref}")
    return tuple(keys)


def keys_of(
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    company: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    mobile: str | None = None,
    country: str | None = None,
    website: str | None = None,
    external_ref: str | None = None,
    default_country: str | None = DEFAULT_COUNTRY,
) -> IdentityKeys:
    """The identity keys of one record, from its fields."""
    region = phone_region(country, default_country)
    phones = tuple(dict.fromkeys(k for k in (stored_phone_key(phone, region), stored_phone_key(mobile, region)) if k))
    return IdentityKeys(
        email=email_key(email),
        phones=phones,
        person=person_key(first_name, last_name),
        company=company_key(company),
        sources=source_keys(website, external_ref),
    )


def keys_of_record(record: object, default_country: str | None = DEFAULT_COUNTRY) -> IdentityKeys:
    """The keys of a Prospect or a Contact (anything with their identity fields)."""
    return keys_of(
        first_name=record.first_name, last_name=record.last_name, company=record.company,  # type: ignore[attr-defined]
        email=record.email, phone=record.phone, mobile=record.mobile,  # type: ignore[attr-defined]
        country=record.country, website=record.website,  # type: ignore[attr-defined]
        external_ref=getattr(record, "external_ref", None), default_country=default_country,
    )


def keys_of_many(records: Iterable[object], default_country: str | None = DEFAULT_COUNTRY) -> list[IdentityKeys]:
    """`keys_of_record` for many records (`keys_of_columns` of their fields)."""
    records = list(records)
    if not records:
        return []
    firsts, lasts, companies, emails, phones, mobiles, countries, websites = map(
        list, zip(*map(_IDENTITY_FIELDS, records), strict=True))
    refs = [getattr(r, "external_ref", None) for r in records]
    return keys_of_columns(firsts, lasts, companies, emails, phones, mobiles, countries, websites, refs,
                           default_country).objects()


def keys_of_leads(leads: Leads, default_country: str | None = DEFAULT_COUNTRY) -> KeyColumns:
    """`keys_of_record` of each lead of a batch, straight from its columns, as columns."""
    return keys_of_columns(*map(leads.columns.__getitem__, _IDENTITY_COLUMNS), default_country)


@dataclass
class KeyColumns:
    """The identity keys of many records, key by key: `email[i]`... are those of record i (`at(i)`)."""

    email: list[str | None]
    phones: list[tuple[str, ...]]
    person: list[str | None]
    company: list[str | None]
    sources: list[tuple[str, ...]]
    name: list[str | None]

    def __len__(self) -> int:
        return len(self.email)

    def at(self, index: int) -> IdentityKeys:
        """The keys of record `index`."""
        keys = object.__new__(IdentityKeys)
        for slot in _KEY_SLOTS:
            object.__setattr__(keys, slot, getattr(self, slot)[index])
        return keys

    def objects(self) -> list[IdentityKeys]:
        """The keys of every record, spread over new objects by C loops (`map`), not one Python step per record."""
        keys = [object.__new__(IdentityKeys) for _ in self.email]
        for slot in _KEY_SLOTS:
            deque(map(getattr(IdentityKeys, slot).__set__, keys, getattr(self, slot)), maxlen=0)
        return keys

    def take(self, indexes: list[int]) -> KeyColumns:
        """The keys of the records at `indexes`, in that order."""
        pick = [list(map(getattr(self, slot).__getitem__, indexes)) for slot in _KEY_SLOTS]
        return KeyColumns(*pick)

    def put(self, index: int, keys: IdentityKeys) -> None:
        """Record `index` gets `keys`."""
        for slot in _KEY_SLOTS:
            getattr(self, slot)[index] = getattr(keys, slot)

    @classmethod
    def of(cls, keys: list[IdentityKeys]) -> KeyColumns:
        return cls(*([getattr(k, slot) for k in keys] for slot in _KEY_SLOTS))


_KEY_SLOTS = ("email", "phones", "person", "company", "sources", "name")


def keys_of_columns(
    firsts: list[Any], lasts: list[Any], companies: list[Any], emails: list[Any], phones: list[Any],
    mobiles: list[Any], countries: list[Any], websites: list[Any], refs: list[Any],
    default_country: str | None = DEFAULT_COUNTRY,
) -> KeyColumns:
    """`keys_of_record` for many records given field by field, column by column: each distinct name,
    company, e-mail, number and source of a column is keyed once (a file repeats them), spread over the
    records by C loops (`map`), not one Python step per record (a 50,000-row import calls this)."""
    if not firsts:
        return KeyColumns([], [], [], [], [], [])
    people = _each(person_key, firsts, lasts)
    firms = _company_keys(companies)
    mails = _email_keys(emails)
    phone_keys, mobile_keys = _own_keys(phones), _own_keys(mobiles)
    if phone_keys is None or mobile_keys is None:  # a number to read with its record's country
        regions = _each(lambda country: phone_region(country, default_country), countries)
        phone_keys = phone_keys if phone_keys is not None else _number_keys(phones, regions)
        mobile_keys = mobile_keys if mobile_keys is not None else _number_keys(mobiles, regions)
    numbers = _numbers(phone_keys, mobile_keys)
    # Without a website or a reference (most files), no record has a source key.
    sources = _each(source_keys, websites, refs) if any(websites) or any(refs) else [()] * len(firsts)
    return KeyColumns(mails, numbers, people, firms, sources, _name_keys(people, firms))


_IDENTITY_COLUMNS = ("first_name", "last_name", "company", "email", "phone", "mobile", "country", "website",
                     "external_ref")
_IDENTITY_FIELDS = attrgetter("first_name", "last_name", "company", "email", "phone", "mobile", "country", "website")


def _each(key: Callable[..., Any], *columns: list[Any]) -> list[Any]:
    """key(*cells) of each row of `columns`, computed once per distinct cell (or tuple of cells): for keys
    that fold text, which a file repeats (names, companies, countries)."""
    if len(columns) == 1:
        found = {cell: key(cell) for cell in set(columns[0])}
        return list(map(found.__getitem__, columns[0]))
    rows = list(zip(*columns, strict=True))
    found = {row: key(*row) for row in set(rows)}
    return list(map(found.__getitem__, rows))


def _number_key(number: str | None, region: str) -> str | None:
    """`stored_phone_key`, but the empty text gives None as `keys_of` leaves it out."""
    return stored_phone_key(number, region) or None


def _number_keys(numbers: list[str | None], regions: list[str]) -> list[str | None]:
    """`_number_key` of each number: one already in E.164 without spaces (as the import cleans them) is
    its own key, found without a call per number."""
    if regions.count(regions[0]) == len(regions):  # one region (most files): each distinct number once
        region = regions[0]
        found = {number: number if number[0] == "+" and number[1:].isdigit() else _number_key(number, region)
                 for number in set(numbers) if number}
        return list(map(found.get, numbers))
    return [number if number and number[0] == "+" and number[1:].isdigit() else _number_key(number, region)
            for number, region in zip(numbers, regions, strict=True)]


def _own_keys(numbers: list[str | None]) -> list[str | None] | None:
    """The keys of a column of numbers each empty or in E.164 without spaces ("+" and digits: its own key, as
    the import cleans them), None for a column with another number (`_number_keys` reads those).

    Told by C loops over the numbers joined by commas, not by a step per number: no number holds a comma
    (so the fields between commas are the numbers), each field starts with "+" and holds no other, none is
    "+" alone, and without "+" and commas only digits are left (`str.isdigit`, as `stored_phone_key`)."""
    given = list(filter(None, numbers))
    joined = ",".join(given)
    count = len(given)
    if count and not (joined.count(",") == count - 1 and f",{joined}".count(",+") == count
                      and joined.count("+") == count and "+," not in f"{joined},"
                      and joined.replace("+", "").replace(",", "").isdigit()):
        return None
    return [number or None for number in numbers] if count < len(numbers) else list(numbers)


def _numbers(phone_keys: list[str | None], mobile_keys: list[str | None]) -> list[tuple[str, ...]]:
    """Each record's phone keys, as `keys_of` gives them: the phone's, then the mobile's when another."""
    if not any(mobile_keys):
        return [(phone,) if phone else () for phone in phone_keys]
    return [(p, m) if p and m and p != m else (p,) if p else (m,) if m else ()
            for p, m in zip(phone_keys, mobile_keys, strict=True)]


def _name_keys(people: list[str | None], firms: list[str | None]) -> list[str | None]:
    """`name_key` of each record, by C loops: the person and company keys are never empty texts, so only a
    record with neither gives the bare separator, which is no key."""
    names = list(map("\x1f".join, zip(_texts(people), _texts(firms), strict=True)))
    return [name if name != "\x1f" else None for name in names] if "\x1f" in names else names


def _texts(keys: list[str | None]) -> list[str]:
    """The keys of a column, "" for None."""
    return [key or "" for key in keys] if None in keys else keys


def _differ(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a != b


def judge(candidate: IdentityKeys, known: IdentityKeys, record: R) -> Decision[R] | None:
    """Whether `known` is the same person as `candidate` (or possibly so), by its strongest key."""
    if candidate.email and candidate.email == known.email:
        return Decision(True, KeyKind.EMAIL, candidate.email, record)
    emails_differ = _differ(candidate.email, known.email)
    names_differ = _differ(candidate.person, known.person)
    source = next((s for s in candidate.sources if s in known.sources), None)
    if source is not None:
        return Decision(not (emails_differ or names_differ), KeyKind.SOURCE, source, record)
    phone = next((p for p in candidate.phones if p in known.phones), None)
    if phone is not None and not (emails_differ or names_differ):
        return Decision(True, KeyKind.PHONE, phone, record)
    name = candidate.name
    if name is not None and name == known.name:
        # Without a company (or without a person), different numbers also say two namesakes.
        weak = not (candidate.person and candidate.company)
        phones_differ = bool(candidate.phones) and bool(known.phones) and not set(candidate.phones) & set(known.phones)
        return Decision(not (emails_differ or (weak and phones_differ)), KeyKind.NAME, name, record)
    if phone is not None:
        return Decision(False, KeyKind.PHONE, phone, record)
    return None


def decide(candidate: IdentityKeys, known: Iterable[tuple[R, IdentityKeys]]) -> Decision[R] | None:
    """The first of `known` (in the caller's order of preference) that is the same person as
    `candidate`; else the first possible duplicate; else None."""
    possible: Decision[R] | None = None
    for record, keys in known:
        decision = judge(candidate, keys, record)
        if decision is None:
            continue
        if decision.same:
            return decision
        if possible is None:
            possible = decision
    return possible
