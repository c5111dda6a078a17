"""Numbers the language's way on the record: "13 500" in French, "13,500" in English, never "13500.00";
what is typed the French way is read the French way, and a word is refused next to its field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from prospects.domain import CustomField, FieldType, Prospect
from prospects.services import settings as settings_service
from prospects.store import Store
from tests.conftest import ROOT

NARROW_SPACE = "\u202f"  # the French thousands separator


@pytest.fixture
def prospect(store: Store, user_id: int) -> Prospect:
    return store.prospects.create(
        Prospect(last_name="HISSON", first_name="Jean", company="Euro Transports", expected_revenue=Decimal("13500.00"),
                 stage_id=store.stages.list()[0].id, owner_id=user_id),
        user_id,
    )


def record(db_path: Path, monkeypatch: pytest.MonkeyPatch, prospect_id: int, locale: str) -> AppTest:
    """The record as a browser speaking `locale` opens it from a shared link."""
    monkeypatch.setenv("PROSPECTS_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.context = {"locale": locale}
    at.query_params["id"] = str(prospect_id)
    at.run()
    at.switch_page("pages/prospect.py")
    return at.run()


def test_the_record_shows_the_amount_the_french_way(db_path, monkeypatch, prospect):
    at = record(db_path, monkeypatch, prospect.id, "fr-FR")
    assert at.text_input(key=f"rec_{prospect.id}_expected_revenue").value == f"13{NARROW_SPACE}500"


def test_the_record_shows_the_amount_the_english_way(db_path, monkeypatch, prospect):
    at = record(db_path, monkeypatch, prospect.id, "en-GB")
    assert at.text_input(key=f"rec_{prospect.id}_expected_revenue").value == "13,500"


def test_an_amount_typed_the_french_way_is_saved(db_path, monkeypatch, store, prospect):
    at = record(db_path, monkeypatch, prospect.id, "fr-FR")
    at.text_input(key=f"rec_{prospect.id}_expected_revenue").input("14 250,50").run()
    at.button(key="record_validate").click().run()
    assert not at.error, [e.value for e in at.error]
    assert store.prospects.get(prospect.id).expected_revenue == Decimal("14250.50")
    assert at.text_input(key=f"rec_{prospect.id}_expected_revenue").value == f"14{NARROW_SPACE}250,50"


def test_a_word_for_an_amount_is_refused_next_to_it_and_kept_on_screen(db_path, monkeypatch, store, prospect):
    at = record(db_path, monkeypatch, prospect.id, "fr-FR")
    at.text_input(key=f"rec_{prospect.id}_expected_revenue").input("douze mille").run()
    at.button(key="record_validate").click().run()
    assert "« douze mille » n'est pas un montant" in " ".join(e.value for e in at.error)
    assert store.prospects.get(prospect.id).expected_revenue == Decimal("13500.00")
    assert at.text_input(key=f"rec_{prospect.id}_expected_revenue").value == "douze mille"


def test_a_custom_number_reads_and_saves_the_french_way(db_path, monkeypatch, store, user_id, prospect):
    trucks = settings_service.add_custom_field(store, CustomField(None, "Nombre de camions", FieldType.NUMBER, 1))
    store.prospects.update(prospect.replace(custom={trucks.id: 22.0}), user_id)
    at = record(db_path, monkeypatch, prospect.id, "fr-FR")
    field = at.text_input(key=f"rec_{prospect.id}_custom_{trucks.id}")
    assert field.value == "22"
    field.input("1 022,5").run()
    at.button(key="record_validate").click().run()
    assert not at.error, [e.value for e in at.error]
    assert store.prospects.get(prospect.id).custom[trucks.id] == 1022.5
