"""The import follows the one identity rule: re-importing a file creates nothing, different people
sharing a name or a phone stay two prospects, and each decision names its key."""

from __future__ import annotations

import pytest

from prospects.domain import Contact, Prospect
from prospects.importing import ImportOptions, Policy
from prospects.services import open_store, promotion
from prospects.services.imports import import_file
from prospects.services.promotion import AlreadyAContact
from prospects.store import Store


def run(store: Store, text: str, policy: Policy = Policy.SKIP, name: str = "file.csv"):
    return import_file(store, name, text.encode("utf-8"), ImportOptions(duplicates=policy))


@pytest.mark.parametrize("policy", [Policy.SKIP, Policy.UPDATE])
def test_gross_juergen_strasse_gmbh_imported_twice_is_one_prospect(store: Store, policy: Policy) -> None:
    text = "Nom;Prénom;Société\nGroß;Jürgen;Straße GmbH\n"
    assert run(store, text, policy).created == 1
    again = run(store, text, policy)
    assert again.created == 0
    assert store.prospects.count() == 1


@pytest.mark.parametrize("policy", [Policy.SKIP, Policy.UPDATE])
def test_linkedin_connection_with_only_a_name_and_a_url_imported_twice_is_one_prospect(store: Store, policy: Policy) -> None:
    text = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Awa,Diallo,https://www.linkedin.com/in/awa-diallo-7b1,,,,12 Mar 2025\n")
    assert run(store, text, policy, "Connections.csv").created == 1
    again = run(store, text, policy, "Connections.csv")
    assert again.created == 0
    assert store.prospects.count() == 1


def test_same_common_name_at_the_same_company_with_different_emails_are_two_prospects(store: Store) -> None:
    text = ("Nom;Prénom;Société;E-mail\n"
            "Martin;Nicolas;Orange;nicolas.martin@orange.com\n"
            "MARTIN;Nicolas;Orange SA;n.martin@orange.com\n")
    report = run(store, text)
    assert report.created == 2
    assert report.skipped == 0
    second = report.rows[1]
    assert second.match is not None and not second.match.same and second.match.by == "name"
    assert second.warnings  # a possible duplicate is a warning, never a skip


def test_a_shared_mobile_does_not_merge_two_different_people(store: Store) -> None:
    text = ("Nom;Prénom;Société;Portable\n"
            "Martin;Paul;Acme;06 12 34 56 78\n"
            "Durand;Marie;Acme;+33 6 12 34 56 78\n")
    report = run(store, text)
    assert report.created == 2
    assert report.rows[1].match.by == "phone" and not report.rows[1].match.same


def test_a_shared_mobile_of_a_prospect_in_the_base_does_not_merge_either(store: Store, user_id: int) -> None:
    store.prospects.create(Prospect(last_name="Martin", first_name="Paul", mobile="+33612345678"), user_id)
    report = run(store, "Nom;Prénom;Portable\nDurand;Marie;06 12 34 56 78\n")
    assert report.created == 1


def test_jean_dupont_of_dupont_sas_and_dupont_jean_of_dupont_are_one_prospect(store: Store) -> None:
    assert run(store, "Nom;Prénom;Société\nDupont;Jean;Dupont SAS\n").created == 1
    again = run(store, "Nom;Société\nDupont Jean;DUPONT\n")
    assert again.created == 0 and again.skipped == 1
    assert again.rows[0].match.by == "name" and again.rows[0].match.same


def test_within_one_file_the_same_person_in_other_spelling_is_merged(store: Store) -> None:
    text = "Nom;Prénom;Société\nDupont;Jean;Dupont SAS\nDUPONT;JEAN;dupont\n"
    report = run(store, text)
    assert report.created == 1 and report.skipped == 1


def test_add_to_contacts_uses_the_same_rule_for_dupont(store: Store, user_id: int) -> None:
    known = store.contacts.create(Contact(last_name="Dupont Jean", company="DUPONT"), by=user_id)
    prospect = store.prospects.create(Prospect(last_name="Dupont", first_name="Jean", company="Dupont SAS"), user_id)
    with pytest.raises(AlreadyAContact) as caught:
        promotion.add_to_contacts(store, prospect.id, user_id)
    assert caught.value.match.contact_id == known.id


