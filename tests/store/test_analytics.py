"""The dashboard's aggregates against values computed by hand on a small fixed pipeline.

Stages (defaults): New 10 %, Contacted 20 %, Qualified 40 %, Proposal 60 %, Negotiation 80 %.
Period: June 2026 (30 days); previous period: 2 May - 31 May. "Now": 30 June 2026, noon.

    A  open  Proposal     interest 50  10,000  created 10 May  owner 1  Trade show  campaign Show
    B  open  Contacted    interest -    5,000  created  5 Jun  owner 2  Website    (New > Qualified > Contacted)
    C  won   Negotiation  interest -   20,000  created  1 Apr  owner 1  Trade show  campaign Show  closed 11 Jun
    D  lost  Qualified    interest -    8,000  created  1 May  owner 2  Website    closed 20 Jun, Price
    E  won   Proposal     interest -    4,000  created  1 Mar  owner 1  Referral   closed 20 May
    F  open  New          interest -    1,000  created 10 Jan  owner 2  Referral   campaign Show, untouched since
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest

from prospects.domain import Action, HistoryEntry, Prospect, Status, User
from prospects.domain.analytics import DashboardFilters, Period
from prospects.store import Store

NOW = datetime(2026, 6, 30, 12, 0)
JUNE = Period(date(2026, 6, 1), date(2026, 6, 30))
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


@dataclass
class Pipeline:
    store: Store
    ids: dict[str, int]
    u1: int
    u2: int
    stages: dict[str, int]


@pytest.fixture
def pipeline(store: Store) -> Pipeline:
    u1 = store.users.list()[0].id
    u2 = store.users.create(User(None, "Karim Benali", "KB")).id
    st = {s.name: s.id for s in store.stages.list()}

    def deal(name, status, stage, revenue, created, owner, channel, campaign=None, interest=None, closed=None, reason=None, due=None):
        return Prospect(
            company=name, status=status, stage_id=st[stage], expected_revenue=Decimal(revenue), created_at=created,
            owner_id=owner, channel=channel, campaign=campaign, interest=interest, closed_on=closed, loss_reason=reason,
            project_due=due,
        )

    prospects = {
        "A": deal("A", Status.OPEN, "Proposal", 10000, datetime(2026, 5, 10, 9), u1, "Trade show", "Show", 50, due=date(2026, 7, 15)),
        "B": deal("B", Status.OPEN, "Contacted", 5000, datetime(2026, 6, 5, 9), u2, "Website", due=date(2026, 8, 1)),
        "C": deal("C", Status.WON, "Negotiation", 20000, datetime(2026, 4, 1, 9), u1, "Trade show", "Show", closed=date(2026, 6, 11)),
        "D": deal("D", Status.LOST, "Qualified", 8000, datetime(2026, 5, 1, 9), u2, "Website", closed=date(2026, 6, 20), reason="Price"),
        "E": deal("E", Status.WON, "Proposal", 4000, datetime(2026, 3, 1, 9), u1, "Referral", closed=date(2026, 5, 20)),
        "F": deal("F", Status.OPEN, "New", 1000, datetime(2026, 1, 10, 0), u2, "Referral", "Show"),
    }
    ids = dict(zip(prospects, store.prospects.insert_many(list(prospects.values()), by=u1), strict=True))

    def stage(p, when, old, new):
        return HistoryEntry(None, ids[p], when, u1, "stage", None if old is None else str(st[old]), str(st[new]))

    store.prospects.insert_history([
        stage("A", datetime(2026, 5, 10, 9), None, "New"),
        stage("A", datetime(2026, 5, 20, 9), "New", "Contacted"),
        stage("A", datetime(2026, 6, 10, 9), "Contacted", "Proposal"),
        stage("B", datetime(2026, 6, 5, 9), None, "New"),
        stage("B", datetime(2026, 6, 8, 9), "New", "Qualified"),
        stage("B", datetime(2026, 6, 12, 9), "Qualified", "Contacted"),
        stage("C", datetime(2026, 4, 1, 9), None, "New"),
        stage("C", datetime(2026, 5, 1, 9), "New", "Negotiation"),
        stage("D", datetime(2026, 5, 1, 9), None, "New"),
        stage("D", datetime(2026, 5, 15, 9), "New", "Qualified"),
        stage("E", datetime(2026, 3, 1, 9), None, "New"),
        stage("E", datetime(2026, 4, 1, 9), "New", "Proposal"),
        stage("F", datetime(2026, 1, 10, 0), None, "New"),
    ])

    def act(p, due, assignee, created, done_at=None):
        return Action(prospect_id=ids[p], title=f"call {p}", due_at=due, assignee_id=assignee, done=done_at is not None,
                      done_at=done_at, created_at=created)

    store.actions.insert_many([
        act("A", datetime(2026, 6, 25, 10), u1, datetime(2026, 6, 20)),  # late now
        act("B", datetime(2026, 6, 30, 9), u2, datetime(2026, 6, 20)),  # late: earlier today, at a set time
        act("B", datetime(2026, 6, 30, 0), u2, datetime(2026, 6, 20)),  # today, no time: not late
        act("A", datetime(2026, 7, 2, 10), u1, datetime(2026, 6, 20)),  # later
        act("A", datetime(2026, 5, 25, 10), u1, datetime(2026, 5, 20), done_at=datetime(2026, 6, 3, 10)),  # late on 1 June
        act("D", datetime(2026, 6, 15, 10), u2, datetime(2026, 6, 1), done_at=datetime(2026, 6, 15, 10)),
    ], by=u1)
    return Pipeline(store, ids, u1, u2, st)


def test_headline_figures_of_the_period(pipeline: Pipeline) -> None:
    figures = pipeline.store.analytics.headline(DashboardFilters(JUNE), NOW)
    assert figures.open_pipeline == 16000  # A + B + F
    assert figures.weighted_pipeline == pytest.approx(6100)  # 10,000 x 50 % + 5,000 x 20 % + 1,000 x 10 %
    assert figures.won_revenue == 20000  # C
    assert figures.win_rate == 0.5  # C won, D lost
    assert figures.average_cycle_days == 71  # C: 1 April -> 11 June
    assert figures.overdue_actions == 2


def test_previous_period_is_rebuilt_from_history(pipeline: Pipeline) -> None:
    filters = DashboardFilters(JUNE)
    previous = pipeline.store.analytics.headline(filters.for_previous_period(), NOW)
    # Open on 1 June: A, C (closed 11 June), D (closed 20 June) and F; B did not exist yet.
    assert previous.open_pipeline == 39000
    # A by its interest; C in Negotiation then (80 %), D in Qualified then (40 %), F in New (10 %).
    assert previous.weighted_pipeline == pytest.approx(5000 + 16000 + 3200 + 100)
    assert previous.won_revenue == 4000  # E, 20 May
    assert previous.win_rate == 1.0
    assert previous.average_cycle_days == 80  # E: 1 March -> 20 May
    assert previous.overdue_actions == 1  # due 25 May, done only on 3 June


def test_headline_filters_by_owner_channel_and_campaign(pipeline: Pipeline) -> None:
    analytics = pipeline.store.analytics
    assert analytics.headline(DashboardFilters(JUNE, owner_ids=(pipeline.u2,)), NOW).open_pipeline == 6000
    assert analytics.headline(DashboardFilters(JUNE, owner_ids=(pipeline.u2,)), NOW).overdue_actions == 1
    assert analytics.headline(DashboardFilters(JUNE, channels=("Website",)), NOW).open_pipeline == 5000
    show = analytics.headline(DashboardFilters(JUNE, campaigns=("Show",)), NOW)
    assert (show.open_pipeline, show.won_revenue, show.win_rate) == (11000, 20000, 1.0)


def test_nothing_closed_gives_no_win_rate_nor_cycle(pipeline: Pipeline) -> None:
    figures = pipeline.store.analytics.headline(DashboardFilters(Period(date(2026, 2, 1), date(2026, 2, 28))), NOW)
    assert figures.win_rate is None and figures.average_cycle_days is None and figures.won_revenue == 0


def test_pipeline_per_stage_raw_and_weighted(pipeline: Pipeline) -> None:
    frame = pipeline.store.analytics.pipeline_by_stage(DashboardFilters(JUNE), NOW)
    rows = {r.stage: (r.prospects, r.raw, r.weighted) for r in frame.itertuples()}
    assert list(frame["stage"]) == ["New", "Contacted", "Qualified", "Proposal", "Negotiation"]
    assert rows["New"] == (1, 1000, pytest.approx(100))
    assert rows["Contacted"] == (1, 5000, pytest.approx(1000))
    assert rows["Proposal"] == (1, 10000, pytest.approx(5000))
    assert rows["Qualified"] == (0, 0, 0) and rows["Negotiation"] == (0, 0, 0)


def test_funnel_counts_the_furthest_stage_reached_from_history(pipeline: Pipeline) -> None:
    reached, won = pipeline.store.analytics.funnel(DashboardFilters(Q2))
    # Created in Q2: A (Proposal), B (reached Qualified, moved back), C (skipped to Negotiation), D (Qualified).
    assert dict(zip(reached["stage"], reached["prospects"], strict=True)) == {
        "New": 4, "Contacted": 4, "Qualified": 4, "Proposal": 2, "Negotiation": 1,
    }
    assert won == 1


def test_forecast_by_month_beside_won_revenue(pipeline: Pipeline) -> None:
    frame = pipeline.store.analytics.forecast(DashboardFilters(JUNE), NOW)
    rows = {str(r.month): (r.won, r.weighted, r.raw) for r in frame.itertuples()}
    assert rows == {
        "2026-06-01": (20000, 0, 0),
        "2026-07-01": (0, pytest.approx(5000), 10000),
        "2026-08-01": (0, pytest.approx(1000), 5000),
    }  # F has no project date


def test_loss_reasons_and_channels(pipeline: Pipeline) -> None:
    analytics = pipeline.store.analytics
    losses = analytics.loss_reasons(DashboardFilters(JUNE))
    assert losses.to_dict("records") == [{"loss_reason": "Price", "deals": 1, "revenue": 8000}]
    channels = analytics.by_channel(DashboardFilters(JUNE)).set_index("channel")
    assert list(channels.index) == ["Trade show", "Website"]  # Referral had nothing in June
    assert channels.loc["Trade show", ["prospects", "won", "lost", "win_rate", "won_revenue"]].tolist() == [0, 1, 0, 1.0, 20000]
    assert channels.loc["Website", ["prospects", "won", "lost", "win_rate", "won_revenue"]].tolist() == [1, 0, 1, 0.0, 0]


def test_per_owner(pipeline: Pipeline) -> None:
    frame = pipeline.store.analytics.by_owner(DashboardFilters(JUNE), NOW).set_index("owner_id")
    columns = ["open_pipeline", "won", "won_revenue", "win_rate", "overdue_actions", "due_today", "actions_done"]
    assert frame.loc[pipeline.u1, columns].tolist() == [10000, 1, 20000, 1.0, 1, 0, 1]
    assert frame.loc[pipeline.u2, columns].tolist() == [6000, 0, 0, 0.0, 1, 1, 1]  # B's call at 9:00 is late, its midnight one due today


def test_per_campaign_return(pipeline: Pipeline) -> None:
    totals, reached = pipeline.store.analytics.by_campaign(DashboardFilters(Q2))
    assert totals.to_dict("records") == [{"campaign": "Show", "prospects": 2, "contacted": 1, "won": 1, "won_revenue": 20000}]
    assert dict(zip(reached["stage"], reached["prospects"], strict=True)) == {
        "New": 2, "Contacted": 2, "Qualified": 2, "Proposal": 2, "Negotiation": 1,
    }


def test_movement_since_a_day_per_owner(pipeline: Pipeline) -> None:
    store = pipeline.store
    a = store.prospects.get(pipeline.ids["A"])
    store.prospects.change(a.id, {"project_due": date(2026, 9, 1)}, by=pipeline.u1, expected_version=a.version)  # slipped
    b = store.prospects.get(pipeline.ids["B"])
    store.prospects.change(b.id, {"project_due": date(2026, 7, 1)}, by=pipeline.u2, expected_version=b.version)  # earlier
    frame = store.analytics.movement(DashboardFilters(JUNE), date(2026, 6, 1), NOW).set_index("owner")
    columns = ["new", "moved_forward", "moved_back", "close_dates_slipped", "won", "lost", "lost_reasons", "pipeline_change"]
    assert frame.loc["Etienne Neuville", columns].tolist() == [0, 1, 0, 1, 1, 0, "", -20000]
    assert frame.loc["Karim Benali", columns].tolist() == [1, 1, 1, 0, 0, 1, "Price ×1", -3000]


def test_due_date_changes_are_recorded_only_when_the_date_changes(pipeline: Pipeline) -> None:
    store = pipeline.store
    a = store.prospects.get(pipeline.ids["A"])
    a = store.prospects.change(a.id, {"project_summary": "same date"}, by=None, expected_version=a.version)
    store.prospects.change(a.id, {"project_due": a.project_due}, by=None, expected_version=a.version)
    with store.db.connection() as conn:
        assert conn.execute("SELECT count(*) FROM due_changes").fetchall()[0][0] == 0
    store.prospects.delete(a.id)


def test_stale_open_prospects(pipeline: Pipeline) -> None:
    analytics = pipeline.store.analytics
    frame, total = analytics.stale(DashboardFilters(JUNE), 30, NOW)
    assert total == 1 and frame["id"].tolist() == [pipeline.ids["F"]]
    assert frame.loc[0, "idle_days"] == 171  # 10 January -> 30 June
    # Over 15 days: A's last move was 10 June, B's 12 June.
    frame, total = analytics.stale(DashboardFilters(JUNE), 15, NOW)
    assert total == 3 and frame["id"].tolist() == [pipeline.ids[x] for x in ("F", "A", "B")]
    assert analytics.stale(DashboardFilters(JUNE, owner_ids=(pipeline.u1,)), 15, NOW)[1] == 1


def test_campaign_options(pipeline: Pipeline) -> None:
    assert pipeline.store.analytics.campaigns() == ["Show"]
