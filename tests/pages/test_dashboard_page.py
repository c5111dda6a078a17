"""The dashboard page in AppTest on the demo pipeline: each filter changes what is shown."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import altair as alt
import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import core as vega_lite_schema
from streamlit import dataframe_util

from prospects.domain import Prospect
from prospects.domain.analytics import DashboardFilters, Period, period_for
from prospects.i18n import set_language, t
from prospects.services import board, change_status, demo, open_store, save_prospect
from prospects.store import Store
from prospects.ui import dashboard_charts as charts
from prospects.ui import dashboard_widgets as widgets
from prospects.ui.dashboard_widgets import compact_money

PAGE = "pages/dashboard.py"
# The blocks of the page with a chart and its table on two tabs.
BLOCKS = ("pipeline_by_stage", "forecast", "loss_reasons", "channels", "owners", "owner_win_rate", "funnel", "campaigns",
          "movement")


@pytest.fixture
def demo_db(db_path) -> Store:
    store = open_store(db_path)
    demo.load(store)
    return store


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def headline(store: Store, filters: DashboardFilters) -> dict[str, str]:
    figures = store.analytics.headline(filters, datetime.now())
    return {
        "Open pipeline": compact_money(figures.open_pipeline, "EUR"),
        "Revenue won": compact_money(figures.won_revenue, "EUR"),
        "Overdue actions": str(figures.overdue_actions),
    }


def shown(at) -> dict[str, str]:
    values = metrics(at)
    return {k: values[k] for k in ("Open pipeline", "Revenue won", "Overdue actions")}


def open_tables(at):
    """Click every block's Table tab: only the open tab is built, so a table is read there."""
    for block in BLOCKS:
        at.session_state[widgets.KEYS.tabs(block)] = t("dashboard.table")  # "Table", "Données" in French
    return at.run()


def test_headline_figures_match_the_store(app, demo_db):
    at = app(page=PAGE)
    assert not at.exception and not at.error
    assert list(metrics(at)) == [
        "Open pipeline", "Weighted pipeline", "Revenue won", "Win rate", "Sales cycle", "Overdue actions",
    ]
    today = date.today()
    assert shown(at) == headline(demo_db, DashboardFilters(period_for("last_90", today)))
    assert any(m.delta for m in at.metric)  # changes against the previous period


def test_owner_filter(app, demo_db):
    at = app(page=PAGE)
    sophie = next(u.id for u in demo_db.users.list() if u.initials == "SM")
    at.multiselect(key="dash_owners").set_value([sophie]).run()
    expected = headline(demo_db, DashboardFilters(period_for("last_90", date.today()), owner_ids=(sophie,)))
    assert shown(at) == expected
    open_tables(at)
    owners_table = next(d.value for d in at.dataframe if "Owner" in d.value.columns and "Actions done" in d.value.columns)
    assert owners_table["Owner"].tolist() == ["Sophie Martin"]


def test_channel_and_campaign_filters(app, demo_db):
    at = app(page=PAGE)
    before = shown(at)
    at.multiselect(key="dash_channels").set_value(["Referral"]).run()
    referral = headline(demo_db, DashboardFilters(period_for("last_90", date.today()), channels=("Referral",)))
    assert shown(at) == referral != before
    open_tables(at)
    channels_table = next(d.value for d in at.dataframe if "Channel" in d.value.columns)
    assert set(channels_table["Channel"]) <= {"Referral"}
    at.multiselect(key="dash_channels").set_value([]).run()
    at.multiselect(key="dash_campaigns").set_value([demo.CAMPAIGN]).run()
    campaign = headline(demo_db, DashboardFilters(period_for("last_90", date.today()), campaigns=(demo.CAMPAIGN,)))
    assert shown(at) == campaign


def test_period_filter_and_custom_dates(app, demo_db):
    at = app(page=PAGE)
    at.selectbox(key="dash_period").set_value("last_7").run()
    assert shown(at) == headline(demo_db, DashboardFilters(period_for("last_7", date.today())))
    at.selectbox(key="dash_period").set_value("custom").run()
    start, end = date.today() - timedelta(days=200), date.today() - timedelta(days=100)
    at.date_input(key="dash_dates").set_value((start, end)).run()
    assert shown(at) == headline(demo_db, DashboardFilters(Period(start, end)))
    assert "Revenue won" in metrics(at)


