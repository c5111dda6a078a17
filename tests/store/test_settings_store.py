"""Settings in DuckDB: renames that follow every record, reorders, retirements, safe deletes, users."""

from __future__ import annotations

from datetime import date

import pytest

from prospects import services
from prospects.domain import Choice, CustomField, FieldType, Prospect, Stage, User
from prospects.errors import ValidationError
from prospects.services import open_store
from prospects.store import Store


def add_prospect(store: Store, user_id: int, stage_id: int | None = None, **fields) -> Prospect:
    stage_id = stage_id or store.stages.list()[0].id
    return store.prospects.create(Prospect(last_name="Hisson", company="Euro Transports", stage_id=stage_id, **fields), by=user_id)


def refused(call, *args, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return [(e.field, e.key) for e in error.value.errors]


# -- stages -------------------------------------------------------------------


def test_renaming_a_stage_keeps_its_prospects_and_readable_history(store, user_id):
    new = store.stages.list()[0]
    prospect = add_prospect(store, user_id, stage_id=new.id)
    store.stages.update(Stage(new.id, "Lead in", new.position, new.probability, new.stale_after_days))
    assert store.prospects.get(prospect.id).stage_id == new.id
    history = store.prospects.history_frame(prospect.id)
    assert list(history["new_value"]) == ["Lead in"]


def test_a_stage_name_is_unique_ignoring_case_and_accents(store):
    qualified = store.stages.list()[2]
    assert refused(store.stages.update, Stage(qualified.id, "new", 3, 40)) == [("name", "settings.error.name_duplicate")]
    assert refused(store.stages.create, Stage(None, " ", 0, 50)) == [("name", "settings.error.name_missing")]
    assert refused(store.stages.create, Stage(None, "Pilot", 0, 101, 0)) == [
        ("probability", "settings.error.probability_range"),
        ("stale_after_days", "settings.error.stale_days_positive"),
    ]
    assert store.stages.get(qualified.id).name == "Qualified"


def test_a_new_stage_goes_last_and_stages_reorder(store):
    pilot = store.stages.create(Stage(None, "Pilot", 0, 90, 7))
    assert [s.name for s in store.stages.list()][-1] == "Pilot"
    store.stages.move(pilot.id, -1)
    assert [s.name for s in store.stages.list()][-2:] == ["Pilot", "Negotiation"]
    first = store.stages.list()[0]
    store.stages.move(first.id, -1)  # already first: nothing moves
    assert store.stages.list()[0].id == first.id
    assert [s.position for s in store.stages.list()] == [1, 2, 3, 4, 5, 6]


def test_a_stage_holding_prospects_is_not_deleted_without_a_destination(store, user_id):
    new, contacted = store.stages.list()[:2]
    prospect = add_prospect(store, user_id, stage_id=new.id)
    assert refused(store.stages.delete, new.id) == [("move_to", "settings.error.stage_in_use")]
    assert refused(store.stages.delete, new.id, move_to=new.id) == [("move_to", "settings.error.move_to_invalid")]
    assert store.prospects.get(prospect.id).stage_id == new.id

    moved, kept = store.stages.delete(new.id, move_to=contacted.id, by=user_id)
    assert (moved, kept) == (1, True)  # history names it: kept, retired, so History still reads
    after = store.prospects.get(prospect.id)
    assert after.stage_id == contacted.id and after.version == prospect.version + 1
    assert new.id not in [s.id for s in store.stages.list()]
    assert list(store.prospects.history_frame(prospect.id)["new_value"]) == ["Contacted", "New"]
    assert store.prospects.history(prospect.id)[-1].changed_by == user_id


def test_an_unused_stage_is_really_deleted(store):
    pilot = store.stages.create(Stage(None, "Pilot", 0, 90, 7))
    assert store.stages.delete(pilot.id) == (0, False)
    assert "Pilot" not in [s.name for s in store.stages.list(active_only=False)]


def test_a_stage_delete_is_all_or_nothing(store, user_id):
    new, contacted = store.stages.list()[:2]
    prospect = add_prospect(store, user_id, stage_id=new.id)
    with pytest.raises(RuntimeError, match="power cut"), store.db.transaction():
        store.stages.delete(new.id, move_to=contacted.id, by=user_id)
        raise RuntimeError("power cut")
    assert store.prospects.get(prospect.id).stage_id == new.id
    assert store.stages.get(new.id).active


def test_retiring_a_stage_with_open_deals_is_refused(store, user_id):
    new = store.stages.list()[0]
    prospect = add_prospect(store, user_id, stage_id=new.id)
    assert refused(store.stages.set_active, new.id, False) == [("active", "settings.error.stage_retire_in_use")]
    services.change_status(store, prospect.id, "won", by=user_id, expected_version=prospect.version)
    store.stages.set_active(new.id, False)
    assert new.id not in [s.id for s in store.stages.list()]
    assert store.stages.set_active(new.id, True).active


# -- lists ----------------------------------------------------------------------


def test_renaming_a_list_value_renames_it_on_every_record(store, user_id):
    fair = next(c for c in store.choices.list("channel") if c.name == "Trade show")
    a = add_prospect(store, user_id, channel="Trade show")
    b = add_prospect(store, user_id, channel="Website")
    store.choices.rename(fair.id, "Trade fair")
    assert store.prospects.get(a.id).channel == "Trade fair"
    assert store.prospects.get(b.id).channel == "Website"
    assert store.choices.usage("channel") == {"Trade fair": 1, "Website": 1}


def test_renaming_a_civility_follows_prospects_and_contacts(store, user_id):
    from prospects.domain import Contact

    contact = store.contacts.create(Contact(last_name="Martin", civility="Mme"), by=user_id)
    prospect = add_prospect(store, user_id, civility="Mme")
    mme = next(c for c in store.choices.list("civility") if c.name == "Mme")
    store.choices.rename(mme.id, "Madame")
    assert store.prospects.get(prospect.id).civility == "Madame"
    assert store.contacts.get(contact.id).civility == "Madame"


def test_a_duplicate_list_value_is_refused_even_against_retired_ones(store):
    price = next(c for c in store.choices.list("loss_reason") if c.name == "Price")
    store.choices.set_active(price.id, False)
    assert refused(store.choices.create, Choice(None, "loss_reason", "PRICE", 0)) == [("name", "settings.error.name_duplicate")]
    assert store.choices.create(Choice(None, "sector", "Price", 0)).position == 7  # another list, at its end


def test_retiring_a_value_keeps_it_on_old_records(store, user_id):
    price = next(c for c in store.choices.list("loss_reason") if c.name == "Price")
    prospect = add_prospect(store, user_id, loss_reason="Price")
    store.choices.set_active(price.id, False)
    assert "Price" not in store.choices.names("loss_reason")
    assert "Price" in store.choices.names("loss_reason", active_only=False)
    assert store.prospects.get(prospect.id).loss_reason == "Price"


def test_list_values_reorder(store):
    website = next(c for c in store.choices.list("channel") if c.name == "Website")
    store.choices.move(website.id, -2)
    assert store.choices.names("channel")[:3] == ["Website", "Trade show", "Referral"]


# -- categories -------------------------------------------------------------------


def test_category_labels_are_saved_together_and_checked(store):
    store.categories.set_labels({1: "VIP", 2: "", 20: "Last box"})
    assert store.categories.labels()[1] == "VIP" and 2 not in store.categories.labels()
    assert store.categories.labels()[20] == "Last box"
    assert refused(store.categories.set_labels, {3: "vip", 1: "VIP"}) == [("category_3", "settings.error.name_duplicate")]
    assert refused(store.categories.set_labels, {21: "Too many"}) == [("categories", "settings.error.too_many_categories")]
    assert store.categories.labels()[1] == "VIP"


# -- custom fields -----------------------------------------------------------------


def test_a_custom_field_type_change_converts_every_value(store, user_id):
    trucks = store.custom_fields.create(CustomField(None, "Number of trucks", FieldType.TEXT, 0))
    a = add_prospect(store, user_id, custom={trucks.id: "22"})
    b = add_prospect(store, user_id, custom={trucks.id: "3,5"})
    store.custom_fields.update(CustomField(trucks.id, "Number of trucks", FieldType.NUMBER, trucks.position))
    assert store.prospects.get(a.id).custom == {trucks.id: 22.0}
    assert store.prospects.get(b.id).custom == {trucks.id: 3.5}
    store.custom_fields.update(CustomField(trucks.id, "Trucks", FieldType.TEXT, trucks.position))
    assert store.prospects.get(a.id).custom == {trucks.id: "22"}


def test_a_lossy_type_change_is_refused_and_changes_nothing(store, user_id):
    brand = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 0))
    a = add_prospect(store, user_id, custom={brand.id: "Bertiet"})
    add_prospect(store, user_id, custom={brand.id: "12"})
    assert refused(store.custom_fields.update, CustomField(brand.id, "Truck brand", FieldType.NUMBER, 1)) == [
        ("type", "settings.error.type_change_lossy")
    ]
    assert store.custom_fields.get(brand.id).type is FieldType.TEXT
    assert store.prospects.get(a.id).custom == {brand.id: "Bertiet"}


