"""Dashboard and agenda figures: the pages' full server time (AppTest run of app.py) and each aggregate alone.

    python bench/run.py --db /tmp/big.duckdb --only dashboard

Target: the dashboard's whole run under 1 s median at 100,000 prospects and 500,000 actions. The dashboard
keeps its figures until something is written: its run is measured as is (figures kept, the warm case) and
after a small write before each run (every figure read again, the cold case).
"""

from __future__ import annotations

import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.common import app_on, median_ms, page_run_ms
from prospects.domain.agenda import AgendaFilters, bounds
from prospects.domain.analytics import DEFAULT_PRESET, DashboardFilters, period_for
from prospects.services import open_store


def measure(db: Path) -> list[tuple[str, float]]:
    store = open_store(db)
    now = datetime.now()
    chosen = DashboardFilters(period_for(DEFAULT_PRESET, now.date()))
    owner = DashboardFilters(chosen.period, owner_ids=(store.users.list()[0].id,))
    analytics = store.analytics
    rows: list[tuple[str, float]] = []
    with store.hold():
        queries = {
            "headline (period)": lambda: analytics.headline(chosen, now),
            "headline (previous period, from history)": lambda: analytics.headline(chosen.for_previous_period(), now),
            "pipeline per stage": lambda: analytics.pipeline_by_stage(chosen, now),
            "funnel from history": lambda: analytics.funnel(chosen),
            "forecast by month": lambda: analytics.forecast(chosen, now),
            "loss reasons": lambda: analytics.loss_reasons(chosen),
            "per channel": lambda: analytics.by_channel(chosen),
            "per owner": lambda: analytics.by_owner(chosen, now),
            "per campaign": lambda: analytics.by_campaign(chosen),
            "movement since a week": lambda: analytics.movement(chosen, date.today() - timedelta(days=7), now),
            "stale open prospects (21 days)": lambda: analytics.stale(chosen, 21, now),
            "headline, one owner": lambda: analytics.headline(owner, now),
            "agenda: everyone's actions to do": lambda: store.agenda.actions(AgendaFilters(), bounds(now)),
            "agenda: without a next step": lambda: store.agenda.without_next_step(None),
        }
        for label, work in queries.items():
            rows.append((label, median_ms(work, repeat=7, warmup=1)))
    rows.append(("dashboard page: full server run (AppTest, figures kept)", page_run_ms(db, "pages/dashboard.py")))
    rows.append(("dashboard page: full server run after a write (AppTest)", run_after_write_ms(db, store)))
    rows.append(("agenda page: full server run (AppTest)", page_run_ms(db, "pages/agenda.py")))
    return rows


def run_after_write_ms(db: Path, store: object, repeat: int = 7) -> float:
    """Median time of a whole server run of the dashboard, each after a write of one setting (not timed)."""
    with app_on(db) as make:
        at = make("pages/dashboard.py")
        times = []
        for visit in range(repeat):
            store.settings.set("bench_dashboard_visit", str(visit))
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)
