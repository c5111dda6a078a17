"""Follow-up actions on a real DuckDB file."""

from __future__ import annotations

from datetime import datetime

import pytest

from prospects import services
from prospects.domain import Action, Prospect
from prospects.errors import ConflictError, NotFoundError, ValidationError

WHEN = datetime(2026, 12, 1, 9, 30)


@pytest.fixture
def prospect(store, user_id):
    return store.prospects.create(Prospect(last_name="Hisson"), by=user_id)


def test_create_read_update_delete(store, user_id, prospect):
    action = services.save_action(store, Action(prospect_id=prospect.id, title="Call", due_at=WHEN, assignee_id=user_id,
                                                important=True, notes="Line 1\nLine 2"), by=user_id)
    assert store.actions.get(action.id) == action
    assert (action.done, action.done_at, action.version, action.created_by) == (False, None, 1, user_id)
    changed = services.save_action(store, action.replace(title="Call back", notes=None), by=user_id)
    assert (changed.title, changed.notes, changed.version) == ("Call back", None, 2)
    store.actions.delete(action.id)
    with pytest.raises(NotFoundError):
        store.actions.get(action.id)


def test_ticking_done_stamps_and_unticking_clears_done_at(store, user_id, prospect):
    action = store.actions.create(Action(prospect_id=prospect.id, title="Call", due_at=WHEN), by=user_id)
    done = store.actions.set_done(action.id, True, by=user_id, expected_version=action.version)
    assert done.done and done.done_at is not None
    undone = store.actions.set_done(action.id, False, by=user_id)
    assert not undone.done and undone.done_at is None


def test_stale_action_edit_is_refused(store, user_id, prospect):
    action = store.actions.create(Action(prospect_id=prospect.id, title="Call", due_at=WHEN), by=user_id)
    store.actions.update(action.replace(title="Theirs"), by=user_id)
    with pytest.raises(ConflictError):
        store.actions.update(action.replace(title="Mine"), by=user_id)
    assert store.actions.get(action.id).title == "Theirs"


def test_an_action_needs_an_existing_prospect(store, user_id):
    with pytest.raises(NotFoundError):
        store.actions.create(Action(prospect_id=999, title="Call", due_at=WHEN), by=user_id)
    with pytest.raises(ValidationError):
        services.save_action(store, Action(prospect_id=1, title=" ", due_at=None), by=user_id)


def test_actions_of_a_prospect_todo_first(store, user_id, prospect):
    other = store.prospects.create(Prospect(company="Logisud"), by=user_id)
    for title, day, done in (("Done", 1, True), ("Third", 20, False), ("Second", 10, False)):
        store.actions.create(Action(prospect_id=prospect.id, title=title, due_at=WHEN.replace(day=day), done=done), by=user_id)
    store.actions.create(Action(prospect_id=other.id, title="Elsewhere", due_at=WHEN), by=user_id)
    assert [a.title for a in store.actions.for_prospect(prospect.id)] == ["Second", "Third", "Done"]
    assert [a.title for a in store.actions.for_prospect(prospect.id, todo_only=True)] == ["Second", "Third"]
    frame = store.actions.frame_for_prospect(prospect.id)
    assert frame["title"].tolist() == ["Second", "Third", "Done"]
    assert frame["assignee"].isna().all()
