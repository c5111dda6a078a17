"""The dashboard's queries on a real DuckDB file: what the filters offer and which period each figure reads."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from prospects import services
from prospects.domain import Action, Choice, Prospect, User
from prospects.domain.accounts import REP, Viewer
from prospects.domain.analytics import DashboardFilters, Period
from prospects.services import auth, dashboard, settings

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


def test_a_save_shows_on_the_dashboard_at_once(store, user_id):
    # The figures are kept between runs until something is written: a save must never leave them stale.
    stage = settings.stages(store)[0].id
    later = datetime.now() + timedelta(minutes=1)  # the same moment for every read: only the data changes
    before, _ = dashboard.headlines(store, LAST_30_DAYS, later)
    assert dashboard.headlines(store, LAST_30_DAYS, later)[0] == before  # read again: the same figures
    deal = services.save_prospect(store, Prospect(last_name="Hisson", stage_id=stage, expected_revenue=12_000), user_id)
    assert dashboard.headlines(store, LAST_30_DAYS, later)[0].open_pipeline == before.open_pipeline + 12_000
    assert dashboard.pipeline_by_stage(store, LAST_30_DAYS, later)["prospects"].sum() == 1
    services.change_status(store, deal.id, "won", user_id, on=NOW.date())
    assert dashboard.headlines(store, LAST_30_DAYS, later)[0].won_revenue == 12_000
    assert dashboard.pipeline_by_stage(store, LAST_30_DAYS, later)["prospects"].sum() == 0


def test_a_write_of_another_process_shows_at_once(db_path, store, user_id):
    # A second store on the same file counts its own transactions, as the command line in another process
    # would: only the file and its journal tell this store that the data changed.
    dashboard.stale(store, LAST_30_DAYS, 1, NOW + timedelta(days=3))
    other = services.open_store(db_path)
    stage = settings.stages(other)[0].id
    services.save_prospect(other, Prospect(last_name="Hisson", stage_id=stage), user_id)
    _, total = dashboard.stale(store, LAST_30_DAYS, 1, NOW + timedelta(days=3))
    assert total == 1
    services.save_prospect(other, Prospect(last_name="Durand", stage_id=stage), user_id)
    assert dashboard.stale(store, LAST_30_DAYS, 1, NOW + timedelta(days=3))[1] == 2


def test_kept_figures_are_per_viewer_and_per_filters(store, user_id):
    rep = auth.create_user(store, User(None, "Alice Martin", "AM"), REP, None).id
    stage = settings.stages(store)[0].id
    services.save_prospect(store, Prospect(last_name="Hisson", stage_id=stage, expected_revenue=5_000, owner_id=user_id),
                           user_id)
    later = datetime.now() + timedelta(minutes=1)
    assert dashboard.headlines(store, LAST_30_DAYS, later)[0].open_pipeline == 5_000
    with auth.acting_as(Viewer(rep, REP, "Alice Martin (AM)")):
        assert dashboard.headlines(store, LAST_30_DAYS, later)[0].open_pipeline == 0  # not the manager's figure
    mine = DashboardFilters(LAST_30_DAYS.period, owner_ids=(rep,))
    assert dashboard.headlines(store, mine, later)[0].open_pipeline == 0
    assert dashboard.headlines(store, LAST_30_DAYS, later)[0].open_pipeline == 5_000


def test_a_kept_table_cannot_be_changed_by_its_reader(store, user_id):
    stage = settings.stages(store)[0].id
    services.save_prospect(store, Prospect(last_name="Hisson", stage_id=stage), user_id)
    frame, _ = dashboard.stale(store, LAST_30_DAYS, 1, NOW + timedelta(days=3))
    frame.loc[:, "name"] = "changed"
    assert dashboard.stale(store, LAST_30_DAYS, 1, NOW + timedelta(days=3))[0]["name"].iloc[0].startswith("Hisson")


def test_the_figures_are_taken_at_the_end_of_the_minute_within_the_day():
    assert dashboard.moment(datetime(2026, 3, 4, 10, 41, 0, 1)) == datetime(2026, 3, 4, 10, 42)
    assert dashboard.moment(datetime(2026, 3, 4, 10, 41, 59, 999)) == datetime(2026, 3, 4, 10, 42)
    assert dashboard.moment(datetime(2026, 3, 4, 10, 41)) == datetime(2026, 3, 4, 10, 41)
    assert dashboard.moment(datetime(2026, 3, 4, 23, 59, 30)).date() == date(2026, 3, 4)  # never tomorrow's figures


def test_an_action_due_at_a_minute_is_late_from_that_minute(store, user_id):
    # Due at 10:41 (a time of day, as the forms give it): on time at 10:40:30, late at 10:41:30, as by the clock.
    stage = settings.stages(store)[0].id
    deal = services.save_prospect(store, Prospect(last_name="Hisson", stage_id=stage), user_id)
    due = (datetime.now() + timedelta(days=1)).replace(hour=10, minute=41, second=0, microsecond=0)
    services.save_action(store, Action(prospect_id=deal.id, title="Call", due_at=due, assignee_id=user_id), by=user_id)
    today = DashboardFilters(Period(due.date(), due.date()))
    before = dashboard.moment(due - timedelta(seconds=30))
    after = dashboard.moment(due + timedelta(seconds=30))
    assert dashboard.headlines(store, today, before)[0].overdue_actions == 0
    assert dashboard.headlines(store, today, after)[0].overdue_actions == 1
