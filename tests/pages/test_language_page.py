"""The language sticks: a user's choice is saved, a new session follows it or the browser's preferred
language, and a switch offers to rename the team's untouched defaults right by the switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from prospects.services import open_store
from prospects.services import settings as settings_service
from prospects.store import Store
from tests.conftest import ROOT


def run_app(db_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str | None = None) -> AppTest:
    """app.py on the test database, as a browser whose preferred language is `locale` opens it."""
    monkeypatch.setenv("PROSPECTS_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if locale:
        at.context = {"locale": locale}
    return at.run()


def sidebar_language(at: AppTest) -> str:
    return at.sidebar.button_group(key="sidebar_language").label


def test_a_new_database_first_opened_by_a_french_browser_is_french(db_path, monkeypatch):
    at = run_app(db_path, monkeypatch, locale="fr-FR")
    assert not at.exception
    assert sidebar_language(at) == "Langue"
    store = Store.open(db_path)
    assert [s.name for s in settings_service.stages(store)] == ["Nouveau", "Contacté", "Qualifié", "Proposition", "Négociation"]
    assert "Salon" in settings_service.choice_names(store, "channel")
    assert "Prix" in settings_service.choice_names(store, "loss_reason")


def test_a_new_session_follows_the_browser_when_its_user_never_chose(store, db_path, monkeypatch):
    assert sidebar_language(run_app(db_path, monkeypatch, locale="fr-CA")) == "Langue"
    assert sidebar_language(run_app(db_path, monkeypatch, locale="de-DE")) == "Language"  # the team's


def test_the_language_a_user_chose_opens_their_next_session(store, db_path, user_id, monkeypatch):
    at = run_app(db_path, monkeypatch)
    at.sidebar.button_group(key="sidebar_language").set_value("fr").run()
    at.run()
    assert settings_service.user_language(store, user_id) == "fr"

    # A new session (another browser, an English one): the user's own choice wins.
    again = run_app(db_path, monkeypatch, locale="en-GB")
    assert sidebar_language(again) == "Langue"
    assert not again.exception


def test_the_switch_offers_to_rename_the_untouched_defaults_and_does(store, db_path, monkeypatch):
    # The team renamed one stage itself: that one stays.
    first = settings_service.stages(store)[0]
    settings_service.save_stage(store, type(first)(first.id, "Lead froid", first.position, first.probability,
                                                   first.stale_after_days, first.active))
    at = run_app(db_path, monkeypatch)
    assert not _has(at, "translate_offer_yes")
    at.sidebar.button_group(key="sidebar_language").set_value("fr").run()
    at.run()
    assert _has(at, "translate_offer_yes"), "no offer to rename the defaults by the switch"
    at.sidebar.button(key="translate_offer_yes").click().run()
    at.run()
    assert not at.exception
    names = [s.name for s in settings_service.stages(store)]
    assert names == ["Lead froid", "Contacté", "Qualifié", "Proposition", "Négociation"]
    assert "Salon" in settings_service.choice_names(store, "channel")
    assert not _has(at, "translate_offer_yes")
    assert settings_service.untranslated_defaults(store, "fr") == 0


def test_keeping_the_defaults_as_they_are_renames_nothing(store, db_path, monkeypatch):
    at = run_app(db_path, monkeypatch)
    at.sidebar.button_group(key="sidebar_language").set_value("fr").run()
    at.run()
    at.sidebar.button(key="translate_offer_no").click().run()
    assert not _has(at, "translate_offer_yes")
    assert settings_service.stages(store)[0].name == "New"


def test_no_offer_when_the_defaults_are_already_in_the_language(db_path, monkeypatch):
    open_store(db_path, language="fr")
    at = run_app(db_path, monkeypatch, locale="en-GB")
    at.sidebar.button_group(key="sidebar_language").set_value("fr").run()
    at.run()
    assert not _has(at, "translate_offer_yes")


def _has(at: AppTest, key: str) -> bool:
    return any(button.key == key for button in at.sidebar.button)
