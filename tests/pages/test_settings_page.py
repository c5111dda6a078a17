"""The Settings page through AppTest: each section saves, each refusal shows next to its field."""

from __future__ import annotations

import json

import pytest

from prospects.domain import CustomField, FieldType, Prospect, User
from prospects.i18n import set_language
from prospects.store import Store
from prospects.ui import navigation


@pytest.fixture
def settings(app):
    def make():
        at = app(page="pages/settings.py")
        assert not at.exception
        return at

    return make


def add_prospect(store: Store, user_id: int, **fields) -> Prospect:
    fields = {"last_name": "Hisson", "company": "Euro Transports", "stage_id": store.stages.list()[0].id, **fields}
    return store.prospects.create(Prospect(**fields), by=user_id)


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_the_page_is_registered_last_in_the_menu():
    assert navigation.PAGES[-1].key == "settings" and navigation.PAGES[-1].file == "pages/settings.py"


def test_every_section_has_its_tab(settings):
    at = settings()
    assert [tab.label for tab in at.tabs] == ["Stages", "Lists", "Categories", "Custom fields", "Users", "General"]
    assert at.title[0].value == "Settings"
    assert at.text_input(key="stage_name_1").value == "New"


# -- stages -----------------------------------------------------------------------


def test_a_stage_is_renamed_and_retuned(settings, store):
    at = settings()
    at.text_input(key="stage_name_1").input("Lead in")
    at.number_input(key="stage_probability_1").set_value(15)
    at.button(key="stage_save_1").click().run()
    assert not errors(at) and at.success[0].value == "Saved."
    stage = store.stages.get(1)
    assert (stage.name, stage.probability) == ("Lead in", 15)
    assert at.text_input(key="stage_name_1").value == "Lead in"


def test_after_a_save_every_row_shows_the_database_again(settings, store):
    at = settings()
    at.text_input(key="stage_name_2").input("Typed, never saved")
    at.text_input(key="stage_name_1").input("Lead in")
    at.button(key="stage_save_1").click().run()
    assert store.stages.get(2).name == "Contacted"
    assert at.text_input(key="stage_name_2").value == "Contacted"
    assert at.text_input(key="stage_name_1").value == "Lead in"


def test_the_list_being_edited_stays_chosen_after_a_save(settings, store):
    at = settings()
    at.selectbox(key="list_kind_en").set_value("sector").run()
    at.text_input(key="choice_add_name_sector").input("Haulage")
    at.button(key="FormSubmitter:choice_add_sector-Add").click().run()
    assert at.success[0].value == "“Haulage” added."
    assert at.selectbox(key="list_kind_en").value == "sector"
    assert at.text_input(key="choice_add_name_sector").value == ""


def test_a_duplicate_stage_name_is_refused_next_to_the_field(settings, store):
    at = settings()
    at.text_input(key="stage_name_2").input("  new ")
    at.button(key="stage_save_2").click().run()
    assert errors(at) == ["“new” already exists in this list (case and accents do not count)."]
    assert store.stages.get(2).name == "Contacted"


def test_a_stage_is_added_last_and_moved_up(settings, store):
    at = settings()
    at.text_input(key="stage_add_name").input("Pilot")
    at.number_input(key="stage_add_probability").set_value(90)
    at.button(key="FormSubmitter:stage_add-Add").click().run()
    assert at.success[0].value == "“Pilot” added."
    pilot = store.stages.list()[-1]
    assert (pilot.name, pilot.probability) == ("Pilot", 90)
    at.button(key=f"stage_up_{pilot.id}").click().run()
    assert [s.name for s in store.stages.list()][-2:] == ["Pilot", "Negotiation"]


def test_deleting_a_stage_in_use_asks_where_its_prospects_go(settings, store, user_id):
    prospect = add_prospect(store, user_id)
    at = settings()
    at.selectbox(key="stage_delete_which").set_value(1)
    at.button(key="stage_delete").click().run()
    assert errors(at) == ["1 prospect is in stage “New”: choose the stage it moves to."]
    assert store.prospects.get(prospect.id).stage_id == 1

    at.selectbox(key="stage_delete_move_to_en").set_value(3)
    at.button(key="stage_delete").click().run()
    assert not errors(at)
    assert "1 prospect moved out of “New”" in at.success[0].value
    assert store.prospects.get(prospect.id).stage_id == 3
    assert [s.name for s in store.stages.list()] == ["Contacted", "Qualified", "Proposal", "Negotiation"]
    last = store.prospects.history(prospect.id)[-1]
    assert (last.old_value, last.new_value, last.changed_by) == ("1", "3", user_id)  # by the sidebar's user


