"""After an import: one first action for every prospect of the batch (one transaction, audited, undone
with the batch), the batch's channel, campaign and owner remembered per file shape, and a file's column
kept as a custom field in one click."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from prospects.domain import User
from prospects.domain.accounts import REP, Viewer
from prospects.errors import ValidationError
from prospects.importing import ImportOptions
from prospects.services import after_import, auth, imports
from prospects.store import Store
from prospects.store.imports import BatchAlreadyUndoneError
from tests.importing.conftest import all_prospects, fixture_bytes

LEADS = "Nom,Prénom,Société,Email\nDurand,Léa,Transports Durand,lea@durand.example\nMartin,Paul,Fret Martin,paul@martin.example\n"
TODAY = date(2026, 12, 1)


def imported(store: Store, text: str = LEADS, by: int | None = None, name: str = "leads.csv", **options) -> int:
    return imports.import_file(store, name, text.encode(), ImportOptions(user_id=by, **options)).batch_id


def action_rows(store: Store) -> list[tuple]:
    with store.db.connection() as conn:
        return conn.execute("SELECT prospect_id, title, due_at, assignee_id, created_by FROM actions ORDER BY prospect_id").fetchall()


def events(store: Store) -> list[str]:
    return store.audit.frame()["detail"].fillna("").tolist()


def test_every_prospect_of_the_batch_gets_the_first_action_in_one_go(store: Store, user_id: int) -> None:
    batch = imported(store, by=user_id)
    count = after_import.give_first_action(store, batch, "  Call to book a demo ", 3, user_id, user_id, today=TODAY)
    assert count == 2
    ids = sorted(p.id for p in all_prospects(store))
    assert action_rows(store) == [(i, "Call to book a demo", datetime(2026, 12, 4), user_id, user_id) for i in ids]
    assert any("first action “Call to book a demo”" in e and "for 2 prospects" in e for e in events(store))


def test_an_undone_batch_is_refused_and_nothing_is_written(store: Store, user_id: int) -> None:
    batch = imported(store, by=user_id)
    imports.undo(store, batch, user_id)
    with pytest.raises(BatchAlreadyUndoneError) as refused:
        after_import.give_first_action(store, batch, "Call", 2, user_id, user_id)
    assert refused.value.message == "This import was already undone."
    assert action_rows(store) == []


def test_a_title_or_a_day_out_of_range_is_refused_with_a_sentence(store: Store, user_id: int) -> None:
    batch = imported(store, by=user_id)
    with pytest.raises(ValidationError) as empty:
        after_import.give_first_action(store, batch, "   ", 2, user_id, user_id)
    assert empty.value.for_field("title") == ["Say what must be done."]
    with pytest.raises(ValidationError) as far:
        after_import.give_first_action(store, batch, "Call", 400, user_id, user_id)
    assert "365 days" in far.value.message
    assert action_rows(store) == []


def test_a_rep_cannot_act_on_someone_elses_batch(store: Store, user_id: int) -> None:
    batch = imported(store, by=user_id)
    alice = auth.create_user(store, User(None, "Alice Martin", "AM"), REP, None)
    with auth.acting_as(Viewer(alice.id, REP, "Alice Martin (AM)", None)), pytest.raises(auth.ManagersOnlyError):
        after_import.give_first_action(store, batch, "Call", 2, alice.id, alice.id)
    assert action_rows(store) == []


def test_undo_takes_the_batch_first_actions_back_but_keeps_a_prospect_whose_action_was_done(
    store: Store, user_id: int
) -> None:
    batch = imported(store, by=user_id)
    after_import.give_first_action(store, batch, "Call", 2, user_id, user_id)
    lea = next(p for p in all_prospects(store) if p.first_name == "Léa")
    [action] = store.actions.for_prospect(lea.id)
    store.actions.set_done(action.id, True, user_id)
    result = imports.undo(store, batch, user_id)
    assert result.deleted == 1
    assert [(k.name, k.reason) for k in result.kept] == [("Léa Durand", "actions")]
    assert [row[0] for row in action_rows(store)] == [lea.id]


def test_the_batch_choices_are_remembered_for_a_file_of_the_same_shape(store: Store, user_id: int) -> None:
    assert imports.remembered_batch(store, imports.read_file(store, "a.csv", LEADS.encode())) == {}
    imported(store, by=user_id, channel="Trade show", campaign="Salon Transport 2026", owner_id=user_id)
    # The same columns in another order and case, from next year's show.
    same_shape = "EMAIL,Société,prénom,Nom\nroy@batisud.example,Bati Sud,Anne,Roy\n"
    remembered = imports.remembered_batch(store, imports.read_file(store, "b.csv", same_shape.encode()))
    assert remembered == {"channel": "Trade show", "campaign": "Salon Transport 2026", "owner_id": user_id}
    other = "Nom,Email\nRoy,roy@batisud.example\n"
    assert imports.remembered_batch(store, imports.read_file(store, "c.csv", other.encode())) == {}


def test_a_column_kept_as_a_custom_field_is_filled_by_the_import(store: Store, user_id: int) -> None:
    data = b"Nom,Email,Truck brand\nDurand,lea@durand.example,Bertiet\n"
    source = imports.read_file(store, "trucks.csv", data)
    assert source.unknown_columns() == ["Truck brand"]
    target = imports.keep_as_custom_field(store, "Truck brand")
    assert imports.keep_as_custom_field(store, "truck  BRAND") == target  # one field per label
    mapping = [*source.mapping[:2], target]
    dry = imports.preview(store, source, ImportOptions(mapping=mapping))
    assert not any("Truck brand" in n for n in dry.notices)
    imports.apply(store, source, ImportOptions(mapping=mapping, user_id=user_id))
    [lea] = all_prospects(store)
    field_id = int(target.split(":")[1])
    assert lea.custom == {field_id: "Bertiet"}
    assert "Truck brand" not in (lea.prospect_notes or "")


def test_a_rep_cannot_create_a_custom_field_from_the_mapping(store: Store) -> None:
    alice = auth.create_user(store, User(None, "Alice Martin", "AM"), REP, None)
    with auth.acting_as(Viewer(alice.id, REP, "Alice Martin (AM)", None)), pytest.raises(auth.ManagersOnlyError):
        imports.keep_as_custom_field(store, "Truck brand")
    assert imports.custom_field_labels(store) == {}


def test_the_xlsx_first_actions_go_to_the_batch_owner(store: Store, user_id: int) -> None:
    report = imports.import_file(store, "salon-relances.xlsx", fixture_bytes("salon-relances.xlsx"),
                                 ImportOptions(owner_id=user_id))
    assert report.created == 4
    assert {row[3] for row in action_rows(store)} == {user_id}
