"""Undoing an import keeps a lead someone moved, and says so, even when the move came in the import's second."""

from __future__ import annotations

from prospects.domain import Prospect
from prospects.store import Store


def test_a_lead_moved_in_the_same_second_as_its_import_is_kept_as_moved(store: Store, user_id: int) -> None:
    first, second = store.stages.list()[:2]
    batch = store.imports.create_batch("leads.csv", user_id, None, None)
    (lead,) = store.imports.create_prospects(batch, [Prospect(last_name="Moved", stage_id=first.id)], user_id)
    store.prospects.change(lead, {"stage_id": second.id}, user_id)
    with store.db.transaction() as conn:  # timestamps hold seconds: the move and the import share one
        conn.execute(
            "UPDATE history SET changed_at = (SELECT min(changed_at) FROM history WHERE prospect_id = ?)"
            " WHERE prospect_id = ?",
            [lead, lead],
        )
    result = store.imports.undo(batch, user_id)
    assert [(k.prospect_id, k.reason) for k in result.kept] == [(lead, "moved")]
