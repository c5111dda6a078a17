"""The part of bench/import_50k.py's import that comes after the plan: the new prospects written (their
columns, search text and keys, the INSERTs, history, the batch's record), the commit, and the report put
in words. Wall and CPU time (all threads of the process), median of the rounds, on a copy of the base.

    python bench/import_write.py --db /tmp/perf_big.duckdb [--rounds 7]

Noisy on a shared machine: compare runs interleaved, and the CPU figures rather than the wall ones.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import prospects.services.imports as service  # noqa: E402
from bench.common import run_rounds  # noqa: E402
from bench.import_50k import badge_file  # noqa: E402
from prospects.importing import ImportOptions, Policy  # noqa: E402
from prospects.services import open_store  # noqa: E402


def measure(db: Path, rounds: int) -> None:
    data = badge_file()
    planned: list[tuple[float, float]] = []
    plan = service._plan

    def timed_plan(*args: object, **kwargs: object) -> object:
        report = plan(*args, **kwargs)
        planned.append((time.perf_counter(), time.process_time()))
        return report

    service._plan = timed_plan
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "write-bench.duckdb"
        shutil.copy(db, copy)
        store = open_store(copy)
        with store.hold():
            for _ in range(rounds):
                source = service.read_file(store, "badges.csv", data)
                report = service.apply(store, source, ImportOptions(duplicates=Policy.SKIP, campaign="Bench"))
                wall, cpu = time.perf_counter(), time.process_time()
                walls.append((wall - planned[-1][0]) * 1000)
                cpus.append((cpu - planned[-1][1]) * 1000)
                service.undo(store, report.batch_id, None)
    print(f"after the plan ({report.created} prospects created), {rounds} rounds:")
    print(f"  wall ms: {', '.join(f'{w:.0f}' for w in walls)}; median {statistics.median(walls):.0f}")
    print(f"  CPU ms:  {', '.join(f'{c:.0f}' for c in cpus)}; median {statistics.median(cpus):.0f}")


def main() -> None:
    run_rounds(measure, __doc__, rounds=7)


if __name__ == "__main__":
    main()