def test_every_chart_has_its_table_and_a_csv(app, demo_db):
    at = app(page=PAGE)
    tabs = [tab.label for tab in at.tabs]
    assert tabs.count("Chart") == 9 and tabs.count("Table") == 9
    assert len(at.get("vega_lite_chart")) == 9
    assert len(at.get("download_button")) == 1  # the stale prospects: a block's table is built when its tab opens
    columns = len(at.columns)
    open_tables(at)
    # An open table takes the page's width: the four pairs of blocks and the movement's three quarters leave their columns.
    assert len(at.columns) == columns - 4 * 2 - 2
    assert len(at.get("download_button")) == 10  # nine charts and the stale prospects
    assert len(at.dataframe) == 10 and not at.get("vega_lite_chart")
    at.session_state[widgets.KEYS.tabs("funnel")] = "Chart"
    at.run()
    assert len(at.get("vega_lite_chart")) == 1 and len(at.dataframe) == 9


def test_stale_days_and_movement_date_change_the_lists(app, demo_db):
    at = app(page=PAGE)
    stale_title = next(m.value for m in at.markdown if "open prospects with no action" in m.value)
    at.number_input(key="dash_stale_days").set_value(5).run()
    assert next(m.value for m in at.markdown if "open prospects with no action" in m.value) != stale_title
    _, total = demo_db.analytics.stale(DashboardFilters(period_for("last_90", date.today())), 5, datetime.now())
    assert f"**{total} open prospects" in next(m.value for m in at.markdown if "open prospects with no action" in m.value)

    open_tables(at)

    def movement() -> list:
        return next(d.value for d in at.dataframe if "Moved forward" in d.value.columns)["New"].tolist()

    week = movement()
    at.date_input(key="dash_since").set_value(date.today() - timedelta(days=365)).run()
    assert sum(movement()) == 60 != sum(week)  # every demo prospect is less than a year old


def test_stale_prospects_link_to_their_record(app, demo_db):
    at = app(page=PAGE)
    stale = next(d for d in at.dataframe if "Idle days" in d.value.columns)
    first = stale.value.iloc[0]
    assert first["Name"].startswith(f"prospect?id={int(first['id'])}&n=")


def test_the_page_speaks_french(app, demo_db):
    demo_db.settings.set("language", "fr")
    set_language("fr")  # AppTest formats the options of the first page's widgets in the test's thread
    at = app(page=PAGE)
    assert "Pipeline en cours" in metrics(at)
    assert at.title[0].value == "Tableau de bord commercial"


def test_every_headline_figure_has_a_short_title_and_a_one_line_help(app, demo_db):
    at = app(page=PAGE)
    for metric in at.metric:
        assert len(metric.label) <= 18, metric.label  # whole in a third of a 1280 px page
        assert metric.proto.help.count(".") >= 2, metric.label  # what it is, then the period compared with


def test_chart_axes_are_written_in_the_language_of_the_app():
    amounts = pd.Series([0.0, 780_000.0])
    set_language("fr")
    try:
        axis, scale = charts.money_axis(amounts, "EUR")
        assert compact_money(800_000, "EUR") == "800\u00a0k\u00a0€"  # CLDR's French compact form
        assert '"800\u00a0k\u00a0€"' in axis["labelExpr"] and scale["domain"][-1] >= 780_000
        assert compact_money(400_000_000, "EUR") == "400\u00a0M\u00a0€" and compact_money(2_500_000, "EUR") == "2,5\u00a0M\u00a0€"
        rate_axis, _ = charts.language_axis(pd.Series([0.0, 1.0]), None, charts.percent)
        assert "\"25\u00a0%\"" in rate_axis["labelExpr"]
    finally:
        set_language("en")
    assert '"€800K"' in charts.money_axis(amounts, "EUR")[0]["labelExpr"]
    assert charts.nice_ticks(-3, 12) == [-5, 0, 5, 10, 15]


def test_the_movement_chart_names_what_was_gained_and_lost_with_its_sign():
    frame = pd.DataFrame({"owner": ["Sophie Martin"], "new": [3], "moved_forward": [1], "moved_back": [2],
                          "close_dates_slipped": [0], "won": [1], "lost": [2], "lost_reasons": ["Price ×2"],
                          "pipeline_change": [-12_000.0]})
    values = charts.movement_chart(frame, "EUR").records()
    assert {(v["series"], v["deals"]) for v in values} == {("+ New", 3), ("+ Moved forward", 1), ("+ Won", 1),
                                                          ("− Moved back", -2), ("− Lost", -2)}
    assert values[0]["who"] == "Sophie Martin (pipeline −€12K)"
    assert charts.movement_chart(frame.iloc[0:0], "EUR") is None