def test_a_date_field_becomes_text_and_back(store, user_id):
    visit = store.custom_fields.create(CustomField(None, "Visit", FieldType.DATE, 0))
    a = add_prospect(store, user_id, custom={visit.id: date(2026, 3, 1)})
    store.custom_fields.update(CustomField(visit.id, "Visit", FieldType.TEXT, 1))
    assert store.prospects.get(a.id).custom == {visit.id: "2026-03-01"}
    store.custom_fields.update(CustomField(visit.id, "Visit", FieldType.DATE, 1))
    assert store.prospects.get(a.id).custom == {visit.id: date(2026, 3, 1)}


def test_custom_fields_rename_reorder_retire(store, user_id):
    a = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 0))
    b = store.custom_fields.create(CustomField(None, "Fleet size", FieldType.NUMBER, 0))
    prospect = add_prospect(store, user_id, custom={a.id: "Bertiet"})
    store.custom_fields.move(b.id, -1)
    assert [f.label for f in store.custom_fields.list()] == ["Fleet size", "Truck brand"]
    assert refused(store.custom_fields.update, CustomField(a.id, "fleet SIZE", FieldType.TEXT, 2)) == [
        ("label", "settings.error.name_duplicate")
    ]
    store.custom_fields.set_active(a.id, False)
    assert [f.label for f in store.custom_fields.list()] == ["Fleet size"]
    assert store.custom_fields.value_count(a.id) == 1
    assert store.prospects.get(prospect.id).custom[a.id] == "Bertiet"


