"""Settings in a real browser: the French switch, a stage renamed here shows on the board."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_a_stage_renamed_in_french_shows_on_the_board(store, server, page):
    page.goto(server.url)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Working as").wait_for()  # app.py's frame, not Streamlit's first pages/ menu
    page.locator(".st-key-menu").get_by_text("Settings", exact=True).click()
    wait_for_app(page)
    sidebar.get_by_text("Français").click()
    page.get_by_role("heading", name="Paramètres").wait_for()
    name = page.get_by_test_id("stTextInputRootElement").first.locator("input")
    name.fill("Premier appel")
    name.press("Enter")
    page.get_by_role("button", name="Enregistrer").first.click()
    page.get_by_text("Enregistré.").wait_for()
    assert store.stages.list()[0].name == "Premier appel"

    page.locator(".st-key-menu").get_by_text("Tableau Kanban", exact=True).click()
    wait_for_app(page)
    board = page.frame_locator("iframe").first
    board.get_by_text("Premier appel").first.wait_for()


def test_a_first_visit_straight_to_settings_gets_the_frame(store, server, page):
    """A shared link opened first on a fresh server still gets the sidebar, the menu and the language."""
    page.goto(f"{server.url}/settings")
    wait_for_app(page)
    page.get_by_role("heading", name="Settings").wait_for()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Working as").wait_for()
    # Under load the first visit's run can still be drawing when "Working as" shows: wait for our menu.
    sidebar.locator(".st-key-menu").get_by_text("Import / export").wait_for()
    assert sidebar.get_by_text("Import / export").count() == 1  # our menu, not Streamlit's file names
    assert sidebar.get_by_text("app", exact=True).count() == 0


def test_adding_a_user_keeps_the_users_tab_open(store, server, page):
    page.goto(f"{server.url}/settings")
    wait_for_app(page)
    page.get_by_role("tab", name="Users").click()
    form = page.get_by_test_id("stForm").filter(has_text="Add a user")
    form.get_by_label("Full name").fill("Karim Benali")
    form.get_by_label("Initials").fill("KB")
    form.get_by_role("button", name="Add").click()
    page.get_by_text("Karim Benali").first.wait_for()
    wait_for_app(page)
    assert [u.initials for u in store.users.list()][-1] == "KB"
    assert page.get_by_role("tab", name="Users").get_attribute("aria-selected") == "true"