def vega_lite_errors(spec: dict) -> str | None:
    """What makes `spec` invalid Vega-Lite (the schema Altair and Streamlit draw with), None when it is valid."""
    error = validate_jsonschema(spec, vega_lite_schema.load_schema(), raise_error=False)
    return None if error is None else error.message


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_chart_of_the_page_is_valid_vega_lite(app, demo_db, language):
    # The specs are written as plain dicts (no Altair object, no validation on every run): the schema is checked here.
    demo_db.settings.set("language", language)
    set_language(language)
    try:
        at = app(page=PAGE)
    finally:
        set_language("en")
    drawn = at.get("vega_lite_chart")
    assert len(drawn) == 9
    for chart in drawn:
        spec = json.loads(chart.proto.spec)
        assert spec["$schema"] == alt.SCHEMA_URL
        assert vega_lite_errors(spec) is None, (spec, vega_lite_errors(spec))
        assert chart.proto.datasets and chart.proto.datasets[0].name == spec["data"]["name"]
    assert vega_lite_errors({"mark": {"type": "barr"}, "data": {"values": []}}) is not None  # the check can fail


def test_campaign_steps_use_the_stages_own_names(app, demo_db):
    at = open_tables(app(page=PAGE))
    campaigns = next(d.value for d in at.dataframe if "Campaign" in d.value.columns)
    stages = [s.name for s in demo_db.stages.list()]
    assert list(campaigns.columns) == ["Campaign", "Prospects", "Followed up", *stages, "Won", "Revenue won"]
    assert not any("Reached" in c for c in campaigns.columns)


def test_win_rate_per_owner_is_a_chart_of_its_own(app, demo_db):
    at = open_tables(app(page=PAGE))
    rates = next(d.value for d in at.dataframe if list(d.value.columns) == ["Owner", "Won", "Win rate"])
    expected = demo_db.analytics.by_owner(DashboardFilters(period_for("last_90", date.today())), datetime.now())
    assert rates["Owner"].tolist() == expected["owner"].tolist()


def test_a_save_shows_on_the_page_at_once(app, demo_db):
    # The page keeps its figures between runs until something is written: the run after a save shows it.
    at = app(page=PAGE)
    before = metrics(at)
    assert metrics(at.run()) == before  # a run without a write: the same figures
    owner = demo_db.users.list()[0].id
    stage = demo_db.stages.list()[0].id
    deal = save_prospect(demo_db, Prospect(last_name="Hisson", stage_id=stage, expected_revenue=3_000_000), owner)
    assert metrics(at.run())["Open pipeline"] != before["Open pipeline"]
    change_status(demo_db, deal.id, "won", owner, on=date.today())
    assert metrics(at.run())["Revenue won"] != before["Revenue won"]


def written(table) -> pd.DataFrame:
    """The texts a table of the page shows: those the app wrote for its amounts, rates and months (the grid
    writes the other columns itself from the values)."""
    return dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)


# CLDR's French abbreviations of the months, as babel writes them ("MMM").
FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
CENTS = re.compile(r"[.,]\d{2}(?!\d)")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_tables_write_amounts_rates_and_months_as_the_rest_of_the_app(app, demo_db, language):
    # A manager reads €875,500 (no ".00"), a dash where a channel has no closed deal yet (not "None"), and Oct 2026
    # (not 2026-10-01); the values under them, which the CSV holds, are the store's own.
    demo_db.settings.set("language", language)
    set_language(language)
    try:
        at = open_tables(app(page=PAGE))
        month, rate, won = t("dashboard.month"), t("dashboard.col.win_rate"), t("dashboard.won")
        forecast = next(d for d in at.dataframe if month in d.value.columns)
        channels = next(d for d in at.dataframe if t("field.channel") in d.value.columns)
        stages = next(d for d in at.dataframe if t("dashboard.weighted") in d.value.columns and month not in d.value.columns)
        chosen = DashboardFilters(period_for("last_90", date.today()))
        expected = demo_db.analytics.forecast(chosen, datetime.now())

        months = forecast.value[month].tolist()
        assert months == expected["month"].tolist() and isinstance(months[0], date)  # the values (and the CSV) as they were
        names = ([f"{m:%b %Y}" for m in months] if language == "en"
                 else [f"{FRENCH_MONTHS[m.month - 1]} {m.year}" for m in months])
        assert written(forecast)[month].tolist() == names

        amounts = [a for table, columns in ((forecast, (won, t("dashboard.weighted"), t("dashboard.raw"))),
                                            (stages, (t("dashboard.raw"), t("dashboard.weighted"))))
                   for c in columns for a in written(table)[c]]
        assert len(amounts) > len(months) and all("€" in a and not CENTS.search(a) for a in amounts), amounts
        assert forecast.value[won].tolist() == expected["won"].tolist()
        assert written(forecast)[won].tolist() == [board.money(v, "EUR") for v in expected["won"]]

        rates = written(channels)[rate].tolist()
        no_closed_deal = channels.value[rate].isna().tolist()
        assert any(no_closed_deal) and not all(no_closed_deal), "the demo has channels with and without closed deals"
        assert [r == "—" for r in rates] == no_closed_deal, rates
        assert all(r == "—" or r.endswith("%") for r in rates) and "None" not in rates
    finally:
        set_language("en")
