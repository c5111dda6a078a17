"""The dashboard's charts, written as Vega-Lite specs (plain dicts) with their rows beside them.

Altair wrote the same specs, but building and validating its objects took about a quarter of a
dashboard run (a layered chart alone ~45 ms); a dict is built in well under a millisecond. The specs
are checked against Vega-Lite's schema in the tests, once, rather than on every run.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
from babel.numbers import format_compact_currency, format_percent

from prospects.i18n import fmt_number, language, locale, t
from prospects.services import board

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
CHART_HEIGHT = 200
WON, WEIGHTED, RAW, LATE = "#2e7d32", "#1565c0", "#90caf9", "#c62828"
BACK = "#ef6c00"
# Streamlit leaves no room right of the plot, and its theme sets the last label of a value axis flush with the
# plot's end, one pixel beyond it: its last figure was cut. (Streamlit adds 20 px below when `bottom` is not set.)
PADDING = {"right": 4}
# A chart's width in half the dashboard at 1280 px, and in three quarters of it: the narrowest laptop screen the
# legends' rows and the slant of the labels are chosen for (they fit wider screens too). A spec cannot follow
# the width it is drawn at: after a resize Vega lays the chart out before a legend or labels computed from the
# new width change, and they then stuck out of the chart (seen in Chromium, from 1440 to 1280 px and back).
HALF_PAGE, THREE_QUARTERS = 400, 600
# Streamlit's chart theme writes legend labels at 14 px in Source Sans, 8 px inside the legend's edge; an entry is
# its symbol (16 px with the gap to its label) and its label, and entries stand 10 px apart.
LEGEND_FONT, LEGEND_PADDING, LEGEND_SYMBOL, LEGEND_GAP = 14, 8, 16, 10
# Its axis labels are 12 px, 16 px from the plot, and an axis title takes 30 px more; two neighbours under
# columns want some air between them.
AXIS_FONT, AXIS_LABEL_PADDING, AXIS_TITLE, AXIS_LABEL_GAP = 12, 16, 30, 6
# The widest an owner's name with their change of pipeline is written beside the movement chart, in px.
OWNER_LIMIT = 260
# The movement chart's series: what an owner gained (right of zero) and lost (left of zero), with its colour.
MOVES = {"new": (1, RAW), "moved_forward": (1, WEIGHTED), "won": (1, WON), "moved_back": (-1, BACK), "lost": (-1, LATE)}


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec whose data is the named dataset `rows` (`spec()` joins them for `st.vega_lite_chart`)."""

    body: dict[str, Any]
    rows: pd.DataFrame

    def spec(self, name: str = "rows") -> dict[str, Any]:
        return {"padding": PADDING, **self.body, "data": {"name": name}, "datasets": {name: self.rows}, "$schema": SCHEMA}

    def records(self) -> list[dict[str, Any]]:
        return self.rows.to_dict("records")


# -- formatting ----------------------------------------------------------------


def compact_money(value: float, currency: str) -> str:
    """€2.7M / 2,7 M€: a figure a manager reads at a glance (three digits at most)."""
    return _compact_money(float(value), currency, language())


@lru_cache(maxsize=4096)
def _compact_money(value: float, currency: str, lang: str) -> str:
    # Kept: babel takes a fraction of a millisecond per figure, and the page writes the same ones on every run.
    mantissa = abs(value)
    while mantissa >= 1000:
        mantissa /= 1000
    return format_compact_currency(value, currency, locale=locale(lang), fraction_digits=0 if mantissa >= 99.95 else 1)


def money_text(value: float, currency: str) -> str:
    """An amount as the board writes it, without cents (12 500 € in French, €12,500 in English), kept per value,
    currency and language for the tables and tooltips."""
    return _money_text(float(value), currency, language())


@lru_cache(maxsize=8192)
def _money_text(value: float, currency: str, lang: str) -> str:
    return board.money(value, currency)  # in the current language, which is `lang`


def percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, locale=locale())


def text_width(text: str, size: float) -> float:
    """About the width in px of `text` written in Source Sans at `size` px, rather more than less (by some
    15 %): each character is counted at the width of the widest of its kind (narrow, wide, capital, other)."""
    ems = sum(0.36 if c in _NARROW else 0.86 if c in _WIDE else 0.7 if c.isupper() else 0.57 for c in text)
    return ems * size


_NARROW = frozenset("fijlrtI.,:;'!|()[] ")
_WIDE = frozenset("mwMW@%…æœÆŒ")


# -- legends -------------------------------------------------------------------