def test_retiring_a_stage_with_open_deals_is_refused(settings, store, user_id):
    add_prospect(store, user_id)
    at = settings()
    at.button(key="stage_active_1").click().run()
    assert errors(at) and "1 open prospect is in stage “New”" in errors(at)[0]
    assert store.stages.get(1).active


# -- lists ----------------------------------------------------------------------------


def test_renaming_a_loss_reason_renames_it_on_the_prospects(settings, store, user_id):
    prospect = add_prospect(store, user_id, loss_reason="Price")
    price = next(c for c in store.choices.list("loss_reason") if c.name == "Price")
    at = settings()
    at.selectbox(key="list_kind_en").set_value("loss_reason").run()
    at.text_input(key=f"choice_name_{price.id}").input("Too expensive")
    at.button(key=f"choice_save_{price.id}").click().run()
    assert not errors(at)
    assert store.prospects.get(prospect.id).loss_reason == "Too expensive"
    at.button(key=f"choice_active_{price.id}").click().run()
    assert "Too expensive" not in store.choices.names("loss_reason")
    assert store.prospects.get(prospect.id).loss_reason == "Too expensive"  # retired, still on the record


def test_a_duplicate_list_value_is_refused(settings, store):
    at = settings()
    at.text_input(key="choice_add_name_channel").input("WEBSITE")
    at.button(key="FormSubmitter:choice_add_channel-Add").click().run()
    assert errors(at) == ["“WEBSITE” already exists in this list (case and accents do not count)."]
    assert store.choices.names("channel").count("Website") == 1


# -- categories ---------------------------------------------------------------------------


def test_category_labels_are_saved_and_duplicates_refused(settings, store):
    at = settings()
    at.text_input(key="category_7").input("VIP")
    at.button(key="FormSubmitter:categories-Save").click().run()
    assert store.categories.labels()[7] == "VIP"
    at.text_input(key="category_8").input("vip")
    at.button(key="FormSubmitter:categories-Save").click().run()
    assert errors(at) == ["“vip” already exists in this list (case and accents do not count)."]
    assert 8 not in store.categories.labels()


# -- custom fields ----------------------------------------------------------------------------


def test_a_custom_field_is_added_then_a_lossy_type_change_refused(settings, store, user_id):
    at = settings()
    at.text_input(key="custom_add_label").input("Truck brand")
    at.button(key="FormSubmitter:custom_add-Add").click().run()
    field = store.custom_fields.list()[0]
    assert (field.label, field.type) == ("Truck brand", FieldType.TEXT)
    prospect = add_prospect(store, user_id, custom={field.id: "Bertiet"})
    at.run()
    at.selectbox(key=f"custom_type_{field.id}_en").set_value(FieldType.NUMBER)
    at.button(key=f"custom_save_{field.id}").click().run()
    assert errors(at) == [
        "Cannot change text into number: 1 stored values would be lost, e.g. “Bertiet”. "
        "Correct or empty those values first, or create a new field."
    ]
    assert store.custom_fields.get(field.id).type is FieldType.TEXT
    assert store.prospects.get(prospect.id).custom == {field.id: "Bertiet"}


def test_a_lossless_type_change_converts_the_values(settings, store, user_id):
    field = store.custom_fields.create(CustomField(None, "Number of trucks", FieldType.TEXT, 0))
    prospect = add_prospect(store, user_id, custom={field.id: "22"})
    at = settings()
    at.selectbox(key=f"custom_type_{field.id}_en").set_value(FieldType.NUMBER)
    at.button(key=f"custom_save_{field.id}").click().run()
    assert not errors(at)
    assert store.prospects.get(prospect.id).custom == {field.id: 22.0}


# -- users ------------------------------------------------------------------------------------------


