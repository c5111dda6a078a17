"""Import 50,000 badge-scanner rows into a database already holding 100,000 prospects, duplicate
detection on, next to DuckDB's own read_csv of the same file into a bare table (the floor).

    python bench/import_50k.py --db /tmp/big-import.duckdb

Target (issue 14): a median within 10x of the floor, and a peak memory under 1 GB. The peak is the
process's resident set (Linux VmHWM) during the import, reset before each one (so it counts what the
process already holds too: Python, the libraries, DuckDB's cache of the base). The seeded database is
copied, never changed.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from bench.common import report  # noqa: E402
from prospects.importing import ImportOptions, Policy  # noqa: E402
from prospects.services import (
    demo,  # noqa: E402
    open_store,
)
from prospects.services.imports import import_file, undo  # noqa: E402

ROWS = 50_000
HEADERS = ["Civilité", "Nom", "Prénom", "Société", "Fonction", "Adresse", "Code postal", "Ville", "Pays",
           "Téléphone", "Portable", "E-mail", "Commentaire", "Date de scan"]


def badge_file(rows: int = ROWS, seed: int = 11) -> bytes:
    """A semicolon, Windows-1252 badge export with a few repeated scans and a few half-filled badges."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    previous: list[list[str]] = []
    for i in range(rows):
        if previous and rng.random() < 0.02:
            writer.writerow(rng.choice(previous))  # scanned twice
            continue
        first, last = rng.choice(demo.FIRST_NAMES), rng.choice(demo.LAST_NAMES)
        company = f"{rng.choice(demo.COMPANIES)} {i % 997}"
        postal_code, city = rng.choice(demo.CITIES)
        row = [
            rng.choice(("M.", "Mme", "")), last.upper(), first, company, rng.choice(demo.JOBS),
            f"{rng.randint(1, 200)} rue des Forges", postal_code, city, "France",
            f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {i % 100:02d}",
            f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {i // 100 % 100:02d} {i % 100:02d}" if rng.random() < 0.6 else "",
            f"{demo._ascii(first)}.{demo._ascii(last)}.{i}@badge{i % 500}.example".lower() if rng.random() < 0.95 else "",
            "Rappeler après le salon" if rng.random() < 0.1 else "",
            f"{rng.randint(10, 12)}/07/2026",
        ]
        if rng.random() < 0.01:
            row = ["", "", "", company] + [""] * 10  # a card left without a name
        previous.append(row)
        previous = previous[-50:]
        writer.writerow(row)
    return buffer.getvalue().encode("cp1252", errors="replace")


def floor_once(path: Path) -> float:
    """DuckDB's own read_csv of the file into a bare table, in ms."""
    conn = duckdb.connect(":memory:")
    try:
        start = time.perf_counter()
        conn.execute(
            "CREATE TABLE badges AS SELECT * FROM read_csv(?, delim = ';', header = true, encoding = 'latin-1',"
            " all_varchar = true)",
            [str(path)],
        ).fetchall()
        return (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def reset_peak_memory() -> None:
    """Start a new resident-set peak (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_memory_mb() -> float:
    """The process's resident-set peak since `reset_peak_memory`, in MB (else since it started)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: Path, rounds: int = 5) -> list[tuple[str, float]]:
    """Rounds of (floor, full import, undo) on a copy of the seeded base: the floor and the import are
    timed side by side, so that a slower moment of the machine weighs on both sides of the ratio."""
    data = badge_file()
    floors, imports, cpus, peaks, ratios, summary = [], [], [], [], [], {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "badges.csv"
        path.write_bytes(data)
        copy = Path(folder) / "import-bench.duckdb"
        shutil.copy(db, copy)
        store = open_store(copy)
        with store.hold():
            for _ in range(rounds):
                floor = statistics.median(floor_once(path) for _ in range(3))
                reset_peak_memory()
                start, cpu = time.perf_counter(), time.process_time()
                result = import_file(store, "badges.csv", data, ImportOptions(duplicates=Policy.SKIP, campaign="Bench"))
                full = (time.perf_counter() - start) * 1000
                cpus.append((time.process_time() - cpu) * 1000)
                peaks.append(peak_memory_mb())
                floors.append(floor)
                imports.append(full)
                ratios.append(full / floor)
                summary = {k: v for k, v in result.as_dict().items() if k not in ("rejected", "rows")}
                summary["rejected"] = len(result.rejected)
                undo(store, result.batch_id, None)
    print(f"  import of {ROWS} rows: {summary}")
    print(f"  ratio to the floor per round: {', '.join(f'{r:.1f}' for r in ratios)}; median {statistics.median(ratios):.1f}x")
    print(f"  import CPU time (all threads of the process), median: {statistics.median(cpus):.0f} ms")
    print(f"  peak resident memory during the import: {max(peaks):.0f} MB (rounds: {', '.join(f'{p:.0f}' for p in peaks)})")
    return [
        ("duckdb read_csv of 50k badge rows (floor)", statistics.median(floors)),
        ("import 50k badge rows into 100k prospects", statistics.median(imports)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a database seeded by bench/seed.py")
    args = parser.parse_args()
    report(measure(Path(args.db)), f"import ({args.db})")


if __name__ == "__main__":
    main()
