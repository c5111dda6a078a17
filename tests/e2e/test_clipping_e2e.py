"""Nothing clipped on a laptop: every page, in English and French, at 1280×800 and 1440×900.

A button, tab, KPI label or value is cut when the text inside its box is wider than the box (or an
ellipsis is in effect); a table's column header is cut when its text is wider than its column; a page
is cut when it scrolls sideways, and so is a dashboard table (a manager reads it without scrolling). One browser page visits everything through the app's own menu (the
language is kept by the session, not by the URL), and changes size without reloading.
"""

from __future__ import annotations

import pytest

from prospects.services import demo
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

SIZES = ((1280, 800), (1440, 900))

# Every element of the page whose text is wider than its box, and sideways scrolling.
CUT_ELEMENTS = """() => {
  const found = [];
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const text = e => (e.innerText || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  const kinds = [
    ['button', '[data-testid=stMain] button, [data-testid=stSidebar] button, [role=dialog] button'],
    ['tab', '[role=tab]'],
    ['KPI label', '[data-testid=stMetricLabel]'],
    ['KPI value', '[data-testid=stMetricValue]'],
  ];
  for (const [kind, selector] of kinds) {
    for (const box of document.querySelectorAll(selector)) {
      if (!shown(box) || !text(box)) continue;
      const outer = box.getBoundingClientRect();
      for (const el of [box, ...box.querySelectorAll('*')]) {
        if (!shown(el) || el.closest('[data-testid=stTooltipIcon]')) continue;
        const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!ownText) continue;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const wider = style.display !== 'inline' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
        const outside = r.right > outer.right + 1 || r.left < outer.left - 1;
        if (wider || outside) { found.push(`${kind} "${text(box)}"`); break; }
      }
    }
  }
  for (const list of document.querySelectorAll('[role=tablist]')) {
    if (shown(list) && list.scrollWidth > list.clientWidth + 1) found.push(`tabs "${text(list)}" scroll sideways`);
  }
  for (const grid of document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')) {
    if (shown(grid) && grid.scrollWidth > grid.clientWidth + 1) {
      const heads = [...grid.closest('[data-testid=stDataFrame]').querySelectorAll('th')].map(h => h.textContent);
      found.push(`table [${heads.join(', ')}] scrolls sideways`);
    }
  }
  const main = document.querySelector('[data-testid=stMain]');
  if (document.documentElement.scrollWidth > innerWidth || (main && main.scrollWidth > main.clientWidth + 1)) {
    found.push('the page scrolls sideways');
  }
  return found;
}"""

# The width each header of a table needs: its text in the grid's header font, after the grid's 8 px left
# padding, and 4 px before the column's edge (glide clips a header there, without an ellipsis).
HEADER_NEEDS = """(grid) => {
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = `600 14px ${getComputedStyle(grid).fontFamily}`;
  return [...grid.querySelectorAll('th')].map(h => [h.textContent, canvas.measureText(h.textContent).width + 12]);
}"""


def column_edges(page, canvas) -> list[float]:
    """The right edges of a grid's columns, found where the header shows the column-resize cursor."""
    box = canvas.bounding_box()
    edges: list[float] = []
    x = box["x"] + 3
    while x < box["x"] + box["width"] - 1:
        page.mouse.move(x, box["y"] + 17)
        if canvas.evaluate("c => getComputedStyle(c).cursor") == "col-resize":
            if not edges or x - edges[-1][-1] > 8:
                edges.append([x])
            else:
                edges[-1].append(x)
        x += 5
    page.mouse.move(0, 0)
    return [sum(group) / len(group) - box["x"] for group in edges]


# The widths the grid drew its columns at, as the grid component holds them (its React props): exact and
# instant. None when the component is not found, and the mouse then finds the columns' edges.
GRID_WIDTHS = """(canvas) => {
  const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
  for (let fiber = key && canvas[key], up = 0; fiber && up < 80; fiber = fiber.return, up++) {
    const columns = fiber.memoizedProps && fiber.memoizedProps.columns;
    if (Array.isArray(columns) && columns.length && typeof columns[0].width === 'number') {
      return columns.map(c => c.width);
    }
  }
  return null;
}"""


