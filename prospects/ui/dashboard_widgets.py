"""Pieces of the managers' dashboard: filters, headline figures, and charts with their table and CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from urllib.parse import quote_plus

import pandas as pd
import streamlit as st

from prospects.domain import analytics
from prospects.domain.analytics import DashboardFilters, Headline, Period
from prospects.i18n import fmt_date, fmt_month, t
from prospects.services import Store
from prospects.services import dashboard as queries
from prospects.ui import shell
from prospects.ui.dashboard_charts import (
    CHART_HEIGHT,
    LATE,
    RAW,
    WEIGHTED,
    WON,
    Chart,
    bars,
    compact_money,
    money_text,
    movement_chart,
    percent,
    win_rate_chart,
)


@dataclass(frozen=True)
class DashboardKeys:
    """The dashboard's whole session state: the keys of its filter widgets and of each block's
    Chart/Table tabs, whose values Streamlit keeps between runs (the page stores nothing else)."""

    period: str = "dash_period"
    dates: str = "dash_dates"
    owners: str = "dash_owners"
    channels: str = "dash_channels"
    campaigns: str = "dash_campaigns"
    since: str = "dash_since"
    stale_days: str = "dash_stale_days"

    def tabs(self, block: str) -> str:
        """The Chart/Table tabs of one block: the open one is the only one built."""
        return f"dash_tabs_{block}"


KEYS = DashboardKeys()

# The blocks with a chart and its table: the names of their tabs, table and CSV file.
STAGES, FORECAST, LOSSES, CHANNELS, OWNERS, OWNER_WIN_RATE, FUNNEL, CAMPAIGNS, MOVEMENT = (
    "pipeline_by_stage", "forecast", "loss_reasons", "channels", "owners", "owner_win_rate", "funnel", "campaigns", "movement")


# -- formatting ----------------------------------------------------------------


def money_column(label: str, currency: str) -> st.column_config.NumberColumn:
    """A money column; `table_with_csv` writes its amounts as the app does, without cents (12 500 € in French)."""
    return st.column_config.NumberColumn(label, format=f"%.0f {currency}")


def rate_column(label: str) -> st.column_config.NumberColumn:
    """A rate column (0.75); `table_with_csv` writes it as the charts do (75 %), a dash when there is none."""
    return st.column_config.NumberColumn(label, format="percent")


# The pattern of a month in a table (Oct 2026, oct. 2026), as `i18n.fmt_month` writes it: marks a month column.
MONTH = "MMM y"


def month_column(label: str) -> st.column_config.DateColumn:
    """A column of months (their first day); `table_with_csv` writes each as a month of the app's language."""
    return st.column_config.DateColumn(label, format=MONTH)


MISSING = "—"  # a figure there is none of (a win rate with no closed deal), as the app's other tables write it


def _writer(config: dict | None) -> Callable[[object], str] | None:
    """How `table_with_csv` writes the values of a column made by `money_column`, `rate_column` or
    `month_column`; None for a column the grid writes itself."""
    type_config = (config or {}).get("type_config") or {}
    number_format = str(type_config.get("format") or "")
    if type_config.get("type") == "number" and number_format.startswith("%.0f "):
        currency = number_format.removeprefix("%.0f ")
        return lambda v: money_text(round(v), currency)
    if type_config.get("type") == "number" and number_format == "percent":
        return percent
    if type_config.get("type") == "date" and number_format == MONTH:
        return fmt_month
    return None


def _styled(table: pd.DataFrame, columns: dict) -> tuple[pd.DataFrame | object, dict]:
    """The table with its amounts, rates and months written by the app (12 500 €, 75 %, oct. 2026 in French), and
    the column settings without a format for those columns, which would override the written text. The values
    stay as they are: the grid sorts by them, and the CSV holds them."""
    writers = {name: w for name, config in columns.items() if name in table.columns and (w := _writer(config))}
    if not writers:
        return table, columns
    styled = table.style.format({name: (lambda v, w=w: MISSING if pd.isna(v) else w(v)) for name, w in writers.items()})
    plain = {name: _without_format(config) if name in writers else config for name, config in columns.items()}
    return styled, plain


