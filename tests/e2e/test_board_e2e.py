"""The board in a real headless Chromium: card colours, drags like a hand's, clicks, a laptop's width, Ctrl+K.

The cards live in the sortables iframe; a drag needs mouse.down(), a small first move, then
mouse.move(..., steps=20) and mouse.up(). After a drop we wait for what the server renders once it
has written (the toast or the flash message), never for the board's own redraw.

One Streamlit server serves the whole module (starting one costs seconds); each test gets a fresh
browser context (a new session) and a board emptied through the services before it starts, then
creates the prospects it needs: the tests stay independent of each other and of their order.

Screenshots go to $PROSPECTS_SCREENSHOTS (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from prospects.domain import Action, Prospect, Status
from prospects.services import backup, demo, open_store, records, unit_of_work
from prospects.services import settings as team_settings
from prospects.store import Store
from tests.e2e.conftest import Server, wait_for_app

pytestmark = pytest.mark.e2e

FRAME = "iframe[title$='sortable_items']"  # ours (prospects.ui.sortables) or upstream's (streamlit_sortables)
RGB = {"late": "rgb(217, 48, 37)", "today": "rgb(227, 116, 0)", "later": "rgb(30, 142, 62)"}


@pytest.fixture(scope="module")
def board_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("board") / "prospects.duckdb"
    open_store(path)
    return path


@pytest.fixture(scope="module")
def board_server(board_db: Path) -> Iterator[Server]:
    """One app for the whole module, on the module's database."""
    srv = Server(board_db)
    yield srv
    srv.stop()


@pytest.fixture
def db_path(board_db: Path) -> Path:
    """Every test of this module works on the database its server opens (`store` opens it too)."""
    return board_db


@pytest.fixture(autouse=True)
def empty_board(store: Store) -> None:
    """Before each test, through the services: no prospect left by another test, the team in English."""
    backup.delete_all(store)
    team_settings.save_general(store, {"language": "en"})


@pytest.fixture
def server(board_server: Server) -> Server:
    return board_server


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
    frame = page.locator(FRAME).last.content_frame  # a later rerun may briefly add a second board: the newest is live
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

    def create() -> None:  # one transaction: a test's data costs one commit, not eight
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

    unit_of_work.run(store, create)
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



# -- drags like a hand's -------------------------------------------------------------------

WON_COLUMN, LOST_COLUMN = 5, 6


@pytest.fixture
def crowded(store: Store, user_id: int) -> dict[str, int]:
    """A tall New column (so that "low in the next column" is low), one card in Contacted, Proposal empty."""
    stages = store.stages.list()
    ids = {}

    def create() -> None:
        for n, (company, stage) in enumerate([("Mover Freight", stages[0])] + [(f"Filler {i}", stages[0]) for i in range(1, 9)]
                                             + [("Other Cargo", stages[1])]):
            p = store.prospects.create(
                Prospect(company=company, project_summary=f"Fleet module {n}", stage_id=stage.id, owner_id=user_id,
                         expected_revenue=1000 * (n + 1)), by=user_id)
            ids[company] = p.id

    unit_of_work.run(store, create)
    return ids


def snapshot(store: Store, ids: dict[str, int]) -> dict[int, tuple]:
    """Where every card stands, and how much history each has, read through the services."""
    out = {}
    for pid in ids.values():
        p = records.prospect(store, pid)
        out[pid] = (p.status, p.stage_id, p.version, len(records.history_frame(store, pid)))
    return out


def hand_drag(page, frame, company: str, to: tuple[float, float], *, slow_start: bool, steps: int) -> None:
    """Press a card, move a little (slowly, or at once), travel to `to` in `steps`, release."""
    source = card(frame, company).bounding_box()
    assert 0 < source["y"] < page.viewport_size["height"] - 20, "the card to drag is in view"
    x, y = source["x"] + source["width"] / 2, source["y"] + min(source["height"] / 2, 14)
    page.mouse.move(x, y)
    page.mouse.down()
    if slow_start:
        for dx in (1, 2, 3, 4, 6, 8):
            page.mouse.move(x + dx, y + dx / 2)
            page.wait_for_timeout(60)
    else:
        page.mouse.move(x + 8, y + 4)
    page.mouse.move(*to, steps=steps)
    page.wait_for_timeout(150)
    page.mouse.up()


def column_point(page, frame, column: int, where: str) -> tuple[float, float]:
    """A point in column `column` (0-based): near its top, or low in the window but still in the column."""
    body = frame.locator(".sortable-container").nth(column).locator(".sortable-container-body").bounding_box()
    x = body["x"] + body["width"] / 2
    if where == "top":
        return x, body["y"] + 20
    bottom = min(body["y"] + body["height"], page.viewport_size["height"]) - 25
    return x, bottom