def test_a_user_is_added_and_duplicate_initials_refused(settings, store):
    at = settings()
    at.text_input(key="user_add_name").input("Sophie Martin")
    at.text_input(key="user_add_initials").input("sm")
    at.button(key="FormSubmitter:user_add-Add").click().run()
    assert at.success[0].value == "“Sophie Martin” added."
    assert [u.initials for u in store.users.list()] == ["EN", "SM"]
    assert "Sophie Martin (SM)" in at.sidebar.selectbox[0].options

    at.text_input(key="user_add_name").input("Samuel Moreau")
    at.text_input(key="user_add_initials").input("SM")
    at.button(key="FormSubmitter:user_add-Add").click().run()
    assert errors(at) == ["The initials “SM” are already those of Sophie Martin."]
    assert len(store.users.list()) == 2


def test_a_user_named_on_records_is_not_deleted(settings, store, user_id):
    add_prospect(store, user_id)
    at = settings()
    at.button(key=f"user_delete_{user_id}").click().run()
    assert "cannot be deleted: deactivate them instead" in errors(at)[0]
    assert len(store.users.list()) == 1


# -- general ------------------------------------------------------------------------------------------


def test_general_settings_are_written(settings, store):
    at = settings()
    at.selectbox(key="general_currency").set_value("CHF")
    at.selectbox(key="general_country").set_value("BE")
    at.selectbox(key="general_language_en").set_value("fr")
    at.button(key="FormSubmitter:general-Save").click().run()
    assert not errors(at)
    assert store.settings.all() == {"currency": "CHF", "default_country": "BE", "language": "fr"}


def test_default_values_are_renamed_into_french_from_a_french_session(settings, store, user_id):
    prospect = add_prospect(store, user_id, channel="Trade show")
    at = settings()
    at.sidebar.button_group[0].set_value("fr").run()
    at.run()  # the redraw that the browser's timer asks for after a switch
    assert at.title[0].value == "Paramètres"
    # AppTest formats selectbox options in the test's thread when sending the next run: same language.
    set_language("fr")
    at.button(key="general_translate").click().run()
    assert not errors(at)
    assert [s.name for s in store.stages.list()][:2] == ["Nouveau", "Contacté"]
    assert store.prospects.get(prospect.id).channel == "Salon"


# -- the round trip --------------------------------------------------------------------------------------


def board_headers(at) -> list[str]:
    [element] = at.get("component_instance")
    return [c["header"].split("\n")[0] for c in json.loads(element.proto.json_args)["items"]]


def test_a_renamed_and_moved_stage_shows_on_the_board_and_in_the_list(settings, app, store, user_id):
    add_prospect(store, user_id, stage_id=2, company="Logisud")
    at = settings()
    at.text_input(key="stage_name_2").input("First call")
    at.button(key="stage_save_2").click().run()
    at.button(key="stage_up_2").click().run()
    assert [s.name for s in store.stages.list()][:2] == ["First call", "New"]

    board = app(page="pages/board.py")
    assert not board.exception
    assert board_headers(board)[:2] == ["First call · 1", "New · 0"]

    if not navigation.has_page("prospects"):
        pytest.skip("the prospect list page is not registered yet")
    listing = app(page=navigation.page_file("prospects"))
    assert not listing.exception
    [rows] = [frame.value for frame in listing.dataframe if "stage" in frame.value.columns]
    assert list(rows.loc[rows["company"] == "Logisud", "stage"]) == ["First call"]
    stage_filters = [box.options for box in listing.multiselect if "First call" in box.options]
    assert stage_filters and stage_filters[0][:2] == ["First call", "New"]  # the list follows the new order


def test_the_user_chosen_in_the_sidebar_is_the_author_of_a_stage_move(settings, store, user_id):
    sophie = store.users.create(User(None, "Sophie Martin", "SM"))
    prospect = add_prospect(store, user_id)
    at = settings()
    at.sidebar.selectbox(key="sidebar_user").set_value(sophie.id).run()
    at.selectbox(key="stage_delete_which").set_value(1)
    at.selectbox(key="stage_delete_move_to_en").set_value(2)
    at.button(key="stage_delete").click().run()
    assert not errors(at)
    assert store.prospects.get(prospect.id).updated_by == sophie.id
    assert store.prospects.history(prospect.id)[-1].changed_by == sophie.id