def _without_format(config: dict) -> dict:
    """A column's settings (label, width, help) without its format; a month is shown as the text written for it."""
    type_config = {**config["type_config"], "format": None}
    if type_config["type"] == "date":
        type_config = {"type": "text"}
    return {**config, "type_config": type_config}


def record_url(prospect_id: int, name: str | None) -> str:
    """The record page of a prospect; the name rides along so a table can show it as the link text."""
    return f"prospect?id={int(prospect_id)}&n={quote_plus(name or '#' + str(prospect_id))}"


def record_column(label: str) -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label, display_text=r"n=(.*)$")


def with_links(frame: pd.DataFrame, id_column: str = "id") -> pd.DataFrame:
    """Replace the name column by a link to each record."""
    frame = frame.copy()
    frame["name"] = [record_url(i, n) for i, n in zip(frame[id_column], frame["name"], strict=True)]
    return frame


# -- layout --------------------------------------------------------------------


def table_open(name: str) -> bool:
    """Whether a block's Table tab is open (Streamlit keeps the open tab's label under the tabs' key)."""
    return st.session_state.get(KEYS.tabs(name)) == t("dashboard.table")


def side_by_side(*names: str) -> list:
    """The places of blocks that share a row: side by side while they show their charts; one under the other,
    each the page's width, once one of them shows its table. A table of several figures in half the page at
    1280 px scrolled sideways and cut its headers; a manager reads it whole."""
    if any(table_open(name) for name in names):
        return [st.container() for _ in names]
    return list(st.columns(len(names)))


def block(title: str, chart: Callable[[], Chart | None], table: pd.DataFrame, key: str, columns: dict | None = None,
          explain: str | None = None, caption: str | None = None) -> None:
    """A chart, with its table one click away and the table as CSV; `caption` says how to read the chart.

    Only the open tab is built (the chart, or the table and its file): a click on the other tab runs the
    page again, and a table is not built and sent on every run for the few who open it."""
    st.markdown(f"**{title}**", help=explain)
    if caption:
        st.caption(caption)
    chart_tab, table_tab = st.tabs([t("dashboard.chart"), t("dashboard.table")], key=KEYS.tabs(key), on_change="rerun")
    if chart_tab.open:
        with chart_tab:
            drawn = None if table.empty else chart()
            if drawn is None:
                st.caption(t("dashboard.nothing"))
            else:
                st.vega_lite_chart(None, drawn.spec(), width="stretch", key=f"chart_{key}")
    if table_tab.open:
        with table_tab:
            table_with_csv(table, key, columns)


def table_with_csv(table: pd.DataFrame, key: str, columns: dict | None = None, csv: pd.DataFrame | None = None) -> None:
    """A table and its download (`csv` when the file should differ from what is shown, e.g. without links).
    The file is written when it is asked for, not on every run."""
    shown, config = _styled(table, columns or {})
    st.dataframe(shown, hide_index=True, column_config=config, width="stretch", placeholder=MISSING, key=f"table_{key}")
    rows = table if csv is None else csv
    st.download_button(
        t("dashboard.csv"), lambda: rows.to_csv(index=False).encode("utf-8-sig"), file_name=f"{key}.csv",
        mime="text/csv", icon=":material/download:", key=f"csv_{key}", on_click="ignore",
    )


# -- filters and figures ---------------------------------------------------------


