"""The board's query on a real DuckDB file: which deals, their next action, time in stage, totals, filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from prospects import services
from prospects.domain import Action, HistoryEntry, Prospect, Stage, Status
from prospects.errors import ConflictError, ValidationError
from prospects.services.board import Move, apply_move, build_board, moves_between
from prospects.services.board_style import LOST, WON
from prospects.store import Store


@pytest.fixture
def stages(store: Store) -> list[Stage]:
    return store.stages.list()


def make(store: Store, user_id: int, stage: Stage, **fields) -> Prospect:
    base = {"last_name": "HISSON", "first_name": "Paul", "company": "Euro Transports", "stage_id": stage.id}
    return store.prospects.create(Prospect(**{**base, **fields}), by=user_id)


def cards_by_id(rows) -> dict[int, dict]:
    return {c["id"]: c for c in rows.cards}


def test_open_deals_and_deals_closed_today_only(store, user_id, stages):
    open_deal = make(store, user_id, stages[0])
    won_today = make(store, user_id, stages[1])
    services.change_status(store, won_today.id, Status.WON, user_id)
    lost_today = make(store, user_id, stages[1])
    services.change_status(store, lost_today.id, Status.LOST, user_id, loss_reason="Price")
    won_before = make(store, user_id, stages[1])
    services.change_status(store, won_before.id, Status.WON, user_id, on=date.today() - timedelta(days=1))
    rows = store.board.load(today=date.today() + timedelta(days=1))
    assert set(cards_by_id(rows)) == {open_deal.id}
    rows = store.board.load()
    cards = cards_by_id(rows)
    assert set(cards) == {open_deal.id, won_today.id, lost_today.id}
    assert cards[open_deal.id]["column_key"] == str(stages[0].id)
    assert cards[won_today.id]["column_key"] == WON
    assert cards[lost_today.id]["column_key"] == LOST and cards[lost_today.id]["loss_reason"] == "Price"
    assert isinstance(cards[won_today.id]["closed_on"], date)


def test_a_deal_without_stage_or_in_an_inactive_stage_shows_in_the_first_column(store, user_id, stages):
    loose = make(store, user_id, stages[0], stage_id=None)
    retired = store.stages.create(Stage(None, "Old", 9, 50, active=False))
    parked = make(store, user_id, stages[0], stage_id=retired.id)
    cards = cards_by_id(store.board.load())
    assert cards[loose.id]["column_key"] == cards[parked.id]["column_key"] == str(stages[0].id)


def test_each_card_carries_its_next_action(store, user_id, stages):
    p = make(store, user_id, stages[0])
    now = datetime.now().replace(microsecond=0)
    store.actions.create(Action(prospect_id=p.id, title="Done already", due_at=now - timedelta(days=9), done=True), user_id)
    later = store.actions.create(Action(prospect_id=p.id, title="Send the quote", due_at=now + timedelta(days=3)), user_id)
    first = store.actions.create(Action(prospect_id=p.id, title="Call back", due_at=now - timedelta(days=1)), user_id)
    card = cards_by_id(store.board.load())[p.id]
    assert (card["next_action_id"], card["next_action_title"]) == (first.id, "Call back")
    store.actions.set_done(first.id, True, user_id)
    card = cards_by_id(store.board.load())[p.id]
    assert card["next_action_id"] == later.id
    assert card["next_action_due"] == later.due_at
    assert card["next_action_important"] is False


def test_a_card_knows_its_next_action_is_important(store, user_id, stages):
    p = make(store, user_id, stages[0])
    due = datetime.now().replace(microsecond=0) + timedelta(days=1)
    store.actions.create(Action(prospect_id=p.id, title="Sign", due_at=due, important=True), user_id)
    assert cards_by_id(store.board.load())[p.id]["next_action_important"] is True


def test_time_in_stage_comes_from_the_last_move_into_it(store, user_id, stages):
    p = make(store, user_id, stages[0])
    long_ago = datetime.now() - timedelta(days=40)
    store.prospects.insert_history([
        HistoryEntry(None, p.id, long_ago, user_id, "stage", None, str(stages[1].id)),
    ])
    moved = services.move_to_stage(store, p.id, stages[1].id, user_id, expected_version=p.version)
    since = cards_by_id(store.board.load())[p.id]["stage_since"]
    assert since.date() == date.today()  # the move of today, not the older entry into the same stage
    never_moved = store.prospects.create(Prospect(company="Logisud", stage_id=stages[2].id, created_at=long_ago), user_id)
    assert cards_by_id(store.board.load())[never_moved.id]["stage_since"] is not None
    assert moved.stage_id == stages[1].id


def test_totals_count_every_card_of_a_column_beyond_the_limit(store, user_id, stages):
    for revenue, interest in ((1000, None), (2000, 50), (3000, None)):
        make(store, user_id, stages[1], expected_revenue=Decimal(revenue), interest=interest)
    make(store, user_id, stages[0])  # no revenue
    won = make(store, user_id, stages[1], expected_revenue=Decimal(500))
    services.change_status(store, won.id, Status.WON, user_id)
    rows = store.board.load(limit_per_column=2)
    second = rows.totals[str(stages[1].id)]
    assert second.count == 3 and second.revenue == 6000
    assert second.weighted == pytest.approx(1000 * stages[1].probability / 100 + 2000 * 0.5 + 3000 * stages[1].probability / 100)
    assert len([c for c in rows.cards if c["column_key"] == str(stages[1].id)]) == 2
    assert rows.totals[str(stages[0].id)].revenue == 0
    assert rows.totals[WON].count == 1 and rows.totals[WON].weighted == 500
    assert LOST not in rows.totals


def test_cards_without_next_step_come_first_then_the_most_urgent(store, user_id, stages):
    now = datetime.now().replace(microsecond=0)
    later = make(store, user_id, stages[0], company="Later")
    late = make(store, user_id, stages[0], company="Late")
    bare = make(store, user_id, stages[0], company="Bare")
    store.actions.create(Action(prospect_id=later.id, title="x", due_at=now + timedelta(days=4)), user_id)
    store.actions.create(Action(prospect_id=late.id, title="x", due_at=now - timedelta(days=4)), user_id)
    assert [c["company"] for c in store.board.load().cards] == ["Bare", "Late", "Later"]
    assert [c["position"] for c in store.board.load().cards] == [1, 2, 3]
    assert bare.id


def test_filters_by_owner_channel_and_text(store, user_id, stages):
    other = store.users.list()[0].id + 100
    make(store, user_id, stages[0], owner_id=user_id, channel="Trade show", company="Müller Spedition", city="Lyon")
    make(store, user_id, stages[0], owner_id=other, channel="Website", company="Logisud", last_name="N'DIAYE")
    assert [c["company"] for c in store.board.load(owner_ids=(user_id,)).cards] == ["Müller Spedition"]
    assert [c["company"] for c in store.board.load(channels=("Website",)).cards] == ["Logisud"]
    assert [c["company"] for c in store.board.load(text="muller lyon").cards] == ["Müller Spedition"]
    assert [c["company"] for c in store.board.load(text="n'diaye").cards] == ["Logisud"]
    assert store.board.load(text="'; DROP TABLE prospects; --").cards == []
    assert store.prospects.count() == 2


# -- moves through the services, against the board that was shown -----------------------


def shown_board(store: Store) -> object:
    return build_board(store.board.load(), store.stages.list())


def drag(board, prospect_id: int, to_key: str) -> list[Move]:
    text = board.card(prospect_id).item
    items = board.items
    for container in items:
        container["items"] = [i for i in container["items"] if i != text]
    items[[c.key for c in board.columns].index(to_key)]["items"].append(text)
    return moves_between(board, items)


def test_a_move_to_a_stage_writes_the_stage_and_its_history(store, user_id, stages):
    p = make(store, user_id, stages[0])
    [move] = drag(shown_board(store), p.id, str(stages[2].id))
    after = apply_move(store, move, user_id)
    assert after.stage_id == stages[2].id and after.version == p.version + 1
    last = store.prospects.history(p.id)[-1]
    assert (last.field, last.old_value, last.new_value, last.changed_by) == ("stage", str(stages[0].id), str(stages[2].id), user_id)


def test_a_move_to_won_closes_today_and_back_to_a_stage_reopens(store, user_id, stages):
    p = make(store, user_id, stages[1])
    [move] = drag(shown_board(store), p.id, WON)
    won = apply_move(store, move, user_id)
    assert won.status is Status.WON and won.closed_on == date.today() and won.stage_id == stages[1].id
    [back] = drag(shown_board(store), p.id, str(stages[3].id))
    reopened = apply_move(store, back, user_id)
    assert reopened.status is Status.OPEN and reopened.closed_on is None and reopened.stage_id == stages[3].id
    fields = [(h.field, h.new_value) for h in store.prospects.history(p.id)]
    assert fields[-3:] == [("status", "won"), ("stage", str(stages[3].id)), ("status", "open")]


def test_a_move_to_lost_needs_the_reason(store, user_id, stages):
    p = make(store, user_id, stages[0])
    [move] = drag(shown_board(store), p.id, LOST)
    with pytest.raises(ValidationError):
        apply_move(store, move, user_id)
    lost = apply_move(store, move, user_id, loss_reason="Competitor")
    assert (lost.status, lost.loss_reason, lost.closed_on) == (Status.LOST, "Competitor", date.today())


def test_a_move_is_refused_when_someone_else_moved_the_card_first(store, user_id, stages):
    p = make(store, user_id, stages[0])
    board = shown_board(store)  # what this session sees
    services.move_to_stage(store, p.id, stages[3].id, user_id, expected_version=p.version)  # another session
    [move] = drag(board, p.id, str(stages[1].id))
    with pytest.raises(ConflictError):
        apply_move(store, move, user_id)
    assert store.prospects.get(p.id).stage_id == stages[3].id


def test_two_sessions_moving_different_cards_both_win(store, user_id, stages):
    a = make(store, user_id, stages[0], company="A")
    b = make(store, user_id, stages[0], company="B")
    seen_by_first = shown_board(store)
    seen_by_second = shown_board(store)
    [first] = drag(seen_by_first, a.id, str(stages[1].id))
    apply_move(store, first, user_id)
    moves = drag(seen_by_second, b.id, str(stages[2].id))  # diffed against its own board: A is not moved back
    assert [m.prospect_id for m in moves] == [b.id]
    apply_move(store, moves[0], user_id)
    assert (store.prospects.get(a.id).stage_id, store.prospects.get(b.id).stage_id) == (stages[1].id, stages[2].id)
