"""The actions left to do as an iCalendar (.ics) file, so they land in the rep's own calendar."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
from icalendar import Calendar, Event

PRODID = "-//Prospects//Agenda//EN"
DURATION = timedelta(minutes=30)


def _when(due_at: datetime) -> tuple[object, object]:
    """Start and end of an event; an action due at midnight has no time and takes the whole day."""
    if due_at.time() == time.min:
        return due_at.date(), due_at.date() + timedelta(days=1)
    return due_at, due_at + DURATION


def to_ics(actions: pd.DataFrame, calendar_name: str, stamp: datetime, host: str = "prospects.local") -> bytes:
    """One event per action (columns of `AgendaRepository.to_do`); the same action keeps the same UID.

    Times are written as floating local times: the app stores the rep's wall-clock times.
    """
    events = []
    for row in actions.itertuples(index=False):
        due_at = pd.Timestamp(row.due_at).to_pydatetime()
        start, end = _when(due_at)
        who = " · ".join(dict.fromkeys(x for x in (row.name, row.company) if isinstance(x, str) and x))
        notes = row.notes if isinstance(row.notes, str) else ""
        events.append(
            Event.new(
                uid=f"action-{int(row.id)}@{host}",
                summary=f"{row.title} — {who}" if who else str(row.title),
                description=notes or None,
                start=start,
                end=end,
                stamp=stamp,
                priority=1 if bool(row.important) else None,
            )
        )
    calendar = Calendar.new(prodid=PRODID, name=calendar_name, subcomponents=events)
    return calendar.to_ical()