def filters(store: Store, today: date) -> DashboardFilters:
    """The four filters that apply to everything on the page."""
    offered = queries.filter_choices(store)
    users = offered.owners
    period_col, owner_col, channel_col, campaign_col = st.columns([1.3, 1, 1, 1])
    presets = (*analytics.PERIOD_PRESETS, "custom")
    preset = period_col.selectbox(
        t("dashboard.period"), presets, index=presets.index(analytics.DEFAULT_PRESET),
        format_func=lambda p: t(f"dashboard.period.{p}"), key=KEYS.period,
    )
    period = analytics.period_for(preset, today) if preset != "custom" else None
    if period is None:
        chosen = period_col.date_input(t("dashboard.dates"), value=(today - timedelta(days=29), today), key=KEYS.dates)
        start, end = (tuple(chosen) + (today,))[:2] if isinstance(chosen, tuple | list) else (chosen, chosen)
        period = Period(min(start, end), max(start, end))
    all_label = t("dashboard.all")
    owners = owner_col.multiselect(t("field.owner"), list(users), format_func=users.get, placeholder=all_label, key=KEYS.owners)
    channels = channel_col.multiselect(t("field.channel"), offered.channels,
                                       placeholder=all_label, key=KEYS.channels)
    campaigns = campaign_col.multiselect(t("field.campaign"), offered.campaigns, placeholder=all_label,
                                         key=KEYS.campaigns)
    return DashboardFilters(period, tuple(owners), tuple(channels), tuple(campaigns))


