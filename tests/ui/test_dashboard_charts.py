"""The dashboard's legends and column labels are laid out for a laptop screen (the browser test measures them drawn)."""

from __future__ import annotations

import pandas as pd

from prospects.ui.dashboard_charts import HALF_PAGE, MOVES, bars, movement_chart, plot_room, text_width, top_legend

FORECAST = ["Won", "Weighted by interest", "Expected revenue"]


def test_a_legend_takes_one_row_where_it_fits_and_wraps_where_it_does_not():
    assert top_legend(FORECAST, 2000)["columns"] == 3
    assert top_legend(FORECAST, 321)["columns"] == 2  # the forecast at 1280 px: "Won · Weighted by interest", then the third
    assert top_legend(FORECAST, 100)["columns"] == 1


def test_a_legend_never_takes_more_entries_per_row_in_less_room():
    labels = ["+ Nouveaux", "+ Avancés", "+ Gagnés", "− Reculés", "− Perdus"]
    counts = [top_legend(labels, room)["columns"] for room in range(0, 1000, 5)]
    assert counts == sorted(counts)
    assert set(counts) == {1, 2, 3, 4, 5}


def test_the_width_estimate_grows_with_the_letters_and_exceeds_what_the_browser_draws():
    assert text_width("Ill", 14) < text_width("Won", 14) < text_width("WWW", 14)
    assert text_width("Weighted by interest", 28) == 2 * text_width("Weighted by interest", 14)
    # What Chromium draws in Source Sans at 14 px, measured there: 119.7 px and 120.2 px.
    assert text_width("Weighted by interest", 14) > 119.7
    assert text_width("Pondéré par l'intérêt", 14) > 120.2


def test_the_plot_is_what_the_axis_on_its_left_leaves():
    assert plot_room(400, [], False) < 400
    assert plot_room(400, ["Proposition"], False) < plot_room(400, ["Won"], False)
    assert plot_room(400, ["€600K"], True) < plot_room(400, ["€600K"], False)  # an axis title takes room too
    assert plot_room(400, ["x" * 100], False, limit=180) == plot_room(400, ["x" * 200], False, limit=180)


def test_the_movement_legend_wraps_gains_on_one_line_and_losses_on_the_next():
    frame = pd.DataFrame([{"owner": "Sophie Martin", "pipeline_change": 1000.0, **dict.fromkeys(MOVES, 1)}])
    gains = sum(sign > 0 for sign, _ in MOVES.values())
    assert movement_chart(frame, "EUR", width=2000).body["encoding"]["color"]["legend"]["columns"] == len(MOVES)
    assert movement_chart(frame, "EUR", width=600).body["encoding"]["color"]["legend"]["columns"] == gains
    assert movement_chart(frame, "EUR", width=250).body["encoding"]["color"]["legend"]["columns"] == 1


def test_a_legend_of_named_series_lists_them_as_vega_does():
    frame = pd.DataFrame({"step": ["a", "a", "b", "b"], "campaign": ["Webinar", "Salon Solutrans 2026"] * 2,
                          "count": [3, 4, 1, 2]})
    legend = bars(frame, "step", "count", None, series="campaign", horizontal=True).body["encoding"]["color"]["legend"]
    assert legend == top_legend(["Salon Solutrans 2026", "Webinar"], plot_room(HALF_PAGE, ["a", "b"], False))
    assert legend["title"] == ""  # no blank title line above it


def test_labels_under_columns_slant_only_when_neighbours_would_run_into_each_other():
    stages = pd.DataFrame({"stage": ["Nouveau", "Contacté", "Qualifié", "Proposition", "Négociation"],
                           "value": [5.0, 4.0, 3.0, 2.0, 1.0]})
    def angle(width: int) -> int:
        chart = bars(stages, "stage", "value", "EUR", order=list(stages["stage"]), width=width)
        return chart.body["encoding"]["x"]["axis"]["labelAngle"]
    assert angle(HALF_PAGE) == -40  # at 1280 px "Proposition" and "Négociation" touched
    assert angle(2 * HALF_PAGE) == 0
    few = pd.DataFrame({"stage": ["A", "B"], "value": [1.0, 2.0]})
    assert bars(few, "stage", "value", "EUR").body["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_labels_beside_rows_never_slant():
    frame = pd.DataFrame({"channel": ["Salon", "Recommandation"], "won_revenue": [2.0, 1.0]})
    axis = bars(frame, "channel", "won_revenue", "EUR", horizontal=True, width=100).body["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelAngle"] == 0
