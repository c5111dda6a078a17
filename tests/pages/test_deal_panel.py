"""The deal panel over the board through AppTest: what it shows, and what its buttons write."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from prospects.domain import Action, Prospect, Status
from prospects.services import records
from prospects.store import Store
from tests.pages.test_board_page import click


@pytest.fixture
def deal(store: Store, user_id: int) -> Prospect:
    stage = store.stages.list()[1]
    p = store.prospects.create(
        Prospect(company="Euro Transports", last_name="HISSON", first_name="Paul", stage_id=stage.id, owner_id=user_id,
                 project_summary="Fleet of 12 trucks", expected_revenue=12500),
        by=user_id,
    )
    now = datetime.now().replace(microsecond=0)
    store.actions.create(Action(prospect_id=p.id, title="Call back", due_at=now - timedelta(days=2)), user_id)
    store.actions.create(Action(prospect_id=p.id, title="Send the quote", due_at=now + timedelta(days=4)), user_id)
    return p


def open_panel(app, deal: Prospect):
    """Click the deal's card on the board, as the component reports a click."""
    at = app(page="pages/board.py")
    click(at, deal.id)
    assert not at.exception
    assert at.button(key="panel_open_record")
    return at


def texts(at) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.metric])


def test_the_panel_shows_the_deal_its_stage_and_its_next_actions(app, deal):
    at = open_panel(app, deal)
    shown = texts(at)
    for expected in ("Fleet of 12 trucks", "Euro Transports · Paul HISSON", "Contacted", "Call back", "Send the quote"):
        assert expected in shown
    assert any("12,500" in str(m.value) for m in at.metric)
    assert at.selectbox(key="panel_loss_reason").value is None  # no reason preselected


def test_done_and_schedule_the_next_in_one_step(app, deal, store):
    at = open_panel(app, deal)
    at.text_input(key="panel_next_title").input("Demo at their depot").run()
    at.button(key="panel_done_next").click().run()
    assert not at.exception and not at.error
    todo = store.actions.for_prospect(deal.id, todo_only=True)
    assert sorted(a.title for a in todo) == ["Demo at their depot", "Send the quote"]


def test_done_and_next_without_a_title_says_so_and_writes_nothing(app, deal, store):
    at = open_panel(app, deal)
    at.button(key="panel_done_next").click().run()
    assert "next step" in at.error[0].value
    assert len(store.actions.for_prospect(deal.id, todo_only=True)) == 2


def test_mark_lost_needs_a_reason_then_cancels_the_open_actions(app, deal, store):
    at = open_panel(app, deal)
    at.button(key="panel_lost").click().run()
    assert "why the deal was lost" in at.error[0].value
    assert store.prospects.get(deal.id).status is Status.OPEN
    reason = at.selectbox(key="panel_loss_reason").options[0]
    at.selectbox(key="panel_loss_reason").select(reason).run()
    at.button(key="panel_lost").click().run()
    assert not at.exception
    lost = store.prospects.get(deal.id)
    assert lost.status is Status.LOST and lost.loss_reason == reason
    assert store.actions.for_prospect(deal.id, todo_only=True) == []
    assert len(store.actions.cancelled_for(deal.id)) == 2


def test_mark_won_may_keep_the_actions(app, deal, store):
    at = open_panel(app, deal)
    at.radio(key="panel_won_settle").set_value(at.radio(key="panel_won_settle").options[0]).run()
    at.button(key="panel_won").click().run()
    assert store.prospects.get(deal.id).status is Status.WON
    assert len(store.actions.for_prospect(deal.id, todo_only=True)) == 2


def test_a_lost_deal_names_its_cancelled_actions_and_can_take_them_back(app, deal, store, user_id):
    records.close_deal(store, deal.id, Status.LOST, user_id, loss_reason="Price")
    at = open_panel(app, deal)
    assert any(re.search(r"Call back \(\d\d/\d\d/\d{4} \d\d:\d\d\), Send the quote \(", str(c.value)) for c in at.caption)
    at.button(key="panel_reopen_actions").click().run()
    assert not at.exception
    assert store.prospects.get(deal.id).status is Status.OPEN
    assert len(store.actions.for_prospect(deal.id, todo_only=True)) == 2
