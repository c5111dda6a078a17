"""The managers' dashboard queries: every figure and table the dashboard shows, read through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

from prospects.domain.analytics import DashboardFilters, Headline

if TYPE_CHECKING:
    from prospects.store import Store


@dataclass(frozen=True)
class FilterChoices:
    """What the dashboard's filters offer: every user, every channel ever used, every campaign."""

    owners: dict[int, str]  # user id -> full name
    channels: list[str]
    campaigns: list[str]


def filter_choices(store: Store) -> FilterChoices:
    return FilterChoices(
        owners={u.id: u.full_name for u in store.users.list()},
        channels=store.choices.names("channel", active_only=False),
        campaigns=store.analytics.campaigns(),
    )


def headlines(store: Store, chosen: DashboardFilters, now: datetime) -> tuple[Headline, Headline]:
    """The headline figures of the chosen period and of the period of the same length before it."""
    return store.analytics.headline(chosen, now), store.analytics.headline(chosen.for_previous_period(), now)


def pipeline_by_stage(store: Store, chosen: DashboardFilters, now: datetime) -> pd.DataFrame:
    return store.analytics.pipeline_by_stage(chosen, now)


def funnel(store: Store, chosen: DashboardFilters) -> tuple[pd.DataFrame, int]:
    """How many prospects reached each stage, and how many were won."""
    return store.analytics.funnel(chosen)


def forecast(store: Store, chosen: DashboardFilters, now: datetime) -> pd.DataFrame:
    return store.analytics.forecast(chosen, now)


def loss_reasons(store: Store, chosen: DashboardFilters) -> pd.DataFrame:
    return store.analytics.loss_reasons(chosen)


def by_channel(store: Store, chosen: DashboardFilters) -> pd.DataFrame:
    return store.analytics.by_channel(chosen)


def by_owner(store: Store, chosen: DashboardFilters, now: datetime) -> pd.DataFrame:
    return store.analytics.by_owner(chosen, now)


def by_campaign(store: Store, chosen: DashboardFilters) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Totals and stages reached per campaign, with the names of the active stages in pipeline order."""
    totals, reached = store.analytics.by_campaign(chosen)
    return totals, reached, [s.name for s in store.stages.list()]


def movement(store: Store, chosen: DashboardFilters, since: date, now: datetime) -> pd.DataFrame:
    return store.analytics.movement(chosen, since, now)


def stale(store: Store, chosen: DashboardFilters, days: int, now: datetime) -> tuple[pd.DataFrame, int]:
    """The first open deals untouched for `days`, and how many there are in all."""
    return store.analytics.stale(chosen, days, now)
