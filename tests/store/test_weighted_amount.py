"""The weighted amount of a deal has one definition: the board, the dashboard and the domain agree.

Rule (SPEC, Project tab): a won deal counts 100 %, a lost one 0 %; an open deal counts its
`interest` when set, else the default probability of *its own* stage, even a retired one
(retiring a stage hides it from the choices; it does not change what the deals left in it are
worth); a deal without a stage counts 0 %. The board still *shows* such deals in its first column.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect, Stage, Status, probability
from prospects.domain.analytics import DashboardFilters, Period
from prospects.store import Store
from prospects.store.weights import probability_sql


def test_a_deal_in_a_retired_stage_weighs_the_same_on_the_board_and_the_dashboard(store: Store, user_id: int) -> None:
    first = store.stages.list()[0]
    retired = store.stages.create(Stage(None, "Old negotiation", 99, 80, active=False))
    store.prospects.create(
        Prospect(company="Straße GmbH", stage_id=retired.id, expected_revenue=Decimal(10000)), by=user_id
    )
    board = store.board.load().totals[str(first.id)].weighted
    now = datetime.now()
    today = now.date()
    dashboard = store.analytics.headline(DashboardFilters(Period(today - timedelta(days=30), today)), now)
    assert board == pytest.approx(dashboard.weighted_pipeline)
    assert board == pytest.approx(8000)


def test_a_deal_without_a_stage_weighs_the_same_on_the_board_and_the_dashboard(store: Store, user_id: int) -> None:
    first = store.stages.list()[0]
    store.prospects.create(Prospect(company="Loose SARL", stage_id=None, expected_revenue=Decimal(10000)), by=user_id)
    board = store.board.load().totals[str(first.id)].weighted
    now = datetime.now()
    today = now.date()
    dashboard = store.analytics.headline(DashboardFilters(Period(today - timedelta(days=30), today)), now)
    assert board == pytest.approx(dashboard.weighted_pipeline) == 0


_names = count()
_interest = st.none() | st.integers(0, 100)
_stage_probability = st.none() | st.integers(0, 100)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(interest=_interest, status=st.sampled_from(list(Status)), stage_probability=_stage_probability)
def test_the_sql_probability_is_the_domain_probability(
    store: Store, interest: int | None, status: Status, stage_probability: int | None
) -> None:
    with store.db.connection() as conn:
        (sql,) = conn.execute(
            f"SELECT {probability_sql('i', 's', 'sp')} FROM (SELECT ?::INTEGER AS i, ?::VARCHAR AS s, ?::INTEGER AS sp)",
            [interest, status.value, stage_probability],
        ).fetchone()
    assert sql == probability(interest, status, stage_probability)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    deals=st.lists(
        st.tuples(_interest, st.integers(0, 100), st.booleans(), st.integers(0, 50_000)), min_size=1, max_size=6
    )
)
def test_board_and_dashboard_weigh_any_open_pipeline_alike(store: Store, deals: list) -> None:
    """Generated open deals, each in its own stage (active or retired): both screens give the domain's sum."""
    with store.hold():  # one connection per example, as a page run holds one
        user = store.users.list()[0].id
        with store.db.transaction() as conn:
            conn.execute("DELETE FROM history")
            conn.execute("DELETE FROM prospects")
        expected = 0.0
        for interest, stage_probability, active, revenue in deals:
            stage = store.stages.create(Stage(None, f"Stage {next(_names)}", 50, stage_probability, active=active))
            store.prospects.create(
                Prospect(company="Deal", stage_id=stage.id, interest=interest, expected_revenue=Decimal(revenue)), by=user
            )
            expected += revenue * probability(interest, Status.OPEN, stage_probability) / 100
        board = sum(t.weighted for t in store.board.load().totals.values())
        now = datetime.now()
        today = date.today()
        dashboard = store.analytics.headline(DashboardFilters(Period(today - timedelta(days=30), today)), now)
        assert board == pytest.approx(expected)
        assert dashboard.weighted_pipeline == pytest.approx(expected)
