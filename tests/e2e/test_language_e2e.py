"""The language switch in a real browser: every widget of the page changes language, and back."""

from __future__ import annotations

import pytest

from prospects.services import demo
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def shows(page, label: str, value: str) -> None:
    """Wait until the sidebar's select box `label` shows `value` (its input's value)."""
    page.locator(f"[data-testid=stSidebar] input[aria-label='{label}']").first.wait_for()
    page.wait_for_function(
        "([label, value]) => [...document.querySelectorAll('[data-testid=stSidebar] input[role=combobox]')]"
        ".some(e => e.getAttribute('aria-label') === label && e.value === value)",
        arg=[label, value],
    )


def test_switching_language_redraws_every_widget(store, server, page):
    demo.load(store)
    page.goto(f"{server.url}/prospects")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Working as").wait_for()
    shows(page, "Sort by", "Updated")

    sidebar.get_by_text("Français").click()
    # A keyed select box used to keep showing its English option ("Updated") after the switch.
    shows(page, "Trier par", "Modifié")
    page.get_by_role("heading", name="Prospects", exact=True).wait_for()

    sidebar.get_by_text("English").click()
    shows(page, "Sort by", "Updated")


def reads_french(page) -> None:
    """The page is drawn in French: the sidebar's labels and a French page body."""
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Utilisateur", exact=True).wait_for()
    sidebar.get_by_role("link", name="Tableau Kanban", exact=True).wait_for()
    assert sidebar.get_by_text("Working as", exact=True).count() == 0


def test_french_sticks_through_a_reload_and_shared_links(store, server, page):
    demo.load(store)
    page.goto(f"{server.url}/prospects")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Working as").wait_for()
    sidebar.get_by_text("Français").click()
    shows(page, "Trier par", "Modifié")

    page.reload()
    reads_french(page)
    shows(page, "Trier par", "Modifié")

    page.goto(f"{server.url}/prospect?id=1")
    reads_french(page)
    page.get_by_role("tab", name="Historique").wait_for()
    page.get_by_role("button", name="Valider").first.wait_for()

    page.goto(f"{server.url}/board")
    reads_french(page)
    page.get_by_text("Faites glisser une carte").wait_for()

    # Back to English: that sticks too.
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_test_id("stSidebar").get_by_text("Working as", exact=True).wait_for()
    page.reload()
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("Working as", exact=True).wait_for()
