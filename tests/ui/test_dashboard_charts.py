"""The dashboard's legends choose their rows from the plot's width (the browser test measures them drawn)."""

from __future__ import annotations

import re

import pandas as pd

from prospects.ui.dashboard_charts import MOVES, bars, movement_chart, text_width, top_legend

FORECAST = ["Won", "Weighted by interest", "Expected revenue"]


def columns_at(legend: dict, width: float) -> int:
    """The number of entries per row that Vega takes from the legend's `columns` expression at this plot width."""
    expression = legend["columns"]["expr"]
    for least, columns in re.findall(r"width >= (\d+) \? (\d+)", expression):
        if width >= int(least):
            return int(columns)
    return int(expression.rsplit(":", 1)[-1])


def test_a_legend_takes_one_row_on_a_wide_plot_and_one_entry_per_row_on_a_narrow_one():
    legend = top_legend(FORECAST)
    assert columns_at(legend, 2000) == 3
    assert columns_at(legend, 100) == 1
    assert columns_at(legend, 321) == 2  # the forecast at 1280 px: "Won · Weighted by interest", then the third


def test_a_legend_never_takes_more_entries_on_a_narrower_plot():
    legend = top_legend(["+ Nouveaux", "+ Avancés", "+ Gagnés", "− Reculés", "− Perdus"])
    counts = [columns_at(legend, width) for width in range(0, 1000, 5)]
    assert counts == sorted(counts)
    assert set(counts) == {1, 2, 3, 4, 5}


def test_the_width_estimate_grows_with_the_letters():
    assert text_width("Ill", 14) < text_width("Won", 14) < text_width("WWW", 14)
    assert text_width("Weighted by interest", 28) == 2 * text_width("Weighted by interest", 14)
    # Above what Chromium draws in Source Sans at 14 px (measured there: 119.7 px and 120.2 px).
    assert text_width("Weighted by interest", 14) > 119.7
    assert text_width("Pondéré par l'intérêt", 14) > 120.2


def test_the_movement_legend_wraps_gains_on_one_line_and_losses_on_the_next():
    frame = pd.DataFrame([{"owner": "Sophie Martin", "pipeline_change": 1000.0, **{k: 1 for k in MOVES}}])
    legend = movement_chart(frame, "EUR").body["encoding"]["color"]["legend"]
    counts = {columns_at(legend, width) for width in range(0, 2000, 5)}
    assert counts == {1, 3, len(MOVES)}


def test_a_legend_of_named_series_lists_them_as_vega_does():
    frame = pd.DataFrame({"step": ["a", "a", "b", "b"], "campaign": ["Webinar", "Salon Solutrans 2026"] * 2,
                          "count": [3, 4, 1, 2]})
    chart = bars(frame, "step", "count", None, series="campaign", horizontal=True)
    legend = chart.body["encoding"]["color"]["legend"]
    assert legend == top_legend(["Salon Solutrans 2026", "Webinar"])  # sorted, as Vega lists a nominal domain
    assert legend["title"] == ""  # no blank title line above it
