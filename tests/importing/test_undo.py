"""Undo of an import batch: what the batch changed goes back, whatever anyone changed since stays."""

from __future__ import annotations

from datetime import datetime

from prospects import services
from prospects.cli import main
from prospects.domain import Action, CustomField, FieldType, Prospect
from prospects.i18n import set_language
from prospects.importing import ImportOptions, Policy
from prospects.services import imports as undoing
from prospects.services import promotion
from prospects.services.imports import import_file, undo
from prospects.store import Store
from tests.importing.conftest import all_prospects

LEADS = "Nom;Prénom;Société;Email\nRoux;Léa;Roux SA;lea@roux.fr\nMartin;Paul;Martin SARL;paul@martin.fr\n".encode()


def import_leads(store: Store, user_id: int, data: bytes = LEADS, **options) -> int:
    report = import_file(store, "salon.csv", data, ImportOptions(user_id=user_id, **options))
    return report.batch_id


def created(store: Store, email: str) -> Prospect:
    return next(p for p in all_prospects(store) if p.email == email)


def test_undo_deletes_the_prospects_nobody_touched(store: Store, user_id: int) -> None:
    batch = import_leads(store, user_id)
    result = undo(store, batch, user_id)
    assert store.prospects.count() == 0
    assert (result.deleted, result.kept) == (2, [])


def test_undo_keeps_a_created_prospect_given_an_action_and_its_action(store: Store, user_id: int) -> None:
    batch = import_leads(store, user_id)
    lea = created(store, "lea@roux.fr")
    services.save_action(store, Action(prospect_id=lea.id, title="Call back", due_at=datetime(2026, 12, 1, 9)), user_id)
    undo(store, batch, user_id)
    assert store.prospects.exists(lea.id)
    assert [a.title for a in store.actions.for_prospect(lea.id)] == ["Call back"]
    assert [p.email for p in all_prospects(store)] == ["lea@roux.fr"]


def test_undo_keeps_a_created_prospect_edited_since(store: Store, user_id: int) -> None:
    batch = import_leads(store, user_id)
    paul = created(store, "paul@martin.fr")
    services.save_prospect(store, paul.replace(prospect_notes="Met him again, wants a demo"), user_id)
    undo(store, batch, user_id)
    assert store.prospects.get(paul.id).prospect_notes == "Met him again, wants a demo"


def test_undo_keeps_a_created_prospect_moved_on_the_board(store: Store, user_id: int) -> None:
    batch = import_leads(store, user_id)
    paul = created(store, "paul@martin.fr")
    later_stage = store.stages.list()[2]
    services.move_to_stage(store, paul.id, later_stage.id, user_id, paul.version)
    undo(store, batch, user_id)
    assert store.prospects.get(paul.id).stage_id == later_stage.id
    assert len(store.prospects.history(paul.id)) == 2


def test_undo_keeps_a_custom_value_a_rep_edited_after_an_update_import(store: Store, user_id: int) -> None:
    brand = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    known = store.prospects.create(Prospect(last_name="Roux", company="Roux SA", email="lea@roux.fr"), user_id)
    data = "Nom;Société;Email;Truck brand\nRoux;Roux SA;lea@roux.fr;Bertiet\n".encode()
    batch = import_leads(store, user_id, data, duplicates=Policy.UPDATE)
    assert store.prospects.get(known.id).custom == {brand.id: "Bertiet"}
    current = store.prospects.get(known.id)
    services.save_prospect(store, current.replace(custom={brand.id: "Renault Trucks"}), user_id)
    undo(store, batch, user_id)
    assert store.prospects.get(known.id).custom == {brand.id: "Renault Trucks"}


def test_undo_removes_a_custom_value_the_batch_filled_and_nobody_changed(store: Store, user_id: int) -> None:
    brand = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    trucks = store.custom_fields.create(CustomField(None, "Number of trucks", FieldType.NUMBER, 2))
    known = store.prospects.create(Prospect(last_name="Roux", company="Roux SA", email="lea@roux.fr",
                                            custom={trucks.id: 3}), user_id)
    data = "Nom;Société;Email;Truck brand;Number of trucks;Ville\nRoux;Roux SA;lea@roux.fr;Bertiet;22;Lyon\n".encode()
    batch = import_leads(store, user_id, data, duplicates=Policy.UPDATE)
    assert store.prospects.get(known.id).custom == {brand.id: "Bertiet", trucks.id: 3}
    result = undo(store, batch, user_id)
    back = store.prospects.get(known.id)
    assert back.custom == {trucks.id: 3} and back.city is None
    assert result.reverted == 2 and result.kept == []


