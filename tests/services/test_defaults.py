"""A new file's default settings are a use case of the services, written once."""

from __future__ import annotations

from pathlib import Path

from prospects.services import open_store
from prospects.services.defaults import give_defaults
from prospects.store import Store


def test_the_store_alone_opens_a_file_without_writing_settings(db_path: Path) -> None:
    store = Store.open(db_path)
    assert store.users.list() == []
    assert store.stages.list() == []


def test_open_store_gives_a_new_file_its_defaults_once(db_path: Path) -> None:
    store = open_store(db_path, language="fr")
    users = store.users.list()
    stages = [s.name for s in store.stages.list()]
    assert users and stages
    assert give_defaults(store, "en") is False
    again = open_store(db_path, language="en")
    assert [u.initials for u in again.users.list()] == [u.initials for u in users]
    assert [s.name for s in again.stages.list()] == stages