# -- users ------------------------------------------------------------------------


def test_users_crud_with_unique_initials(store):
    sophie = store.users.create(User(None, " Sophie Martin ", "sm", "sophie@example.com"))
    assert (sophie.full_name, sophie.initials) == ("Sophie Martin", "SM")
    assert refused(store.users.create, User(None, "Samuel Moreau", "SM")) == [("initials", "settings.error.initials_duplicate")]
    store.users.update(User(sophie.id, "Sophie Martin-Roux", "SMR", None, active=False))
    assert store.users.get(sophie.id).full_name == "Sophie Martin-Roux"
    assert [u.initials for u in store.users.list(active_only=True)] == ["EN"]
    store.users.delete(sophie.id)
    assert [u.initials for u in store.users.list()] == ["EN"]


def test_a_user_named_on_records_cannot_be_deleted(store, user_id):
    add_prospect(store, user_id)
    assert refused(store.users.delete, user_id) == [("active", "settings.error.user_in_use")]


def test_the_last_active_user_stays_active(store, user_id):
    me = store.users.get(user_id)
    assert refused(store.users.update, User(me.id, me.full_name, me.initials, me.email, active=False)) == [
        ("active", "settings.error.last_active_user")
    ]


# -- general and languages ---------------------------------------------------------


def test_general_settings_are_checked_and_saved_together(store):
    assert refused(store.settings.set_general, {"currency": "CHF", "default_country": "ZZ"}) == [
        ("default_country", "settings.error.country_unknown")
    ]
    assert store.settings.get("currency") == "EUR"
    store.settings.set_general({"currency": "CHF", "default_country": "BE", "language": "fr"})
    assert store.settings.all() == {"currency": "CHF", "default_country": "BE", "language": "fr"}


def test_a_database_created_in_french_gets_french_defaults(tmp_path):
    store = open_store(tmp_path / "fr.duckdb", language="fr")
    assert [s.name for s in store.stages.list()] == ["Nouveau", "Contacté", "Qualifié", "Proposition", "Négociation"]
    assert store.choices.names("loss_reason")[:2] == ["Prix", "Concurrent"]
    assert store.categories.labels()[3] == "Décideur"
    assert store.settings.get("language") == "fr"