DRAGS = [
    # (id, target column or None, where, slow start, steps, expected column or None for "no move")
    ("slow-next-top", 1, "top", True, 20, 1),
    ("slow-next-low", 1, "low", True, 25, 1),
    ("fast-next-low", 1, "low", False, 3, 1),
    ("two-columns-away", 2, "low", True, 20, 2),
    ("empty-column", 3, "top", False, 10, 3),
    ("won", WON_COLUMN, "low", True, 20, WON_COLUMN),
    ("lost", LOST_COLUMN, "top", False, 15, LOST_COLUMN),
    ("own-column", 0, "low", True, 20, None),
    ("outside", "outside", None, True, 20, None),
]


@pytest.mark.parametrize(("target", "where", "slow_start", "steps", "expected"),
                         [d[1:] for d in DRAGS], ids=[d[0] for d in DRAGS])
def test_every_hand_like_drag_moves_exactly_the_right_card_once(page, server, store, crowded, target, where,
                                                               slow_start, steps, expected):
    page.set_viewport_size({"width": 1280, "height": 800})
    frame = open_board(page, server)
    card(frame, "Mover Freight").scroll_into_view_if_needed()
    before = snapshot(store, crowded)
    mover = crowded["Mover Freight"]
    if target == "outside":
        to = (150, 600)  # over the sidebar: outside every column, outside the component
    else:
        to = column_point(page, frame, target, where)
    hand_drag(page, frame, "Mover Freight", to, slow_start=slow_start, steps=steps)
    if expected == LOST_COLUMN:
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Why was this deal lost?").wait_for()
        dialog.locator("[data-testid='stSelectbox']").click()
        page.get_by_role("option", name="Competitor").click()
        dialog.get_by_role("button", name="Mark as lost").click()
    if expected is not None:
        page.get_by_text(re.compile(r"Mover Freight moved to ")).wait_for()
    else:
        page.wait_for_timeout(1_500)  # long enough for a drop to have reached the server
    frame = board_frame(page)
    assert page.get_by_text("Component Error").count() == 0
    assert frame.get_by_text("Component Error").count() == 0
    after = snapshot(store, crowded)
    assert {pid: v for pid, v in after.items() if pid != mover} == {pid: v for pid, v in before.items() if pid != mover}
    status, stage_id, version, history = after[mover]
    stages = store.stages.list()
    if expected is None:
        assert after[mover] == before[mover]
        column = 0
    else:
        assert history == before[mover][3] + 1 and version == before[mover][2] + 1  # written once
        if expected == WON_COLUMN:
            assert status is Status.WON
        elif expected == LOST_COLUMN:
            assert status is Status.LOST
        else:
            assert (status, stage_id) == (Status.OPEN, stages[expected].id)
        column = expected
    frame.locator(".sortable-container").nth(column).locator(".sortable-item", has_text="Mover Freight").wait_for()


# -- clicks ------------------------------------------------------------------------------------


def test_a_click_opens_the_deal_and_escape_returns_to_the_board_where_it_was(page, server, store, crowded):
    frame = open_board(page, server)
    before = snapshot(store, crowded)
    page.mouse.move(700, 450)  # over the board: the wheel scrolls the page, not the sidebar
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(300)
    scrolled = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollTop ?? window.scrollY")
    assert scrolled > 0
    card(frame, "Filler 3").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Filler 3").first.wait_for()
    dialog.get_by_role("button", name="Open the record").wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    frame = board_frame(page)
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollTop ?? window.scrollY") == scrolled
    card(frame, "Filler 3").click()  # the same card again opens again
    page.get_by_role("dialog").get_by_role("button", name="Open the record").wait_for()
    assert snapshot(store, crowded) == before  # a click moves nothing


# -- a laptop's screen ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(1280, 800), (1440, 900)], ids=["1280", "1440"])
def test_the_board_fits_a_laptop(page, server, store, language, size, shots):
    demo.load(store)
    team_settings.save_general(store, {"language": language})
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(server.url + "/board")
    wait_for_app(page)
    page.wait_for_function(f"() => document.querySelectorAll({FRAME!r}).length === 1")
    frame = page.locator(FRAME).last.content_frame  # a later rerun may briefly add a second board: the newest is live
    frame.locator(".sortable-item").first.wait_for()
    wait_for_app(page)
    iframe = page.locator(FRAME).bounding_box()
    assert iframe["x"] + iframe["width"] <= size[0]
    fit = frame.locator(".sortable-component").evaluate(
        """el => ({scroll: el.scrollWidth - el.clientWidth,
                   right: Math.max(...[...el.querySelectorAll('.sortable-container')].map(c => c.getBoundingClientRect().right)),
                   width: document.documentElement.clientWidth,
                   columns: el.querySelectorAll('.sortable-container').length,
                   widths: [...el.querySelectorAll('.sortable-container')].map(c => c.getBoundingClientRect().width),
                   closed: [...el.querySelectorAll('.sortable-container')].slice(-2).map(c => {
                       const r = c.getBoundingClientRect(); return {left: r.left, top: r.top, bottom: r.bottom}; }),
                   tallest: Math.max(...[...el.querySelectorAll('.sortable-item')].map(c => c.getBoundingClientRect().height)),
                   lineHeight: parseFloat(getComputedStyle(el.querySelector('.sortable-item')).lineHeight)})"""
    )
    assert fit["columns"] == 7  # five stages, Won, Lost
    assert max(fit["widths"][-2:]) < min(fit["widths"][:-2])  # Won and Lost are compact drop zones
    won, lost = fit["closed"]
    assert won["left"] == lost["left"] and won["bottom"] <= lost["top"]  # stacked in one column, Won above
    assert min(fit["widths"][:-2]) >= 160  # a stage column reads its cards: no 110 px towers
    assert fit["scroll"] <= 1 and fit["right"] <= fit["width"] + 1  # every column is in view, no sideways scroll
    assert fit["tallest"] <= 5 * fit["lineHeight"] + 14  # five short lines at most: no towers of text
    first = frame.locator(".sortable-container").nth(0).locator(".sortable-item").first
    first.click()
    page.get_by_role("dialog").wait_for()
    page.wait_for_timeout(400)
    page.screenshot(path=str(shots / f"board-{size[0]}-{language}-panel.png"))


