"""Roles in the data: a rep reaches their own prospects and the unassigned ones, through every query.

Each test acts as a rep through the services the screens and the command line call; removing the
`visible_to` filter from any of these store queries makes its test fail.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from prospects.domain import Action, Prospect, ProspectQuery, User
from prospects.domain.accounts import MANAGER, REP, Viewer
from prospects.domain.agenda import AgendaFilters
from prospects.domain.analytics import DashboardFilters, Period
from prospects.errors import NotFoundError
from prospects.services import agenda as agenda_service
from prospects.services import auth, board, dashboard, exporting, records, save_action, save_prospect
from prospects.store import Store

NOW = datetime.now().replace(microsecond=0)


@pytest.fixture
def deals(store: Store) -> dict[str, int]:
    """Alice's deal, Bruno's deal and an unassigned one, each with an action to do."""
    alice = auth.create_user(store, User(None, "Alice Martin", "AM"), REP, None).id
    bruno = auth.create_user(store, User(None, "Bruno Petit", "BP"), REP, None).id
    ids = {"alice": alice, "bruno": bruno}
    first_stage = store.stages.list()[0].id
    for key, owner, company in (("alices", alice, "Alpha Transports"), ("brunos", bruno, "Bravo Logistique"),
                                ("nobodys", None, "Charlie Fret")):
        prospect = save_prospect(store, Prospect(last_name=company.split()[0], company=company, owner_id=owner,
                                                 stage_id=first_stage, expected_revenue=1000), by=owner)
        save_action(store, Action(prospect_id=prospect.id, title=f"Call {company}", due_at=NOW - timedelta(days=1),
                                  assignee_id=owner), by=owner)
        ids[key] = prospect.id
    return ids


def as_rep(store: Store, deals: dict[str, int]) -> Viewer:
    return Viewer(deals["alice"], REP, "Alice Martin (AM)")


def test_a_reps_list_holds_their_prospects_and_the_unassigned_ones(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(as_rep(store, deals)):
        page = records.prospects_page(store, ProspectQuery(limit=100))
    assert sorted(page.rows["id"]) == sorted([deals["alices"], deals["nobodys"]])
    assert page.total == 2


def test_a_rep_cannot_filter_their_way_to_another_reps_prospects(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(as_rep(store, deals)):
        page = records.prospects_page(store, ProspectQuery(owner_ids=(deals["bruno"],), limit=100))
        found = records.prospects_page(store, ProspectQuery(text="Bravo", limit=100))
    assert page.total == 0 and found.total == 0


def test_a_rep_cannot_open_another_reps_prospect(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(as_rep(store, deals)):
        assert records.prospect(store, deals["alices"]).company == "Alpha Transports"
        assert records.prospect(store, deals["nobodys"]).company == "Charlie Fret"
        with pytest.raises(NotFoundError):
            records.prospect(store, deals["brunos"])


def test_a_rep_cannot_edit_another_reps_prospect(store: Store, deals: dict[str, int]) -> None:
    bravo = records.prospect(store, deals["brunos"])  # read by the manager
    with auth.acting_as(as_rep(store, deals)), pytest.raises(NotFoundError):
        save_prospect(store, Prospect(**{**vars(bravo), "owner_id": deals["alice"]}), by=deals["alice"])
    assert records.prospect(store, deals["brunos"]).owner_id == deals["bruno"]


def test_a_reps_export_holds_only_what_they_see(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(as_rep(store, deals)):
        frame = exporting.export_frame(store, ProspectQuery(owner_ids=(deals["bruno"], deals["alice"])))
        everything = exporting.export_frame(store)
    assert list(frame["company"]) == ["Alpha Transports"]
    assert sorted(everything["company"]) == ["Alpha Transports", "Charlie Fret"]


def test_a_reps_board_holds_their_cards_and_the_unassigned_ones(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(as_rep(store, deals)):
        shown = board.load_board(store, owner_ids=(deals["bruno"],), limit_per_column=100)
        everything = board.load_board(store, limit_per_column=100)
    cards = [card for column in everything.columns for card in column.cards]
    assert sum(len(column.cards) for column in shown.columns) == 0
    assert sorted(card.prospect_id for card in cards) == sorted([deals["alices"], deals["nobodys"]])


def test_a_reps_agenda_holds_the_actions_of_what_they_see(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(as_rep(store, deals)):
        frame = agenda_service.actions(store, AgendaFilters(), NOW)
        idle, _ = agenda_service.without_next_step(store, None)
    assert sorted(frame["prospect_id"]) == sorted([deals["alices"], deals["nobodys"]])
    assert deals["brunos"] not in list(idle["prospect_id"])


def test_a_reps_dashboard_counts_only_what_they_see(store: Store, deals: dict[str, int]) -> None:
    filters = DashboardFilters(Period(date.today() - timedelta(days=30), date.today()))
    now = datetime.now() + timedelta(minutes=1)  # after the deals were created
    everyone = dashboard.pipeline_by_stage(store, filters, now)
    with auth.acting_as(as_rep(store, deals)):
        mine = dashboard.pipeline_by_stage(store, filters, now)
    assert (everyone["prospects"].sum(), everyone["raw"].sum()) == (3, 3000)
    assert (mine["prospects"].sum(), mine["raw"].sum()) == (2, 2000)


def test_a_manager_sees_every_prospect(store: Store, deals: dict[str, int]) -> None:
    with auth.acting_as(Viewer(store.users.list()[0].id, MANAGER)):
        assert records.prospects_page(store, ProspectQuery(limit=100)).total == 3
        assert records.prospect(store, deals["brunos"]).company == "Bravo Logistique"


def test_a_reps_import_never_fills_another_reps_deal(store, deals) -> None:
    from prospects.importing import ImportOptions, Policy
    from prospects.services.imports import import_file

    bravo = store.prospects.get(deals["brunos"])
    text = f"Nom,Société,E-mail\n{bravo.last_name},{bravo.company},contact@bravo.fr\nCharlie,Charlie Fret,hello@charlie.fr\n"
    with auth.acting_as(as_rep(store, deals)):
        report = import_file(store, "leads.csv", text.encode(), ImportOptions(duplicates=Policy.UPDATE))
    assert [o.action for o in report.rows] == ["skip", "update"]  # Bruno's deal skipped, the unassigned one filled
    assert store.prospects.get(deals["brunos"]).email is None
    assert store.prospects.get(deals["nobodys"]).email == "hello@charlie.fr"
