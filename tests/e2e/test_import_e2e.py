"""End to end: a rep uploads the trade-show file in Chromium, imports it, and finds the leads in the list."""

from __future__ import annotations

import pytest

from prospects.store import Store
from tests.e2e.conftest import wait_for_app
from tests.importing.conftest import SAMPLE


@pytest.mark.e2e
def test_upload_the_badge_file_and_find_the_prospects_in_the_list(store: Store, server, page, tmp_path) -> None:
    page.goto(f"{server.url}/import")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(SAMPLE))
    page.get_by_text("12 rows").wait_for()
    page.get_by_text("Windows-1252").first.wait_for()
    page.get_by_role("button", name="Dry run (writes nothing)").click()
    page.get_by_text("Dry run: what the import would do").wait_for()
    assert store.prospects.count() == 0
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Import done: 11 created").wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)
    assert store.prospects.count() == 11

    page.goto(f"{server.url}/prospects")
    wait_for_app(page)
    page.get_by_text("Messagerie Rapide SAS").first.wait_for(state="attached")  # a canvas grid: cells are in the DOM, hidden
    page.get_by_text("Transports Lefèvre & Fils").first.wait_for(state="attached")