def headline(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    """Six figures, each with its change against the previous period of the same length."""
    now_figures, before = queries.headlines(store, chosen, now)
    previous = chosen.period.previous()
    compared = t("dashboard.compared", start=fmt_date(previous.start), end=fmt_date(previous.end))
    # Two rows of three: at 1280 px six side by side cut both the titles and the figures.
    cols = [*st.columns(3), *st.columns(3)]
    for col, (key, value, delta, inverse) in zip(cols, _figures(now_figures, before, currency), strict=True):
        col.metric(shell.md(t(f"dashboard.{key}")), value, delta, delta_color="inverse" if inverse else "normal", border=True,
                   help=f"{t(f'dashboard.{key}_help')} {compared}")


def _figures(now: Headline, before: Headline, currency: str) -> list[tuple[str, str, str | None, bool]]:
    """(catalog key, value, change, whether a rise is bad) of each headline figure."""
    def money_delta(a: float, b: float) -> str | None:
        diff = analytics.change(a, b)
        return None if not diff else ("+" if diff > 0 else "-") + compact_money(abs(diff), currency)

    rate_diff = analytics.change(now.win_rate, before.win_rate)
    cycle_diff = analytics.change(now.average_cycle_days, before.average_cycle_days)
    overdue_diff = now.overdue_actions - before.overdue_actions
    return [
        ("open_pipeline", compact_money(now.open_pipeline, currency), money_delta(now.open_pipeline, before.open_pipeline), False),
        ("weighted_pipeline", compact_money(now.weighted_pipeline, currency),
         money_delta(now.weighted_pipeline, before.weighted_pipeline), False),
        ("won_revenue", compact_money(now.won_revenue, currency), money_delta(now.won_revenue, before.won_revenue), False),
        ("win_rate", percent(now.win_rate), None if not rate_diff else t("dashboard.points", n=f"{rate_diff * 100:+.0f}"), False),
        ("cycle", "—" if now.average_cycle_days is None else t("dashboard.days", n=round(now.average_cycle_days)),
         None if not cycle_diff else t("dashboard.days", n=f"{cycle_diff:+.0f}"), True),
        ("overdue", str(now.overdue_actions), None if not overdue_diff else f"{overdue_diff:+d}", True),
    ]


# -- charts ----------------------------------------------------------------------


def stage_pipeline(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    frame = queries.pipeline_by_stage(store, chosen, now)
    raw, weighted = t("dashboard.raw"), t("dashboard.weighted")
    long = analytics.stage_pipeline_long(frame, raw, weighted)
    chart = partial(bars, long, "stage", "value", currency, "series", {raw: RAW, weighted: WEIGHTED},
                    order=list(frame["stage"]), height=CHART_HEIGHT + 40)
    table = frame.drop(columns="position").rename(columns={"stage": t("field.stage"), "prospects": t("dashboard.prospects"),
                                                           "raw": raw, "weighted": weighted})
    block(t("dashboard.by_stage"), chart, table, STAGES, {raw: money_column(raw, currency), weighted: money_column(weighted, currency)})


def funnel(store: Store, chosen: DashboardFilters) -> None:
    reached, won = queries.funnel(store, chosen)
    frame = pd.concat([reached[["stage", "prospects"]], pd.DataFrame({"stage": [t("status.won")], "prospects": [won]})])
    chart = partial(bars, frame, "stage", "prospects", None, horizontal=True, order=list(frame["stage"]), colors={"": WEIGHTED})
    table = frame.rename(columns={"stage": t("field.stage"), "prospects": t("dashboard.reached")})
    block(t("dashboard.funnel"), chart, table, FUNNEL)


def forecast(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    frame = queries.forecast(store, chosen, now)
    labels = {"won": t("dashboard.won"), "weighted": t("dashboard.weighted"), "raw": t("dashboard.raw")}
    long = analytics.forecast_long(frame, labels)
    long["month"] = [fmt_month(date.fromisoformat(f"{m}-01"), short=True) for m in long["month"]]
    chart = partial(bars, long, "month", "value", currency, "series", {labels["won"]: WON, labels["weighted"]: WEIGHTED, labels["raw"]: RAW},
                    order=list(dict.fromkeys(long["month"])), height=CHART_HEIGHT + 40)
    table = frame.rename(columns={"month": t("dashboard.month"), **labels})
    columns = {t("dashboard.month"): month_column(t("dashboard.month")), **{v: money_column(v, currency) for v in labels.values()}}
    block(t("dashboard.forecast"), chart, table, FORECAST, columns,
          explain=t("dashboard.forecast_help"))


def losses(store: Store, chosen: DashboardFilters, currency: str) -> None:
    frame = queries.loss_reasons(store, chosen)
    chart = partial(bars, frame, "loss_reason", "deals", None, horizontal=True, colors={"": LATE}, order=list(frame["loss_reason"]))
    table = frame.rename(columns={"loss_reason": t("field.loss_reason"), "deals": t("dashboard.deals"), "revenue": t("dashboard.revenue")})
    block(t("dashboard.losses"), chart, table, LOSSES, {t("dashboard.revenue"): money_column(t("dashboard.revenue"), currency)})


def channels(store: Store, chosen: DashboardFilters, currency: str) -> None:
    frame = queries.by_channel(store, chosen)
    chart = partial(bars, frame, "channel", "won_revenue", currency, horizontal=True, colors={"": WON}, order=list(frame["channel"]))
    names = _names()
    table = frame.rename(columns={"channel": t("field.channel"), **names})
    block(t("dashboard.channels"), chart, table, CHANNELS, _columns(names, currency))


def owners(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    """Who carries the pipeline and who is late, beside each owner's win rate (in sight, not in a wide table)."""
    frame = queries.by_owner(store, chosen, now).drop(columns="owner_id")
    frame["who"] = [t("dashboard.owner_late", owner=o, n=n) for o, n in zip(frame["owner"], frame["overdue_actions"], strict=True)]
    names = _names()
    pipeline_col, rate_col = side_by_side(OWNERS, OWNER_WIN_RATE)
    with pipeline_col:
        chart = partial(bars, frame, "who", "open_pipeline", currency, horizontal=True, order=list(frame["who"]))
        table = frame.drop(columns="who").rename(columns={"owner": t("field.owner"), **names})
        block(t("dashboard.owners"), chart, table, OWNERS, _columns(names, currency))
    with rate_col:
        rates = frame[["owner", "won", "win_rate"]]
        block(t("dashboard.owner_win_rate"), partial(win_rate_chart, rates), rates.rename(columns={"owner": t("field.owner"), **names}),
              OWNER_WIN_RATE, _columns(names, currency), explain=t("dashboard.win_rate_help"))


def campaigns(store: Store, chosen: DashboardFilters, currency: str) -> None:
    table, stage_names = queries.campaign_table(store, chosen)
    # One wording: the steps are the stages' own names; "contacted" (an action done) is named apart from any stage.
    names = {**_names(), **{s: s for s in stage_names}}
    steps = ["prospects", "contacted", *stage_names, "won"]
    long = table.melt(id_vars="campaign", value_vars=steps, var_name="step", value_name="count")
    long["step"] = long["step"].map(names)
    chart = partial(bars, long, "step", "count", None, series="campaign", order=[names[s] for s in steps], horizontal=True,
                    height=max(CHART_HEIGHT, 30 * len(long)))
    block(t("dashboard.campaigns"), chart, table.rename(columns={"campaign": t("field.campaign"), **names}), CAMPAIGNS,
          _columns(names, currency), caption=t("dashboard.campaigns_help"))


def movement(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    since_col, _ = st.columns([1, 2])
    since = since_col.date_input(t("dashboard.since"), value=now.date() - timedelta(days=analytics.DEFAULT_MOVEMENT_DAYS),
                          max_value=now.date(), key=KEYS.since, format="DD/MM/YYYY")
    frame = queries.movement(store, chosen, since, now)
    names = _names()
    table = frame.rename(columns={"owner": t("field.owner"), **names})
    block(t("dashboard.movement"), partial(movement_chart, frame, currency), table, MOVEMENT, _columns(names, currency),
          caption=t("dashboard.movement_help", since=fmt_date(since)))


def stale(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    days_col, _ = st.columns([1, 3])
    days = days_col.number_input(t("dashboard.stale_days"), min_value=1, max_value=365, value=analytics.DEFAULT_STALE_DAYS,
                           step=1, key=KEYS.stale_days)
    frame, total = queries.stale(store, chosen, int(days), now)
    st.markdown(f"**{t('dashboard.stale', n=total, days=int(days))}**")
    if len(frame) < total:
        st.caption(t("dashboard.first", n=len(frame)))
    names = _names()
    titles = {"name": t("field.name"), "company": t("field.company"), "stage": t("field.stage"), "owner": t("field.owner"), **names}
    columns = {**_columns(names, currency), t("field.name"): record_column(t("field.name")), "id": None}
    shown = with_links(frame).drop(columns="last_activity").rename(columns=titles)
    table_with_csv(shown, "stale", columns, csv=frame.rename(columns=titles))


def _names() -> dict[str, str]:
    """Column titles of the dashboard's tables."""
    keys = ("prospects", "contacted", "won", "lost", "win_rate", "won_revenue", "open_pipeline", "overdue_actions",
            "due_today", "actions_done", "new", "moved_forward", "moved_back", "close_dates_slipped", "lost_reasons",
            "pipeline_change", "expected_revenue", "last_activity", "idle_days")
    return {k: t(f"dashboard.col.{k}") for k in keys}


def _columns(names: dict[str, str], currency: str) -> dict[str, object]:
    money = ("won_revenue", "open_pipeline", "pipeline_change", "expected_revenue")
    config: dict[str, object] = {names[k]: money_column(names[k], currency) for k in money}
    config[names["win_rate"]] = rate_column(names["win_rate"])
    # A fixed width, as the record page's notes: a long list of reasons is cut in its cell, never the table
    # pushed sideways (the movement table fills the page's width at 1280 px); the losses block lists them all.
    config[names["lost_reasons"]] = st.column_config.TextColumn(names["lost_reasons"], width=120)
    for short in ("close_dates_slipped", "pipeline_change"):  # short headers, said in full on hover
        config[names[short]] = {**config.get(names[short], st.column_config.Column(names[short])),
                                "help": t(f"dashboard.col.{short}_help")}
    config[names["last_activity"]] = st.column_config.DatetimeColumn(names["last_activity"], format="DD/MM/YYYY")
    return config
