"""The INSERTs of a badge import's new rows (prospects, history, the batch's record) and their commit, as
DuckDB runs a plain `INSERT ... SELECT` from an Arrow table (its batch insert, on every core, which writes
whole row groups to the file as it goes) and as it runs the same statement with `RETURNING` (one stream into
the table, whose rows the commit then writes): the rows of one real import of bench/import_50k.py's file,
inserted again and committed in a file opened as the app opens it (`store.db`: its row groups), the two
forms alternating, the rows deleted after each round. CPU (all threads) and wall, medians.

    python bench/insert_returning.py --db /tmp/perf_big.duckdb [--rounds 9]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute  # noqa: E402, F401

import prospects.services.imports as service  # noqa: E402
from bench.common import run_rounds  # noqa: E402
from bench.import_50k import badge_file  # noqa: E402
from prospects.importing import ImportOptions, Policy  # noqa: E402
from prospects.services import open_store  # noqa: E402
from prospects.store import db as store_db  # noqa: E402

TABLES = ("prospects", "history", "import_changes")


def captured_rows(copy: Path) -> dict[str, pa.Table]:
    """The Arrow tables one import of the badge file inserts, by table (the import then undone)."""
    tables: dict[str, pa.Table] = {}
    register = duckdb.DuckDBPyConnection.register

    def keep(conn: duckdb.DuckDBPyConnection, name: str, data: object) -> object:
        table = name.removeprefix("new_").removesuffix("_rows")
        if name.startswith("new_") and table in TABLES and isinstance(data, pa.Table):
            tables[table] = data
        return register(conn, name, data)

    duckdb.DuckDBPyConnection.register = keep
    try:
        store = open_store(copy)
        with store.hold():
            report = service.import_file(store, "badges.csv", badge_file(),
                                         ImportOptions(duplicates=Policy.SKIP, campaign="Bench"))
            service.undo(store, report.batch_id, None)
    finally:
        duckdb.DuckDBPyConnection.register = register
    return tables


def measure(db: Path, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = (Path(folder) / "returning-bench.duckdb").resolve()
        shutil.copy(db, copy)
        tables = captured_rows(copy)
        first = pa.compute.min(tables["prospects"]["id"]).as_py()
        conn = store_db._attached(copy)
        times: dict[str, list[tuple[float, float, float]]] = {"plain": [], "returning": []}
        for round_ in range(rounds):
            for form in ("plain", "returning") if round_ % 2 == 0 else ("returning", "plain"):
                conn.begin()
                wall, cpu = time.perf_counter(), time.process_time()
                for table, data in tables.items():
                    conn.register("rows_again", data)
                    names = ", ".join(data.column_names)
                    returning = " RETURNING NULL" if form == "returning" else ""
                    conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM rows_again{returning}").fetchall()
                    conn.unregister("rows_again")
                inserted = time.perf_counter()
                conn.commit()
                done = time.perf_counter()
                times[form].append(((inserted - wall) * 1000, (done - inserted) * 1000,
                                    (time.process_time() - cpu) * 1000))
                conn.begin()
                for table, column in (("history", "prospect_id"), ("import_changes", "prospect_id"), ("prospects", "id")):
                    conn.execute(f"DELETE FROM {table} WHERE {column} >= ?", [first])
                conn.commit()
                conn.execute("CHECKPOINT")
        conn.close()
    print(f"the INSERTs of {tables['prospects'].num_rows} new prospects and their rows, then the commit, {rounds} rounds"
          f" (row groups of {store_db.ROW_GROUP_ROWS:,} rows):")
    for form, triples in times.items():
        inserts, commits, cpus = zip(*triples, strict=True)
        walls = [i + c for i, c in zip(inserts, commits, strict=True)]
        print(f"  {form:9s} wall median {statistics.median(walls):4.0f} ms (INSERTs {statistics.median(inserts):4.0f},"
              f" commit {statistics.median(commits):4.0f}); CPU median {statistics.median(cpus):4.0f} ms")


def main() -> None:
    run_rounds(measure, __doc__, rounds=9)


if __name__ == "__main__":
    main()