def top_legend(labels: list[str], room: float, columns: list[int] | None = None) -> dict[str, Any]:
    """A legend above the plot, in rows of as many entries as `room` px (the plot's width at 1280 px) hold, at
    least one: never past the chart's right edge, in either language. `columns`: the row lengths allowed, when
    the entries go in groups (all by default). The title is "", not None: Streamlit writes a None title as " ",
    which leaves a blank line above the legend."""
    allowed = sorted(set(columns or range(1, len(labels) + 1)), reverse=True)
    fitting = next((n for n in allowed if _legend_width(labels, n) <= room), 1)
    return {"orient": "top", "title": "", "columnPadding": LEGEND_GAP, "columns": fitting}


def plot_room(chart_width: float, left_labels: list[str], titled: bool, limit: float = 180) -> float:
    """About the width of the plot in a chart `chart_width` px wide, once the axis on its left has taken the
    room of its labels (Vega shortens them past `limit` px) and of its title."""
    widest = min(limit, max((text_width(label, AXIS_FONT) for label in left_labels), default=0.0))
    return chart_width - widest - AXIS_LABEL_PADDING - (AXIS_TITLE if titled else 0) - PADDING["right"]


def _legend_width(labels: list[str], columns: int) -> float:
    """The width of a legend of `labels` laid in rows of `columns` entries, each column as wide as its widest
    entry (Vega's `gridAlign: each`, its default)."""
    entries = [LEGEND_SYMBOL + text_width(label, LEGEND_FONT) for label in labels]
    widths = [max(entries[c::columns]) for c in range(columns)]
    return LEGEND_PADDING + sum(widths) + LEGEND_GAP * (columns - 1)


# -- axes ----------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round values (1, 2, 2.5 or 5 times a power of ten) from below `low` to above `high`, 0 included."""
    low, high = min(low, 0.0), max(high, 0.0)
    wanted = (high - low) / count or 1.0
    power = 10 ** math.floor(math.log10(wanted))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= wanted)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 6) for i in range(first, max(last, first + 1) + 1)]


def language_axis(values: pd.Series, title: str | None, label: Callable[[float], str]) -> tuple[dict, dict]:
    """An axis whose tick labels are written by the app (800 k€ in French, €800K in English) rather than by
    Vega's d3 formats, which only know English; with the scale that puts the ticks at its ends."""
    numbers = [float(v) for v in values if not pd.isna(v)] or [0.0]
    ticks = nice_ticks(min(numbers), max(numbers))
    expression = " : ".join(f"datum.value == {v!r} ? {json.dumps(label(v), ensure_ascii=False)}" for v in ticks) + ' : ""'
    axis = {"labelExpr": expression, "title": title, "values": ticks}
    return axis, {"domain": [ticks[0], ticks[-1]], "nice": False}


def money_axis(values: pd.Series, currency: str) -> tuple[dict, dict]:
    return language_axis(values, t("dashboard.amount", currency=currency), lambda v: compact_money(v, currency))


def count_label(value: float) -> str:
    return fmt_number(value) if float(value).is_integer() else ""  # no "2.5 deals"


def _label_slant(categories: list[str], room: float, horizontal: bool) -> dict[str, Any]:
    """Labels under the columns stand upright while neighbours fit side by side in the plot's `room` px
    shared among them, and slant when they would run into each other: twelve months, or "Proposition"
    beside "Négociation" in a half-page chart at 1280 px."""
    if horizontal or len(categories) < 2:
        return {"labelAngle": 0}
    widths = [text_width(c, AXIS_FONT) for c in categories]
    needed = max((a + b) / 2 for a, b in zip(widths, widths[1:], strict=False)) + AXIS_LABEL_GAP
    return {"labelAngle": -40 if room / len(categories) < needed else 0}


def _nominal(field: str, **more: Any) -> dict[str, Any]:
    return {"field": field, "type": "nominal", **more}


def _tip(field: str) -> dict[str, Any]:
    return _nominal(field, title=" ")


# -- charts --------------------------------------------------------------------


