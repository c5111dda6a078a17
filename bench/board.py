"""Board figures: the server time of one run of the board at 50, 500 and 1,000 open prospects, and at full size.

The server time of a run is what the page does besides drawing: read the board (one query), build the
columns, cards, CSS and key, and diff the component's value against the board shown before.
Each size gets its own small database (five actions per prospect); the big database given with --db
measures the same work at 100,000 prospects, where the per-column limit and the filters keep it small.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from bench.common import median_ms, page_run_ms
from prospects.domain import HistoryEntry, Status
from prospects.services import demo, open_store
from prospects.services.board import build_board, fingerprint, moves_between
from prospects.store import Store

SIZES = (50, 500, 1_000)


def server_run(store: Store, limit: int, **filters) -> int:
    """One run of the board page without the drawing; returns the number of cards shown."""
    rows = store.board.load(limit_per_column=limit, **filters)
    board = build_board(rows, store.stages.list(), now=datetime.now(), currency=store.settings.get("currency", "EUR"))
    moves_between(board, board.items)
    fingerprint(board.items)
    return len(board.cards)


def seed_open(path: Path, open_prospects: int) -> Store:
    """A database whose pipeline has exactly `open_prospects` open deals and five actions each."""
    store = open_store(path)
    with store.db.transaction():
        data = demo.generate(store, prospects=open_prospects, actions=open_prospects * 5, seed=11)
        prospects = [p.replace(status=Status.OPEN, closed_on=None, loss_reason=None) for p in data.prospects]
        ids = store.prospects.insert_many(prospects, by=None)
        store.prospects.insert_history(
            [HistoryEntry(None, ids[i], h.changed_at, h.changed_by, h.field, h.old_value, h.new_value)
             for i, h in data.history if h.field == "stage"]
        )
        store.actions.insert_many([a.replace(prospect_id=ids[i]) for i, a in data.actions], by=None)
    return store


def measure(db: Path) -> list[tuple[str, float]]:
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            store = seed_open(Path(folder) / f"board-{size}.duckdb", size)
            with store.hold():
                shown = server_run(store, limit=size)
                rows.append((f"board run, {size} open, all {shown} cards shown", median_ms(lambda s=store, n=size: server_run(s, n))))
                if size > 250:
                    shown = server_run(store, limit=50)
                    rows.append((f"board run, {size} open, 50 per column ({shown} shown)", median_ms(lambda s=store: server_run(s, 50))))
            rows.append((f"whole page run (AppTest, app.py + board), {size} open, 50 per column", page_run_ms(store.path, "pages/board.py", repeat=5)))
    big = open_store(db)
    with big.hold():
        owner = big.users.list()[0].id
        rows.append(("board run, big db, 50 per column", median_ms(lambda: server_run(big, 50), repeat=7)))
        rows.append(("board run, big db, one owner, 50 per column", median_ms(lambda: server_run(big, 50, owner_ids=(owner,)), repeat=7)))
        rows.append(("board run, big db, text 'muller', 50 per column", median_ms(lambda: server_run(big, 50, text="muller"), repeat=7)))
    return rows
