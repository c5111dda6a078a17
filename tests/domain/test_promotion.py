"""Rules of Add to contacts / Import a contact: what counts as the same contact."""

from __future__ import annotations

from prospects.domain import Contact, Prospect
from prospects.services.promotion import contact_from_prospect, prospect_from_contact


def test_contact_from_prospect_copies_identity_and_links_back():
    prospect = Prospect(id=7, last_name="Roux", first_name="Léa", company="Roux SA", email="lea@roux.fr",
                        phone="+33145000000", city="Lyon", prospect_notes="met at the fair")
    contact = contact_from_prospect(prospect)
    assert (contact.last_name, contact.company, contact.email, contact.city) == ("Roux", "Roux SA", "lea@roux.fr", "Lyon")
    assert contact.prospect_id == 7
    assert contact.notes == "met at the fair"


def test_prospect_from_contact_is_open_in_the_given_stage_and_linked():
    contact = Contact(id=3, last_name="Roux", company="Roux SA", email="lea@roux.fr")
    prospect = prospect_from_contact(contact, owner_id=2, stage_id=5)
    assert (prospect.contact_id, prospect.owner_id, prospect.stage_id, str(prospect.status)) == (3, 2, 5, "open")
    assert prospect.email == "lea@roux.fr"
