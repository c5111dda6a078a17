"""In a real Chromium, hostile names and file contents are shown as text on every page: no link, image,
colour or maths comes from them, and the browser never asks evil.example for anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospects.store import Store
from prospects.ui.shell import WORD_JOINER
from tests.e2e.conftest import wait_for_app
from tests.pages.test_user_text import HOSTILE, SHORT, hostile_base

pytestmark = pytest.mark.e2e

# What the page made of the hostile text, counted in the DOM. The app's own late-action dates are
# coloured too, so a colour counts only around the payload's words ("red", "r"); bold only around "b".
MADE_FROM_PAYLOAD = """() => ({
  links: document.querySelectorAll('a[href*="evil.example"]').length,
  images: document.querySelectorAll('img[src*="evil.example"]').length,
  maths: document.querySelectorAll('.katex').length,
  colours: [...document.querySelectorAll('.stMarkdownColoredText, .stMarkdownColoredBackground')]
    .filter(e => ['red', 'r'].includes(e.textContent.trim())).length,
  bold: [...document.querySelectorAll('strong, b')].filter(e => ['b', 'h'].includes(e.textContent.trim())).length,
})"""
NOTHING = {"links": 0, "images": 0, "maths": 0, "colours": 0, "bold": 0}


def shown_text(page) -> str:
    """The page's text as a reader sees it (the invisible word joiners dropped)."""
    return page.locator("[data-testid='stApp']").inner_text().replace(WORD_JOINER, "")


def visit(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator("[data-testid='stMain'] h1").first.wait_for()  # every page has its title
    wait_for_app(page)
    page.wait_for_timeout(800)  # lazily loaded Markdown plugins (maths, emoji) get their chance to render


def test_hostile_names_and_files_are_shown_as_text_in_the_browser(page, server, store: Store, user_id, tmp_path: Path):
    ids = hostile_base(store, user_id)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if "evil.example" in request.url else None)
    page.route("**/*evil.example*", lambda route: route.abort())

    visit(page, server.url)  # the root first: Streamlit leaves its pages/-folder mode for st.navigation
    seen: dict[str, dict[str, int]] = {}
    typed: dict[str, bool] = {}  # whether the hostile text reads as typed where it is shown
    for path in ("prospects", f"prospect?id={ids['prospect']}", "board", "dashboard", "agenda", "contacts",
                 "settings"):
        visit(page, f"{server.url}/{path}")
        seen[path] = page.evaluate(MADE_FROM_PAYLOAD)
        if path.startswith("prospect?"):
            typed["record title"] = HOSTILE in shown_text(page)
            page.get_by_role("tab", name="More").click()
            page.wait_for_timeout(500)
            typed["custom field label"] = SHORT in shown_text(page)
            seen["record, more"] = page.evaluate(MADE_FROM_PAYLOAD)

    csv_file = tmp_path / "hostile.csv"
    csv_file.write_text(
        f"Name,Company,Email,Channel,Date,{SHORT}\n"
        f"Zed {HOSTILE},Other {HOSTILE},{HOSTILE},{SHORT},03/04/2026,{HOSTILE}\n"  # not the base's duplicate
        "Durand,Globex,paul@globex.example,Salon,05/06/2026,plain\n",
        encoding="utf-8",
    )
    visit(page, f"{server.url}/import")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(csv_file))
    page.get_by_text("2 rows").wait_for()
    wait_for_app(page)
    page.wait_for_timeout(800)
    typed["import header and value pickers"] = SHORT in shown_text(page)
    seen["import, mapping and values"] = page.evaluate(MADE_FROM_PAYLOAD)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported, but worth a look").wait_for(timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(800)
    typed["import rows to check"] = HOSTILE in shown_text(page)
    seen["import, rows to check"] = page.evaluate(MADE_FROM_PAYLOAD)

    assert {where: counts for where, counts in seen.items() if counts != NOTHING} == {}
    assert requested == []
    assert typed == dict.fromkeys(typed, True)
