"""Timing helpers shared by the benchmark scripts: medians, printed, never asserted."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def median_ms(work: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    """Median wall time of `work` in milliseconds."""
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run_rounds(measure: Callable[[Path, int], object], doc: str | None, rounds: int) -> None:
    """The command line of a benchmark measured in rounds on a seeded base: `--db`, `--rounds`."""
    import argparse

    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--db", required=True, help="a database seeded by bench/seed.py")
    parser.add_argument("--rounds", type=int, default=rounds)
    args = parser.parse_args()
    measure(Path(args.db), args.rounds)


def report(rows: list[tuple[str, float]], title: str) -> None:
    print(f"\n{title}")
    width = max(len(label) for label, _ in rows)
    for label, ms in rows:
        print(f"  {label.ljust(width)}  {ms:9.1f} ms")


@contextmanager
def app_on(db: Path) -> Iterator[Callable[..., object]]:
    """AppTest runs of the real app.py on `db`, pages switched through the frame as in the browser."""
    from streamlit.testing.v1 import AppTest

    previous = os.environ.get("PROSPECTS_DB")
    os.environ["PROSPECTS_DB"] = str(db)

    def make(page: str | None = None, query: dict[str, str] | None = None) -> object:
        at = AppTest.from_file(str(APP), default_timeout=120)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        if at.exception or at.error:  # a figure of a page that failed would mean nothing
            raise RuntimeError(f"{page or 'list'}: {[e.value for e in (*at.exception, *at.error)]}")
        return at

    try:
        yield make
    finally:
        if previous is None:
            os.environ.pop("PROSPECTS_DB", None)
        else:
            os.environ["PROSPECTS_DB"] = previous


def page_run_ms(db: Path, page: str, repeat: int = 7) -> float:
    """Median time of a whole server run of app.py on one page (AppTest: no browser, no network)."""
    with app_on(db) as make:
        at = make(page)
        return median_ms(at.run, repeat=repeat, warmup=1)