def test_undo_of_an_older_batch_leaves_the_later_batches_alone(store: Store, user_id: int) -> None:
    first = import_leads(store, user_id)
    import_leads(store, user_id, b"Nom;Email\nDurand;durand@x.fr\n")
    undo(store, first, user_id)
    assert [p.email for p in all_prospects(store)] == ["durand@x.fr"]


def test_undo_keeps_a_created_prospect_a_later_batch_filled(store: Store, user_id: int) -> None:
    brand = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    first = import_leads(store, user_id)
    import_leads(store, user_id, b"Email;Truck brand\nlea@roux.fr;Bertiet\n", duplicates=Policy.UPDATE)
    undo(store, first, user_id)
    assert created(store, "lea@roux.fr").custom == {brand.id: "Bertiet"}


def test_undo_import_command_prints_what_it_restored_and_what_it_kept(store: Store, user_id: int, capsys) -> None:
    batch = import_leads(store, user_id)
    lea = created(store, "lea@roux.fr")
    services.save_action(store, Action(prospect_id=lea.id, title="Call back", due_at=datetime(2026, 12, 1, 9)), user_id)
    code = main(["--db", str(store.path), "undo-import", str(batch)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines() == [
        f"Batch {batch} undone: 1 prospects deleted, 0 fields put back, 1 prospects kept.",
        "Léa Roux kept: it has follow-up actions planned since the import.",
    ]
    assert [p.email for p in all_prospects(store)] == ["lea@roux.fr"]


def test_undo_says_which_fields_it_left_and_why(store: Store, user_id: int) -> None:
    known = store.prospects.create(Prospect(last_name="Roux", first_name="Léa", email="lea@roux.fr"), user_id)
    batch = import_leads(store, user_id, "Nom;Email;Ville;Société\nRoux;lea@roux.fr;Lyon;Roux SA\n".encode(),
                         duplicates=Policy.UPDATE)
    store.prospects.change(known.id, {"city": "Villeurbanne"}, user_id)
    result = undo(store, batch, user_id)
    back = store.prospects.get(known.id)
    assert (back.city, back.company) == ("Villeurbanne", None)
    assert undoing.result_sentences(store, result)[1:] == [
        "Léa Roux: the current value of City stays, it was changed since the import."]


def test_undo_gives_each_kept_prospect_its_strongest_reason_in_both_languages(store: Store, user_id: int) -> None:
    data = ("Nom;Email\n" + "".join(f"{name};{name.lower()}@x.fr\n" for name in ("Action", "Moved", "Edited",
                                                                              "Promoted", "Untouched"))).encode()
    batch = import_leads(store, user_id, data)
    lead = {p.last_name: p for p in all_prospects(store)}
    services.save_action(store, Action(prospect_id=lead["Action"].id, title="Call", due_at=datetime(2026, 12, 1, 9)), user_id)
    services.move_to_stage(store, lead["Action"].id, store.stages.list()[1].id, user_id)  # an action weighs more
    services.move_to_stage(store, lead["Moved"].id, store.stages.list()[1].id, user_id)
    services.save_prospect(store, lead["Edited"].replace(city="Lyon"), user_id)
    promotion.add_to_contacts(store, lead["Promoted"].id, user_id)
    result = undo(store, batch, user_id)
    assert {k.name: k.reason for k in result.kept} == {
        "Action": "actions", "Moved": "moved", "Edited": "edited", "Promoted": "contact"}
    assert result.deleted == 1 and not store.prospects.exists(lead["Untouched"].id)
    for language in ("en", "fr"):
        set_language(language)
        sentences = undoing.result_sentences(store, result)
        assert len(sentences) == 5 and not any("import.undo" in s for s in sentences)
    assert "Promoted conservé : il a été ajouté aux contacts depuis l'import." in sentences


def test_a_card_moved_within_the_second_of_its_import_counts_as_moved(store: Store, user_id: int) -> None:
    """History is written to the second: a move in the import's second must still keep the prospect."""
    batch = import_leads(store, user_id)
    paul = created(store, "paul@martin.fr")
    services.move_to_stage(store, paul.id, store.stages.list()[2].id, user_id, paul.version)
    with store.db.connection() as conn:  # the move happened in the same second as the import
        conn.execute(
            "UPDATE history SET changed_at = (SELECT min(changed_at) FROM history WHERE prospect_id = $p)"
            " WHERE prospect_id = $p", {"p": paul.id})
    result = undo(store, batch, user_id)
    assert [k.reason for k in result.kept] == ["moved"]
    assert store.prospects.exists(paul.id)
