"""The dashboard as a manager sees it: time from a click on its menu link to a settled page, in headless Chromium.

    python bench/seed.py --prospects 100000 --actions 500000 --db bench/big.duckdb
    python bench/dashboard_browser.py --db bench/big.duckdb [--repeat 7] [--width 1280] [--after-write]

Serves the app on the database (as scripts/run.sh does), opens the list, then goes to the dashboard and
back through the app's own menu `repeat` times. "Settled" means the run is over, nothing on the page is
stale or still a placeholder, the six figures, every chart and the stale-deals table are drawn.
Target (issue 15): under 1 s median at 100,000 prospects after navigation within the app. Printed, never
asserted: timings belong to benchmarks, not to tests.

The dashboard keeps its figures until something is written: `--after-write` writes one setting from this
process before each visit (as the command line or another app would), so every visit reads its figures
afresh, the cold case. Without it, the visits after the first one are the warm case. The server's CPU
time per visit (from /proc) is printed beside the wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from tests.e2e.conftest import CHROMIUM_FLAGS, Server  # noqa: E402 - the e2e tests' own server and flags

SETTLED = """() => location.pathname.endsWith('/dashboard')
  && !document.querySelector('[data-testid=stStatusWidget]')
  && !document.querySelector('[data-stale=true], [data-testid=stSkeleton]')
  && document.querySelectorAll('[data-testid=stMetric]').length === 6
  && !!document.querySelector('.st-key-csv_stale')
  && [...document.querySelectorAll('[data-testid=data-grid-canvas]')].some(c => c.offsetParent)
  && [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].filter(c => c.offsetParent).every(
       c => c.querySelector('canvas, svg'))"""
LIST_SETTLED = """() => !location.pathname.endsWith('/dashboard')
  && !document.querySelector('[data-testid=stStatusWidget]')
  && !!document.querySelector('.st-key-list_new')"""


def cpu_ms(pid: int) -> float:
    """CPU time (user and system) a process has used so far, in milliseconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def write_something(db: Path, visit: int) -> None:
    """One small write from another process than the server's: the dashboard must read its figures again."""
    from prospects.services import open_store

    store = open_store(db)
    store.settings.set("bench_dashboard_visit", str(visit))


def measure(db: Path, repeat: int, width: int, after_write: bool = False) -> tuple[list[float], list[float]]:
    """Milliseconds from the click on "Dashboard" to the settled page, one per visit (the first one included),
    and the server's CPU milliseconds over the same span."""
    from playwright.sync_api import sync_playwright

    server = Server(db)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.set_default_timeout(120_000)
            page.goto(server.url)
            page.wait_for_function(LIST_SETTLED)
            times, cpu = [], []
            for visit in range(repeat):
                if after_write:
                    write_something(db, visit)
                start, server_start = time.perf_counter(), cpu_ms(server.process.pid)
                page.locator(".st-key-menu a[href='dashboard']").click()
                page.wait_for_function(SETTLED, polling=20)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append(cpu_ms(server.process.pid) - server_start)
                page.locator(".st-key-menu a[href='']").click()
                page.wait_for_function(LIST_SETTLED, polling=50)
            browser.close()
    finally:
        server.stop()
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--after-write", action="store_true", help="write one setting before each visit (cold figures)")
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        sys.exit("Debian's chromium is needed (apt-get install chromium)")
    times, cpu = measure(args.db, args.repeat, args.width, args.after_write)
    case = "each visit after a write (cold)" if args.after_write else "visits without a write between them"
    print(f"\nDashboard in Chromium ({args.width} px), click on its menu link to settled page, {args.db}, {case}")
    print(f"  first visit            {times[0]:9.1f} ms   server CPU {cpu[0]:7.1f} ms")
    print(f"  median of {len(times)} visits     {statistics.median(times):9.1f} ms   server CPU {statistics.median(cpu):7.1f} ms")
    print(f"  fastest / slowest      {min(times):9.1f} / {max(times):.1f} ms")
    print(f"  every visit            {' '.join(f'{t:.0f}' for t in times)} ms")


if __name__ == "__main__":
    main()
