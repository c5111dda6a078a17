"""Compare the benchmarks of two checkouts on a busy machine: runs interleaved, wall and CPU medians.

    git archive 9c555b2 | tar -x -C /tmp/before
    python bench/compare.py --db big.duckdb --before /tmp/before --after . --only foundation,list_page --rounds 3

`--also <folder>` adds a third checkout (say main, when `after` is a branch) to the same rounds.

One timing on a shared machine means little: each round runs the `before` checkout then the `after`
one, each in its own process on its own copy of the database (a bench may write), and the table gives
the median over rounds of each figure's wall time and of its process CPU time (the CPU time moves far
less with the load of other processes; it is given for the figures timed by `bench.common.median_ms`).
Each checkout runs its own bench modules, as `bench/run.py` would in it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# Run in a child process with the checkout first on sys.path: measures the bench modules given.
_CHILD = """
import importlib, json, logging, os, statistics, sys, time
from pathlib import Path
code, db, modules = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
sys.path.insert(0, code)
os.chdir(code)
logging.disable(logging.WARNING)
import bench.common as common
cpu = []
def median_ms(work, repeat=15, warmup=2):
    for _ in range(warmup):
        work()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, start = time.perf_counter(), time.process_time()
        work()
        cpus.append((time.process_time() - start) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    cpu.append(statistics.median(cpus))
    return statistics.median(walls)
common.median_ms = median_ms
out = {}
for name in modules:
    cpu.clear()
    rows = importlib.import_module(f"bench.{name}").measure(Path(db))
    timed = len(cpu) == len(rows)  # every figure went through median_ms: CPU times line up with labels
    out.update({label: [ms, cpu[i] if timed else None] for i, (label, ms) in enumerate(rows)})
print("RESULT" + json.dumps(out))
"""


def run_once(code: Path, db: Path, modules: str) -> dict[str, list[float | None]]:
    """One process of one checkout on a fresh copy of `db`: {label: [wall ms, cpu ms]}."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / db.name
        shutil.copy(db, copy)
        done = subprocess.run([sys.executable, "-c", _CHILD, str(code.resolve()), str(copy), modules],
                              capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT"):
            return json.loads(line.removeprefix("RESULT"))
    raise SystemExit(f"{code}: the bench failed\n{done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, type=Path, help="a database seeded by bench/seed.py")
    parser.add_argument("--before", required=True, type=Path, help="the older checkout (a folder)")
    parser.add_argument("--after", required=True, type=Path, help="the newer checkout (a folder)")
    parser.add_argument("--only", default="foundation,list_page", help="comma-separated bench modules")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="another checkout measured in the same rounds, after `after` (repeatable)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sides = {"before": args.before, "after": args.after} | {f"also{i}": path for i, path in enumerate(args.also, 1)}
    results: dict[str, dict[str, list[list[float | None]]]] = {side: {} for side in sides}
    for round_number in range(1, args.rounds + 1):
        for side, code in sides.items():
            for label, figures in run_once(code, args.db, args.only).items():
                results[side].setdefault(label, []).append(figures)
            print(f"round {round_number}: {side} done", file=sys.stderr)
    for i, path in enumerate(args.also, 1):
        print(f"also{i} = {path}")
    names = [name.removeprefix("also") if name.startswith("also") else name for name in sides]
    walls = " ".join(f"{('wall ' if i == 0 else '') + name:>{11 if i == 0 else 8}}" for i, name in enumerate(names))
    cpus = " ".join(f"{('cpu ' if i == 0 else '') + name:>{11 if i == 0 else 8}}" for i, name in enumerate(names))
    print(f"\n{'figure':58} {walls} {cpus}  (ms, medians of {args.rounds})")
    for label in results["before"]:
        rows = [results[side].get(label, []) for side in sides]
        wall = " ".join(f"{_median(r, 0):>{11 if i == 0 else 8}}" for i, r in enumerate(rows))
        cpu = " ".join(f"{_median(r, 1):>{11 if i == 0 else 8}}" for i, r in enumerate(rows))
        print(f"{label[:58]:58} {wall} {cpu}")


def _median(rows: list[list[float | None]], index: int) -> str:
    values = [row[index] for row in rows if row[index] is not None]
    return f"{statistics.median(values):.1f}" if values else "-"


if __name__ == "__main__":
    main()
