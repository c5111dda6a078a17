"""Main contacts CRUD and search on a real DuckDB file."""

from __future__ import annotations

import pytest

from prospects.domain import Contact
from prospects.errors import ConflictError, NotFoundError


def test_contacts_crud_and_accent_insensitive_search(store, user_id):
    c = store.contacts.create(Contact(last_name="Lefèvre", first_name="Amélie", company="TLF", email="a@tlf.fr"), by=user_id)
    store.contacts.create(Contact(company="Logisud", city="Marseille"), by=user_id)
    rows, total = store.contacts.list("LEFEVRE")
    assert total == 1 and rows["id"].tolist() == [c.id]
    assert store.contacts.list()[1] == 2
    changed = store.contacts.update(c.replace(city="Nice"), by=user_id)
    assert (changed.city, changed.version) == ("Nice", 2)
    with pytest.raises(ConflictError):
        store.contacts.update(c.replace(city="Paris"), by=user_id)
    store.contacts.delete(c.id)
    with pytest.raises(NotFoundError):
        store.contacts.get(c.id)
