"""Board figures in a real headless Chromium, 1,000 open deals: medians of what a rep waits for.

- navigation to the board until every visible card is drawn (target 1.5 s);
- mouse-up after a drag until the "moved" toast, i.e. the move is saved (target 0.5 s);
- a click on a card until its deal panel shows (target 0.5 s).

Printed, never asserted: run `python -m bench.board_browser` (needs Debian's chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.board import seed_open
from bench.common import report

ROOT = Path(__file__).resolve().parent.parent
# The board's iframe; during a rerun Streamlit keeps the old one a moment, sized -1 wide: skip it.
FRAME = "iframe[title$='sortable_items']:not([width='-1'])"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
OPEN_DEALS = 1_000
REPEAT = 5


def _serve(db: Path) -> tuple[subprocess.Popen, str]:
    """The app on `db`, on a free local port, as scripts/run.sh starts it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "prospects" / "serve.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none", "--server.address", "127.0.0.1"],
        cwd=ROOT, env={**os.environ, "PROSPECTS_DB": str(db)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("streamlit did not start")


def _settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _one_board(page) -> None:
    """Wait until one board is drawn (during a rerun the old and the new component coexist)."""
    for _ in range(2):  # a drop's rerun can follow the first quiet moment
        _settled(page)
        page.wait_for_function(f"() => document.querySelectorAll({FRAME!r}).length === 1", timeout=60_000)
        page.frame_locator(FRAME).locator(".sortable-item").last.wait_for(timeout=60_000)
        page.wait_for_timeout(300)


def _board(page, url: str) -> float:
    """Navigation to the board until all its cards are drawn, in ms."""
    start = time.perf_counter()
    page.goto(url + "/board")
    page.wait_for_function(f"() => document.querySelectorAll({FRAME!r}).length === 1", timeout=60_000)
    frame = page.frame_locator(FRAME)
    frame.locator(".sortable-item").last.wait_for(timeout=60_000)
    _settled(page)
    return (time.perf_counter() - start) * 1000


def _drop(page) -> float:
    """The first card of the first column dragged to the top of the second; mouse-up to the toast, in ms."""
    _one_board(page)
    # The last drop's toast must be gone first: counting toasts while one fades out misses the new one.
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stToast\"]')", timeout=60_000)
    frame = page.frame_locator(FRAME)
    source = frame.locator(".sortable-container").nth(0).locator(".sortable-item").first.bounding_box()
    target = frame.locator(".sortable-container").nth(1).locator(".sortable-container-body").bounding_box()
    x, y = source["x"] + source["width"] / 2, source["y"] + 12
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 4)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 20, steps=15)
    toasts = page.locator("[data-testid='stToast']").count()
    start = time.perf_counter()
    page.mouse.up()
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stToast\"]').length > {toasts}",
                           timeout=60_000)
    elapsed = (time.perf_counter() - start) * 1000
    _one_board(page)
    return elapsed


def _panel(page) -> float:
    """A click on a card until its deal panel shows, in ms; then Escape."""
    _one_board(page)
    frame = page.frame_locator(FRAME)
    item = frame.locator(".sortable-container").nth(2).locator(".sortable-item").first
    item.wait_for()
    start = time.perf_counter()
    item.click()
    page.get_by_role("dialog").wait_for(timeout=60_000)
    elapsed = (time.perf_counter() - start) * 1000
    page.keyboard.press("Escape")
    page.get_by_role("dialog").wait_for(state="detached", timeout=60_000)
    _settled(page)
    return elapsed


def measure() -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "board-browser.duckdb"
        store = seed_open(db, OPEN_DEALS)
        del store  # the server holds the file from now on
        process, url = _serve(db)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=FLAGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.set_default_timeout(60_000)
                _board(page, url)  # warm-up: the first run of a server compiles and caches
                loads = [_board(page, url) for _ in range(REPEAT)]
                drops = [_drop(page) for _ in range(REPEAT)]
                panels = [_panel(page) for _ in range(REPEAT)]
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
    return [
        (f"navigation to all visible cards, {OPEN_DEALS} open deals (target 1500)", statistics.median(loads)),
        ("mouse-up to the saved toast (target 500)", statistics.median(drops)),
        ("click to the deal panel (target 500)", statistics.median(panels)),
    ]


def main() -> None:
    report(measure(), f"Board in headless Chromium, medians of {REPEAT}")


if __name__ == "__main__":
    main()
