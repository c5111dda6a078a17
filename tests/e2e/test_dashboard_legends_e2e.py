"""The dashboard's charts keep their legends, axis titles and labels inside their box, and no two labels of
an axis run into each other, as a manager sees them on a laptop: at 1280×800 and 1440×900, in English and
in French, on the demo data.

Streamlit draws a Vega-Lite chart as an SVG inside the page (no iframe), so each text of a chart is an
SVG `text` element. Its box in the page (`getBoundingClientRect`) is its font's whole line height, more
than the letters take: a rotated axis title would then seem to stick out of a chart that shows it whole.
So a text is measured by its ink (the canvas's `measureText`, in the text's own font), placed where the
chart drew it (`getScreenCTM`, rotation included), and compared with the chart's box. The general clipping
test (test_clipping_e2e.py) looks at HTML text only and cannot see inside a chart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from prospects.i18n import t
from prospects.services import demo
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

# Each size is a page opened at that size: after a resize from 1440 to 1280 px, Streamlit once left one chart
# drawn 482 px wide in its 402 px column, and the test would measure that instead of the chart's layout.
SIZES = ((1280, 800), (1440, 900))
LANGUAGES = {"en": "en-GB", "fr": "fr-FR"}  # the browser's language opens the app in it

# Every text (legend, axis title and label, figure at the end of a bar) and every legend symbol of each
# chart that lies partly outside its chart, or that Vega shortened with an ellipsis because it lacked room;
# and neighbouring labels of an axis that run into each other.
OUTSIDE = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const around = points => {
    const xs = points.map(p => p.x), ys = points.map(p => p.y);
    return {left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys)};
  };
  // The corners of the letters' own box in the page, around the text's anchor and baseline (Vega draws a
  // text at its local 0, 0, then turns and moves it).
  const inkCorners = el => {
    const style = getComputedStyle(el);
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const anchor = el.getAttribute('text-anchor') || 'start';
    ctx.textAlign = {start: 'left', middle: 'center', end: 'right'}[anchor] || 'left';
    ctx.textBaseline = 'alphabetic';
    const m = ctx.measureText(el.textContent);
    const matrix = el.getScreenCTM();
    return [[-m.actualBoundingBoxLeft, -m.actualBoundingBoxAscent], [m.actualBoundingBoxRight, -m.actualBoundingBoxAscent],
            [-m.actualBoundingBoxLeft, m.actualBoundingBoxDescent], [m.actualBoundingBoxRight, m.actualBoundingBoxDescent]]
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
  };
  const ink = el => around(inkCorners(el));
  // Whether two labels of one axis (turned alike) run into each other: seen from the first one's own frame,
  // where both boxes stand square, their letters come closer than 2 px.
  const collide = (a, b) => {
    const back = a.getScreenCTM().inverse();
    const mine = around(inkCorners(a).map(p => p.matrixTransform(back)));
    const theirs = around(inkCorners(b).map(p => p.matrixTransform(back)));
    const apart = Math.max(theirs.left - mine.right, mine.left - theirs.right, theirs.top - mine.bottom, mine.top - theirs.bottom);
    return apart < 2;
  };
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')];
  const found = [];
  charts.forEach((chart, index) => {
    const svg = chart.querySelector('svg');
    // The chart's name: the bold title of the block it is in (the title stands above the Chart/Table tabs).
    let title = null;
    for (let up = chart.parentElement; up && !title; up = up.parentElement) {
      title = up.querySelector('[data-testid=stMarkdownContainer] strong');
    }
    const name = `"${title ? title.textContent : 'chart ' + (index + 1)}"`;
    if (!svg) { found.push(`${name} is not drawn as SVG (nothing to measure)`); return; }
    const a = chart.getBoundingClientRect(), s = svg.getBoundingClientRect();
    const box = {left: Math.max(a.left, s.left), right: Math.min(a.right, s.right),
                 top: Math.max(a.top, s.top), bottom: Math.min(a.bottom, s.bottom)};
    const parts = [...svg.querySelectorAll('text'), ...svg.querySelectorAll('.role-legend-symbol path')];
    for (const el of parts) {
      const text = el.textContent.trim();
      if (el.tagName === 'text' && !text) continue;
      const role = (el.closest('[class*=role-]') || svg).getAttribute('class').match(/role-([\\w-]+)/);
      const what = `${name}: ${role ? role[1] : 'text'} "${text}"`;
      if (text.endsWith('…')) found.push(`${what} is cut short by its label limit`);
      const r = el.tagName === 'text' ? ink(el) : el.getBoundingClientRect();
      const sides = [r.left < box.left - 0.5 && 'left', r.right > box.right + 0.5 && 'right',
                     r.top < box.top - 0.5 && 'top', r.bottom > box.bottom + 0.5 && 'bottom'].filter(Boolean);
      if (sides.length) {
        found.push(`${what} goes past the chart's ${sides.join(' and ')} edge ` +
                   `(${Math.round(r.left - box.left)} to ${Math.round(r.right - box.left)} px in ${Math.round(box.right - box.left)} px)`);
      }
    }
    for (const axis of svg.querySelectorAll('.role-axis')) {
      const labels = [...axis.querySelectorAll('.role-axis-label text')].filter(el => el.textContent.trim());
      for (let i = 1; i < labels.length; i++) {
        if (collide(labels[i - 1], labels[i])) {
          found.push(`${name}: axis labels "${labels[i - 1].textContent}" and "${labels[i].textContent}" run into each other`);
        }
      }
    }
  });
  return {charts: charts.length, found};
}"""

# Streamlit sizes a chart to its column: wait until every chart has been drawn at its column's width.
DRAWN = """(expected) => {
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')];
  return charts.length === expected && charts.every(c => {
    const svg = c.querySelector('svg');
    return svg && Math.abs(svg.getBoundingClientRect().width - c.getBoundingClientRect().width) < 1;
  });
}"""


def chart_tabs(page, language: str) -> int:
    """The blocks whose Chart tab is open: each must show one chart on the demo data."""
    return page.get_by_role("tab", name=t("dashboard.chart", language), exact=True, selected=True).count()


@contextmanager
def dashboard(browser, server, language: str, width: int, height: int) -> Iterator:
    """The dashboard in a fresh browser page of that size and language, once its last block is there (the
    blocks appear as the run goes: the first run's end is not enough)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=LANGUAGES[language])
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server.url}/dashboard")
        page.get_by_role("heading", name=t("dashboard.title", language)).wait_for()
        wait_for_app(page)
        page.get_by_role("tab", name=t("dashboard.chart", language), exact=True, selected=True).nth(8).wait_for()
        wait_for_app(page)
        yield page
    finally:
        context.close()


def test_the_dashboard_charts_keep_their_legends_and_axes_inside_on_a_laptop(store, server, browser):
    demo.load(store)
    found: list[str] = []
    for language in LANGUAGES:
        for width, height in SIZES:
            with dashboard(browser, server, language, width, height) as page:
                expected = chart_tabs(page, language)
                assert expected >= 9, f"{language}: only {expected} chart tabs open on the demo data"
                page.wait_for_function(DRAWN, arg=expected)
                page.wait_for_timeout(300)  # a chart draws again once its column has its width: let it settle
                page.wait_for_function(DRAWN, arg=expected)
                result = page.evaluate(OUTSIDE)
                assert result["charts"] == expected
                found += [f"{language} {width}×{height} {problem}" for problem in result["found"]]
    assert not found, "Outside its chart:\n" + "\n".join(found)
