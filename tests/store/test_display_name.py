"""The display name of a prospect has one rule (`domain.display_name`): every screen's query agrees with it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from prospects.domain import NAME_FIELDS, Action, Prospect, ProspectQuery, display_name
from prospects.domain.agenda import AgendaFilters, bounds
from prospects.services.board import build_board
from prospects.store import Store

# (first, last, company, email, phone, mobile) -> the name every screen shows
CASES = [
    (("Paul", "HISSON", "Euro Transports", None, None, None), "Paul HISSON"),
    ((None, "HISSON", "Euro Transports", None, None, None), "HISSON"),
    ((None, None, "Euro Transports", "p@euro.fr", None, None), "Euro Transports"),
    ((None, None, None, "p@euro.fr", "+33140000000", None), "p@euro.fr"),
    ((None, None, None, None, "+33140000000", "+33612345678"), "+33140000000"),
    ((None, None, None, None, None, "+33612345678"), "+33612345678"),
    ((None, None, "", "p@euro.fr", None, None), "p@euro.fr"),
]


@pytest.mark.parametrize(("parts", "expected"), CASES)
def test_the_rule(parts: tuple, expected: str) -> None:
    assert display_name(*parts) == expected
    assert Prospect(**dict(zip(NAME_FIELDS, parts, strict=True))).display_name == expected


def test_the_list_the_agenda_and_the_board_show_the_rule_s_name(store: Store, user_id: int) -> None:
    expected: dict[int, str] = {}
    due = datetime.now() + timedelta(days=1)
    for parts, name in CASES:
        fields = dict(zip(NAME_FIELDS, parts, strict=True))
        created = store.prospects.create(Prospect(**fields), by=user_id)
        store.actions.create(Action(None, created.id, "Call", due, user_id), by=user_id)
        expected[created.id] = name
    listed = store.prospects.list(ProspectQuery(limit=100)).rows
    assert dict(zip(listed["id"], listed["name"], strict=True)) == expected
    agenda = store.agenda.actions(AgendaFilters(), bounds(datetime.now()))
    assert dict(zip(agenda["prospect_id"], agenda["name"], strict=True)) == expected
    board = build_board(store.board.load(), store.stages.list())
    shown = {card.prospect_id: card for card in board.cards}
    for prospect_id, name in expected.items():
        assert name in shown[prospect_id].label

