"""The managers' dashboard queries: every figure and table the dashboard shows, read through here.

The results are kept in memory per *data version* (`Database.remembered`: the transactions of this
process, and the size and time of the database file and its journal for another process's writes), per
viewer (what `visible_to` lets them see), per filters and per moment, so that coming back to the page
runs no query until something is written. A save changes the version: the next run reads everything again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from prospects.domain import analytics
from prospects.domain.analytics import DashboardFilters, Headline
from prospects.store.auth import visible_to_named

if TYPE_CHECKING:
    from prospects.store import Store

T = TypeVar("T")


def moment(now: datetime) -> datetime:
    """The moment the dashboard's figures are taken at: the end of the current minute (within its day), so
    that the visits of one minute share their figures. Everything saved by then counts, and an action due
    at a time of day (hours and minutes, as the forms give it) is late from the same minute as with the
    clock's own time; only a time with seconds can turn less than a minute early (an action due at
    10:41:30 late from 10:41:00, a prospect idle since 10:41:30 counted idle from 10:41:00)."""
    start = now.replace(second=0, microsecond=0)
    if start == now:
        return now
    return min(start + timedelta(minutes=1), datetime.combine(now.date(), time.max))


def _kept_read(store: Store, name: str, args: tuple, read: Callable[[], T]) -> T:
    """`read()`, or its result kept from an earlier read with the same data version, viewer and arguments
    (`Database.remembered`); a copy the page may change."""
    sql, params = visible_to_named("p")
    return _copy(store.db.remembered(("dashboard", name, args, sql, tuple(sorted(params.items()))), read))


def _copy(value: T) -> T:
    """A kept result as its reader may change it: frames and lists copied, the rest immutable."""
    if isinstance(value, pd.DataFrame):
        return value.copy()
    if isinstance(value, tuple | list):
        return type(value)(_copy(v) for v in value)
    return value


@dataclass(frozen=True)
class FilterChoices:
    """What the dashboard's filters offer: every user, every channel ever used, every campaign."""

    owners: dict[int, str]  # user id -> full name
    channels: list[str]
    campaigns: list[str]


def filter_choices(store: Store) -> FilterChoices:
    return _kept_read(store, "filter_choices", (), lambda: FilterChoices(
        owners={u.id: u.full_name for u in store.users.list()},
        channels=store.choices.names("channel", active_only=False),
        campaigns=store.analytics.campaigns(),
    ))


def headlines(store: Store, chosen: DashboardFilters, now: datetime) -> tuple[Headline, Headline]:
    """The headline figures of the chosen period and of the period of the same length before it."""
    return _kept_read(store, "headlines", (chosen, now), lambda: (
        store.analytics.headline(chosen, now), store.analytics.headline(chosen.for_previous_period(), now)))


def pipeline_by_stage(store: Store, chosen: DashboardFilters, now: datetime) -> pd.DataFrame:
    return _kept_read(store, "pipeline_by_stage", (chosen, now), lambda: store.analytics.pipeline_by_stage(chosen, now))


def funnel(store: Store, chosen: DashboardFilters) -> tuple[pd.DataFrame, int]:
    """How many prospects reached each stage, and how many were won."""
    return _kept_read(store, "funnel", (chosen,), lambda: store.analytics.funnel(chosen))


def forecast(store: Store, chosen: DashboardFilters, now: datetime) -> pd.DataFrame:
    return _kept_read(store, "forecast", (chosen, now), lambda: store.analytics.forecast(chosen, now))


def loss_reasons(store: Store, chosen: DashboardFilters) -> pd.DataFrame:
    return _kept_read(store, "loss_reasons", (chosen,), lambda: store.analytics.loss_reasons(chosen))


def by_channel(store: Store, chosen: DashboardFilters) -> pd.DataFrame:
    return _kept_read(store, "by_channel", (chosen,), lambda: store.analytics.by_channel(chosen))


def by_owner(store: Store, chosen: DashboardFilters, now: datetime) -> pd.DataFrame:
    return _kept_read(store, "by_owner", (chosen, now), lambda: store.analytics.by_owner(chosen, now))


def by_campaign(store: Store, chosen: DashboardFilters) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Totals and stages reached per campaign, with the names of the active stages in pipeline order."""
    def read() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
        totals, reached = store.analytics.by_campaign(chosen)
        return totals, reached, [s.name for s in store.stages.list()]

    return _kept_read(store, "by_campaign", (chosen,), read)


def campaign_table(store: Store, chosen: DashboardFilters) -> tuple[pd.DataFrame, list[str]]:
    """`by_campaign` as one row per campaign with a column per stage reached (`analytics.campaign_table`),
    and the stage names in pipeline order; kept with the figures it is built from."""
    def read() -> tuple[pd.DataFrame, list[str]]:
        totals, reached, stage_names = by_campaign(store, chosen)
        return analytics.campaign_table(totals, reached, stage_names), stage_names

    return _kept_read(store, "campaign_table", (chosen,), read)


def movement(store: Store, chosen: DashboardFilters, since: date, now: datetime) -> pd.DataFrame:
    return _kept_read(store, "movement", (chosen, since, now), lambda: store.analytics.movement(chosen, since, now))


def stale(store: Store, chosen: DashboardFilters, days: int, now: datetime) -> tuple[pd.DataFrame, int]:
    """The first open deals untouched for `days`, and how many there are in all."""
    return _kept_read(store, "stale", (chosen, days, now), lambda: store.analytics.stale(chosen, days, now))
