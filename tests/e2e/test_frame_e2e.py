"""The app's frame in a real browser: one navigation from the first paint, bookmarks, foreign hosts."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prospects.domain import Prospect
from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, wait_for_app
from tests.store.test_connections import hold_file

pytestmark = pytest.mark.e2e

# Streamlit's folder-built navigation labels its links with the scripts' file names.
FILE_NAMES = sorted({"app", *(path.stem for path in (ROOT / "pages").glob("*.py"))})

# Installed before any page script: records every sidebar link whose text is a file name, from the
# very first DOM node on, so that a navigation shown for a few hundred milliseconds is still seen.
WATCH_SIDEBAR = """
(() => {
  const names = new Set(FILE_NAMES);
  window.__fileNameLinks = [];
  const check = () => {
    for (const link of document.querySelectorAll('[data-testid="stSidebar"] a')) {
      const text = (link.innerText || link.textContent || '').trim();
      if (names.has(text)) window.__fileNameLinks.push(text);
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener('DOMContentLoaded', check);
})();
""".replace("FILE_NAMES", json.dumps(FILE_NAMES))


def _open_watched(browser: object, url: str) -> tuple[object, object]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB")
    context.add_init_script(WATCH_SIDEBAR)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("Working as").wait_for()
    time.sleep(1.5)  # the folder-built menu, when there is one, comes and goes in this window
    return context, page


def test_no_file_name_navigation_at_the_first_paint(store, server, browser):
    """Neither the first tab of a fresh server nor a later fresh tab ever lists `app`, `board`..."""
    for attempt in ("fresh server", "fresh tab"):
        context, page = _open_watched(browser, server.url)
        try:
            seen = page.evaluate("window.__fileNameLinks")
            assert seen == [], f"{attempt}: file-name navigation shown: {sorted(set(seen))}"
            page.get_by_test_id("stSidebar").get_by_text("Board", exact=True).wait_for()
        finally:
            context.close()


def test_a_bookmark_of_the_list_opens_the_list_on_a_fresh_server(store, server, browser):
    """/prospects opens the list, framed, without Streamlit's "Page not found", first and later."""
    for attempt in ("fresh server", "fresh tab"):
        context, page = _open_watched(browser, f"{server.url}/prospects")
        try:
            page.get_by_role("heading", name="Prospects").wait_for()
            time.sleep(1)
            assert page.get_by_test_id("stException").count() == 0, attempt
            assert page.get_by_text("Page not found").count() == 0, attempt  # Streamlit's dialog over the list
            assert page.evaluate("window.__fileNameLinks") == [], attempt
        finally:
            context.close()


def _status_line(port: int, request: str) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode("ascii"))
        conn.settimeout(10)
        return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def _upgrade(port: int, host: str) -> str:
    return _status_line(port, (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Origin: http://{host}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    ))


def _get(port: int, host: str, path: str = "/") -> str:
    return _status_line(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")


def test_only_the_hosts_the_server_is_meant_for_are_answered(store, server):
    """A DNS-rebinding page (a foreign name pointing at 127.0.0.1) gets neither the app nor its socket."""
    port = server.port
    assert " 101 " in _upgrade(port, f"127.0.0.1:{port}") + " "
    assert " 101 " in _upgrade(port, f"localhost:{port}") + " "
    assert " 101 " not in _upgrade(port, f"evil.example:{port}") + " "
    assert " 200 " in _get(port, f"127.0.0.1:{port}") + " "
    for path in ("/", "/_stcore/health", "/_stcore/host-config"):
        status = _get(port, f"evil.example:{port}", path)
        assert " 200 " not in status + " " and status.startswith("HTTP/1.1 4"), (path, status)


def test_the_run_script_serves_through_the_host_check() -> None:
    """`bash scripts/run.sh` (the README's command) starts the server that checks the Host."""
    text = Path(ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "prospects/serve.py" in text


def test_a_save_while_another_program_writes_says_so_then_goes_through_by_itself(store, server, page, user_id):
    """Validate pressed while a command-line import holds the file: one sentence while it waits, the page
    and what was typed stay on screen, and the save goes through once the file is free, without a click."""
    prospect = store.prospects.create(Prospect(last_name="HISSON", company="Euro Transports"), by=user_id)
    page.goto(f"{server.url}/prospect?id={prospect.id}")
    wait_for_app(page)
    page.get_by_role("tab", name="Details").click()
    city = page.get_by_label("City")
    city.fill("Lyon")
    city.press("Tab")
    wait_for_app(page)
    holder = hold_file(server.db_path, 60, wait=10)  # the server may still be ending the run the Tab started
    try:
        page.get_by_role("button", name="Validate").click()
        page.get_by_text("Someone else is writing to the database").wait_for(timeout=30_000)
        assert page.get_by_label("City").input_value() == "Lyon"  # the page is still there, as typed
        assert page.get_by_test_id("stException").count() == 0
    finally:
        holder.kill()
        holder.wait()
    page.get_by_text("Prospect HISSON saved.").wait_for(timeout=30_000)
    assert page.get_by_text("Someone else is writing to the database").count() == 0
    assert page.get_by_label("City").input_value() == "Lyon"
    assert store.prospects.get(prospect.id).city == "Lyon"


def test_the_listening_address_and_the_listed_names_are_answered_too(db_path, store, tmp_path):
    """`--server.address` (sharing on a network) and `server.allowedHosts` (README) add to the local names."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "prospects" / "serve.py"),
         "--server.port", str(port), "--server.address", "127.0.0.2", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--server.allowedHosts", "crm.example"],
        cwd=ROOT, env={**os.environ, "PROSPECTS_DB": str(db_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.2", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.3)

        def status(host: str) -> str:
            with socket.create_connection(("127.0.0.2", port), timeout=10) as conn:
                conn.sendall(f"GET /_stcore/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]

        deadline = time.monotonic() + 30
        while " 200 " not in status(f"127.0.0.2:{port}") + " " and time.monotonic() < deadline:
            time.sleep(0.3)
        assert " 200 " in status(f"127.0.0.2:{port}") + " "
        assert " 200 " in status(f"crm.example:{port}") + " "
        assert " 200 " in status(f"localhost:{port}") + " "
        assert status(f"evil.example:{port}").startswith("HTTP/1.1 400")
    finally:
        process.terminate()
        process.wait(timeout=10)
