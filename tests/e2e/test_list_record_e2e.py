"""The list and the record in a real headless Chromium: create a prospect, add its action, find it in the list;
download the filtered export (the download button's deferred file needs a browser)."""

from __future__ import annotations

import csv
import io

import pytest

from prospects.domain import Prospect
from prospects.store import Store
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def open_app(page, server, path: str = "") -> None:
    page.goto(server.url)  # the root first: Streamlit leaves its pages/-folder mode for st.navigation
    wait_for_app(page)
    if path:
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)


def test_create_a_prospect_add_an_action_and_find_it_in_the_list(page, server, store: Store):
    open_app(page, server)
    page.get_by_text("There are no prospects yet").wait_for()
    page.get_by_role("button", name="New prospect").click()
    page.get_by_text("New prospect").first.wait_for()
    wait_for_app(page)
    page.get_by_label("Last name").fill("HISSON")
    page.get_by_label("Company name").fill("Euro Transports")
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("Prospect HISSON created.").wait_for()
    wait_for_app(page)
    assert "id=" in page.url  # the record now has its own address

    page.get_by_role("tab", name="Tasks").click()
    page.get_by_role("button", name="Add an action").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("What must be done?").fill("Send the quote")
    dialog.get_by_role("button", name="Save").click()
    page.get_by_text("Action “Send the quote” saved.").wait_for()
    wait_for_app(page)

    page.get_by_role("link", name="Back to the list").click()
    page.get_by_text("1 prospect · page 1 of 1").wait_for()
    grid = page.locator("[data-testid='stDataFrame']").first
    # The grid draws on a canvas; its accessible table carries the cells' text.
    grid.locator("td", has_text="Euro Transports").first.wait_for(state="attached")
    grid.locator("td", has_text="Send the quote").first.wait_for(state="attached")  # its next action
    prospect = store.prospects.get(1)
    assert (prospect.last_name, prospect.company) == ("HISSON", "Euro Transports")
    assert [a.title for a in store.actions.for_prospect(prospect.id)] == ["Send the quote"]
    page.get_by_placeholder("Name, company, email or city").fill("euro")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_text("1 prospect · page 1 of 1").wait_for()


def test_export_to_text_downloads_the_filtered_prospects(page, server, store: Store, tmp_path):
    me = store.users.list()[0].id
    store.prospects.create(Prospect(last_name="Evil", company="=HYPERLINK(\"http://x\")", city="Lyon"), me)
    store.prospects.create(Prospect(last_name="Martin", company="Globex", city="Paris"), me)
    open_app(page, server)
    page.get_by_placeholder("Name, company, email or city").fill("lyon")
    page.keyboard.press("Enter")
    page.get_by_text("1 prospect · page 1 of 1").wait_for()
    wait_for_app(page)
    page.get_by_role("button", name="Export to text").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the CSV file").click()
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [r["last_name"] for r in rows] == ["Evil"]
    assert not rows[0]["company"].startswith("=")


def test_after_a_save_the_record_stays_on_the_tab_the_rep_was_using(page, server, store: Store):
    prospect = store.prospects.create(Prospect(last_name="HISSON", company="Euro Transports"), by=None)
    open_app(page, server, f"prospect?id={prospect.id}")
    page.get_by_role("tab", name="Details").click()
    page.get_by_label("City").fill("Lyon")
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("Prospect HISSON saved.").wait_for()
    wait_for_app(page)
    assert store.prospects.get(prospect.id).city == "Lyon"
    assert page.get_by_role("tab", name="Details").get_attribute("aria-selected") == "true"
    page.get_by_label("Email").fill("hisson@")  # refused on Details: its tab carries the mark
    page.get_by_role("tab", name="History").click()
    page.get_by_role("button", name="Validate").click()
    page.get_by_text("Please correct the highlighted fields.").wait_for()
    wait_for_app(page)
    assert page.get_by_role("tab", name="History").get_attribute("aria-selected") == "true"
    assert page.get_by_role("tab", name="Details").get_by_role("img", name="error icon").count() == 1
    assert page.get_by_role("tab", name="History").get_by_role("img", name="error icon").count() == 0
