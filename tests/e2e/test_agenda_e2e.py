"""The agenda in a real headless Chromium: a done tick in place, and the .ics file downloaded and parsed back.

AppTest can neither click a cell of the data editor's canvas nor run the download button's deferred
callable: both need a browser.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from prospects.domain import Action, Prospect
from prospects.store import Store
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def agenda_db(store: Store) -> dict:
    me = store.users.list()[0]
    acme = store.prospects.create(Prospect(first_name="Paul", last_name="HISSON", company="Acme", owner_id=me.id), by=me.id)
    today = datetime.combine(date.today(), time.min)
    late = store.actions.create(
        Action(prospect_id=acme.id, title="Call back", due_at=today - timedelta(days=2, hours=-10), assignee_id=me.id), by=me.id
    )
    later = store.actions.create(
        Action(prospect_id=acme.id, title="Send the quote", due_at=today + timedelta(days=9, hours=14), assignee_id=me.id),
        by=me.id,
    )
    return {"store": store, "late": late, "later": later}


def open_agenda(page, server) -> None:
    page.goto(server.url)  # the root first: Streamlit leaves its pages/-folder mode for st.navigation
    wait_for_app(page)
    page.goto(f"{server.url}/agenda")
    wait_for_app(page)
    page.get_by_text("Late · 1").wait_for()


def test_tick_done_in_place_and_download_the_calendar(page, server, agenda_db, tmp_path):
    open_agenda(page, server)

    with page.expect_download() as download:
        page.get_by_role("button", name="Calendar file (.ics)").click()
    path = tmp_path / "agenda.ics"
    download.value.save_as(path)
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert set(events) == {"Call back — Paul HISSON · Acme", "Send the quote — Paul HISSON · Acme"}
    assert events["Send the quote — Paul HISSON · Acme"].decoded("DTSTART") == agenda_db["later"].due_at

    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    grid.hover()
    page.mouse.click(box["x"] + 10, box["y"] + 35 + 18)  # select the "Done" cell of the first row...
    page.wait_for_timeout(300)  # the grid takes the focus on its own time: a Space before would scroll the page
    page.keyboard.press("Space")  # ...and tick it, wherever the column's width puts the box
    page.get_by_text("Saved.").wait_for()
    assert agenda_db["store"].actions.get(agenda_db["late"].id).done
    page.get_by_text("Later · 1").wait_for()
    assert page.get_by_text("Late · 1").count() == 0
