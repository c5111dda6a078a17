"""The board's logic in plain Python: columns, card texts, colours by position, drops turned into moves."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from prospects.domain import DueState, Stage, Status
from prospects.i18n import set_language
from prospects.services.board import (
    Board,
    build_board,
    fingerprint,
    money,
    moves_between,
)
from prospects.services.board_style import COLOURS, LOST, STALE_BACKGROUND, WON
from prospects.store.board import BoardRows, ColumnTotals

NOW = datetime(2026, 11, 29, 10, 30)
STAGES = [Stage(1, "New", 1, 10, 14), Stage(2, "Qualified", 2, 40, 21), Stage(3, "Proposal", 3, 60, 21)]


def row(pid: int, column: str = "1", **fields) -> dict:
    base = {
        "id": pid, "version": 1, "status": "open", "stage_id": int(column) if column.isdigit() else 3,
        "first_name": "Paul", "last_name": "HISSON", "company": "Euro Transports", "email": None, "phone": None,
        "mobile": None, "project_summary": "Fleet module", "loss_reason": None, "owner": "SM",
        "next_action_id": 100 + pid, "next_action_title": "Call back", "next_action_due": NOW + timedelta(days=2),
        "stage_since": NOW - timedelta(days=3), "column_key": column,
    }
    if column in (WON, LOST):
        base["status"] = column
    return {**base, **fields}


def board_of(*rows: dict, totals: dict | None = None) -> Board:
    return build_board(BoardRows(list(rows), totals or {}), STAGES, now=NOW, currency="EUR")


def returned_with(board: Board, prospect_id: int, to_key: str) -> list[dict]:
    """The component's value after dragging one card to the end of another column."""
    text = board.card(prospect_id).text
    items = board.items
    keys = [c.key for c in board.columns]
    for container in items:
        container["items"] = [i for i in container["items"] if i != text]
    items[keys.index(to_key)]["items"].append(text)
    return items


# -- columns and cards ------------------------------------------------------


def test_columns_follow_the_stages_then_won_and_lost():
    board = board_of()
    assert [c.key for c in board.columns] == ["1", "2", "3", WON, LOST]
    assert [c.status for c in board.columns] == [Status.OPEN] * 3 + [Status.WON, Status.LOST]
    assert [c.stage_id for c in board.columns] == [1, 2, 3, None, None]
    assert all(container["items"] == [] for container in board.items)


def test_a_card_shows_summary_company_name_next_action_and_id():
    card = board_of(row(7)).card(7)
    lines = card.text.split("\n")
    assert lines[0] == "Fleet module"
    assert lines[1] == "Euro Transports · Paul HISSON"
    assert lines[2] == "Later: Call back · 01/12 10:30"
    assert lines[3] == "#7 · SM · 3 d in stage"
    assert card.tone is DueState.LATER and not card.stale
    assert card.next_action_id == 107


def test_two_identical_prospects_get_distinct_cards():
    board = board_of(row(1), row(2))
    texts = board.items[0]["items"]
    assert len(texts) == 2 and texts[0] != texts[1]
    assert [board.card_for_text(t).prospect_id for t in texts] == [1, 2]


def test_late_today_later_and_no_next_step():
    board = board_of(
        row(1, next_action_due=NOW - timedelta(days=1)),
        row(2, next_action_due=NOW.replace(hour=17)),
        row(3, next_action_due=NOW + timedelta(days=5)),
        row(4, next_action_due=None, next_action_title=None, next_action_id=None),
    )
    assert [board.card(i).tone for i in (1, 2, 3, 4)] == [DueState.LATE, DueState.TODAY, DueState.LATER, None]
    assert "No next step" in board.card(4).text
    assert board.card(1).text.split("\n")[2].startswith("Late: ")


def test_a_card_past_its_stage_limit_is_stale():
    board = board_of(row(1, stage_since=NOW - timedelta(days=15)), row(2, "2", stage_since=NOW - timedelta(days=15)))
    assert board.card(1).stale and "⚠ stale" in board.card(1).text  # New: stale after 14 days
    assert not board.card(2).stale  # Qualified: after 21 days
    assert "15 d in stage" in board.card(2).text


