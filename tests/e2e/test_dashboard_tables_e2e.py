"""The dashboard's tables read whole, as a sales manager opens them on a laptop: with every block's Table tab
open, at 1280×800 (see SIZES), in English and in French, on the demo data, no table scrolls sideways and no
column header is cut.

The measures are the clipping test's (test_clipping_e2e.py): a table scrolls sideways when its grid's scroll
width passes its width; a header is cut when its text, in the grid's header font, is wider than its column
(the grid draws its headers on a canvas: the column widths are read from the grid component). That test sees
the dashboard with its charts only, as it opens.
"""

from __future__ import annotations

import pytest

from prospects.i18n import t
from prospects.services import demo
from tests.e2e.test_clipping_e2e import problems, settle
from tests.e2e.test_dashboard_legends_e2e import LANGUAGES, dashboard

pytestmark = pytest.mark.e2e

# A laptop's 1280×800, the narrowest screen the app is made for: an open table takes the page's width, so a
# table that reads whole there reads whole on any wider screen (the legends test and the clipping test look
# at 1440×900 too). Each size is a page opened at that size: a table is measured in its own layout.
SIZES = ((1280, 800),)
BLOCKS = 9  # the blocks with a chart and its table


def open_every_table(page, language: str) -> int:
    """Click each block's Table tab, one after the other (each click runs the page again); how many are open."""
    tables = page.get_by_role("tab", name=t("dashboard.table", language), exact=True)
    for index in range(tables.count()):
        tab = tables.nth(index)
        tab.scroll_into_view_if_needed()
        tab.click()
        settle(page)
    return page.get_by_role("tab", name=t("dashboard.table", language), exact=True, selected=True).count()


def test_the_dashboard_tables_read_whole_on_a_laptop(store, server, browser):
    demo.load(store)
    found: list[str] = []
    for language in LANGUAGES:
        for width, height in SIZES:
            with dashboard(browser, server, language, width, height) as page:
                settle(page)
                opened = open_every_table(page, language)
                assert opened == BLOCKS, f"{language}: {opened} Table tabs open"
                # the nine tables and the stale prospects', which has no tabs
                assert page.locator("[data-testid=stDataFrame]").count() == BLOCKS + 1
                found += problems(page, f"{language} {width}×{height}")
    assert not found, "Cut or scrolled sideways:\n" + "\n".join(found)
