"""Settings use cases on a real DuckDB file: each one all or nothing, records following every rename."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from prospects import services
from prospects.domain import CustomField, FieldType, Prospect, Stage
from prospects.errors import ConflictError, ValidationError
from prospects.services import settings
from prospects.store import Store
from prospects.store.db import Database


def add_prospect(store: Store, user_id: int, stage_id: int | None = None, **fields) -> Prospect:
    stage_id = stage_id or settings.stages(store)[0].id
    return services.save_prospect(store, Prospect(last_name="Hisson", company="Euro Transports", stage_id=stage_id, **fields), user_id)


@contextmanager
def row_being_written(path: Path, sql: str, params: list) -> Iterator[None]:
    """Another session of the same file with an uncommitted write on one row: a use case that
    touches that row fails part way (DuckDB's write conflict), after its earlier writes."""
    with Database(path).connection() as other:  # its own connection, as another page run's would be
        other.begin()
        other.execute(sql, params).fetchall()
        try:
            yield
        finally:
            other.rollback()


def stage_names(store: Store) -> list[str]:
    return [s.name for s in settings.stages(store)]


# -- a new file ----------------------------------------------------------------------


def test_open_store_gives_a_new_file_its_defaults_in_its_language(tmp_path):
    store = services.open_store(tmp_path / "fr.duckdb", language="fr")
    assert stage_names(store) == ["Nouveau", "Contacté", "Qualifié", "Proposition", "Négociation"]
    assert settings.team_language(store) == "fr"
    assert settings.currency(store) == "EUR"


def test_open_store_never_reseeds_a_file_that_has_users(tmp_path):
    path = tmp_path / "team.duckdb"
    store = services.open_store(path)
    settings.save_stage(store, Stage(settings.stages(store)[0].id, "Lead in", 1, 10))
    again = services.open_store(path, language="fr")
    assert stage_names(again)[0] == "Lead in"
    assert len(settings.users(again)) == len(settings.users(store))


# -- translate the defaults ----------------------------------------------------------------


def test_untouched_defaults_are_renamed_into_the_other_language(store, user_id):
    new = settings.stages(store)[0]
    settings.save_stage(store, Stage(new.id, "Lead in", 1, new.probability))
    prospect = add_prospect(store, user_id, channel="Trade show", loss_reason=None)
    changed = settings.translate_defaults(store, "fr")
    assert changed > 20
    assert stage_names(store) == ["Lead in", "Contacté", "Qualifié", "Proposition", "Négociation"]
    assert store.prospects.get(prospect.id).channel == "Salon"
    assert settings.translate_defaults(store, "fr") == 0
    settings.translate_defaults(store, "en")
    assert [c.name for c in settings.choices(store, "channel")][0] == "Trade show"


def test_translating_the_defaults_is_all_or_nothing(store, db_path, user_id):
    prospect = add_prospect(store, user_id, channel="Trade show")
    qualified = next(s for s in settings.stages(store) if s.name == "Qualified")
    # "New" and "Contacted" are renamed before "Qualified", whose row another session is writing.
    with row_being_written(db_path, "UPDATE stages SET probability = probability WHERE id = ? RETURNING id", [qualified.id]):
        with pytest.raises(ConflictError):
            settings.translate_defaults(store, "fr")
    assert stage_names(store) == ["New", "Contacted", "Qualified", "Proposal", "Negotiation"]
    assert store.prospects.get(prospect.id).channel == "Trade show"
    assert settings.translate_defaults(store, "fr") > 20  # once the file is free, the whole of it goes through


# -- stages ------------------------------------------------------------------------------


def test_deleting_a_stage_moves_its_prospects_with_history(store, user_id):
    first, second = settings.stages(store)[:2]
    moved = [add_prospect(store, user_id, stage_id=first.id).id for _ in range(2)]
    assert settings.stage_prospect_count(store, first.id) == 2
    count, kept = settings.delete_stage(store, first.id, second.id, by=user_id)
    assert (count, kept) == (2, True)  # history names the stage: kept, retired
    assert {store.prospects.get(pid).stage_id for pid in moved} == {second.id}
    assert settings.stage_prospect_count(store, first.id) == 0
    assert first.id not in [s.id for s in settings.stages(store, active_only=True)]


def test_deleting_a_stage_is_all_or_nothing(store, db_path, user_id):
    first, second = settings.stages(store)[:2]
    calm, busy = (add_prospect(store, user_id, stage_id=first.id) for _ in range(2))
    history_before = len(store.prospects.history(calm.id))
    # The history rows are written first; the move of `busy` then meets another session's write.
    with row_being_written(db_path, "UPDATE prospects SET version = version + 1 WHERE id = ?", [busy.id]):
        with pytest.raises(ConflictError):
            settings.delete_stage(store, first.id, second.id, by=user_id)
    assert store.prospects.get(calm.id).stage_id == first.id
    assert len(store.prospects.history(calm.id)) == history_before
    assert first.id in [s.id for s in settings.stages(store, active_only=True)]


def test_a_refused_stage_change_writes_nothing(store):
    first, second = settings.stages(store)[:2]
    with pytest.raises(ValidationError):
        settings.save_stage(store, Stage(first.id, second.name, first.position, first.probability))
    assert settings.stages(store)[0].name == first.name


def test_moving_a_stage_reorders_the_pipeline(store):
    names = stage_names(store)
    settings.move_stage(store, settings.stages(store)[0].id, 1)
    assert stage_names(store) == [names[1], names[0], *names[2:]]


# -- lists, categories, custom fields ---------------------------------------------------------


def test_renaming_a_list_value_renames_it_on_every_prospect(store, user_id):
    prospect = add_prospect(store, user_id, channel="Trade show")
    show = next(c for c in settings.choices(store, "channel") if c.name == "Trade show")
    settings.rename_choice(store, show.id, "Salon 2026")
    assert store.prospects.get(prospect.id).channel == "Salon 2026"
    assert settings.choice_usage(store, "channel") == {"Salon 2026": 1}


def test_category_labels_are_saved_together_or_not_at_all(store):
    before = settings.category_labels(store)
    with pytest.raises(ValidationError):
        settings.save_category_labels(store, {1: "Decision maker", 2: "Decision maker"})
    assert settings.category_labels(store) == before


def test_a_lossy_custom_field_conversion_changes_nothing(store, user_id):
    trucks = settings.add_custom_field(store, CustomField(None, "Truck brand", FieldType.TEXT, 0))
    prospect = add_prospect(store, user_id, custom={trucks.id: "Bertiet"})
    other = add_prospect(store, user_id, custom={trucks.id: "22"})
    with pytest.raises(ValidationError):
        settings.save_custom_field(store, CustomField(trucks.id, "Trucks", FieldType.NUMBER, trucks.position))
    assert store.prospects.get(prospect.id).custom[trucks.id] == "Bertiet"
    assert store.prospects.get(other.id).custom[trucks.id] == "22"
    assert settings.custom_fields(store)[0].label == "Truck brand"
    assert settings.custom_field_value_count(store, trucks.id) == 2


def test_converting_a_custom_field_converts_every_value(store, user_id):
    due = settings.add_custom_field(store, CustomField(None, "Fleet renewal", FieldType.TEXT, 0))
    prospect = add_prospect(store, user_id, custom={due.id: "2026-03-01"})
    settings.save_custom_field(store, CustomField(due.id, "Fleet renewal", FieldType.DATE, due.position))
    assert store.prospects.get(prospect.id).custom[due.id] == date(2026, 3, 1)


# -- users and general ---------------------------------------------------------------------------


def test_a_user_named_by_records_cannot_be_deleted(store, user_id):
    add_prospect(store, user_id, owner_id=user_id)
    with pytest.raises(ValidationError):
        settings.delete_user(store, user_id)
    assert user_id in [u.id for u in settings.users(store)]


def test_general_settings_are_checked_and_saved_together(store):
    with pytest.raises(ValidationError):
        settings.save_general(store, {"currency": "CHF", "default_country": "ZZ", "language": "fr"})
    assert settings.currency(store) == "EUR"
    settings.save_general(store, {"currency": "CHF", "default_country": "BE", "language": "fr"})
    assert settings.general(store) == {"currency": "CHF", "default_country": "BE", "language": "fr"}
    assert settings.default_country(store) == "BE"
