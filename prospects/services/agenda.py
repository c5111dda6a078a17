"""The agenda's use cases (tick done, snooze, finish and schedule the next step) and its queries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from prospects.domain import Action
from prospects.domain.agenda import AgendaFilters, bounds, next_step
from prospects.domain.calendar import to_ics
from prospects.services import unit_of_work

if TYPE_CHECKING:
    from prospects.store import Store


def actions(store: Store, filters: AgendaFilters, now: datetime) -> pd.DataFrame:
    """The filtered actions with their group (late, today, this week...) and prospect."""
    return store.agenda.actions(filters, bounds(now))


def without_next_step(store: Store, owner_id: int | None) -> tuple[pd.DataFrame, int]:
    """Open prospects with no action left to do, and how many there are."""
    return store.agenda.without_next_step(owner_id)


def calendar_file(store: Store, assignee_id: int | None, calendar_name: str, now: datetime) -> bytes | str:
    """The actions left to do as an .ics calendar."""
    return to_ics(store.agenda.to_do(assignee_id, now), calendar_name, now)


def tick(store: Store, changes: list[tuple[int, bool, int]], by: int | None) -> None:
    """Mark actions done or not done, all of them or none: (action id, done, version seen)."""

    def work() -> None:
        for action_id, done, version in changes:
            store.actions.set_done(action_id, done, by, version)

    unit_of_work.run(store, work)


def snooze(store: Store, action_id: int, by_delta: timedelta, now: datetime, by: int | None, version: int) -> Action:
    """Push an action back by a day or a week (from now when it is late)."""
    return unit_of_work.run(store, lambda: store.agenda.snooze(action_id, by_delta, now, by, version))


def complete_and_schedule(
    store: Store, action_id: int, version: int, title: str, day: date, at: time, important: bool, by: int | None
) -> Action:
    """Mark an action done and plan its follow-up, in one step; the follow-up is checked first."""

    def work() -> Action:
        follow = next_step(store.actions.get(action_id), title, day, at, important)
        store.agenda.complete_and_schedule(action_id, follow, by, version)
        return follow

    return unit_of_work.run(store, work)