def test_add_to_contacts_folds_special_letters_like_the_import(store: Store, user_id: int) -> None:
    known = store.contacts.create(Contact(last_name="YILMAZ", first_name="Ilker", company="Coeur Lyon"), by=user_id)
    prospect = store.prospects.create(Prospect(last_name="Yılmaz", first_name="İlker", company="Cœur Lyon SARL"), user_id)
    with pytest.raises(AlreadyAContact) as caught:
        promotion.add_to_contacts(store, prospect.id, user_id)
    assert caught.value.match.contact_id == known.id


def test_add_to_contacts_accepts_another_person_sharing_a_mobile(store: Store, user_id: int) -> None:
    store.contacts.create(Contact(last_name="Durand", first_name="Marie", mobile="+33612345678"), by=user_id)
    prospect = store.prospects.create(Prospect(last_name="Martin", first_name="Paul", mobile="06 12 34 56 78"), user_id)
    contact = promotion.add_to_contacts(store, prospect.id, user_id)
    assert contact.last_name == "Martin"
    assert len(store.contacts.all()) == 2


def test_keys_are_stored_and_kept_current_by_every_write(store: Store, user_id: int) -> None:
    prospect = store.prospects.create(Prospect(last_name="Groß", first_name="Jürgen", company="Straße GmbH"), user_id)
    store.prospects.change(prospect.id, {"email": "JG@Strasse.de"}, user_id)
    with store.db.connection() as conn:
        row = conn.execute("SELECT email_key, person_key, company_key, keys_ready FROM prospects WHERE id = ?",
                           [prospect.id]).fetchall()[0]
    assert row == ("jg@strasse.de", "gross jurgen", "strasse", True)


def test_prospects_written_without_keys_get_them_before_an_import(store: Store, user_id: int) -> None:
    with store.db.transaction() as conn:
        conn.execute("INSERT INTO prospects (last_name, first_name, company, status, version)"
                     " VALUES ('Groß', 'Jürgen', 'Straße GmbH', 'open', 1)")
    assert run(store, "Nom;Prénom;Société\nGROSS;Jurgen;Strasse\n").created == 0


def test_migration_006_gives_existing_records_their_keys_when_the_base_is_opened(db_path) -> None:
    store = open_store(db_path)
    with store.db.transaction() as conn:  # records as they were before migration 006
        conn.execute("INSERT INTO prospects (last_name, first_name, company, status, version)"
                     " VALUES ('Groß', 'Jürgen', 'Straße GmbH', 'open', 1)")
        conn.execute("INSERT INTO contacts (last_name, company, email) VALUES ('Dupont Jean', 'DUPONT SAS', 'JD@dupont.fr')")
    reopened = open_store(db_path)
    with reopened.db.connection() as conn:
        prospect = conn.execute("SELECT name_key, keys_ready FROM prospects").fetchall()
        contact = conn.execute("SELECT email_key, name_key, keys_ready FROM contacts").fetchall()
    assert prospect == [("gross jurgen\x1fstrasse", True)]
    assert contact == [("jd@dupont.fr", "dupont jean\x1fdupont", True)]


def test_import_a_contact_skips_one_that_is_already_a_prospect_by_the_same_rule(store: Store, user_id: int) -> None:
    store.prospects.create(Prospect(last_name="Dupont", first_name="Jean", company="Dupont SAS"), user_id)
    same = store.contacts.create(Contact(last_name="Dupont Jean", company="DUPONT"), by=user_id)
    other = store.contacts.create(Contact(last_name="Dupont", first_name="Jeanne", company="DUPONT"), by=user_id)
    result = promotion.import_contacts(store, [same.id, other.id], user_id)
    assert result.skipped == [same.id]
    assert len(result.created) == 1 and store.prospects.count() == 2