def bars(frame: pd.DataFrame, category: str, value: str, currency: str | None, series: str | None = None,
         colors: dict[str, str] | None = None, horizontal: bool = False, order: list[str] | None = None,
         height: int = CHART_HEIGHT, labels: bool = True, width: int = HALF_PAGE) -> Chart:
    """Bars of `value` per `category` (side by side per `series`), money on the value axis when `currency` is set;
    `width`: the chart's width on a 1280 px screen."""
    frame = frame.copy()
    frame["label"] = [compact_money(v, currency) if currency else fmt_number(v) for v in frame[value]]
    frame["amount"] = [money_text(v, currency) if currency else fmt_number(v) for v in frame[value]]
    axis, scale = money_axis(frame[value], currency) if currency else language_axis(frame[value], None, count_label)
    value_channel, category_channel = ("x", "y") if horizontal else ("y", "x")
    categories = [str(c) for c in (order or sorted(set(frame[category])))]  # in the axis's order: neighbours may collide
    tick_labels = [compact_money(v, currency) if currency else count_label(v) for v in axis["values"]]
    room = plot_room(width, categories, False) if horizontal else plot_room(width, tick_labels, axis["title"] is not None)
    category_axis = {**_label_slant(categories, room, horizontal), "labelLimit": 180, "labelOverlap": False}
    encoding: dict[str, Any] = {
        value_channel: {"axis": axis, "field": value, "scale": scale, "type": "quantitative"},
        category_channel: _nominal(category, axis=category_axis, sort=order or None, title=None),
        "tooltip": [_tip(category), _tip("amount")],
    }
    if series:
        # The legend lists the colour scale's domain: the colours' order, else Vega's (sorted names).
        color = _nominal(series, legend=top_legend(list(colors) if colors else sorted(set(frame[series])), room))
        if colors:
            color["scale"] = {"domain": list(colors), "range": list(colors.values())}
        encoding["color"] = color
        encoding["yOffset" if horizontal else "xOffset"] = _nominal(series, sort=list(colors or []))
        encoding["tooltip"].insert(1, _tip(series))
    else:
        encoding["color"] = {"value": (colors or {}).get("", WEIGHTED)}
    bar = {"mark": {"type": "bar"}, "encoding": encoding}
    if horizontal and not series and labels:
        # The figure at the end of each bar: no need to read it off the axis.
        text = {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11},
                "encoding": {**encoding, "color": {"value": "#444"}, "text": _nominal("label")}}
        return Chart({"layer": [bar, text], "height": height}, frame)
    return Chart({**bar, "height": height}, frame)


def win_rate_chart(rates: pd.DataFrame) -> Chart:
    """One bar per owner: the share of closed deals won, written at the end of the bar with the deals won."""
    frame = rates.assign(rate=rates["win_rate"].fillna(0.0).astype(float))
    frame["label"] = [
        "—" if pd.isna(r) else t("dashboard.win_rate_of", rate=percent(r), n=int(w))
        for r, w in zip(frame["win_rate"], frame["won"], strict=True)
    ]
    axis, _ = language_axis(pd.Series([0.0, 1.0]), None, percent)
    encoding = {
        "tooltip": [_tip("owner"), _tip("label")],
        "x": {"axis": axis, "field": "rate", "scale": {"domain": [0, 1.6], "nice": False},  # room for the label
              "type": "quantitative"},
        "y": _nominal("owner", axis={"labelLimit": 180}, sort=list(frame["owner"]), title=None),
    }
    bar = {"mark": {"type": "bar", "color": WON}, "encoding": encoding}
    text = {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 11},
            "encoding": {**encoding, "color": {"value": "#444"}, "text": _nominal("label")}}
    return Chart({"layer": [bar, text], "height": CHART_HEIGHT}, frame)


def movement_chart(frame: pd.DataFrame, currency: str, width: int = THREE_QUARTERS) -> Chart | None:
    """Per owner, deals gained right of zero (new, moved forward, won) and lost left of it (moved back, lost),
    each series named with its sign in the legend; the owner's label carries the change of open pipeline.
    `width`: the chart's width on a 1280 px screen."""
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
    axis, scale = language_axis(pd.concat([gained, lost, pd.Series([0])]), None, lambda v: count_label(abs(v)))
    gains = sum(sign > 0 for sign, _ in MOVES.values())  # when the legend wraps: gains on a line, losses on the next
    encoding = {
        "color": _nominal("series", legend=top_legend(list(legend.values()), plot_room(width, who, False, OWNER_LIMIT),
                                                      columns=[len(MOVES), gains, 1]),
                          scale={"domain": list(legend.values()), "range": [c for _, c in MOVES.values()]}),
        "order": _nominal("series"),
        "tooltip": [_tip("who"), _tip("series"), _tip("count")],
        "x": {"axis": axis, "field": "deals", "scale": scale, "stack": "zero", "type": "quantitative"},
        "y": _nominal("who", axis={"labelLimit": OWNER_LIMIT}, sort=who, title=None),
    }
    return Chart({"mark": {"type": "bar"}, "encoding": encoding, "height": max(CHART_HEIGHT, 40 * len(who))}, long)
