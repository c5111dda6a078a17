"""Closing a deal settles its open actions, and only actions of open deals are anyone's to-do or overdue."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from prospects import services
from prospects.domain import Action, Prospect, ProspectQuery, Status
from prospects.domain.agenda import AgendaFilters
from prospects.domain.analytics import DashboardFilters, Period
from prospects.errors import ConflictError
from prospects.services import agenda, board, dashboard, records, settings

NOW = datetime.now().replace(microsecond=0)
LAST_30_DAYS = DashboardFilters(Period(NOW.date() - timedelta(days=29), NOW.date()))


def _deal_with_late_action(store, user_id, name="Hisson"):
    stage = settings.stages(store)[0].id
    deal = services.save_prospect(store, Prospect(last_name=name, stage_id=stage, owner_id=user_id), user_id)
    late = services.save_action(
        store, Action(prospect_id=deal.id, title="Call back", due_at=NOW - timedelta(days=3), assignee_id=user_id), user_id
    )
    return deal, late


def _now() -> datetime:
    """After every write of the test: a snapshot counts only actions created by then."""
    return datetime.now() + timedelta(seconds=1)


def _late_in_agenda(store) -> int:
    frame = agenda.actions(store, AgendaFilters(), NOW)
    return int((frame["group"] == "late").sum())


def _overdue(store) -> int:
    return dashboard.headlines(store, LAST_30_DAYS, _now())[0].overdue_actions


def _drag(store, deal_id, user_id, column: str, loss_reason=None):
    shown = board.load_board(store, limit_per_column=50)
    card = shown.card(deal_id)
    target = shown.column(column)
    move = board.Move(deal_id, card.version, card.column_key, target.key, target.status, target.stage_id, card.label)
    return board.apply_move(store, move, user_id, loss_reason=loss_reason)


def test_a_late_action_of_a_deal_dragged_to_lost_is_no_longer_late(store, user_id):
    deal, _ = _deal_with_late_action(store, user_id)
    assert _late_in_agenda(store) == 1 and _overdue(store) == 1
    _drag(store, deal.id, user_id, "lost", loss_reason=_reason(store))
    assert _late_in_agenda(store) == 0
    assert _overdue(store) == 0
    assert dashboard.by_owner(store, LAST_30_DAYS, _now())["overdue_actions"].sum() == 0


def test_losing_a_deal_cancels_its_open_actions_by_default_and_reopening_names_them(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    done_before = services.save_action(
        store, Action(prospect_id=deal.id, title="First call", due_at=NOW - timedelta(days=9), done=True), user_id
    )
    _drag(store, deal.id, user_id, "lost", loss_reason=_reason(store))
    assert records.action(store, late.id).done
    assert [a.id for a in store.actions.cancelled_for(deal.id)] == [late.id]
    assert records.action(store, done_before.id).version == done_before.version  # already done: untouched
    stage = settings.stages(store)[0]
    reopened = records.reopen_deal(store, deal.id, stage.id, user_id)
    assert reopened.prospect.status is Status.OPEN
    assert [a.title for a in reopened.cancelled] == ["Call back"]


def test_winning_a_deal_marks_its_open_actions_done_by_default(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    _drag(store, deal.id, user_id, "won")
    assert records.action(store, late.id).done
    assert store.actions.cancelled_for(deal.id) == []


def test_the_rep_may_keep_the_open_actions_of_a_closed_deal_they_are_then_nobodys_to_do(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    records.close_deal(store, deal.id, Status.WON, user_id, settle=records.Settle.KEEP)
    assert not records.action(store, late.id).done
    assert _late_in_agenda(store) == 0 and _overdue(store) == 0


def test_closing_refuses_a_stale_version_and_settles_nothing(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    services.save_prospect(store, records.prospect(store, deal.id).replace(company="Euro Transports"), user_id)
    with pytest.raises(ConflictError):
        records.close_deal(store, deal.id, Status.LOST, user_id, expected_version=deal.version, loss_reason=_reason(store))
    assert not records.action(store, late.id).done
    assert records.prospect(store, deal.id).status is Status.OPEN


def _reason(store) -> str:
    return board.loss_reasons(store)[0]


def test_the_list_shows_no_next_action_for_a_closed_deal_whose_actions_were_kept(store, user_id):
    deal, _ = _deal_with_late_action(store, user_id)
    other, other_late = _deal_with_late_action(store, user_id, name="Durand")
    records.close_deal(store, deal.id, Status.WON, user_id, settle=records.Settle.KEEP)
    rows = records.prospects_page(store, ProspectQuery()).rows.set_index("id")
    assert pd.isna(rows.loc[deal.id, "next_action_id"])
    assert rows.loc[other.id, "next_action_id"] == other_late.id


def test_the_dashboard_and_the_agenda_agree_on_what_is_late(store, user_id):
    for name, status, settle in (("A", None, None), ("B", Status.LOST, "keep"), ("C", Status.WON, "keep"), ("D", None, None)):
        deal, _ = _deal_with_late_action(store, user_id, name=name)
        if status is not None:
            records.close_deal(store, deal.id, status, user_id, loss_reason=_reason(store), settle=records.Settle(settle))
    assert _late_in_agenda(store) == _overdue(store) == 2


def test_a_reopened_deal_can_take_its_cancelled_actions_back(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    records.close_deal(store, deal.id, Status.LOST, user_id, loss_reason=_reason(store))
    reopened = records.reopen_deal(store, deal.id, None, user_id)
    assert records.restore_actions(store, [a.id for a in reopened.cancelled], user_id) == 1
    assert not records.action(store, late.id).done
    assert store.actions.cancelled_for(deal.id) == []
    assert _late_in_agenda(store) == 1


def test_a_deal_lost_on_its_record_no_longer_has_a_late_action(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    assert _late_in_agenda(store) == 1
    lost = services.save_prospect(store, deal.replace(status=Status.LOST, loss_reason="Price"), user_id)
    assert lost.status is Status.LOST
    assert _late_in_agenda(store) == 0
    assert [a.title for a in records.cancelled_actions(store, deal.id)] == ["Call back"]


def test_a_deal_won_on_its_record_keeps_its_actions_when_the_rep_says_so(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    won = records.save_record(store, records.prospect(store, deal.id).replace(status=Status.WON), user_id,
                              settle=records.Settle.KEEP)
    assert won.status is Status.WON
    assert not records.action(store, late.id).done
    assert _late_in_agenda(store) == 0  # a closed deal's kept actions are nobody's to-do


def test_a_deal_reopened_on_its_record_takes_back_the_cancelled_actions_asked_for_in_the_same_save(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    records.close_deal(store, deal.id, Status.LOST, user_id, loss_reason=_reason(store))
    lost = records.prospect(store, deal.id)
    reopened = records.save_record(store, lost.replace(status=Status.OPEN, closed_on=None, loss_reason=None), user_id,
                                   restore=[late.id])
    assert reopened.status is Status.OPEN
    assert not records.action(store, late.id).done and store.actions.cancelled_for(deal.id) == []
    assert _late_in_agenda(store) == 1


def test_a_record_save_refused_restores_nothing(store, user_id):
    deal, late = _deal_with_late_action(store, user_id)
    records.close_deal(store, deal.id, Status.LOST, user_id, loss_reason=_reason(store))
    stale = records.prospect(store, deal.id)
    services.save_prospect(store, stale.replace(city="Lyon"), user_id)  # someone saved meanwhile
    with pytest.raises(ConflictError):
        records.save_record(store, stale.replace(status=Status.OPEN, closed_on=None, loss_reason=None), user_id,
                            restore=[late.id])
    assert records.action(store, late.id).done and [a.id for a in store.actions.cancelled_for(deal.id)] == [late.id]


def test_a_deal_set_back_to_open_on_its_record_is_reopened_whole(store, user_id):
    """The rep changes only the status: the close date and the loss reason go with it, as a drag back does."""
    deal, _ = _deal_with_late_action(store, user_id)
    records.close_deal(store, deal.id, Status.LOST, user_id, loss_reason=_reason(store))
    lost = records.prospect(store, deal.id)
    assert lost.closed_on is not None
    reopened = records.save_record(store, lost.replace(status=Status.OPEN), user_id)
    assert (reopened.status, reopened.closed_on, reopened.loss_reason) == (Status.OPEN, None, None)
