"""Rules of Add to contacts / Import a contact: what counts as the same contact."""

from __future__ import annotations

from prospects.domain import Contact, Prospect
from prospects.promotion import (
    company_key,
    contact_from_prospect,
    identity_keys,
    match_reason,
    name_company_key,
    person_key,
    prospect_from_contact,
)


def test_company_key_ignores_case_accents_and_legal_suffixes():
    assert company_key("Dupont SAS") == company_key("DUPONT")
    assert company_key("Société Générale S.A.R.L.") == company_key("societe generale")
    assert company_key("Müller GmbH") == company_key("Muller")
    assert company_key("Acme Ltd.") == company_key("ACME Limited")
    assert company_key("Dupont & Fils") == company_key("Dupont et fils")


def test_company_key_of_a_bare_legal_form_keeps_it():
    assert company_key("SAS") == "sas"


def test_person_key_ignores_word_order_case_and_accents():
    assert person_key("Dupont", "Jérôme") == person_key("DUPONT", "jerome")
    assert person_key("Dupont", "Jean") == person_key("Jean", "Dupont")


def test_name_company_key_needs_both_a_name_and_a_company():
    assert name_company_key("Dupont", "Jean", None) is None
    assert name_company_key(None, None, "Acme") is None
    assert name_company_key("Dupont", "Jean", "Acme SAS") == "dupont jean|acme"


def test_same_email_in_another_case_is_a_duplicate():
    a = identity_keys(Prospect(email="Jean.Dupont@Acme.fr"))
    b = identity_keys(Contact(email="jean.dupont@acme.fr "))
    assert match_reason(a, b) == "email"


def test_same_phone_in_another_spelling_is_a_duplicate():
    a = identity_keys(Prospect(phone="06 12 34 56 78"))
    b = identity_keys(Contact(mobile="+33612345678"))
    assert match_reason(a, b) == "phone"


def test_same_name_and_company_with_other_legal_form_is_a_duplicate():
    a = identity_keys(Prospect(last_name="Lefèvre", first_name="Amélie", company="Transports Lefèvre SARL"))
    b = identity_keys(Contact(last_name="LEFEVRE", first_name="amelie", company="Transports Lefevre"))
    assert match_reason(a, b) == "name_company"


def test_same_name_at_another_company_is_not_a_duplicate():
    a = identity_keys(Prospect(last_name="Martin", first_name="Paul", company="Acme"))
    b = identity_keys(Contact(last_name="Martin", first_name="Paul", company="Globex"))
    assert match_reason(a, b) is None


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
