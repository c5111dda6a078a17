"""Pieces of the managers' dashboard: filters, headline figures, and charts with their table and CSV."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote_plus

import altair as alt
import pandas as pd
import streamlit as st
from babel.dates import format_date
from babel.numbers import format_compact_currency, format_percent

from prospects.domain import analytics
from prospects.domain.analytics import DashboardFilters, Headline, Period
from prospects.i18n import fmt_date, fmt_money, fmt_number, locale, t
from prospects.services import Store
from prospects.services import dashboard as queries
from prospects.ui import shell

CHART_HEIGHT = 200


@dataclass(frozen=True)
class DashboardKeys:
    """The dashboard's whole session state: the keys of its filter widgets, whose values Streamlit
    keeps between runs (the page stores nothing else)."""

    period: str = "dash_period"
    dates: str = "dash_dates"
    owners: str = "dash_owners"
    channels: str = "dash_channels"
    campaigns: str = "dash_campaigns"
    since: str = "dash_since"
    stale_days: str = "dash_stale_days"


KEYS = DashboardKeys()
WON, WEIGHTED, RAW, LATE = "#2e7d32", "#1565c0", "#90caf9", "#c62828"
BACK = "#ef6c00"
# The movement chart's series: what an owner gained (right of zero) and lost (left of zero), with its colour.
MOVES = {"new": (1, RAW), "moved_forward": (1, WEIGHTED), "won": (1, WON), "moved_back": (-1, BACK), "lost": (-1, LATE)}


# -- formatting ----------------------------------------------------------------


def compact_money(value: float, currency: str) -> str:
    """€2.7M / 2,7 M€: a figure a manager reads at a glance (three digits at most)."""
    mantissa = abs(value)
    while mantissa >= 1000:
        mantissa /= 1000
    return format_compact_currency(value, currency, locale=locale(), fraction_digits=0 if mantissa >= 99.95 else 1)


def percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, locale=locale())


def money_column(label: str, currency: str) -> st.column_config.NumberColumn:
    """A money column; `table_with_csv` writes its amounts in the conventions of the app's language."""
    return st.column_config.NumberColumn(label, format=f"%.0f {currency}")


def _money_columns(columns: dict) -> dict[str, str]:
    """Column name -> currency, for the columns made by `money_column`."""
    found = {}
    for name, config in columns.items():
        number_format = str(((config or {}).get("type_config") or {}).get("format") or "")
        if number_format.startswith("%.0f "):
            found[name] = number_format.removeprefix("%.0f ")
    return found


def _styled(table: pd.DataFrame, columns: dict) -> tuple[pd.DataFrame | object, dict]:
    """The table with its amounts written by the app (1 234 € in French), and the column settings
    without a number format for those columns, which would override the written amounts."""
    money = {name: currency for name, currency in _money_columns(columns).items() if name in table.columns}
    if not money:
        return table, columns
    styled = table.style.format(
        {name: (lambda v, c=currency: "" if pd.isna(v) else fmt_money(round(v), c)) for name, currency in money.items()}
    )
    plain = {name: st.column_config.NumberColumn(name) if name in money else config for name, config in columns.items()}
    return styled, plain


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


def block(title: str, chart: alt.Chart | None, table: pd.DataFrame, key: str, columns: dict | None = None,
          explain: str | None = None, caption: str | None = None) -> None:
    """A chart, with its table one click away and the table as CSV; `caption` says how to read the chart."""
    st.markdown(f"**{title}**", help=explain)
    if caption:
        st.caption(caption)
    chart_tab, table_tab = st.tabs([t("dashboard.chart"), t("dashboard.table")])
    with chart_tab:
        if table.empty or chart is None:
            st.caption(t("dashboard.nothing"))
        else:
            st.altair_chart(chart, width="stretch", key=f"chart_{key}")
    with table_tab:
        table_with_csv(table, key, columns)