def test_won_and_lost_cards_say_so_without_days_in_stage():
    board = board_of(row(1, WON, next_action_due=None), row(2, LOST, loss_reason="Price", next_action_due=None))
    assert "Won today" in board.card(1).text and board.card(1).tone == WON
    assert "Lost today: Price" in board.card(2).text and board.card(2).tone == LOST
    assert "in stage" not in board.card(1).text


def test_user_text_on_several_lines_cannot_fake_the_id_line():
    board = board_of(row(5, project_summary="Evil\n#99 · fake", company="A\nB"))
    card = board.card(5)
    assert card.text.split("\n")[0] == "Evil #99 · fake"
    assert card.text.split("\n")[-1].startswith("#5 ")
    assert board.card_for_text(card.text.replace("Evil", "Changed")).prospect_id == 5


def test_a_company_prospect_is_not_named_twice():
    card = board_of(row(3, first_name=None, last_name=None, company="Logisud")).card(3)
    assert card.text.split("\n")[1] == "Logisud"


# -- headers ------------------------------------------------------------------


def test_headers_show_count_sum_and_weighted_sum_in_the_currency():
    totals = {"1": ColumnTotals(3, 30000, 3000), WON: ColumnTotals(1, 12500.4, 12500.4)}
    board = board_of(totals=totals)
    assert board.columns[0].header == "New · 3\n€30,000\nweighted €3,000"
    assert board.columns[1].header == "Qualified · 0\n€0\nweighted €0"
    assert board.columns[3].header == "Won · 1\n€12,500 today"
    set_language("fr")
    try:
        board = board_of(totals=totals)
        assert board.columns[0].header == "New · 3\n30\u202f000\xa0€\npondéré 3\u202f000\xa0€"
        assert board.columns[4].header.startswith("Perdu · 0\n0\xa0€ aujourd'hui")
    finally:
        set_language("en")


def test_headers_stay_unique_when_two_stages_share_a_name():
    stages = [Stage(1, "New", 1, 10), Stage(2, "New", 2, 10)]
    board = build_board(BoardRows([], {}), stages, now=NOW)
    assert len({c.header for c in board.columns}) == len(board.columns) == 4


def test_money_in_other_currencies():
    assert money(1234.6, "USD") == "US$1,235"


def test_a_column_knows_when_it_is_truncated():
    board = board_of(row(1), totals={"1": ColumnTotals(40, 0, 0)})
    assert board.columns[0].truncated and not board.columns[1].truncated


# -- CSS -----------------------------------------------------------------------


def test_css_colours_each_card_by_its_position():
    board = board_of(
        row(1, next_action_due=NOW - timedelta(days=1)),
        row(2, next_action_due=None),
        row(3, "2", next_action_due=NOW.replace(hour=18)),
        row(4, WON, next_action_due=None),
    )
    css = board.css
    assert f".sortable-container:nth-of-type(1) .sortable-item:nth-of-type(1) {{ border-left-color: {COLOURS[DueState.LATE]}" in css
    assert f".sortable-container:nth-of-type(1) .sortable-item:nth-of-type(2) {{ border-left-color: {COLOURS[None]}" in css
    assert f".sortable-container:nth-of-type(2) .sortable-item:nth-of-type(1) {{ border-left-color: {COLOURS[DueState.TODAY]}" in css
    assert f".sortable-container:nth-of-type(4) .sortable-item:nth-of-type(1) {{ border-left-color: {COLOURS[WON]}" in css
    assert "white-space: pre-line" in css


def test_css_groups_cards_of_one_colour_in_one_rule():
    board = board_of(*(row(i) for i in range(1, 30)))
    assert board.css.count(f"border-left-color: {COLOURS[DueState.LATER]}") == 1
    stale = board_of(row(1, stage_since=NOW - timedelta(days=30)))
    assert f"nth-of-type(1) {{ background-color: {STALE_BACKGROUND}" in stale.css


def test_the_key_changes_with_the_content_and_the_versions_only():
    assert board_of(row(1)).key == board_of(row(1)).key
    assert board_of(row(1)).key != board_of(row(1, project_summary="Other")).key
    assert board_of(row(1)).key != board_of(row(1, version=2)).key
    assert board_of(row(1)).key != build_board(BoardRows([row(1)], {}), STAGES, now=NOW, generation=1).key


