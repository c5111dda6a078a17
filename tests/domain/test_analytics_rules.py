"""The dashboard's and the agenda's plain rules: periods, win rate, chart shaping, groups, snooze."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

from prospects.domain import Action
from prospects.domain.agenda import Group, bounds, group_of, next_step, snoozed
from prospects.domain.analytics import (
    PERIOD_PRESETS,
    DashboardFilters,
    Period,
    campaign_table,
    change,
    forecast_long,
    period_for,
    stage_pipeline_long,
    win_rate,
)
from prospects.errors import ValidationError

TODAY = date(2026, 6, 24)  # a Wednesday


def test_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    june = Period(date(2026, 6, 1), date(2026, 6, 30))
    assert june.days == 30
    assert june.previous() == Period(date(2026, 5, 2), date(2026, 5, 31))
    assert june.previous().days == 30


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Period(date(2026, 6, 2), date(2026, 6, 1))


@pytest.mark.parametrize(
    ("preset", "start"),
    [
        ("last_7", date(2026, 6, 18)),
        ("last_30", date(2026, 5, 26)),
        ("last_90", date(2026, 3, 27)),
        ("month", date(2026, 6, 1)),
        ("quarter", date(2026, 4, 1)),
        ("year", date(2026, 1, 1)),
        ("last_365", date(2025, 6, 25)),
    ],
)
def test_presets_end_today(preset: str, start: date) -> None:
    assert period_for(preset, TODAY) == Period(start, TODAY)


def test_every_preset_is_known_and_others_are_refused() -> None:
    assert all(period_for(p, TODAY).end == TODAY for p in PERIOD_PRESETS)
    with pytest.raises(ValueError):
        period_for("forever", TODAY)


def test_snapshot_of_a_past_period_is_taken_at_its_end() -> None:
    may = Period(date(2026, 5, 1), date(2026, 5, 31))
    now = datetime(2026, 6, 24, 15)
    assert may.as_of(now) == datetime(2026, 6, 1)
    assert Period(date(2026, 6, 1), TODAY).as_of(now) == now
    assert DashboardFilters(may, owner_ids=(2,)).for_previous_period() == DashboardFilters(may.previous(), owner_ids=(2,))


def test_win_rate_and_change() -> None:
    assert win_rate(3, 1) == 0.75
    assert win_rate(0, 0) is None
    assert change(10.0, 4.0) == 6.0
    assert change(None, 4.0) is None and change(1.0, None) is None


def test_stage_pipeline_is_shaped_for_a_grouped_bar_chart() -> None:
    frame = pd.DataFrame({"stage": ["New", "Won?"], "position": [1, 2], "raw": [100.0, 50.0], "weighted": [10.0, 25.0]})
    long = stage_pipeline_long(frame, "Raw", "Weighted")
    assert long.to_dict("records")[:2] == [
        {"stage": "New", "position": 1, "series": "Raw", "value": 100.0},
        {"stage": "New", "position": 1, "series": "Weighted", "value": 10.0},
    ]


def test_forecast_drops_empty_bars_and_names_months() -> None:
    frame = pd.DataFrame({"month": [date(2026, 6, 1), date(2026, 7, 1)], "won": [5.0, 0.0], "weighted": [0.0, 2.0], "raw": [0.0, 4.0]})
    long = forecast_long(frame, {"won": "Won", "weighted": "Weighted", "raw": "Raw"})
    assert long[["month", "series", "value"]].values.tolist() == [["2026-06", "Won", 5.0], ["2026-07", "Raw", 4.0], ["2026-07", "Weighted", 2.0]]


def test_campaign_table_has_one_column_per_stage_in_order() -> None:
    totals = pd.DataFrame({"campaign": ["Show", "Fair"], "prospects": [3, 1], "contacted": [2, 0], "won": [1, 0], "won_revenue": [10.0, 0.0]})
    reached = pd.DataFrame({"campaign": ["Show", "Show"], "stage": ["New", "Proposal"], "prospects": [3, 1]})
    table = campaign_table(totals, reached, ["New", "Contacted", "Proposal"])
    assert list(table.columns) == ["campaign", "prospects", "contacted", "New", "Contacted", "Proposal", "won", "won_revenue"]
    assert table.loc[0, ["New", "Contacted", "Proposal"]].tolist() == [3, 0, 1]
    assert table.loc[1, ["New", "Contacted", "Proposal"]].tolist() == [0, 0, 0]


NOW = datetime(2026, 6, 24, 12, 0)


@pytest.mark.parametrize(
    ("due", "group"),
    [
        (datetime(2026, 6, 23, 18), Group.LATE),
        (datetime(2026, 6, 24, 9), Group.LATE),  # earlier today at a set time
        (datetime(2026, 6, 24, 0), Group.TODAY),  # today, no time
        (datetime(2026, 6, 24, 15), Group.TODAY),
        (datetime(2026, 6, 28, 23), Group.WEEK),  # Sunday
        (datetime(2026, 6, 29, 8), Group.LATER),  # next Monday
    ],
)
def test_agenda_groups(due: datetime, group: Group) -> None:
    assert group_of(due, False, NOW) is group
    assert group_of(due, True, NOW) is Group.DONE


def test_week_ends_on_the_next_monday() -> None:
    assert bounds(NOW).week_end == datetime(2026, 6, 29)
    assert bounds(datetime(2026, 6, 28, 10)).week_end == datetime(2026, 6, 29)  # on Sunday, this week is today


def test_snoozing_a_late_action_starts_from_today_at_its_time() -> None:
    assert snoozed(datetime(2026, 6, 20, 10), timedelta(days=1), NOW) == datetime(2026, 6, 25, 10)
    assert snoozed(datetime(2026, 6, 26, 10), timedelta(days=7), NOW) == datetime(2026, 7, 3, 10)


def test_next_step_keeps_the_prospect_and_assignee_and_is_checked() -> None:
    done = Action(id=4, prospect_id=9, title="Call", due_at=NOW, assignee_id=3)
    follow = next_step(done, "  Send the quote ", date(2026, 6, 30), time(9, 30), important=True)
    assert (follow.prospect_id, follow.assignee_id, follow.title, follow.due_at, follow.important) == (
        9, 3, "Send the quote", datetime(2026, 6, 30, 9, 30), True,
    )
    with pytest.raises(ValidationError) as error:
        next_step(done, " ", date(2026, 6, 30), time(9))
    assert [e.field for e in error.value.errors] == ["title"]
