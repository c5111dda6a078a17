"""First start: default settings, and the CRUD of users, stages, lists, categories and custom fields."""

from __future__ import annotations

from prospects.domain import Choice, CustomField, FieldType, Stage, User
from prospects.services import open_store


def test_a_new_database_gets_the_default_settings(store):
    assert [s.name for s in store.stages.list()] == ["New", "Contacted", "Qualified", "Proposal", "Negotiation"]
    assert [s.probability for s in store.stages.list()] == sorted(s.probability for s in store.stages.list())
    assert store.choices.names("channel") == ["Trade show", "Referral", "Website", "Social networks", "Cold call", "Direct approach"]
    assert store.choices.names("loss_reason") == ["Price", "Competitor", "No budget", "No decision", "Timing", "Not a fit"]
    assert "Mme" in store.choices.names("civility")
    assert len(store.users.list()) == 1
    assert store.settings.get("currency") == "EUR"
    assert store.prospects.count() == 0


def test_defaults_are_seeded_once(store, db_path):

    again = open_store(db_path)
    assert len(again.stages.list()) == 5 and len(again.users.list()) == 1


def test_settings_crud(store):
    user = store.users.create(User(None, "Sophie Martin", "SM", "sm@example.com"))
    store.users.update(User(user.id, "Sophie Martin", "SMA", None, active=False))
    assert [u.initials for u in store.users.list(active_only=True)] == ["EN"]
    assert store.users.get(user.id).initials == "SMA"

    stage = store.stages.create(Stage(None, "Pilot", 6, 90, 7))
    store.stages.update(Stage(stage.id, "Pilot run", 6, 85, 10))
    assert store.stages.get(stage.id).name == "Pilot run"

    choice = store.choices.create(Choice(None, "channel", "Partner", 7))
    store.choices.update(Choice(choice.id, "channel", "Partner", 7, active=False))
    assert "Partner" not in store.choices.names("channel")
    assert "Partner" in store.choices.names("channel", active_only=False)

    store.categories.set_label(7, "VIP")
    assert store.categories.labels()[7] == "VIP"

    field = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    store.custom_fields.update(CustomField(field.id, "Truck make", FieldType.TEXT, 1))
    assert [f.label for f in store.custom_fields.list()] == ["Truck make"]

    store.settings.set("currency", "CHF")
    assert store.settings.get("currency") == "CHF"
