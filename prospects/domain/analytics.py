"""The dashboard's rules in plain Python: periods and their previous period, filters, chart shaping.

The aggregates themselves are computed in DuckDB (`prospects/store/analytics.py`); this module
decides *which* dates and filters they run on and turns their results into chart-ready frames.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import pandas as pd

# Period presets offered on the dashboard, in menu order (catalog keys `dashboard.period.<name>`).
PERIOD_PRESETS = ("last_7", "last_30", "last_90", "month", "quarter", "year", "last_365")
DEFAULT_PRESET = "last_90"
DEFAULT_MOVEMENT_DAYS = 7
DEFAULT_STALE_DAYS = 21


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (for the change of each figure)."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min)

    def end_before(self) -> datetime:
        """The first moment after the period (queries use `< end_before`)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)

    def as_of(self, now: datetime) -> datetime:
        """The moment a snapshot figure (open pipeline, overdue actions) is taken for this period."""
        return min(now, self.end_before())


def period_for(preset: str, today: date) -> Period:
    """The period a preset names, ending today."""
    if preset == "last_7":
        return Period(today - timedelta(days=6), today)
    if preset == "last_30":
        return Period(today - timedelta(days=29), today)
    if preset == "last_90":
        return Period(today - timedelta(days=89), today)
    if preset == "last_365":
        return Period(today - timedelta(days=364), today)
    if preset == "month":
        return Period(today.replace(day=1), today)
    if preset == "quarter":
        return Period(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)
    if preset == "year":
        return Period(date(today.year, 1, 1), today)
    raise ValueError(f"unknown period preset {preset!r}")


@dataclass(frozen=True)
class DashboardFilters:
    """What every figure of the dashboard is restricted to; empty tuples mean "all"."""

    period: Period
    owner_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()

    def for_previous_period(self) -> DashboardFilters:
        return replace(self, period=self.period.previous())


@dataclass(frozen=True)
class Headline:
    """The six figures at the top of the dashboard."""

    open_pipeline: float
    weighted_pipeline: float
    won_revenue: float
    win_rate: float | None  # 0-1; None when nothing was closed
    average_cycle_days: float | None  # None when nothing was won
    overdue_actions: int


def win_rate(won: int, lost: int) -> float | None:
    """Won / (won + lost) of the deals closed; None when none was closed."""
    closed = won + lost
    return won / closed if closed else None


def change(current: float | None, previous: float | None) -> float | None:
    """The change of a figure against the previous period, None when either is unknown."""
    if current is None or previous is None:
        return None
    return current - previous


def stage_pipeline_long(frame: pd.DataFrame, raw_label: str, weighted_label: str) -> pd.DataFrame:
    """Pipeline per stage (stage, position, raw, weighted) as one row per stage and series."""
    long = frame.melt(id_vars=["stage", "position"], value_vars=["raw", "weighted"], var_name="series", value_name="value")
    long["series"] = long["series"].map({"raw": raw_label, "weighted": weighted_label})
    return long.sort_values(["position", "series"]).reset_index(drop=True)


def forecast_long(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Forecast by month (month, won, weighted, raw) as one row per month and series, months as text."""
    long = frame.melt(id_vars=["month"], value_vars=list(labels), var_name="series", value_name="value")
    long = long[long["value"] > 0].copy()
    long["month"] = pd.to_datetime(long["month"]).dt.strftime("%Y-%m")
    long["series"] = long["series"].map(labels)
    return long.sort_values(["month", "series"]).reset_index(drop=True)


def campaign_table(frame: pd.DataFrame, reached: pd.DataFrame, stage_names: list[str]) -> pd.DataFrame:
    """One row per campaign with a "reached <stage>" column per stage, in stage order."""
    if reached.empty:
        wide = pd.DataFrame(index=frame["campaign"])
    else:
        wide = reached.pivot_table(index="campaign", columns="stage", values="prospects", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=stage_names, fill_value=0).reindex(frame["campaign"], fill_value=0)
    wide = wide.astype(int).reset_index()
    merged = frame.merge(wide, on="campaign", how="left")
    ordered = ["campaign", "prospects", "contacted", *stage_names, "won", "won_revenue"]
    return merged[ordered]

