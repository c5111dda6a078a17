"""Closing asks, everywhere: a drag to Won or Lost and the record ask what becomes of the open actions,
and reopening (a drag back, the panel, the record) names the actions cancelled at the close.

The choice is the deal panel's one helper (`deal_panel.settle_choice`), so the same radio appears in the
board's dialog, the panel and the record.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from prospects.domain import Action, Prospect, Status
from prospects.domain.closing import Settle
from prospects.services import records
from prospects.store import Store
from tests.pages.test_board_page import card_ids, component, drop

WON_COLUMN, LOST_COLUMN = 5, 6
NOW = datetime.now().replace(microsecond=0)


@pytest.fixture
def deals(store: Store, user_id: int) -> dict[str, Prospect]:
    """Euro Transports with two actions to do; Bertiet with none."""
    stage = store.stages.list()[0]
    euro = store.prospects.create(
        Prospect(company="Euro Transports", stage_id=stage.id, owner_id=user_id, project_summary="Fleet"), by=user_id
    )
    store.actions.create(Action(prospect_id=euro.id, title="Call back", due_at=NOW - timedelta(days=2)), user_id)
    store.actions.create(Action(prospect_id=euro.id, title="Send the quote", due_at=NOW + timedelta(days=4)), user_id)
    bertiet = store.prospects.create(
        Prospect(company="Bertiet Poids Lourds", stage_id=stage.id, owner_id=user_id, project_summary="Trucks"), by=user_id
    )
    return {"euro": euro, "bertiet": bertiet}


def todo(store: Store, prospect_id: int) -> list[str]:
    return sorted(a.title for a in store.actions.for_prospect(prospect_id, todo_only=True))


def shown(at) -> str:
    return "\n".join(str(getattr(el, "value", "")) for el in [*at.markdown, *at.caption, *at.info, *at.warning, *at.success])


# -- a drag to Won or Lost ------------------------------------------------------------------


def test_a_drag_to_won_with_open_actions_asks_first_and_writes_nothing_before_the_answer(app, store, deals):
    euro = deals["euro"]
    at = app(page="pages/board.py")
    drop(at, euro.id, WON_COLUMN)
    assert not at.exception
    assert store.prospects.get(euro.id).status is Status.OPEN  # nothing written yet
    choice = at.radio(key="board_close_settle")
    assert choice.value is Settle.DONE  # a won deal's follow-ups were what won it
    choice.set_value(Settle.KEEP).run()
    at.button(key="board_won_confirm").click().run()
    assert not at.exception
    won = store.prospects.get(euro.id)
    assert won.status is Status.WON
    assert todo(store, euro.id) == ["Call back", "Send the quote"]  # kept, as chosen
    assert card_ids(component(at)["items"][WON_COLUMN]) == [euro.id]


def test_a_drag_to_won_without_open_actions_closes_at_once(app, store, deals):
    bertiet = deals["bertiet"]
    at = app(page="pages/board.py")
    drop(at, bertiet.id, WON_COLUMN)
    assert not at.exception
    assert store.prospects.get(bertiet.id).status is Status.WON
    assert all(r.key != "board_close_settle" for r in at.radio)  # nothing to settle: no question


def test_cancelling_the_won_question_leaves_the_card_where_it_was(app, store, deals):
    euro = deals["euro"]
    at = app(page="pages/board.py")
    key_before = component(at)["key"]
    drop(at, euro.id, WON_COLUMN)
    at.button(key="board_won_cancel").click().run()
    assert not at.exception
    args = component(at)
    assert args["key"] != key_before  # remounted: the card is back in its column
    assert euro.id in card_ids(args["items"][0]) and card_ids(args["items"][WON_COLUMN]) == []
    after = store.prospects.get(euro.id)
    assert (after.status, after.version) == (Status.OPEN, euro.version)
    assert todo(store, euro.id) == ["Call back", "Send the quote"]


def test_the_lost_dialog_carries_the_same_choice_cancel_preselected(app, store, deals):
    euro = deals["euro"]
    at = app(page="pages/board.py")
    drop(at, euro.id, LOST_COLUMN)
    choice = at.radio(key="board_close_settle")
    assert choice.value is Settle.CANCEL  # a lost deal's calls will not be made
    choice.set_value(Settle.DONE)
    at.selectbox(key="board_loss_reason").select("Competitor").run()
    at.button(key="board_lost_confirm").click().run()
    assert not at.exception
    lost = store.prospects.get(euro.id)
    assert (lost.status, lost.loss_reason) == (Status.LOST, "Competitor")
    assert todo(store, euro.id) == []
    assert store.actions.cancelled_for(euro.id) == []  # marked done, not cancelled, as chosen


# -- reopening by a drag names the cancelled actions ------------------------------------------


def test_a_lost_deal_dragged_back_names_its_cancelled_actions_and_can_take_them_back(app, store, deals, user_id):
    euro = deals["euro"]
    records.close_deal(store, euro.id, Status.LOST, user_id, loss_reason="Price")  # lost today: still on the board
    at = app(page="pages/board.py")
    drop(at, euro.id, 1)
    assert not at.exception
    assert store.prospects.get(euro.id).status is Status.OPEN
    notice = shown(at)
    assert "Call back" in notice and "Send the quote" in notice
    due = (NOW - timedelta(days=2)).strftime("%d/%m/%Y")
    assert due in notice  # with its due date
    assert todo(store, euro.id) == []  # named, not restored behind the rep's back
    at.button(key="board_restore").click().run()
    assert not at.exception
    assert todo(store, euro.id) == ["Call back", "Send the quote"]
    assert store.actions.cancelled_for(euro.id) == []
    assert all(b.key != "board_restore" for b in at.button)  # offered once


# -- the deal panel names them with their dates ------------------------------------------------


def test_the_panel_of_a_lost_deal_names_its_cancelled_actions_with_their_dates(app, store, deals, user_id):
    from tests.pages.test_board_page import click

    euro = deals["euro"]
    records.close_deal(store, euro.id, Status.LOST, user_id, loss_reason="Price")
    at = app(page="pages/board.py")
    click(at, euro.id)
    notice = shown(at)
    assert "Call back" in notice and (NOW - timedelta(days=2)).strftime("%d/%m/%Y") in notice


# -- the record --------------------------------------------------------------------------------


def record(app, prospect_id: int):
    return app(page="pages/prospect.py", query={"id": str(prospect_id)})


def test_the_record_asks_what_to_do_with_the_open_actions_when_the_status_changes_to_won(app, store, deals):
    euro = deals["euro"]
    at = record(app, euro.id)
    key = f"rec_{euro.id}"
    assert all("settle" not in (r.key or "") for r in at.radio)  # an open deal: nothing to ask
    at.selectbox(key=f"{key}_status").select(Status.WON).run()
    [choice] = [r for r in at.radio if "settle" in (r.key or "")]
    assert choice.value is Settle.DONE
    choice.set_value(Settle.KEEP).run()
    at.button(key="record_validate").click().run()
    assert not at.exception and not at.error
    assert store.prospects.get(euro.id).status is Status.WON
    assert todo(store, euro.id) == ["Call back", "Send the quote"]


def test_the_record_losing_a_deal_offers_cancel_first_and_obeys_the_choice(app, store, deals):
    euro = deals["euro"]
    at = record(app, euro.id)
    key = f"rec_{euro.id}"
    at.selectbox(key=f"{key}_status").select(Status.LOST).run()
    at.selectbox(key=f"{key}_loss_reason").select("Price").run()
    [choice] = [r for r in at.radio if "settle" in (r.key or "")]
    assert choice.value is Settle.CANCEL
    choice.set_value(Settle.DONE).run()
    at.button(key="record_validate").click().run()
    assert not at.exception and not at.error
    assert store.prospects.get(euro.id).status is Status.LOST
    assert todo(store, euro.id) == [] and store.actions.cancelled_for(euro.id) == []


def test_the_record_reopening_a_deal_names_its_cancelled_actions_and_may_restore_them(app, store, deals, user_id):
    euro = deals["euro"]
    records.close_deal(store, euro.id, Status.LOST, user_id, loss_reason="Price")
    at = record(app, euro.id)
    key = f"rec_{euro.id}"
    at.selectbox(key=f"{key}_status").select(Status.OPEN).run()
    restore = at.checkbox(key=f"{key}_restore")
    assert "Call back" in restore.label and "Send the quote" in restore.label
    assert restore.value is False  # named; put back only when asked
    restore.check().run()
    # the close date and loss reason go with the reopening: nothing to clear by hand
    at.button(key="record_validate").click().run()
    assert not at.exception and not at.error
    assert store.prospects.get(euro.id).status is Status.OPEN
    assert todo(store, euro.id) == ["Call back", "Send the quote"]
