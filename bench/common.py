"""Timing helpers shared by the benchmark scripts: medians, printed, never asserted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


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


def report(rows: list[tuple[str, float]], title: str) -> None:
    print(f"\n{title}")
    width = max(len(label) for label, _ in rows)
    for label, ms in rows:
        print(f"  {label.ljust(width)}  {ms:9.1f} ms")
