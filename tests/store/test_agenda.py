"""The agenda in DuckDB: groups, filters, deals without a next step, snooze, done-and-next, the .ics file."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from icalendar import Calendar

from prospects.domain import Action, Prospect, Status, User
from prospects.domain.agenda import AgendaFilters, DoneFilter, bounds, group_of, next_step
from prospects.domain.calendar import to_ics
from prospects.errors import ConflictError, NotFoundError
from prospects.store import Store

NOW = datetime(2026, 6, 24, 12, 0)  # a Wednesday


@pytest.fixture
def agenda(store: Store) -> dict:
    me = store.users.list()[0].id
    other = store.users.create(User(None, "Karim Benali", "KB")).id
    acme = store.prospects.create(Prospect(first_name="Paul", last_name="HISSON", company="Acme"), by=me)
    beta = store.prospects.create(Prospect(company="Beta SAS", expected_revenue=Decimal(5000)), by=me)
    idle = store.prospects.create(Prospect(company="Idle Ltd", owner_id=me, expected_revenue=Decimal(9000)), by=me)
    store.prospects.create(Prospect(company="Closed Ltd", status=Status.WON, closed_on=date.today()), by=me)

    def add(title, due, who=me, prospect=acme, done=False, important=False):
        return store.actions.create(
            Action(prospect_id=prospect.id, title=title, due_at=due, assignee_id=who, done=done, important=important), by=me
        )

    actions = {
        "late": add("late", datetime(2026, 6, 20, 10), important=True),
        "late_today": add("late today", datetime(2026, 6, 24, 9)),
        "today": add("today", datetime(2026, 6, 24, 0), who=other, prospect=beta),
        "week": add("week", datetime(2026, 6, 26, 10), important=True),
        "later": add("later", datetime(2026, 7, 10, 10), who=other, prospect=beta),
        "done": add("done", datetime(2026, 6, 22, 10), done=True),
        "idle_done": add("idle done", datetime(2026, 6, 1, 10), prospect=idle, done=True),
    }
    return {"store": store, "me": me, "other": other, "acme": acme, "beta": beta, "idle": idle, "actions": actions}


def titles(frame, group=None):
    rows = frame if group is None else frame[frame["group"] == group]
    return sorted(rows["title"])


def test_actions_are_grouped_like_the_python_rule(agenda: dict) -> None:
    frame = agenda["store"].agenda.actions(AgendaFilters(done=DoneFilter.ALL), bounds(NOW))
    for row in frame.itertuples():
        assert row.group == group_of(row.due_at.to_pydatetime(), row.done, NOW), row.title
    assert titles(frame, "late") == ["late", "late today"]
    assert titles(frame, "today") == ["today"]
    assert titles(frame, "week") == ["week"]
    assert titles(frame, "later") == ["later"]
    assert titles(frame, "done") == ["done", "idle done"]
    assert set(frame.loc[frame["title"] == "late", "name"]) == {"Paul HISSON"}


def test_filters_mine_important_done(agenda: dict) -> None:
    repo, me = agenda["store"].agenda, agenda["me"]
    assert titles(repo.actions(AgendaFilters(), bounds(NOW))) == ["late", "late today", "later", "today", "week"]
    assert titles(repo.actions(AgendaFilters(assignee_id=me), bounds(NOW))) == ["late", "late today", "week"]
    assert titles(repo.actions(AgendaFilters(important_only=True), bounds(NOW))) == ["late", "week"]
    assert titles(repo.actions(AgendaFilters(done=DoneFilter.DONE), bounds(NOW))) == ["done", "idle done"]


def test_each_group_is_capped_with_its_full_count(agenda: dict) -> None:
    frame = agenda["store"].agenda.actions(AgendaFilters(limit=1), bounds(NOW))
    late = frame[frame["group"] == "late"]
    assert late["title"].tolist() == ["late"]  # the oldest first
    assert late["group_total"].tolist() == [2]


def test_open_prospects_without_a_next_step(agenda: dict) -> None:
    repo = agenda["store"].agenda
    frame, total = repo.without_next_step(None)
    assert total == 1 and frame["name"].tolist() == ["Idle Ltd"]  # the won deal is not listed
    assert repo.without_next_step(agenda["other"])[1] == 0
    assert repo.without_next_step(agenda["me"])[1] == 1


def test_snooze_moves_a_late_action_after_now(agenda: dict) -> None:
    store, late = agenda["store"], agenda["actions"]["late"]
    moved = store.agenda.snooze(late.id, timedelta(days=1), NOW, by=agenda["me"], expected_version=late.version)
    assert moved.due_at == datetime(2026, 6, 25, 10)
    week = agenda["actions"]["week"]
    assert store.agenda.snooze(week.id, timedelta(days=7), NOW, by=None).due_at == datetime(2026, 7, 3, 10)
    with pytest.raises(ConflictError):
        store.agenda.snooze(late.id, timedelta(days=1), NOW, by=None, expected_version=late.version)


def test_done_and_schedule_next_in_one_transaction(agenda: dict) -> None:
    store, late = agenda["store"], agenda["actions"]["late"]
    follow = next_step(late, "Send the quote", date(2026, 6, 30), time(9))
    created = store.agenda.complete_and_schedule(late.id, follow, by=agenda["me"], expected_version=late.version)
    assert store.actions.get(late.id).done
    assert (created.title, created.prospect_id, created.due_at) == ("Send the quote", agenda["acme"].id, datetime(2026, 6, 30, 9))


def test_done_and_schedule_next_writes_nothing_when_the_next_fails(agenda: dict) -> None:
    store, week = agenda["store"], agenda["actions"]["week"]
    orphan = next_step(week, "Call", date(2026, 6, 30), time(9)).replace(prospect_id=999_999)
    with pytest.raises(NotFoundError):
        store.agenda.complete_and_schedule(week.id, orphan, by=None)
    assert not store.actions.get(week.id).done


def test_ics_export_parses_back(agenda: dict) -> None:
    store = agenda["store"]
    todo = store.agenda.to_do(agenda["me"], NOW)
    payload = to_ics(todo, "Agenda — Etienne", stamp=NOW)
    calendar = Calendar.from_ical(payload)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 3  # my three actions to do
    late = events[f"action-{agenda['actions']['late'].id}@prospects.local"]
    assert str(late["SUMMARY"]) == "late — Paul HISSON · Acme"
    assert late.decoded("DTSTART") == datetime(2026, 6, 20, 10)
    assert late.decoded("DTEND") - late.decoded("DTSTART") == timedelta(minutes=30)
    assert int(late["PRIORITY"]) == 1
    everyone = Calendar.from_ical(to_ics(store.agenda.to_do(None, NOW), "Agenda", stamp=NOW))
    midnight = next(e for e in everyone.walk("VEVENT") if str(e["SUMMARY"]).startswith("today"))
    assert midnight.decoded("DTSTART") == date(2026, 6, 24)  # a whole-day event
    assert str(midnight["SUMMARY"]) == "today — Beta SAS"


def test_the_calendar_keeps_the_actions_due_nearest_to_now(agenda: dict) -> None:
    nearest = agenda["store"].agenda.to_do(None, NOW, limit=2)
    assert nearest["title"].tolist() == ["today", "late today"]  # 12 h and 3 h away, sorted by due time