def test_the_slow_drag_low_into_the_next_column_that_broke_the_board(page, server, store):
    """On the demo board upstream's component died here with "Minified React error #185" (an update loop)."""
    demo.load(store)
    frame = open_board(page, server)
    item = frame.locator(".sortable-container").nth(1).locator(".sortable-item").first
    item.scroll_into_view_if_needed()
    marker = item.get_attribute("data-id") or re.search(r"#\d+", item.inner_text()).group(0)  # ours, or upstream's text
    prospect_id = int(marker.lstrip("#"))
    before = records.prospect(store, prospect_id)
    history = len(records.history_frame(store, prospect_id))
    to = column_point(page, frame, 2, "low")
    source = item.bounding_box()
    x, y = source["x"] + source["width"] / 2, source["y"] + 10
    page.mouse.move(x, y)
    page.mouse.down()
    for dx in (1, 2, 3, 4, 5, 7, 9, 11):
        page.mouse.move(x + dx, y + dx / 3)
        page.wait_for_timeout(80)
    page.mouse.move(*to, steps=30)
    page.wait_for_timeout(400)
    page.mouse.up()
    page.get_by_text(re.compile(r"moved to Qualified")).wait_for()
    frame = board_frame(page)
    assert page.get_by_text("Component Error").count() == 0 and frame.get_by_text("Component Error").count() == 0
    after = records.prospect(store, prospect_id)
    assert after.stage_id == store.stages.list()[2].id and after.stage_id != before.stage_id
    assert len(records.history_frame(store, prospect_id)) == history + 1


# -- closing asks, reopening names what was cancelled ----------------------------------------------


def test_a_drag_to_won_asks_about_the_open_actions_and_cancel_puts_the_card_back(page, server, store, pipeline):
    frame = open_board(page, server)
    later = pipeline["Later Transports"]
    before = records.prospect(store, later)
    drag(page, frame, "Later Transports", WON_COLUMN)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Deal won").wait_for()
    assert dialog.get_by_role("radio", name="Mark them done").is_checked()  # the default for a won deal
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    frame = board_frame(page)
    frame.locator(".sortable-container").nth(1).locator(".sortable-item", has_text="Later Transports").wait_for()
    assert records.prospect(store, later).version == before.version  # nothing written

    drag(page, frame, "Later Transports", WON_COLUMN)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Keep them").click()
    dialog.get_by_role("button", name="Mark as won").click()
    page.get_by_text(re.compile(r"Later Transports moved to Won")).wait_for()
    frame = board_frame(page)
    frame.locator(".sortable-container").nth(WON_COLUMN).locator(".sortable-item", has_text="Later Transports").wait_for()
    assert records.prospect(store, later).status is Status.WON
    assert [a.title for a in records.actions(store, later, todo_only=True)] == ["Call back"]  # kept, as chosen


def test_a_lost_deal_dragged_back_names_its_cancelled_actions_and_puts_them_back(page, server, store, pipeline, user_id):
    lost = pipeline["Lost Cargo"]
    records.close_deal(store, lost, Status.LOST, user_id, loss_reason="Competitor")  # cancels its "Call back"
    frame = open_board(page, server)
    drag(page, frame, "Lost Cargo", 2)
    notice = page.get_by_text(re.compile(r"Lost Cargo is back in the pipeline\. These actions were cancelled"))
    notice.wait_for()
    assert "Call back (" in notice.inner_text()
    assert records.prospect(store, lost).status is Status.OPEN
    page.get_by_role("button", name="Put them back to do").click()
    page.get_by_text("1 action back on the to-do list.").wait_for()
    assert [a.title for a in records.actions(store, lost, todo_only=True)] == ["Call back"]
