"""Print the median times of the operations that must feel instant at real sizes.

    python bench/run.py --db bench/big.duckdb [--only foundation,board]

Each area of the product has a module in bench/ with `measure(db) -> [(label, ms)]`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report  # noqa: E402

# Modules of bench/ with a measure(db) function, in the order they print.
BENCHES = [
    "foundation",
    "board",
    "settings",
    "dashboard",
    "import_50k",
    "list_page",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a database seeded by bench/seed.py")
    parser.add_argument("--only", default="", help="comma-separated bench modules to run")
    args = parser.parse_args()
    wanted = [name for name in args.only.split(",") if name] or BENCHES
    for name in wanted:
        module = importlib.import_module(f"bench.{name}")
        report(module.measure(Path(args.db)), f"{name} ({args.db})")


if __name__ == "__main__":
    main()
