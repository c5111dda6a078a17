"""The queries and small use cases of the prospect list, the record, its actions and the contacts screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from prospects.domain import Action, Contact, Prospect, ProspectQuery
from prospects.services import unit_of_work

if TYPE_CHECKING:
    from prospects.store import ProspectPage, Store


# -- prospects -------------------------------------------------------------------


def prospect(store: Store, prospect_id: int) -> Prospect:
    """One prospect; NotFoundError when it was deleted."""
    return store.prospects.get(prospect_id)


def prospect_exists(store: Store, prospect_id: int) -> bool:
    return store.prospects.exists(prospect_id)


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


def actions_frame(store: Store, prospect_id: int, todo_only: bool = False) -> pd.DataFrame:
    """The actions of one prospect, to do first."""
    return store.actions.frame_for_prospect(prospect_id, todo_only=todo_only)


def set_action_done(store: Store, action_id: int, done: bool, by: int | None, expected_version: int | None = None) -> Action:
    return unit_of_work.run(store, lambda: store.actions.set_done(action_id, done, by, expected_version))


def delete_action(store: Store, action_id: int) -> None:
    unit_of_work.run(store, lambda: store.actions.delete(action_id))


# -- main contacts ---------------------------------------------------------------


def contact(store: Store, contact_id: int) -> Contact:
    return store.contacts.get(contact_id)


def contacts_page(store: Store, text: str | None, limit: int, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """One page of the main contacts matching `text`, with their total."""
    return store.contacts.list(text, limit=limit, offset=offset)
