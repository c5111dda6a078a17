"""Seed a benchmark database with the demo generator at real sizes.

    python bench/seed.py --prospects 100000 --actions 500000 --db bench/big.duckdb
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from prospects.services import demo  # noqa: E402
from prospects.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prospects", type=int, default=100_000)
    parser.add_argument("--actions", type=int, default=500_000)
    parser.add_argument("--db", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = Path(args.db)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    start = time.perf_counter()
    store = Store.open(path)
    with store.hold():
        prospects, actions = demo.load(store, prospects=args.prospects, actions=args.actions, seed=args.seed)
    print(f"{prospects} prospects, {actions} actions written to {path} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