def table_with_csv(table: pd.DataFrame, key: str, columns: dict | None = None, csv: pd.DataFrame | None = None) -> None:
    """A table and its download (`csv` when the file should differ from what is shown, e.g. without links)."""
    shown, config = _styled(table, columns or {})
    st.dataframe(shown, hide_index=True, column_config=config, width="stretch", key=f"table_{key}")
    st.download_button(
        t("dashboard.csv"), (table if csv is None else csv).to_csv(index=False).encode("utf-8-sig"), file_name=f"{key}.csv",
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


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round values (1, 2, 2.5 or 5 times a power of ten) from below `low` to above `high`, 0 included."""
    low, high = min(low, 0.0), max(high, 0.0)
    wanted = (high - low) / count or 1.0
    power = 10 ** math.floor(math.log10(wanted))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= wanted)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 6) for i in range(first, max(last, first + 1) + 1)]


def language_axis(values: pd.Series, title: str | None, label: Callable[[float], str]) -> tuple[alt.Axis, alt.Scale]:
    """An axis whose tick labels are written by the app (800 k€ in French, €800K in English) rather than by
    Vega's d3 formats, which only know English; with the scale that puts the ticks at its ends."""
    numbers = [float(v) for v in values if not pd.isna(v)] or [0.0]
    ticks = nice_ticks(min(numbers), max(numbers))
    expression = " : ".join(f"datum.value == {v!r} ? {json.dumps(label(v), ensure_ascii=False)}" for v in ticks) + ' : ""'
    axis = alt.Axis(title=title, values=ticks, labelExpr=expression)
    return axis, alt.Scale(domain=[ticks[0], ticks[-1]], nice=False)


def _money_axis(values: pd.Series, currency: str) -> tuple[alt.Axis, alt.Scale]:
    return language_axis(values, t("dashboard.amount", currency=currency), lambda v: compact_money(v, currency))


def bars(frame: pd.DataFrame, category: str, value: str, currency: str | None, series: str | None = None,
         colors: dict[str, str] | None = None, horizontal: bool = False, order: list[str] | None = None,
         height: int = CHART_HEIGHT, labels: bool = True) -> alt.Chart:
    """Bars of `value` per `category` (side by side per `series`), money on the value axis when `currency` is set."""
    frame = frame.copy()
    frame["label"] = [compact_money(v, currency) if currency else fmt_number(v) for v in frame[value]]
    frame["amount"] = [fmt_money(v, currency) if currency else fmt_number(v) for v in frame[value]]
    value_enc = alt.X if horizontal else alt.Y
    cat_enc = alt.Y if horizontal else alt.X
    axis, scale = _money_axis(frame[value], currency) if currency else language_axis(frame[value], None, _count_label)
    encodings = {
        ("x" if horizontal else "y"): value_enc(f"{value}:Q", axis=axis, scale=scale),
        ("y" if horizontal else "x"): cat_enc(f"{category}:N", sort=order or None, title=None,
                                              axis=alt.Axis(labelLimit=180, labelAngle=_label_angle(frame[category], horizontal),
                                                            labelOverlap=False)),
        "tooltip": [alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip("amount:N", title=" ")],
    }
    if series:
        scale = alt.Scale(domain=list(colors), range=list(colors.values())) if colors else alt.Undefined
        encodings["color"] = alt.Color(f"{series}:N", scale=scale, legend=alt.Legend(title=None, orient="top"))
        if horizontal:
            encodings["yOffset"] = alt.YOffset(f"{series}:N", sort=list(colors or []))
        else:
            encodings["xOffset"] = alt.XOffset(f"{series}:N", sort=list(colors or []))
        encodings["tooltip"].insert(1, alt.Tooltip(f"{series}:N", title=" "))
    else:
        encodings["color"] = alt.value((colors or {}).get("", WEIGHTED))
    chart = alt.Chart(frame).mark_bar().encode(**encodings).properties(height=height)
    if horizontal and not series and labels:
        # The figure at the end of each bar: no need to read it off the axis.
        labels = chart.mark_text(align="left", dx=3, fontSize=11).encode(text="label:N", color=alt.value("#444"))
        return alt.layer(chart, labels)
    return chart


def _count_label(value: float) -> str:
    return fmt_number(value) if float(value).is_integer() else ""  # no "2.5 deals"


def _label_angle(categories: pd.Series, horizontal: bool) -> int:
    """Slanted labels under many columns (twelve months), so that they do not run into each other."""
    return 0 if horizontal or categories.nunique() <= 6 else -40


def stage_pipeline(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    frame = queries.pipeline_by_stage(store, chosen, now)
    raw, weighted = t("dashboard.raw"), t("dashboard.weighted")
    long = analytics.stage_pipeline_long(frame, raw, weighted)
    chart = bars(long, "stage", "value", currency, "series", {raw: RAW, weighted: WEIGHTED}, order=list(frame["stage"]),
                 height=CHART_HEIGHT + 40)
    table = frame.drop(columns="position").rename(columns={"stage": t("field.stage"), "prospects": t("dashboard.prospects"),
                                                           "raw": raw, "weighted": weighted})
    block(t("dashboard.by_stage"), chart, table, "pipeline_by_stage", {raw: money_column(raw, currency), weighted: money_column(weighted, currency)})


def funnel(store: Store, chosen: DashboardFilters) -> None:
    reached, won = queries.funnel(store, chosen)
    frame = pd.concat([reached[["stage", "prospects"]], pd.DataFrame({"stage": [t("status.won")], "prospects": [won]})])
    colors = {"": WEIGHTED}
    chart = bars(frame, "stage", "prospects", None, horizontal=True, order=list(frame["stage"]), colors=colors)
    table = frame.rename(columns={"stage": t("field.stage"), "prospects": t("dashboard.reached")})
    block(t("dashboard.funnel"), chart, table, "funnel")


def forecast(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    frame = queries.forecast(store, chosen, now)
    labels = {"won": t("dashboard.won"), "weighted": t("dashboard.weighted"), "raw": t("dashboard.raw")}
    long = analytics.forecast_long(frame, labels)
    long["month"] = [format_date(date.fromisoformat(f"{m}-01"), "MMM yy", locale=locale()) for m in long["month"]]
    chart = bars(long, "month", "value", currency, "series", {labels["won"]: WON, labels["weighted"]: WEIGHTED, labels["raw"]: RAW},
                 order=list(dict.fromkeys(long["month"])), height=CHART_HEIGHT + 40)
    table = frame.rename(columns={"month": t("dashboard.month"), **labels})
    block(t("dashboard.forecast"), chart, table, "forecast", {v: money_column(v, currency) for v in labels.values()},
          explain=t("dashboard.forecast_help"))


def losses(store: Store, chosen: DashboardFilters, currency: str) -> None:
    frame = queries.loss_reasons(store, chosen)
    chart = bars(frame, "loss_reason", "deals", None, horizontal=True, colors={"": LATE}, order=list(frame["loss_reason"]))
    table = frame.rename(columns={"loss_reason": t("field.loss_reason"), "deals": t("dashboard.deals"), "revenue": t("dashboard.revenue")})
    block(t("dashboard.losses"), chart, table, "loss_reasons", {t("dashboard.revenue"): money_column(t("dashboard.revenue"), currency)})


def channels(store: Store, chosen: DashboardFilters, currency: str) -> None:
    frame = queries.by_channel(store, chosen)
    chart = bars(frame, "channel", "won_revenue", currency, horizontal=True, colors={"": WON}, order=list(frame["channel"]))
    names = _names()
    table = frame.rename(columns={"channel": t("field.channel"), **names})
    block(t("dashboard.channels"), chart, table, "channels", _columns(names, currency))


def owners(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    """Who carries the pipeline and who is late, beside each owner's win rate (in sight, not in a wide table)."""
    frame = queries.by_owner(store, chosen, now).drop(columns="owner_id")
    frame["who"] = [t("dashboard.owner_late", owner=o, n=n) for o, n in zip(frame["owner"], frame["overdue_actions"], strict=True)]
    names = _names()
    pipeline_col, rate_col = st.columns(2)
    with pipeline_col:
        chart = bars(frame, "who", "open_pipeline", currency, horizontal=True, order=list(frame["who"]))
        table = frame.drop(columns="who").rename(columns={"owner": t("field.owner"), **names})
        block(t("dashboard.owners"), chart, table, "owners", _columns(names, currency))
    with rate_col:
        rates = frame[["owner", "won", "win_rate"]]
        block(t("dashboard.owner_win_rate"), _win_rate_chart(rates), rates.rename(columns={"owner": t("field.owner"), **names}),
              "owner_win_rate", _columns(names, currency), explain=t("dashboard.win_rate_help"))


def _win_rate_chart(rates: pd.DataFrame) -> alt.Chart:
    """One bar per owner: the share of closed deals won, written at the end of the bar with the deals won."""
    frame = rates.assign(rate=rates["win_rate"].fillna(0.0).astype(float))
    frame["label"] = [
        "—" if pd.isna(r) else t("dashboard.win_rate_of", rate=percent(r), n=int(w))
        for r, w in zip(frame["win_rate"], frame["won"], strict=True)
    ]
    axis, _ = language_axis(pd.Series([0.0, 1.0]), None, percent)
    chart = alt.Chart(frame).mark_bar(color=WON).encode(
        x=alt.X("rate:Q", axis=axis, scale=alt.Scale(domain=[0, 1.6], nice=False)),  # room for the label
        y=alt.Y("owner:N", sort=list(frame["owner"]), title=None, axis=alt.Axis(labelLimit=180)),
        tooltip=[alt.Tooltip("owner:N", title=" "), alt.Tooltip("label:N", title=" ")],
    ).properties(height=CHART_HEIGHT)
    text = chart.mark_text(align="left", dx=3, fontSize=11).encode(text="label:N", color=alt.value("#444"))
    return alt.layer(chart, text)


def campaigns(store: Store, chosen: DashboardFilters, currency: str) -> None:
    totals, reached, stage_names = queries.by_campaign(store, chosen)
    table = analytics.campaign_table(totals, reached, stage_names)
    # One wording: the steps are the stages' own names; "contacted" (an action done) is named apart from any stage.
    names = {**_names(), **{s: s for s in stage_names}}
    steps = ["prospects", "contacted", *stage_names, "won"]
    long = table.melt(id_vars="campaign", value_vars=steps, var_name="step", value_name="count")
    long["step"] = long["step"].map(names)
    chart = bars(long, "step", "count", None, series="campaign", order=[names[s] for s in steps], horizontal=True,
                 height=max(CHART_HEIGHT, 30 * len(long)))
    block(t("dashboard.campaigns"), chart, table.rename(columns={"campaign": t("field.campaign"), **names}), "campaigns",
          _columns(names, currency), caption=t("dashboard.campaigns_help"))


def movement(store: Store, chosen: DashboardFilters, now: datetime, currency: str) -> None:
    since_col, _ = st.columns([1, 2])
    since = since_col.date_input(t("dashboard.since"), value=now.date() - timedelta(days=analytics.DEFAULT_MOVEMENT_DAYS),
                          max_value=now.date(), key=KEYS.since, format="DD/MM/YYYY")
    frame = queries.movement(store, chosen, since, now)
    names = _names()
    table = frame.rename(columns={"owner": t("field.owner"), **names})
    block(t("dashboard.movement"), movement_chart(frame, currency), table, "movement", _columns(names, currency),
          caption=t("dashboard.movement_help", since=fmt_date(since)))


def movement_chart(frame: pd.DataFrame, currency: str) -> alt.Chart | None:
    """Per owner, deals gained right of zero (new, moved forward, won) and lost left of it (moved back, lost),
    each series named with its sign in the legend; the owner's label carries the change of open pipeline."""
    if frame.empty:
        return None
    who = [t("dashboard.movement_owner", owner=o, change=("+" if c >= 0 else "−") + compact_money(abs(c), currency))
           for o, c in zip(frame["owner"], frame["pipeline_change"], strict=True)]
    legend = {k: ("+ " if sign > 0 else "− ") + t(f"dashboard.col.{k}") for k, (sign, _) in MOVES.items()}
    long = pd.DataFrame(
        [{"who": w, "series": legend[k], "deals": sign * int(n), "count": fmt_number(int(n))}
         for w, (_, row) in zip(who, frame.iterrows(), strict=True) for k, (sign, _) in MOVES.items() if (n := row[k])]
    )
    if long.empty:
        return None
    gained = long[long["deals"] > 0].groupby("who")["deals"].sum()
    lost = long[long["deals"] < 0].groupby("who")["deals"].sum()
    axis, scale = language_axis(pd.concat([gained, lost, pd.Series([0])]), None, lambda v: _count_label(abs(v)))
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("deals:Q", axis=axis, scale=scale, stack="zero"),
        y=alt.Y("who:N", sort=who, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("series:N", scale=alt.Scale(domain=list(legend.values()), range=[c for _, c in MOVES.values()]),
                        legend=alt.Legend(title=None, orient="top")),
        order=alt.Order("series:N"),
        tooltip=[alt.Tooltip("who:N", title=" "), alt.Tooltip("series:N", title=" "), alt.Tooltip("count:N", title=" ")],
    ).properties(height=max(CHART_HEIGHT, 40 * len(who)))


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
    config[names["win_rate"]] = st.column_config.NumberColumn(names["win_rate"], format="percent")
    config[names["last_activity"]] = st.column_config.DatetimeColumn(names["last_activity"], format="DD/MM/YYYY")
    return config
