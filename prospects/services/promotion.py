"""Add to contacts / Import a contact: copying between prospects and the main contacts, never duplicating one.

Whether two records are the same contact is decided by the one identity rule (`prospects.domain.identity`):
the same e-mail, the same phone when the names agree, the same person at the same company whatever
the case, the accents, the word order or the company's legal form ("Dupont SAS" is "DUPONT").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prospects.domain import Contact, check
from prospects.domain.contacts import (  # noqa: F401
    Match,
    contact_from_prospect,
    contact_label,
    prospect_from_contact,
    validate_contact,
)
from prospects.domain.identity import decide, keys_of_record
from prospects.domain.phones import normalise_phone
from prospects.errors import DuplicateError, NotFoundError
from prospects.services import settings, unit_of_work


class AlreadyAContact(DuplicateError):
    """Add to contacts refused: the prospect is already in the main contacts."""

    key = "contacts.duplicate"
    fixed_code = "already_a_contact"

    def __init__(self, match: Match) -> None:
        from prospects.i18n import t

        super().__init__(None, name=match.label, id=match.contact_id, reason=t(f"contacts.reason.{match.reason}"))
        self.match = match


# -- use cases ---------------------------------------------------------------


def add_to_contacts(store: Any, prospect_id: int, by: int | None) -> Contact:
    """Copy a prospect into the main contacts, linked both ways and logged.

    Refuses with AlreadyAContact (saying which contact matched, and why) when the
    prospect is already linked to a contact, or one with the same email, phone or
    name + company exists.
    """
    def work() -> Contact:
        prospect = store.prospects.get(prospect_id)
        if prospect.contact_id is not None:
            try:
                linked = store.contacts.get(prospect.contact_id)
                raise AlreadyAContact(Match(linked.id, "linked", contact_label(linked)))
            except NotFoundError:
                pass
        country = settings.default_country(store)
        candidate = contact_from_prospect(prospect)
        candidate = candidate.replace(phone=_normalised(candidate.phone, country), mobile=_normalised(candidate.mobile, country))
        match = store.contacts.find_duplicate(candidate)
        if match is not None:
            raise AlreadyAContact(match)
        contact = store.contacts.create(candidate, by)
        store.prospects.change(prospect_id, {"contact_id": contact.id}, by)
        store.contacts.log_promotion(prospect_id, contact.id, "to_contacts", by)
        return contact

    return unit_of_work.run(store, work)


@dataclass(frozen=True)
class ImportResult:
    created: list[int]  # ids of the new prospects
    skipped: list[int]  # ids of contacts that already have a linked prospect


def import_contacts(store: Any, contact_ids: list[int], by: int | None) -> ImportResult:
    """Copy main contacts into the prospects (first stage, owned by `by`), linked and logged; all or nothing.

    A contact that already has a prospect linked to it, or that is the same person as a prospect by the
    identity rule (a prospect nobody linked yet), is skipped, not copied twice.
    """
    def work() -> ImportResult:
        created: list[int] = []
        skipped: list[int] = []
        stages = store.stages.list()
        stage_id = stages[0].id if stages else None
        already = store.contacts.linked_prospects(contact_ids)
        for contact_id in dict.fromkeys(contact_ids):
            if contact_id in already:
                skipped.append(contact_id)
                continue
            contact = store.contacts.get(contact_id)
            if _same_prospect(store, contact) is not None:
                skipped.append(contact_id)
                continue
            prospect = store.prospects.create(prospect_from_contact(contact, by, stage_id), by)
            store.contacts.log_promotion(prospect.id, contact_id, "from_contacts", by)
            created.append(prospect.id)
        return ImportResult(created, skipped)

    return unit_of_work.run(store, work)


def _same_prospect(store: Any, contact: Contact) -> int | None:
    """The prospect that is the same person as `contact` by the identity rule, if any."""
    country = settings.default_country(store)
    keys = keys_of_record(contact, country)
    known = store.imports.known_keys({keys.email} - {None}, set(keys.phones), {keys.name} - {None}, set(keys.sources))
    decision = decide(keys, ((record_id, k) for kind, record_id, k in known if kind == "prospect"))
    return decision.record if decision is not None and decision.same else None


def _normalised(number: str | None, country: str) -> str | None:
    """The number in E.164 when it can be read; as typed otherwise (a contact never loses a number)."""
    try:
        return normalise_phone(number, country)
    except ValueError:
        return number


def save_contact(store: Any, contact: Contact, by: int | None) -> Contact:
    """Create or update a main contact; refuses a duplicate of another contact, saying which."""
    check(validate_contact(contact))
    def work() -> Contact:
        match = store.contacts.find_duplicate(contact, exclude_id=contact.id)
        if match is not None:
            raise AlreadyAContact(match)
        if contact.id is None:
            return store.contacts.create(contact, by)
        return store.contacts.update(contact, by)

    return unit_of_work.run(store, work)


@dataclass(frozen=True)
class ContactsFileResult:
    created: int
    skipped: list[tuple[int, str]]  # (file row, the contact it duplicates)
    rejected: list[tuple[int, str]]  # (file row, why)


def load_contacts_file(store: Any, file_name: str, data: bytes, by: int | None) -> ContactsFileResult:
    """Load main contacts from a file with the import engine (reading, column mapping, cleaning).

    A row that duplicates an existing contact (email, phone, name + company) is skipped and named;
    the whole file is written in one transaction. ImportFileError when the file cannot be read.
    """
    from prospects.importing import ImportOptions
    from prospects.importing.duplicates import Policy
    from prospects.services import imports

    source = imports.read_file(store, file_name, data)
    # Policy.CREATE: the prospects the rows may match do not matter here, only the contacts do.
    report = imports.preview(store, source, ImportOptions(duplicates=Policy.CREATE, user_id=by))
    def work() -> ContactsFileResult:
        created, skipped, rejected = 0, [], []
        for outcome in report.rows:
            if outcome.prospect is None:
                rejected.append((outcome.row, outcome.reason))
                continue
            contact = contact_from_prospect(outcome.prospect).replace(prospect_id=None)
            match = store.contacts.find_duplicate(contact)
            if match is not None:
                skipped.append((outcome.row, match.label))
                continue
            store.contacts.create(contact, by)
            created += 1
        return ContactsFileResult(created, skipped, rejected)

    return unit_of_work.run(store, work)
