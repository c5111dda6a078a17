"""The prospect record through AppTest: opened by ?id=, saved, refused next to the field, conflicts, actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from prospects import services
from prospects.domain import Action, CustomField, FieldType, Prospect, ProspectQuery, Status
from prospects.services import promotion
from prospects.store import Store


@pytest.fixture
def prospect(store: Store, user_id: int) -> Prospect:
    return store.prospects.create(
        Prospect(last_name="HISSON", first_name="Jean", company="Euro Transports", email="jean@euro.example",
                 phone="+33145000000", stage_id=store.stages.list()[0].id, owner_id=user_id),
        user_id,
    )


def record(app, prospect_id: int | None):
    return app(page="pages/prospect.py", query={"id": str(prospect_id)} if prospect_id else None)


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_a_record_opens_by_its_id_in_the_url(app, prospect):
    at = record(app, prospect.id)
    assert not at.exception
    assert at.title[0].value == "Jean HISSON"
    assert at.text_input(key=f"rec_{prospect.id}_company").value == "Euro Transports"
    assert at.text_input(key=f"rec_{prospect.id}_email").value == "jean@euro.example"
    assert f"No. {prospect.id} · created" in at.caption[0].value
    assert [tab.label for tab in at.tabs] == ["Project", "Details", "More", "Tasks", "History"]


def test_phone_and_email_are_clickable_links(app, prospect):
    at = record(app, prospect.id)
    links = at.markdown[0].value
    assert "(tel:+33145000000)" in links and "(mailto:jean@euro.example)" in links


def test_phones_read_in_the_national_layout_of_the_teams_country(app, store, user_id):
    """Stored E.164, shown as the contacts show it: 01 45 00 00 00 at home, +1 415-555-0134 abroad."""
    both = store.prospects.create(Prospect(last_name="DOE", phone="+33145000000", mobile="+14155550134"), user_id)
    links = record(app, both.id).markdown[0].value
    assert "[01 45 00 00 00](tel:+33145000000)" in links
    assert "+1 415-555-0134](tel:+14155550134)" in links  # the "+" escaped for Markdown


def test_an_unknown_id_says_the_record_does_not_exist(app, store):
    at = record(app, 999)
    assert "no longer exists" in errors(at)[0]


def test_saving_writes_the_record_and_normalises_the_phone(app, store, prospect):
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    at.text_input(key=f"{key}_city").input("Lyon").run()
    at.text_input(key=f"{key}_mobile").input("06 12 34 56 78").run()
    at.text_input(key=f"{key}_expected_revenue").input("25000").run()
    at.button(key="record_validate").click().run()
    saved = store.prospects.get(prospect.id)
    assert (saved.city, saved.mobile, saved.expected_revenue) == ("Lyon", "+33612345678", Decimal("25000.00"))
    assert "Prospect Jean HISSON saved." in at.success[0].value
    assert at.text_input(key=f"{key}_mobile").value == "+33612345678"  # the form shows what is stored


def test_invalid_input_is_refused_next_to_the_field_and_stays_on_screen(app, store, prospect):
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    at.text_input(key=f"{key}_email").input("jean@").run()
    at.text_input(key=f"{key}_expected_revenue").input("-5").run()
    at.text_input(key=f"{key}_phone").input("12").run()
    at.text_input(key=f"{key}_city").input("Marseille").run()
    at.button(key="record_validate").click().run()
    messages = errors(at)
    assert "“jean@” is not a valid email address." in messages
    assert "Expected revenue cannot be negative." in messages
    assert any(m.startswith("“12” is not a phone number") for m in messages)
    assert at.text_input(key=f"{key}_email").value == "jean@"
    assert at.text_input(key=f"{key}_city").value == "Marseille"
    assert store.prospects.get(prospect.id).version == prospect.version  # nothing written


def test_a_change_made_meanwhile_is_not_overwritten(app, store, prospect, user_id):
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    store.prospects.update(store.prospects.get(prospect.id).replace(city="Paris"), user_id)  # another session
    at.text_input(key=f"{key}_city").input("Lyon").run()
    at.button(key="record_validate").click().run()
    assert "changed this record at" in errors(at)[0] and "Nothing was overwritten" in errors(at)[0]
    assert store.prospects.get(prospect.id).city == "Paris"
    assert at.text_input(key=f"{key}_city").value == "Lyon"  # what was typed is still there
    compared = next(d.value for d in at.dataframe if "mine" in d.value.columns)
    assert compared.set_index("field").loc["City"].tolist() == ["Lyon", "Paris"]
    at.button(key="record_keep_mine").click().run()
    assert store.prospects.get(prospect.id).city == "Lyon"


def test_taking_their_version_shows_the_stored_record(app, store, prospect, user_id):
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    store.prospects.update(store.prospects.get(prospect.id).replace(city="Paris"), user_id)
    at.text_input(key=f"{key}_city").input("Lyon").run()
    at.button(key="record_validate").click().run()
    at.button(key="record_take_theirs").click().run()
    assert at.text_input(key=f"{key}_city").value == "Paris"
    assert not errors(at)


def test_closing_as_lost_asks_for_the_loss_reason(app, store, prospect):
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    at.selectbox(key=f"{key}_status").select(Status.LOST).run()
    at.button(key="record_validate").click().run()
    assert "Say why the deal was lost." in errors(at)
    assert store.prospects.get(prospect.id).status is Status.OPEN
    at.selectbox(key=f"{key}_loss_reason").select("Price").run()
    at.button(key="record_validate").click().run()
    lost = store.prospects.get(prospect.id)
    assert (lost.status, lost.loss_reason, lost.closed_on) == (Status.LOST, "Price", date.today())
    assert [h.new_value for h in store.prospects.history(prospect.id) if h.field == "status"] == ["lost"]


def test_a_new_prospect_is_created_on_the_same_page(app, store):
    at = app(page="pages/prospect.py")
    assert at.title[0].value == "New prospect"
    at.button(key="record_validate").click().run()
    assert "Give at least a name, a company, an email or a phone number." in errors(at)
    at.text_input(key="rec_new_company").input("Logisud").run()
    at.button(key="record_validate").click().run()
    assert store.prospects.count() == 1
    assert "Prospect Logisud created." in at.success[0].value
    assert at.query_params["id"] == (str(store.prospects.list(ProspectQuery()).rows["id"][0]))
    assert at.title[0].value == "Logisud"


def test_the_tasks_tab_filters_to_do_and_first_lines(app, store, prospect, user_id):
    store.actions.create(Action(prospect_id=prospect.id, title="Quote", due_at=datetime.now(), notes="line one\nline two"), user_id)
    store.actions.create(Action(prospect_id=prospect.id, title="Call", due_at=datetime.now() - timedelta(days=3), done=True), user_id)
    at = record(app, prospect.id)
    tasks = at.dataframe[0].value
    assert tasks["title"].tolist() == ["Quote", "Call"]
    at.toggle(key="record_todo_only").set_value(True).run()
    at.toggle(key="record_first_line").set_value(True).run()
    tasks = at.dataframe[0].value
    assert tasks["title"].tolist() == ["Quote"] and tasks["notes"].tolist() == ["line one"]


def test_the_history_tab_shows_stage_changes_and_promotions(app, store, prospect, user_id):
    stages = store.stages.list()
    services.move_to_stage(store, prospect.id, stages[2].id, user_id)
    promotion.add_to_contacts(store, prospect.id, user_id)
    at = record(app, prospect.id)
    history = at.dataframe[0].value
    assert history[["field", "old_value", "new_value"]].values.tolist()[0] == ["Stage", stages[0].name, stages[2].name]
    assert any("Added to the main contacts on" in c.value for c in at.caption)


def test_the_action_record_edits_and_deletes_with_confirmation(app, store, prospect, user_id):
    action = store.actions.create(Action(prospect_id=prospect.id, title="Quote", due_at=datetime.now()), user_id)
    at = record(app, prospect.id)
    at.button(key="record_open_action").click().run()
    key = f"action_{action.id}_{prospect.id}"
    assert at.text_input(key=f"{key}_title").value == "Quote"
    assert any(c.value.startswith(f"#{action.id} · created") for c in at.caption)
    at.toggle(key=f"{key}_done").set_value(True).run()
    at.checkbox(key=f"{key}_important").check().run()
    at.button(key=f"{key}_save").click().run()
    saved = store.actions.get(action.id)
    assert saved.done and saved.important and saved.done_at is not None
    at.button(key="record_open_action").click().run()
    at.button(key=f"{key}_delete").click().run()
    assert "Delete the action “Quote”?" in at.warning[0].value
    assert store.actions.for_prospect(prospect.id)  # not before the confirmation
    at.button(key=f"{key}_delete_yes").click().run()
    assert store.actions.for_prospect(prospect.id) == []


def test_the_action_record_refuses_to_overwrite_a_change_made_meanwhile(app, store, prospect, user_id):
    action = store.actions.create(Action(prospect_id=prospect.id, title="Quote", due_at=datetime.now()), user_id)
    at = record(app, prospect.id)
    at.button(key="record_open_action").click().run()
    store.actions.update(store.actions.get(action.id).replace(title="Quote v2"), user_id)  # another session
    key = f"action_{action.id}_{prospect.id}"
    at.text_area(key=f"{key}_notes").input("mine").run()
    at.button(key=f"{key}_save").click().run()
    assert any("Someone else changed this action" in e for e in errors(at))
    assert store.actions.get(action.id).title == "Quote v2"


def test_typed_text_goes_through_the_door_names_trimmed_notes_as_laid_out(app, store, prospect):
    brand = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    at.text_input(key=f"{key}_last_name").input("  Dupont\x0b ").run()
    at.text_input(key=f"{key}_company").input(" Transports\x00 Dupont  ").run()
    at.text_input(key=f"{key}_email").input("  marie@dupont.example ").run()
    at.text_area(key=f"{key}_prospect_notes").input("  - fleet of 12\x0b trucks\r\n  - call in May ").run()
    at.text_input(key=f"{key}_door_info").input("\x1b  code 1234 ").run()
    at.text_input(key=f"{key}_custom_{brand.id}").input(" Bertiet\x0b ").run()
    at.button(key="record_validate").click().run()
    assert not errors(at)
    saved = store.prospects.get(prospect.id)
    assert (saved.last_name, saved.company, saved.email) == ("Dupont", "Transports Dupont", "marie@dupont.example")
    assert saved.prospect_notes == "  - fleet of 12 trucks\n  - call in May "
    assert saved.door_info == "  code 1234 "
    assert saved.custom == {brand.id: " Bertiet "}


def test_a_refused_field_marks_its_tab_and_the_open_tab_stays_after_a_save(app, store, prospect):
    at = record(app, prospect.id)
    key = f"rec_{prospect.id}"
    at.text_input(key=f"{key}_email").input("jean@").run()
    at.button(key="record_validate").click().run()
    marked = [tab.label for tab in at.tabs if "material/error" in tab.label]
    assert len(marked) == 1 and "Details" in marked[0]  # the e-mail is on Details, shown when the rep opens it
    at.text_input(key=f"{key}_email").input("jean@euro.example").run()
    at.button(key="record_validate").click().run()
    assert [tab.label for tab in at.tabs] == ["Project", "Details", "More", "Tasks", "History"]

