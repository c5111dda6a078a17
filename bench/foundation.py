"""Foundation figures: connection, list queries, count, one record, one update, next actions."""

from __future__ import annotations

from pathlib import Path

from bench.common import median_ms
from prospects.domain import ProspectQuery
from prospects.services import open_store
from prospects.store.db import Database


def measure(db: Path) -> list[tuple[str, float]]:
    store = open_store(db)
    rows: list[tuple[str, float]] = []

    def open_and_close() -> None:
        with Database(db).connection() as conn:
            conn.execute("SELECT 1").fetchall()

    rows.append(("open + close a connection (per operation)", median_ms(open_and_close)))
    with store.hold():
        first_page = store.prospects.list(ProspectQuery(limit=50))
        some_id = int(first_page.rows["id"].iloc[0])
        rows.append(("list: first page, no filter (held connection)", median_ms(lambda: store.prospects.list(ProspectQuery(limit=50)))))
        rows.append(("list: first page, text filter 'muller'", median_ms(lambda: store.prospects.list(ProspectQuery(text="muller", limit=50)))))
        rows.append((
            "list: status+stage+owner filters, sort by revenue",
            median_ms(lambda: store.prospects.list(ProspectQuery(statuses=("open",), stage_ids=(2, 3), owner_ids=(1, 2), sort="expected_revenue", limit=50))),
        ))
        rows.append(("list: sort by next action due", median_ms(lambda: store.prospects.list(ProspectQuery(sort="next_action_due", descending=False, limit=50)))))
        rows.append(("count of prospects", median_ms(store.prospects.count)))

        def load_one() -> None:
            store.prospects.get(some_id)
            store.actions.for_prospect(some_id)
            store.prospects.history(some_id)

        rows.append(("one prospect with its actions and history", median_ms(load_one)))
        stages = [s.id for s in store.stages.list()]

        def update_one() -> None:
            current = store.prospects.get(some_id)
            next_stage = stages[(stages.index(current.stage_id) + 1) % len(stages)] if current.stage_id in stages else stages[0]
            store.prospects.change(some_id, {"stage_id": next_stage}, by=1, expected_version=current.version)

        rows.append(("one update with history (read + write)", median_ms(update_one)))
    # The same list query when every operation opens its own connection (what a CLI or a page does).
    rows.append(("list: first page, connection per operation", median_ms(lambda: store.prospects.list(ProspectQuery(limit=50)))))
    return rows