def column_widths(page, canvas) -> list[float]:
    """The widths of a grid's columns from the left, row markers included."""
    widths = canvas.evaluate(GRID_WIDTHS)
    if widths is not None:
        return widths
    edges = column_edges(page, canvas)
    return [b - a for a, b in zip([0.0, *edges], edges, strict=False)]


def cut_headers(page) -> list[str]:
    """Column headers of the shown tables whose text is wider than their column."""
    found = []
    for frame in page.locator("[data-testid=stDataFrame]").all():
        canvas = frame.locator("[data-testid=data-grid-canvas]").first
        if not frame.is_visible() or canvas.count() == 0:
            continue
        needs = frame.evaluate(HEADER_NEEDS)
        widths = column_widths(page, canvas)
        assert widths, "a table's columns could not be measured"
        # The row markers of a selectable table are a narrow column without a header; a column scrolled out
        # of sight has no header in the page either: pair headers and widths from the left.
        widths = widths[1:] if widths and widths[0] < 40 else widths
        for (title, need), width in zip(needs, widths, strict=False):
            if need > width + 1:
                found.append(f'column header "{title}" ({need:.0f} px in {width:.0f} px)')
    return found


def settle(page) -> None:
    wait_for_app(page)
    page.wait_for_timeout(700)  # charts and grids draw after the run
    wait_for_app(page)


def go(page, key: str) -> None:
    """Open a page through the app's own menu, as a user does (keeps the session's language)."""
    home = key == "prospects"  # the default page: its link and address are the app's root
    page.locator(f".st-key-menu a[href='{'' if home else key}']").click()
    if home:
        page.locator(".st-key-list_new").wait_for()
    else:
        page.wait_for_function("key => location.pathname.endsWith('/' + key)", arg=key)
    settle(page)


def problems(page, where: str, wide_tables: bool = False) -> list[str]:
    """What is cut on the page; `wide_tables`: a table may scroll sideways there."""
    found = [p for p in page.evaluate(CUT_ELEMENTS) if not (wide_tables and p.startswith("table "))]
    return [f"{where}: {p}" for p in [*found, *cut_headers(page)]]


def visit_every_page(page, where: str) -> list[str]:
    """Every page of the menu, the record of a prospect, a new prospect, and every tab of settings."""
    found: list[str] = []
    go(page, "prospects")
    found += problems(page, f"{where} list")
    canvas = page.locator("[data-testid=stDataFrame] [data-testid=data-grid-canvas]").first
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the row marker of the first prospect
    page.locator(".st-key-list_open button").wait_for()
    settle(page)  # the selection's own run is over: the button clicked is the one that stays
    page.locator(".st-key-list_open button").click()
    page.wait_for_function("() => location.pathname.endsWith('/prospect') && location.search.includes('id=')",
                           timeout=60_000)
    settle(page)
    for tab in page.get_by_role("tab").all():
        tab.click()
        page.wait_for_timeout(200)
        found += problems(page, f"{where} record, tab {tab.inner_text()}")
    go(page, "prospects")
    page.locator(".st-key-list_new button").click()
    page.wait_for_function("() => location.pathname.endsWith('/prospect')")
    settle(page)
    found += problems(page, f"{where} new prospect")
    for key in ("board", "dashboard", "agenda", "contacts", "import"):
        go(page, key)
        found += problems(page, f"{where} {key}")
    go(page, "settings")
    for tab in page.get_by_role("tab").all():
        tab.click()
        page.wait_for_timeout(300)
        found += problems(page, f"{where} settings, tab {tab.inner_text()}")
    return found


def test_nothing_is_clipped_on_a_laptop_in_either_language(store, server, browser):
    demo.load(store)
    context = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{server.url}/prospects")
        settle(page)
        found: list[str] = []
        for language in ("English", "Français"):
            if language == "Français":
                go(page, "prospects")  # the sort box that shows the switch is done lives on the list
                page.get_by_test_id("stSidebar").get_by_text("Français").click()
                page.locator("[data-testid=stSidebar] input[aria-label='Trier par']").wait_for()
                settle(page)
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                found += visit_every_page(page, f"{language} {width}×{height}")
    finally:
        context.close()
    assert not found, "Clipped:\n" + "\n".join(found)
