"""Reading one prospect: a base without custom fields is known to have no custom value (remembered
until the data changes), and the first custom field created shows its values at the next read."""

from __future__ import annotations

import threading

from prospects.domain import CustomField, FieldType, Prospect
from prospects.store import Store


def test_a_new_custom_field_s_value_shows_at_the_next_read(store: Store) -> None:
    user = store.users.list()[0].id
    prospect = store.prospects.create(Prospect(last_name="Hisson"), by=user)
    assert store.prospects.get(prospect.id).custom == {}  # remembered: no custom field in this base
    assert store.prospects.get(prospect.id).custom == {}
    field = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    saved = store.prospects.update(store.prospects.get(prospect.id).replace(custom={field.id: "Bertiet"}), by=user)
    assert saved.custom == {field.id: "Bertiet"}
    assert store.prospects.get(prospect.id).custom == {field.id: "Bertiet"}


def test_a_custom_field_created_in_another_tab_shows_in_this_run(store: Store) -> None:
    user = store.users.list()[0].id
    prospect = store.prospects.create(Prospect(last_name="Hisson"), by=user)
    with store.hold():
        assert store.prospects.get(prospect.id).custom == {}

        def other_tab() -> None:
            field = store.custom_fields.create(CustomField(None, "Trucks", FieldType.NUMBER, 1))
            store.prospects.update(store.prospects.get(prospect.id).replace(custom={field.id: "22"}), by=user)

        tab = threading.Thread(target=other_tab)
        tab.start()
        tab.join()
        assert list(store.prospects.get(prospect.id).custom.values()) == [22.0]
