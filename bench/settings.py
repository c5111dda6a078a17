"""Settings figures at full size: what the page reads, a list value renamed on every prospect, a stage deleted.

Writes happen on a copy of the database given with --db, which stays untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.common import median_ms
from prospects.domain import CHOICE_KINDS
from prospects.services import open_store
from prospects.store import Store


def page_reads(store: Store) -> None:
    """The reads of one run of the Settings page (every tab is drawn on each run)."""
    for stage in store.stages.list(active_only=False):
        store.stages.prospect_count(stage.id)
    for kind in CHOICE_KINDS:
        store.choices.list(kind, active_only=False)
    store.choices.usage("channel")
    store.categories.labels()
    for field in store.custom_fields.list(active_only=False):
        store.custom_fields.value_count(field.id)
    store.users.list()
    store.settings.all()


def measure(db: Path) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "settings.duckdb"
        shutil.copy(db, copy)
        store = open_store(copy)
        with store.hold():
            total = store.prospects.count()
            rows = [("settings page reads (all tabs)", median_ms(lambda: page_reads(store)))]

            channel = store.choices.list("channel")[0]
            holders = store.choices.usage("channel").get(channel.name, 0)
            names = iter([f"{channel.name} {i}" for i in range(100)])
            rename_ms = median_ms(lambda: store.choices.rename(channel.id, next(names)), repeat=5, warmup=1)
            rows.append((f"rename a channel held by {holders:,} of {total:,} prospects", rename_ms))

            first, second = store.stages.list()[:2]
            moving = store.stages.prospect_count(first.id)
            start = time.perf_counter()
            store.stages.delete(first.id, move_to=second.id, by=None)
            rows.append((f"delete a stage, moving {moving:,} prospects with history", (time.perf_counter() - start) * 1000))
        return rows
