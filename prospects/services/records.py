"""The queries and small use cases of the prospect list, the record, its actions and the contacts screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from prospects.domain import Action, Contact, Prospect, ProspectQuery, Status, parse_status
from prospects.domain.closing import Settle, default_settle
from prospects.services import unit_of_work
from prospects.services.prospects import change_status, move_to_stage, save_prospect

if TYPE_CHECKING:
    from prospects.store import ProspectPage, Store


# -- prospects -------------------------------------------------------------------


def prospect(store: Store, prospect_id: int) -> Prospect:
    """One prospect; NotFoundError when it was deleted."""
    return store.prospects.get(prospect_id)


def prospect_exists(store: Store, prospect_id: int) -> bool:
    """Whether a prospect still exists, read once per page run (`Database.kept`): the list asks
    for its selected prospect twice, and only a delete (a write) changes the answer."""
    return store.db.kept(("prospect_exists", prospect_id), lambda: store.prospects.exists(prospect_id))


def prospect_count(store: Store) -> int:
    return store.prospects.count()


def prospects_page(store: Store, query: ProspectQuery) -> ProspectPage:
    """One page of the list, filtered and sorted as asked, with the total."""
    return store.prospects.list(query)


def history_frame(store: Store, prospect_id: int) -> pd.DataFrame:
    """The stage and status changes of a prospect, latest first."""
    return store.prospects.history_frame(prospect_id)


def promotions_frame(store: Store, prospect_id: int) -> pd.DataFrame:
    """When the prospect was added to the main contacts, and by whom."""
    return store.contacts.promotions_frame(prospect_id)


# -- actions ---------------------------------------------------------------------


def action(store: Store, action_id: int) -> Action:
    return store.actions.get(action_id)


def actions(store: Store, prospect_id: int, todo_only: bool = False) -> list[Action]:
    """The actions of one prospect, to do first (earliest due first), then done."""
    return store.actions.for_prospect(prospect_id, todo_only=todo_only)


def actions_frame(store: Store, prospect_id: int, todo_only: bool = False) -> pd.DataFrame:
    """The actions of one prospect, to do first."""
    return store.actions.frame_for_prospect(prospect_id, todo_only=todo_only)


def set_action_done(store: Store, action_id: int, done: bool, by: int | None, expected_version: int | None = None) -> Action:
    return unit_of_work.run(store, lambda: store.actions.set_done(action_id, done, by, expected_version))


def delete_action(store: Store, action_id: int) -> None:
    unit_of_work.run(store, lambda: store.actions.delete(action_id))


# -- closing and reopening a deal -----------------------------------------------


@dataclass(frozen=True)
class Closed:
    """A deal won or lost, and what became of its actions still to do."""

    prospect: Prospect
    settle: Settle
    settled: list[Action] = field(default_factory=list)  # ticked done or cancelled (none when kept)


@dataclass(frozen=True)
class Reopened:
    """A deal back in the pipeline, and the actions cancelled when it was closed (to name them)."""

    prospect: Prospect
    cancelled: list[Action] = field(default_factory=list)


def days_in_stage(store: Store, prospect: Prospect, today: date | None = None) -> int:
    """Days since the deal entered its stage (its last stage change, else its creation), as on the card."""
    history = store.prospects.history_frame(prospect.id)
    moves = history[history["field"] == "stage"]
    since = moves["changed_at"].iloc[0] if len(moves) else prospect.created_at
    if since is None:
        return 0
    return max(0, ((today or date.today()) - pd.Timestamp(since).date()).days)


def close_deal(
    store: Store,
    prospect_id: int,
    status: Status | str,
    by: int | None,
    *,
    expected_version: int | None = None,
    loss_reason: str | None = None,
    settle: Settle | None = None,
    on: date | None = None,
) -> Closed:
    """Win or lose a deal and settle its open actions, in one transaction (board, panel, record, import).

    `settle` None takes the rep's default (`domain.closing.default_settle`: lost cancels, won ticks
    done). A stale `expected_version` refuses the whole of it: nothing is settled.
    """
    status = parse_status(status)
    chosen = settle or default_settle(status)

    def work() -> Closed:
        closed = change_status(store, prospect_id, status, by, expected_version=expected_version, loss_reason=loss_reason, on=on)
        return Closed(closed, chosen, store.actions.settle(prospect_id, chosen, by))

    return unit_of_work.run(store, work)


def reopen_deal(
    store: Store, prospect_id: int, stage_id: int | None, by: int | None, *, expected_version: int | None = None
) -> Reopened:
    """Put a won or lost deal back in a stage (or just reopen it when `stage_id` is None); says which
    of its actions were cancelled at the close, so the rep can put them back (`restore_actions`)."""

    def work() -> Reopened:
        if stage_id is None:
            reopened = change_status(store, prospect_id, Status.OPEN, by, expected_version=expected_version)
        else:
            reopened = move_to_stage(store, prospect_id, stage_id, by, expected_version=expected_version)
        return Reopened(reopened, store.actions.cancelled_for(prospect_id))

    return unit_of_work.run(store, work)


def save_record(
    store: Store, prospect: Prospect, by: int | None, *, settle: Settle | None = None, restore: list[int] | tuple[int, ...] = ()
) -> Prospect:
    """Validate on the record, with what the rep chose for the actions, in one transaction.

    A deal the save closes settles its open actions as chosen (`settle`, else the default); a deal it
    reopens takes back the cancelled actions named in `restore`. A refused save restores nothing."""

    def work() -> Prospect:
        saved = save_prospect(store, prospect, by, settle=settle)
        if restore and saved.status is Status.OPEN:
            store.actions.restore(list(restore), by)
        return saved

    return unit_of_work.run(store, work)


def cancelled_actions(store: Store, prospect_id: int) -> list[Action]:
    """The actions cancelled when the deal was closed (a closed deal's panel names them)."""
    return store.actions.cancelled_for(prospect_id)


def restore_actions(store: Store, action_ids: list[int], by: int | None) -> int:
    """Put actions cancelled at a close back on the to-do list."""
    return unit_of_work.run(store, lambda: store.actions.restore(action_ids, by))


# -- main contacts ---------------------------------------------------------------


def contact(store: Store, contact_id: int) -> Contact:
    return store.contacts.get(contact_id)


def contacts_page(store: Store, text: str | None, limit: int, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of the main contacts matching `text`, with their total."""
    return store.contacts.list(text, limit=limit, offset=offset)
