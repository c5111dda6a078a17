"""Contacts store: duplicate lookup in SQL, promotion log, links, Delete all keeps contacts."""

from __future__ import annotations

import pytest

from prospects.domain import Contact, Prospect
from prospects.services import promotion
from prospects.services.promotion import AlreadyAContact


def test_find_duplicate_by_email_phone_and_name_company(store, user_id):
    known = store.contacts.create(
        Contact(last_name="Lefèvre", first_name="Amélie", company="TLF SAS", email="amelie@tlf.fr", phone="01 45 00 00 00"),
        by=user_id,
    )
    by_email = store.contacts.find_duplicate(Contact(email="AMELIE@tlf.fr"))
    by_phone = store.contacts.find_duplicate(Contact(mobile="+33 1 45 00 00 00"))
    by_name = store.contacts.find_duplicate(Contact(last_name="LEFEVRE", first_name="amelie", company="tlf"))
    assert (by_email.contact_id, by_email.reason) == (known.id, "email")
    assert (by_phone.contact_id, by_phone.reason) == (known.id, "phone")
    assert (by_name.contact_id, by_name.reason) == (known.id, "name_company")
    assert store.contacts.find_duplicate(Contact(last_name="Lefèvre", company="Other")) is None
    assert store.contacts.find_duplicate(Contact(email="amelie@tlf.fr"), exclude_id=known.id) is None


def test_contacts_written_without_keys_get_them_before_a_lookup(store, user_id):
    with store.db.transaction() as conn:
        conn.execute("INSERT INTO contacts (last_name, company, email) VALUES ('Roux', 'Roux SA', 'lea@roux.fr')")
    match = store.contacts.find_duplicate(Contact(last_name="roux", company="ROUX"))
    assert match is not None and match.reason == "name_company"


def test_add_to_contacts_links_both_ways_and_logs_who_and_when(store, user_id):
    prospect = store.prospects.create(
        Prospect(last_name="Roux", first_name="Léa", company="Roux", email="lea@roux.fr", phone="04 72 00 00 00"), user_id
    )
    contact = promotion.add_to_contacts(store, prospect.id, user_id)
    assert contact.prospect_id == prospect.id
    assert contact.phone == "+33472000000"  # stored normalised
    assert store.prospects.get(prospect.id).contact_id == contact.id
    log = store.contacts.promotions_frame(prospect.id)
    assert log["contact_id"].tolist() == [contact.id]
    assert log["direction"].tolist() == ["to_contacts"]
    assert log["promoted_by"].tolist() == [store.users.get(user_id).initials]


def test_add_to_contacts_refuses_a_duplicate_and_names_the_match(store, user_id):
    known = store.contacts.create(Contact(last_name="Dupont", first_name="Jean", company="Acme"), by=user_id)
    prospect = store.prospects.create(Prospect(last_name="DUPONT", first_name="Jean", company="ACME SARL"), user_id)
    with pytest.raises(AlreadyAContact) as caught:
        promotion.add_to_contacts(store, prospect.id, user_id)
    assert caught.value.match.contact_id == known.id
    assert "Jean Dupont (Acme)" in caught.value.message
    assert len(store.contacts.all()) == 1
    assert store.contacts.promotions_frame(prospect.id).empty


def test_add_to_contacts_twice_is_refused_as_linked(store, user_id):
    prospect = store.prospects.create(Prospect(company="Globex"), user_id)
    promotion.add_to_contacts(store, prospect.id, user_id)
    with pytest.raises(AlreadyAContact) as caught:
        promotion.add_to_contacts(store, prospect.id, user_id)
    assert caught.value.match.reason == "linked"


def test_import_contacts_creates_linked_prospects_and_skips_those_already_imported(store, user_id):
    a = store.contacts.create(Contact(last_name="Roux", company="Roux SA", email="lea@roux.fr"), by=user_id)
    b = store.contacts.create(Contact(company="Globex"), by=user_id)
    first = promotion.import_contacts(store, [a.id, b.id], user_id)
    assert len(first.created) == 2 and first.skipped == []
    imported = store.prospects.get(first.created[0])
    assert (imported.contact_id, imported.email, imported.owner_id) == (a.id, "lea@roux.fr", user_id)
    assert imported.stage_id == store.stages.list()[0].id
    again = promotion.import_contacts(store, [a.id], user_id)
    assert again.created == [] and again.skipped == [a.id]
    assert store.contacts.promotions_frame(imported.id)["direction"].tolist() == ["from_contacts"]


def test_contact_list_shows_the_prospect_it_came_from(store, user_id):
    prospect = store.prospects.create(Prospect(last_name="Roux", first_name="Léa", company="Roux"), user_id)
    promotion.add_to_contacts(store, prospect.id, user_id)
    rows, total = store.contacts.list("roux")
    assert total == 1
    assert rows["prospect"].tolist() == ["Léa Roux"]


def test_contacts_load_from_a_csv_with_the_import_engine_and_skip_duplicates(store, user_id):
    store.contacts.create(Contact(last_name="Roux", company="Roux SA", email="lea@roux.fr"), by=user_id)
    data = (
        "Nom;Prénom;Société;E-mail;Téléphone\n"
        "Roux;Léa;Roux;LEA@roux.fr;\n"
        "Martin;Paul;Globex SARL;paul@globex.example;06 12 34 56 78\n"
        "Martin;Paul;GLOBEX;;\n"
    ).encode()
    result = promotion.load_contacts_file(store, "salon.csv", data, user_id)
    assert result.created == 1
    assert [row for row, _ in result.skipped] == [2, 4]
    paul = next(c for c in store.contacts.all() if c.last_name == "Martin")
    assert (paul.email, paul.phone or paul.mobile, paul.company) == ("paul@globex.example", "+33612345678", "Globex SARL")
