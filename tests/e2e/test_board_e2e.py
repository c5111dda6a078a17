"""The board in a real headless Chromium: card colours, drags to a stage and to Lost, Ctrl+K.

The cards live in the sortables iframe; a drag needs mouse.down(), a small first move, then
mouse.move(..., steps=20) and mouse.up(). After a drop we wait for what the server renders once it
has written (the toast or the flash message), never for the board's own redraw.

Screenshots go to $PROSPECTS_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from prospects.domain import Action, Prospect, Status
from prospects.services import demo
from prospects.store import Store
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

FRAME = "iframe[title='streamlit_sortables.sortable_items']"
RGB = {"late": "rgb(217, 48, 37)", "today": "rgb(242, 153, 0)", "later": "rgb(30, 142, 62)"}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PROSPECTS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def board_frame(page) -> object:
    """The cards' iframe, once the run is over (during a rerun the old and the new board coexist)."""
    page.get_by_role("heading", name="Pipeline board").wait_for()
    wait_for_app(page)
    page.wait_for_function(f"() => document.querySelectorAll({FRAME!r}).length === 1")
    frame = page.frame_locator(FRAME)
    frame.locator(".sortable-item").first.wait_for()
    return frame


def open_board(page, server) -> object:
    page.goto(server.url)
    page.get_by_text("Working as").wait_for()
    page.locator(".st-key-menu a[href='board']").click()
    return board_frame(page)


def on_the_list(page) -> None:
    page.wait_for_url(re.compile(r"/(prospects)?$"))
    page.get_by_role("heading", name="Prospects", exact=True).wait_for()
    wait_for_app(page)


def card(frame, company: str):
    return frame.locator(".sortable-item", has_text=company)


def drag(page, frame, company: str, column: int) -> None:
    """Drag the card of `company` to the top of column `column` (0-based), like a hand would."""
    source = card(frame, company).bounding_box()
    target = frame.locator(".sortable-container").nth(column).locator(".sortable-container-body").bounding_box()
    x, y = source["x"] + source["width"] / 2, source["y"] + source["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 6, y + 6)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 24, steps=20)
    page.mouse.up()


def border_colour(frame, company: str) -> str:
    return card(frame, company).evaluate("el => getComputedStyle(el).borderLeftColor")


@pytest.fixture
def pipeline(store: Store, user_id: int) -> dict[str, int]:
    stages = store.stages.list()
    now = datetime.now().replace(microsecond=0)
    today_late_evening = datetime.combine(date.today(), time(23, 59))
    ids = {}
    for company, stage, due in (
        ("Late Freight", stages[0], now - timedelta(days=2)),
        ("Today Logistics", stages[0], today_late_evening),
        ("Later Transports", stages[1], now + timedelta(days=5)),
        ("Lost Cargo", stages[1], now + timedelta(days=9)),
    ):
        p = store.prospects.create(
            Prospect(company=company, project_summary="Fleet module", stage_id=stage.id, owner_id=user_id), by=user_id
        )
        store.actions.create(Action(prospect_id=p.id, title="Call back", due_at=due), user_id)
        ids[company] = p.id
    return ids


def test_colours_then_a_drag_to_a_stage_and_a_drag_to_lost(page, server, store, pipeline, shots):
    frame = open_board(page, server)
    assert border_colour(frame, "Late Freight") == RGB["late"]
    assert border_colour(frame, "Today Logistics") == RGB["today"]
    assert border_colour(frame, "Later Transports") == RGB["later"]
    page.screenshot(path=str(shots / "board-colours.png"), full_page=True)
    stages = store.stages.list()

    drag(page, frame, "Later Transports", 3)
    page.get_by_text(re.compile(r"Later Transports moved to Proposal")).wait_for()
    frame = board_frame(page)
    moved = store.prospects.get(pipeline["Later Transports"])
    assert moved.stage_id == stages[3].id
    last = store.prospects.history(moved.id)[-1]
    assert (last.field, last.old_value, last.new_value) == ("stage", str(stages[1].id), str(stages[3].id))
    frame.locator(".sortable-container").nth(3).locator(".sortable-item", has_text="Later Transports").wait_for()

    drag(page, frame, "Lost Cargo", 6)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Why was this deal lost?").wait_for()
    assert store.prospects.get(pipeline["Lost Cargo"]).status is Status.OPEN
    dialog.locator("[data-testid='stSelectbox']").click()
    page.get_by_role("option", name="Competitor").click()
    dialog.get_by_role("button", name="Mark as lost").click()
    page.get_by_text(re.compile(r"Lost Cargo moved to Lost")).wait_for()
    frame = board_frame(page)
    lost = store.prospects.get(pipeline["Lost Cargo"])
    assert (lost.status, lost.loss_reason, lost.closed_on) == (Status.LOST, "Competitor", date.today())
    assert store.prospects.history(lost.id)[-1].new_value == "lost"
    frame.locator(".sortable-container").nth(6).locator(".sortable-item", has_text="Lost Cargo").wait_for()
    page.screenshot(path=str(shots / "board-after-moves.png"), full_page=True)


def test_the_demo_board_and_ctrl_k_between_list_and_board(page, server, store, shots):
    demo.load(store)
    frame = open_board(page, server)
    page.screenshot(path=str(shots / "board-demo.png"), full_page=True)
    page.screenshot(path=str(shots / "board-demo-cards.png"), clip={"x": 360, "y": 280, "width": 1060, "height": 600})
    page.keyboard.press("Control+k")
    on_the_list(page)
    page.keyboard.press("Control+k")
    page.wait_for_url(re.compile(r"/board$"))
    frame = board_frame(page)
    frame.locator(".sortable-item").first.click()  # the focus is now inside the iframe: the shortcut must still work
    page.keyboard.press("Control+k")
    on_the_list(page)


def test_a_new_action_from_the_board_becomes_the_next_step(page, server, store, pipeline):
    open_board(page, server)
    page.get_by_role("button", name="New action").click()  # on the first card: Late Freight
    dialog = page.get_by_role("dialog")
    title = dialog.get_by_label("What must be done?")
    title.fill("Send the brochure")
    title.press("Tab")
    dialog.get_by_role("button", name="Save").click()
    page.get_by_text("Send the brochure").first.wait_for(timeout=8_000)
    assert "Send the brochure" in [a.title for a in store.actions.for_prospect(pipeline["Late Freight"])]
