"""The dashboard's queries on a real DuckDB file: what the filters offer and which period each figure reads."""

from __future__ import annotations

from datetime import datetime, timedelta

from prospects import services
from prospects.domain import Choice, Prospect, User
from prospects.domain.analytics import DashboardFilters, Period
from prospects.services import dashboard, settings

NOW = datetime.now().replace(microsecond=0)
LAST_30_DAYS = DashboardFilters(Period(NOW.date() - timedelta(days=29), NOW.date()))


def test_the_filters_offer_every_user_and_every_channel_ever_used(store):
    gone = settings.add_user(store, User(None, "Paul Left", "PL"))
    settings.save_user(store, User(gone.id, "Paul Left", "PL", None, False))
    fairs = settings.add_choice(store, Choice(None, "channel", "Old fairs", 0))
    settings.set_choice_active(store, fairs.id, False)
    offered = dashboard.filter_choices(store)
    assert offered.owners[gone.id] == "Paul Left"
    assert "Old fairs" in offered.channels
    assert offered.campaigns == []


def test_a_deal_won_today_counts_in_this_period_not_the_one_before(store, user_id):
    stage = settings.stages(store)[0].id
    deal = services.save_prospect(store, Prospect(last_name="Hisson", stage_id=stage, expected_revenue=12_000), user_id)
    services.change_status(store, deal.id, "won", user_id, on=NOW.date())
    this_period, before = dashboard.headlines(store, LAST_30_DAYS, NOW)
    assert this_period.won_revenue == 12_000
    assert before.won_revenue == 0


def test_campaign_steps_follow_the_pipeline_order_of_active_stages(store):
    first, second, *_ = settings.stages(store)
    settings.move_stage(store, second.id, -1)
    settings.set_stage_active(store, settings.stages(store)[-1].id, False)
    _, _, stage_names = dashboard.by_campaign(store, LAST_30_DAYS)
    assert stage_names[:2] == [second.name, first.name]
    assert stage_names == [s.name for s in settings.stages(store, active_only=True)]
    assert len(stage_names) == 4


def test_stale_lists_open_deals_untouched_for_the_chosen_days(store, user_id):
    stage = settings.stages(store)[0].id
    services.save_prospect(store, Prospect(last_name="Hisson", stage_id=stage), user_id)
    frame, total = dashboard.stale(store, LAST_30_DAYS, 1, NOW + timedelta(days=3))
    assert total == 1 and list(frame["name"])[0].startswith("Hisson")
    assert dashboard.stale(store, LAST_30_DAYS, 10, NOW + timedelta(days=3))[1] == 0