# -- moves ----------------------------------------------------------------------


def test_no_move_when_nothing_changed_or_nothing_returned():
    board = board_of(row(1), row(2, "2"))
    assert moves_between(board, board.items) == []
    assert moves_between(board, None) == []
    assert moves_between(board, []) == []


def test_reordering_within_a_column_is_not_a_move():
    board = board_of(row(1), row(2))
    items = board.items
    items[0]["items"].reverse()
    assert moves_between(board, items) == []


def test_a_card_moved_to_another_stage():
    board = board_of(row(1), row(2, version=4))
    [move] = moves_between(board, returned_with(board, 2, "3"))
    assert (move.prospect_id, move.version, move.from_key, move.to_key) == (2, 4, "1", "3")
    assert move.to_status is Status.OPEN and move.to_stage_id == 3 and not move.needs_loss_reason


def test_a_card_moved_to_won_and_to_lost():
    board = board_of(row(1), row(2))
    [won] = moves_between(board, returned_with(board, 1, WON))
    assert won.to_status is Status.WON and won.to_stage_id is None
    [lost] = moves_between(board, returned_with(board, 2, LOST))
    assert lost.to_status is Status.LOST and lost.needs_loss_reason


def test_a_closed_card_moved_back_to_a_stage():
    board = board_of(row(1, LOST, next_action_due=None))
    [move] = moves_between(board, returned_with(board, 1, "2"))
    assert move.from_key == LOST and move.to_status is Status.OPEN and move.to_stage_id == 2


def test_a_card_moved_into_an_empty_column():
    board = board_of(row(1))
    items = returned_with(board, 1, "2")
    assert items[0]["items"] == []
    assert [m.to_key for m in moves_between(board, items)] == ["2"]


def test_unknown_and_duplicated_items_are_ignored():
    board = board_of(row(1), row(2))
    items = returned_with(board, 1, "2")
    items[1]["items"] += ["#999 · who knows", "not a card at all", board.card(1).text]
    items[2]["items"].append(board.card(1).text)  # the same card twice: the first place wins
    moves = moves_between(board, items)
    assert [(m.prospect_id, m.to_key) for m in moves] == [(1, "2")]


def test_an_item_whose_text_changed_is_found_by_its_id_line():
    board = board_of(row(1))
    items = board.items
    items[0]["items"] = []
    items[2]["items"] = ["something else\n#1 · SM · 3 d in stage"]
    assert [(m.prospect_id, m.to_key) for m in moves_between(board, items)] == [(1, "3")]


def test_containers_are_matched_by_position_when_their_header_changed():
    board = board_of(row(1))
    items = returned_with(board, 1, WON)
    for container in items:
        container["header"] = "renamed " + container["header"]
    assert [m.to_key for m in moves_between(board, items)] == [WON]


def test_several_cards_moved_at_once():
    board = board_of(row(1), row(2), row(3, "2"))
    items = returned_with(board, 1, "3")
    text = board.card(3).text
    items[1]["items"].remove(text)
    items[4]["items"].append(text)
    moves = moves_between(board, items)
    assert {(m.prospect_id, m.to_key) for m in moves} == {(1, "3"), (3, LOST)}


def test_fingerprint_tells_two_returned_values_apart():
    board = board_of(row(1), row(2))
    assert fingerprint(board.items) == fingerprint(board_of(row(1), row(2)).items)
    assert fingerprint(board.items) != fingerprint(returned_with(board, 1, "2"))


@pytest.mark.parametrize("garbage", [[{"items": None}], ["not a dict"], [{"header": "x", "items": [1, None]}]])
def test_malformed_returned_values_give_no_move(garbage):
    assert moves_between(board_of(row(1)), garbage) == []


def test_a_due_date_of_another_year_keeps_its_year():
    card = board_of(row(1, next_action_due=datetime(2027, 1, 4, 9, 0))).card(1)
    assert "Later: Call back · 04/01/2027 09:00" in card.text
