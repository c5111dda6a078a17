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
