"""Signing in a real browser: a rep and a manager each see what they should, a reload stays signed
in, signing out ends it; and the README's nginx TLS configuration serves the app with sign-in on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import CHROMIUM_FLAGS, _free_port, wait_for_app

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("PROSPECTS_SHOTS", "/tmp/shots_auth16"))


def sign_in(page, url: str, name: str, password: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("Initials or full name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for()
    wait_for_app(page)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_rep_sees_their_prospects_and_the_unassigned_ones_only(team, server, page):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").wait_for()
    assert page.get_by_text("Working as").count() == 0
    shot(page, "1-sign-in")

    sign_in(page, server.url, "AM", "rep-secret-1")
    page.get_by_text("Alpha Transports").first.wait_for(state="attached")  # a grid cell
    page.get_by_text("Charlie Fret").first.wait_for(state="attached")
    assert page.get_by_text("Bravo Logistique").count() == 0
    menu = page.locator(".st-key-menu")
    assert menu.get_by_text("Settings", exact=True).count() == 0
    assert menu.get_by_text("Audit", exact=True).count() == 0
    shot(page, "2-rep-list")

    page.goto(f"{server.url}/prospect?id={team['bravo']}")  # a reload in the same browser: still signed in
    wait_for_app(page)
    page.get_by_text("This record no longer exists").wait_for()
    assert page.get_by_text("Bravo").count() == 0
    assert page.get_by_role("button", name="Sign in").count() == 0
    shot(page, "3-rep-other-record")


def test_a_manager_sees_everything_and_the_audit(team, server, page):
    sign_in(page, server.url, "EN", "manager-secret")
    for company in ("Alpha Transports", "Bravo Logistique", "Charlie Fret"):
        page.get_by_text(company).first.wait_for(state="attached")
    shot(page, "4-manager-list")
    page.locator(".st-key-menu").get_by_text("Audit", exact=True).click()
    wait_for_app(page)
    page.get_by_role("heading", name="Audit log").wait_for()
    page.get_by_role("button", name="Export the log (CSV)").wait_for()
    wait_for_app(page)
    shot(page, "5-audit")


def test_signing_out_ends_the_session_in_every_tab(team, server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        first = context.new_page()
        sign_in(first, server.url, "AM", "rep-secret-1")
        second = context.new_page()  # a new tab of the same browser: signed in by its cookie
        second.goto(server.url)
        wait_for_app(second)
        second.get_by_text("Signed in as Alice Martin (AM)").wait_for()
        first.get_by_role("button", name="Sign out").click()
        first.get_by_role("button", name="Sign in").wait_for()
        second.reload()
        wait_for_app(second)
        second.get_by_role("button", name="Sign in").wait_for()
    finally:
        context.close()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_the_readmes_nginx_configuration_serves_the_app_over_tls_with_sign_in(db_path, store, tmp_path, browser):
    """docs/nginx-prospects.conf in front of the app on 127.0.0.1: https works (websocket included)
    and, although the app listens on loopback only, a fresh database asks to sign in through it."""
    app_port, tls_port = _free_port(), _free_port()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=crm.local",
                    "-keyout", str(tmp_path / "crm.key"), "-out", str(tmp_path / "crm.crt")],
                   check=True, capture_output=True)
    config = (ROOT / "docs" / "nginx-prospects.conf").read_text(encoding="utf-8")
    config = (config.replace("listen 443 ssl;", f"listen 127.0.0.1:{tls_port} ssl;")
              .replace("listen 80;", f"listen 127.0.0.1:{_free_port()};")
              .replace("127.0.0.1:8501", f"127.0.0.1:{app_port}")
              .replace("/etc/ssl/prospects/crm.local.crt", str(tmp_path / "crm.crt"))
              .replace("/etc/ssl/prospects/crm.local.key", str(tmp_path / "crm.key")))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; daemon off;\n"
        f"events {{}}\nhttp {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};\n"
        f"{config}\n}}\n", encoding="utf-8")
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "prospects" / "serve.py"), "--server.port", str(app_port),
         "--server.headless", "true", "--server.fileWatcherType", "none", "--server.allowedHosts", "crm.local"],
        cwd=ROOT, env={**os.environ, "PROSPECTS_DB": str(db_path)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen(["nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Chromium resolves crm.local to this computer, as the team's DNS would.
    own = browser.browser_type.launch(executable_path=shutil.which("chromium"), headless=True,
                                      args=[*CHROMIUM_FLAGS, "--host-resolver-rules=MAP crm.local 127.0.0.1"])
    context = own.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 800})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{app_port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.3)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"https://crm.local:{tls_port}/")
        wait_for_app(page)
        page.get_by_role("button", name="Sign in").wait_for()  # the websocket went through the proxy
        assert page.get_by_text("Working as").count() == 0
        shot(page, "6-through-nginx")
    finally:
        context.close()
        own.close()
        proxy.terminate()
        app.terminate()
        proxy.wait(timeout=10)
        app.wait(timeout=10)
