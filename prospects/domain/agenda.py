"""The reps' agenda in plain Python: its groups, its filters, snoozing and the next step of a done action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from prospects.domain import Action, check, validate_action


class Group(StrEnum):
    """Where an action stands in the agenda, in the order the page shows them."""

    LATE = "late"
    TODAY = "today"
    WEEK = "week"
    LATER = "later"
    DONE = "done"


class DoneFilter(StrEnum):
    TODO = "todo"
    DONE = "done"
    ALL = "all"


@dataclass(frozen=True)
class AgendaFilters:
    """Mine or everyone's, important only, to do / done / all."""

    assignee_id: int | None = None  # None: everyone
    important_only: bool = False
    done: DoneFilter = DoneFilter.TODO
    limit: int = 100  # rows per group: a big team has thousands of done actions


@dataclass(frozen=True)
class Bounds:
    """The moments that split the agenda into Late / Today / This week / Later."""

    now: datetime
    today: datetime  # today at midnight
    tomorrow: datetime
    week_end: datetime  # the Monday after this week, at midnight


def bounds(now: datetime) -> Bounds:
    today = datetime.combine(now.date(), time.min)
    return Bounds(now, today, today + timedelta(days=1), today + timedelta(days=7 - now.weekday()))


def group_of(due_at: datetime, done: bool, now: datetime) -> Group:
    """The agenda group of one action (the store computes the same in SQL, from `bounds`).

    Like the board's colours: late when due on an earlier day, or earlier today at a set time;
    an action due today at midnight has no time and is "today" all day.
    """
    if done:
        return Group.DONE
    b = bounds(now)
    if due_at < b.today or (due_at < now and due_at.time() != time.min):
        return Group.LATE
    if due_at < b.tomorrow:
        return Group.TODAY
    if due_at < b.week_end:
        return Group.WEEK
    return Group.LATER


def snoozed(due_at: datetime, by: timedelta, now: datetime) -> datetime:
    """The new due time of a snoozed action: later than now, at the same time of day.

    Snoozing a week-old call by one day puts it tomorrow, not six days ago.
    """
    base = due_at
    if due_at < now:
        base = datetime.combine(now.date(), due_at.time())
    return base + by


def next_step(done_action: Action, title: str, due_on: date, at: time, important: bool = False) -> Action:
    """The follow-up of a done action: same prospect and assignee, checked before anything is written."""
    action = Action(
        prospect_id=done_action.prospect_id,
        title=(title or "").strip(),
        due_at=datetime.combine(due_on, at) if due_on else None,
        assignee_id=done_action.assignee_id,
        important=important,
    )
    check(validate_action(action))
    return action
