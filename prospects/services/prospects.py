"""Use cases shared by the pages and the command line: validate, then write through the store."""

from __future__ import annotations

from datetime import date

from prospects.domain import (
    Action,
    Prospect,
    Status,
    check,
    clean_action,
    clean_prospect,
    close,
    parse_status,
    reopen,
    validate_action,
    validate_prospect,
)
from prospects.domain.closing import Settle, default_settle
from prospects.errors import FieldError, ValidationError
from prospects.services import unit_of_work
from prospects.store import Store


def save_prospect(store: Store, prospect: Prospect, by: int | None, settle: Settle | None = None) -> Prospect:
    """Create or update a prospect after checking every field; refuses a stale version.

    Its text goes through the door rule first (`clean_prospect`), as an imported lead's does. A deal
    closed by this save settles its open actions as the rep chose (`settle`), else by the default; a closed
    deal set back to open loses its close date and loss reason with it (`reopen`), as a drag back does."""
    prospect = clean_prospect(prospect)
    if prospect.id is not None and prospect.status is Status.OPEN and (prospect.closed_on or prospect.loss_reason):
        if store.prospects.get(prospect.id).status is not Status.OPEN:  # set back to open: reopened whole
            prospect = reopen(prospect)
    check(validate_prospect(prospect))
    if prospect.status is Status.LOST and not prospect.loss_reason:
        raise ValidationError([FieldError("loss_reason", "error.loss_reason_missing")])
    if prospect.status is not Status.OPEN and prospect.closed_on is None:
        prospect = prospect.replace(closed_on=date.today())
    if prospect.id is None:
        return store.prospects.create(prospect, by)

    def work() -> Prospect:
        was = store.prospects.get(prospect.id).status
        saved = store.prospects.update(prospect, by)
        if was is Status.OPEN and saved.status is not Status.OPEN:  # closed on the record: its actions settle
            store.actions.settle(saved.id, settle or default_settle(saved.status), by)
        return saved

    return unit_of_work.run(store, work)


def change_status(
    store: Store,
    prospect_id: int,
    status: Status | str,
    by: int | None,
    expected_version: int | None = None,
    loss_reason: str | None = None,
    on: date | None = None,
) -> Prospect:
    """Win, lose or reopen a deal; losing asks for the reason."""
    status = parse_status(status)
    if status is Status.LOST and not loss_reason:
        raise ValidationError([FieldError("loss_reason", "error.loss_reason_missing")])
    current = store.prospects.get(prospect_id)
    changed = close(current, status, on, loss_reason) if status is not Status.OPEN else reopen(current)
    changes = {k: getattr(changed, k) for k in ("status", "closed_on", "loss_reason")}
    return store.prospects.change(prospect_id, changes, by, expected_version)


def move_to_stage(
    store: Store, prospect_id: int, stage_id: int, by: int | None, expected_version: int | None = None
) -> Prospect:
    """Put a deal in another stage; a closed deal moved back to a stage is open again."""
    current = store.prospects.get(prospect_id)
    changes: dict[str, object] = {"stage_id": stage_id}
    if current.status is not Status.OPEN:
        reopened = reopen(current)
        changes.update(status=reopened.status, closed_on=None, loss_reason=None)
    return store.prospects.change(prospect_id, changes, by, expected_version)


def save_action(store: Store, action: Action, by: int | None) -> Action:
    """Create or update a follow-up action after checking it (its text through the door rule first)."""
    action = clean_action(action)
    check(validate_action(action))
    if action.id is None:
        return store.actions.create(action, by)
    return store.actions.update(action, by)
