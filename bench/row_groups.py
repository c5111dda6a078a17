"""The size of the tables' row groups (`prospects.store.db.ROW_GROUP_ROWS`) against DuckDB's default,
on issue 14's import: the 50,000 badge rows of bench/import_50k.py imported into a copy of the seeded
base opened with each size, the two alternated round by round in this one process (undone after each).

    python bench/row_groups.py --db /tmp/big-import.duckdb [--rounds 6]

Prints, for each size, the median wall time of the import and of its commit (where DuckDB writes the new
rows to the file), and the number of row groups the new prospects make.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from bench.import_50k import badge_file  # noqa: E402
from prospects.importing import ImportOptions, Policy  # noqa: E402
from prospects.services import open_store  # noqa: E402
from prospects.services.imports import import_file, undo  # noqa: E402
from prospects.store import db as store_db  # noqa: E402

DEFAULT = 122_880  # DuckDB's row group size when none is given


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a database seeded by bench/seed.py")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    data = badge_file()
    sizes = (DEFAULT, store_db.ROW_GROUP_ROWS)
    walls: dict[int, list[float]] = {size: [] for size in sizes}
    commits: dict[int, list[float]] = {size: [] for size in sizes}
    groups: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        stores, keepers = {}, []
        for size in sizes:
            copy = (Path(folder) / f"rows-{size}.duckdb").resolve()
            shutil.copy(args.db, copy)
            stores[size] = open_store(copy)
            # The file is attached with the row group size of the moment, and stays attached (so with
            # that size) while a connection to it is open: this one, closed at the end.
            store_db.ROW_GROUP_ROWS = size
            keepers.append(store_db._attached(copy))
        commit = _timed_commits()
        for round_ in range(args.rounds):
            for size in sizes if round_ % 2 == 0 else reversed(sizes):
                store = stores[size]
                with store.hold() as conn:
                    commit.clear()
                    start = time.perf_counter()
                    result = import_file(store, "badges.csv", data, ImportOptions(duplicates=Policy.SKIP, campaign="Bench"))
                    walls[size].append((time.perf_counter() - start) * 1000)
                    commits[size].append(max(commit))
                    groups[size] = groups.get(size) or conn.execute(
                        "SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('prospects')"
                        " WHERE column_name = 'id' AND row_group_id > 0").fetchall()[0][0]
                    undo(store, result.batch_id, None)
        for keeper in keepers:
            keeper.close()
    print(f"import of the 50,000 badge rows of bench/import_50k.py, {args.rounds} rounds alternated")
    for size in sizes:
        print(f"  row groups of {size:>7,} rows: import {statistics.median(walls[size]):6.0f} ms,"
              f" commit {statistics.median(commits[size]):5.0f} ms (median);"
              f" new prospects in {groups[size]} row group(s)")


def _timed_commits() -> list[float]:
    """The wall time of each commit from now on, in ms, in the list returned (cleared by the caller)."""
    times: list[float] = []
    commit = duckdb.DuckDBPyConnection.commit

    class Timed:
        def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
            self._conn = conn

        def __getattr__(self, name: str) -> object:
            return getattr(self._conn, name)

        def commit(self) -> object:
            start = time.perf_counter()
            try:
                return commit(self._conn)
            finally:
                times.append((time.perf_counter() - start) * 1000)

    attached = store_db._attached
    store_db._attached = lambda file: Timed(attached(file))  # type: ignore[assignment,return-value]
    return times


if __name__ == "__main__":
    main()
