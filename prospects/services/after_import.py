"""What a rep does right after an import: give every prospect the batch created the same first action.

One transaction for the whole batch (all of them get it, or none), audited like the import itself, and
remembered as the batch's own actions so that undoing the batch takes them back with its prospects.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from prospects.domain import Action, check, clean_action, validate_action
from prospects.errors import FieldError, ValidationError
from prospects.services import audit, auth
from prospects.services.unit_of_work import run
from prospects.store import Store
from prospects.store.imports import BatchAlreadyUndoneError

MAX_DAYS = 365


def give_first_action(
    store: Store, batch_id: int, title: str, due_in_days: int, assignee_id: int | None, by: int | None,
    today: date | None = None,
) -> int:
    """Give each prospect the batch created (those still in the base) the action `title`, due in
    `due_in_days` days (all day), for `assignee_id`; returns how many got it.

    Refused when the batch was undone; a rep may do it for their own batches only (as for an undo).
    """
    if not 0 <= due_in_days <= MAX_DAYS:
        raise ValidationError([FieldError("due_at", "import.error.due_in_days_range", {"max": MAX_DAYS})])
    due_at = datetime.combine((today or date.today()) + timedelta(days=due_in_days), time.min)
    template = clean_action(Action(prospect_id=0, title=title, due_at=due_at, assignee_id=assignee_id))
    check(validate_action(template))

    def work() -> int:
        batch = store.imports.batch(batch_id)
        if batch["undone_at"] is not None:
            raise BatchAlreadyUndoneError()
        if batch["imported_by"] is None or batch["imported_by"] != auth.current_viewer().user_id:
            auth.require_manager()
        prospect_ids = store.batch_actions.created_prospects(batch_id)
        store.batch_actions.create(batch_id, [template.replace(prospect_id=i) for i in prospect_ids], by)
        audit.record(store, "import", f"#{batch_id} {batch['file_name']}: first action “{template.title}”"
                     f" due {due_at.date().isoformat()} for {len(prospect_ids)} prospects")
        return len(prospect_ids)

    return run(store, work)
