"""Read a 50,000-row Excel workbook of badge rows (the rows of bench/import_50k.py, one cell per
field) into the import's table: `read_file`'s median wall and CPU time over a few runs.

    python bench/import_xlsx.py [--runs 3] [--code /path/to/another/checkout]

`--code` reads with another checkout's `prospects` package (the code before a change, say), so
that before and after can be run in turn on the same file. The workbook is built once with
openpyxl and kept in the temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def workbook(path: Path) -> bytes:
    """The badge file as a workbook (built once): its cp1252 text split on `;`, every cell text."""
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from openpyxl import Workbook

        from bench.import_50k import badge_file

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in csv.reader(io.StringIO(badge_file().decode("cp1252")), delimiter=";"):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    return path.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose prospects package reads")
    parser.add_argument("--file", type=Path, default=Path(tempfile.gettempdir()) / "bench_badges_50k.xlsx")
    args = parser.parse_args()
    data = workbook(args.file)
    sys.path.insert(0, str(args.code.resolve()))
    for name in [m for m in sys.modules if m == "prospects" or m.startswith("prospects.")]:
        del sys.modules[name]  # the workbook may have been built with this checkout's modules
    from prospects.importing.reading import read_file

    walls, cpus = [], []
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        table = read_file("badges.xlsx", data)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"read_file of {len(table.rows):,} rows x {len(table.headers)} columns ({len(data) / 1e6:.1f} MB .xlsx)"
          f" with {args.code}")
    print(f"  wall median {statistics.median(walls):6.2f} s   runs {', '.join(f'{w:.2f}' for w in walls)}")
    print(f"  CPU  median {statistics.median(cpus):6.2f} s   runs {', '.join(f'{c:.2f}' for c in cpus)}")


if __name__ == "__main__":
    main()
