"""The board's logic in plain Python: columns, cards read at a glance, their classes, drops turned into moves."""

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
from prospects.services.board_style import COLOURS, LOST, WON
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
    item = board.card(prospect_id).item
    items = board.items
    keys = [c.key for c in board.columns]
    for container in items:
        container["items"] = [i for i in container["items"] if i != item]
    items[keys.index(to_key)]["items"].append(item)
    return items


def line_texts(card) -> list[str]:
    """What each line of a card reads, as the component draws it."""
    return ["".join(span["text"] for span in line["spans"]) for line in card.lines]


# -- columns and cards ------------------------------------------------------


def test_columns_follow_the_stages_then_won_and_lost():
    board = board_of()
    assert [c.key for c in board.columns] == ["1", "2", "3", WON, LOST]
    assert [c.status for c in board.columns] == [Status.OPEN] * 3 + [Status.WON, Status.LOST]
    assert [c.stage_id for c in board.columns] == [1, 2, 3, None, None]
    assert all(container["items"] == [] for container in board.items)


def test_a_card_reads_at_a_glance_in_four_short_lines():
    card = board_of(row(7, expected_revenue=12500)).card(7)
    assert line_texts(card) == [
        "Fleet module", "Euro Transports · Paul HISSON", "01/12 10:30 Call back", "€12,500 · SM · 3 d"
    ]
    assert [line["cls"] for line in card.lines] == ["title", "who", "next", "facts"]
    assert card.text.split("\n")[-1] == "#7 · €12,500 · SM · 3 d"
    assert card.tone is DueState.LATER and not card.stale
    assert card.next_action_id == 107
    assert card.item["id"] == "#7" and card.item["cls"] == "tone-later"


def test_the_date_of_the_next_action_carries_its_colour_class_and_an_important_action_is_marked():
    board = board_of(row(1, next_action_due=NOW - timedelta(days=1), next_action_important=True), row(2))
    late = board.card(1).lines[2]["spans"]
    assert late[0] == {"text": "!", "cls": "important"}
    assert late[1]["cls"] == "due due-late"
    assert board.card(2).lines[2]["spans"][0]["cls"] == "due due-later"


def test_a_person_named_like_the_company_is_named_once():
    card = board_of(row(3, first_name=None, last_name=None, company="Paul HISSON")).card(3)
    assert line_texts(card)[1] == "Paul HISSON"


def test_two_identical_prospects_get_distinct_cards():
    board = board_of(row(1), row(2))
    items = board.items[0]["items"]
    assert len(items) == 2 and items[0]["id"] != items[1]["id"]
    assert [board.card_for_item(i).prospect_id for i in items] == [1, 2]
    assert [board.card_for_text(board.card(i).text).prospect_id for i in (1, 2)] == [1, 2]


def test_late_today_later_and_no_next_step():
    board = board_of(
        row(1, next_action_due=NOW - timedelta(days=1)),
        row(2, next_action_due=NOW.replace(hour=17)),
        row(3, next_action_due=NOW + timedelta(days=5)),
        row(4, next_action_due=None, next_action_title=None, next_action_id=None),
    )
    assert [board.card(i).tone for i in (1, 2, 3, 4)] == [DueState.LATE, DueState.TODAY, DueState.LATER, None]
    assert "No next step" in board.card(4).text
    assert board.card(4).lines[2]["spans"] == [{"text": "No next step", "cls": "due-none"}]
    assert [board.card(i).item["cls"] for i in (1, 2, 3, 4)] == ["tone-late", "tone-today", "tone-later", "tone-none"]


def test_a_card_past_its_stage_limit_is_stale():
    board = board_of(row(1, stage_since=NOW - timedelta(days=15)), row(2, "2", stage_since=NOW - timedelta(days=15)))
    assert board.card(1).stale and line_texts(board.card(1))[-1].endswith("15 d · stale")  # New: after 14 days
    assert board.card(1).item["cls"] == "tone-later stale"  # a quiet word, not a coloured card
    assert not board.card(2).stale  # Qualified: after 21 days
    assert line_texts(board.card(2))[-1].endswith("15 d")


def test_won_and_lost_cards_say_so_without_days_in_stage():
    board = board_of(row(1, WON, next_action_due=None), row(2, LOST, loss_reason="Price", next_action_due=None))
    assert "Won today" in board.card(1).text and board.card(1).tone == WON
    assert "Lost today: Price" in board.card(2).text and board.card(2).tone == LOST
    assert not line_texts(board.card(1))[-1].endswith(" d")


def test_user_text_on_several_lines_cannot_fake_the_id_line():
    board = board_of(row(5, project_summary="Evil\n#99 · fake", company="A\nB"))
    card = board.card(5)
    assert card.text.split("\n")[0] == "Evil #99 · fake"
    assert card.text.split("\n")[-1].startswith("#5 ")
    assert board.card_for_text(card.text.replace("Evil", "Changed")).prospect_id == 5


def test_a_company_prospect_is_not_named_twice():
    card = board_of(row(3, first_name=None, last_name=None, company="Logisud")).card(3)
    assert card.text.split("\n")[1] == "Logisud" and line_texts(card)[1] == "Logisud"


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


def test_one_stylesheet_colours_every_tone_by_class():
    css = board_of(row(1)).css
    assert css == board_of(row(2, next_action_due=None)).css  # no per-position rules any more
    assert f".sortable-item.tone-late {{ border-left-color: {COLOURS[DueState.LATE]}" in css
    assert f".sortable-item .due-today {{ color: {COLOURS[DueState.TODAY]}" in css
    assert f".sortable-item.tone-won {{ border-left-color: {COLOURS[WON]}" in css
    assert "nth-of-type(1) .sortable-item" not in css


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
    items[1]["items"] += ["#999 · who knows", "not a card at all", {"id": "#999"}, {"no": "id"}, board.card(1).item]
    items[2]["items"].append(board.card(1).text)  # the same card twice (as its old string): the first place wins
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
    item = board.card(3).item
    items[1]["items"].remove(item)
    items[4]["items"].append(item)
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
    assert line_texts(card)[2] == "04/01/2027 09:00 Call back"
