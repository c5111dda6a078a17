"""The main contacts page through AppTest: list with origin, search, paging, add and edit, duplicates refused."""

from __future__ import annotations

from prospects.domain import Contact, Prospect
from prospects.services import promotion
from prospects.ui import contact_form


def contacts_page(app):
    return app(page="pages/contacts.py")


def test_the_contacts_show_the_prospect_each_came_from(app, store, user_id):
    p = store.prospects.create(Prospect(last_name="Roux", first_name="Léa", company="Roux SA"), user_id)
    promotion.add_to_contacts(store, p.id, user_id)
    store.contacts.create(Contact(last_name="Martin", company="Globex"), user_id)
    at = contacts_page(app)
    assert not at.exception
    table = at.dataframe[0].value
    assert table["company"].tolist() == ["Globex", "Roux SA"]
    assert table.set_index("company").loc["Roux SA", "prospect"] == "Léa Roux"
    assert table.set_index("company").loc["Globex", "prospect"] == ""  # an empty cell, not "None"


def test_search_and_paging(app, store, user_id):
    for n in range(60):
        store.contacts.create(Contact(last_name=f"Name{n:02d}", company="Acme" if n % 2 else "Globex"), user_id)
    at = contacts_page(app)
    assert len(at.dataframe[0].value) == 50
    assert "60 contacts · page 1 of 2" in " ".join(c.value for c in at.caption)
    at.number_input(key="contacts_page").set_value(2).run()
    assert len(at.dataframe[0].value) == 10
    at.text_input(key="contacts_text").input("globex").run()
    assert len(at.dataframe[0].value) == 30
    assert set(at.dataframe[0].value["company"]) == {"Globex"}


def test_adding_a_contact_saves_it_with_its_phone_normalised(app, store):
    at = contacts_page(app)
    assert "contact file is empty" in at.info[0].value
    at.button(key="contacts_add").click().run()
    at.text_input(key="contact_f_last_name").input("Lefèvre").run()
    at.text_input(key="contact_f_company").input("TLF").run()
    at.text_input(key="contact_f_phone").input("04 72 00 00 00").run()
    at.button(key="contact_save").click().run()
    [contact] = store.contacts.all()
    assert (contact.last_name, contact.phone) == ("Lefèvre", "+33472000000")
    assert "Contact Lefèvre (TLF) saved." in at.success[0].value


def test_a_duplicate_contact_is_refused_and_named(app, store, user_id):
    known = store.contacts.create(Contact(first_name="Amélie", last_name="Lefèvre", company="TLF", email="a@tlf.fr"), user_id)
    at = contacts_page(app)
    at.button(key="contacts_add").click().run()
    at.text_input(key="contact_f_email").input("A@TLF.FR").run()
    at.button(key="contact_save").click().run()
    assert f"Already in the contacts as Amélie Lefèvre (TLF) (no. {known.id}): same email" in at.error[0].value
    assert len(store.contacts.all()) == 1
    assert at.text_input(key="contact_f_email").value == "A@TLF.FR"


def test_invalid_fields_are_refused_next_to_them(app, store):
    at = contacts_page(app)
    at.button(key="contacts_add").click().run()
    at.text_input(key="contact_f_last_name").input("Roux").run()
    at.text_input(key="contact_f_email").input("roux@").run()
    at.text_input(key="contact_f_mobile").input("123").run()
    at.button(key="contact_save").click().run()
    messages = [e.value for e in at.error]
    assert "“roux@” is not a valid email address." in messages
    assert any(m.startswith("“123” is not a phone number") for m in messages)
    assert store.contacts.all() == []


def test_editing_a_contact_saves_the_change(app, store, user_id):
    contact = store.contacts.create(Contact(last_name="Martin", company="Globex"), user_id)
    at = contacts_page(app)
    at.session_state[contact_form.EDITING] = contact.id
    at.run()
    assert at.text_input(key="contact_f_last_name").value == "Martin"
    at.text_input(key="contact_f_city").input("Lille").run()
    at.button(key="contact_save").click().run()
    assert store.contacts.get(contact.id).city == "Lille"
