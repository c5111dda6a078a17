"""The search texts computed again when a base written before the one fold (migration 011) is opened:
`search_texts.recompute_if_asked` at full size, on fresh copies of the base given with --db (it stays untouched).

    python -m bench.search_fold --db /tmp/perf_big.duckdb [--repeat 7]

Figures, each a median of wall and CPU time over fresh copies, runs interleaved:
- the recomputation on the base as it is (every row read and folded again, only changed rows written);
- the recomputation when every row's text is stale (every row written: the worst case);
- opening the older base the first time (migration 011 and the recomputation) and opening it again
  (the request done: what every later opening costs).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from prospects.services import open_store
from prospects.store import search_texts
from prospects.store.db import Database


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU milliseconds of `work`, and what it returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def recompute(base: Path, folder: Path, stale: bool) -> tuple[float, float, object]:
    copy = folder / "recompute.duckdb"
    shutil.copy(base, copy)
    db = Database(copy)
    db.migrate()  # 011 asks for the recomputation; nothing computes it yet
    if stale:
        with db.connection() as conn:
            for table in search_texts.TABLES:
                conn.execute(f"UPDATE {table} SET search_text = '~' || search_text")
    try:
        return timed(lambda: db.write(search_texts.recompute_if_asked))
    finally:
        copy.unlink()


def opening(base: Path, folder: Path) -> tuple[tuple[float, float, object], tuple[float, float, object]]:
    copy = folder / "open.duckdb"
    shutil.copy(base, copy)
    try:
        first = timed(lambda: open_store(copy))
        again = timed(lambda: open_store(copy))
        return first, again
    finally:
        copy.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    names = ("recompute, base as it is", "recompute, every row stale", "open, first time (011 + recompute)",
             "open, again")
    runs: dict[str, list[tuple[float, float, object]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for _ in range(args.repeat):
            runs[names[0]].append(recompute(args.db, folder, stale=False))
            runs[names[1]].append(recompute(args.db, folder, stale=True))
            first, again = opening(args.db, folder)
            runs[names[2]].append(first)
            runs[names[3]].append(again)
    print(f"\nsearch texts computed again, {args.db} ({args.repeat} fresh copies each)")
    width = max(map(len, names))
    for name in names:
        walls = [r[0] for r in runs[name]]
        cpus = [r[1] for r in runs[name]]
        rows = runs[name][0][2] if isinstance(runs[name][0][2], int) else ""
        print(f"  {name.ljust(width)}  wall {statistics.median(walls):8.1f} ms (min {min(walls):7.1f}, max {max(walls):7.1f})"
              f"  cpu {statistics.median(cpus):8.1f} ms  {f'rows written {rows}' if rows != '' else ''}")


if __name__ == "__main__":
    main()
