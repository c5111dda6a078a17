"""Main contacts and prospects: copying one into the other, a contact's label and its validation."""

from __future__ import annotations

from dataclasses import dataclass

from prospects.domain.models import Contact, Prospect
from prospects.domain.rules import validate_person
from prospects.errors import FieldError


@dataclass(frozen=True)
class Match:
    """An existing contact that a record duplicates, and why."""

    contact_id: int
    reason: str  # the key it was found by ("email", "source", "phone", "name_company"), or "linked"
    label: str


def contact_label(contact: Contact) -> str:
    person = " ".join(x for x in (contact.first_name, contact.last_name) if x)
    if person and contact.company:
        return f"{person} ({contact.company})"
    return person or contact.company or contact.email or contact.phone or contact.mobile or f"#{contact.id}"


def contact_from_prospect(prospect: Prospect) -> Contact:
    """The main-contact record of a prospect, linked back to it."""
    return Contact(
        civility=prospect.civility,
        last_name=prospect.last_name,
        first_name=prospect.first_name,
        is_company=prospect.is_company,
        company=prospect.company,
        job_title=prospect.job_title,
        address=prospect.address,
        postal_code=prospect.postal_code,
        city=prospect.city,
        country=prospect.country,
        phone=prospect.phone,
        mobile=prospect.mobile,
        email=prospect.email,
        website=prospect.website,
        notes=prospect.prospect_notes,
        prospect_id=prospect.id,
    )


def prospect_from_contact(contact: Contact, owner_id: int | None, stage_id: int | None) -> Prospect:
    """A new open prospect copied from a main contact, linked to it."""
    return Prospect(
        civility=contact.civility,
        last_name=contact.last_name,
        first_name=contact.first_name,
        is_company=contact.is_company,
        company=contact.company,
        job_title=contact.job_title,
        address=contact.address,
        postal_code=contact.postal_code,
        city=contact.city,
        country=contact.country,
        phone=contact.phone,
        mobile=contact.mobile,
        email=contact.email,
        website=contact.website,
        prospect_notes=contact.notes,
        owner_id=owner_id,
        stage_id=stage_id,
        contact_id=contact.id,
    )


def validate_contact(contact: Contact) -> list[FieldError]:
    """Field-level problems of a main contact: the rule of every person (identity, e-mail); its phone
    numbers are kept as typed when they cannot be read, so a contact never loses one."""
    return validate_person(contact)
