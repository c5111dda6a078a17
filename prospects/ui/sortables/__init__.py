"""streamlit-sortables 0.3.1, vendored and patched: the same `sort_items`, plus clicks and card items.

Upstream (MIT, ohtaman) takes and returns lists of strings. This build also reports a click on an item
(`clicked(key)`), renders an item given as a small card (`{"id", "lines": [{"spans": [{"text", "cls"}],
"cls"}], "cls"}`, every text escaped by React) and moves an item between lists only at the drop, which
removes upstream's update loop ("Minified React error #185"). See NOTICE and README "Rebuilding the
board component".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

BUILD = Path(__file__).parent / "frontend" / "build"
_component_func = components.declare_component("sortable_items", path=str(BUILD))

# The nonce of the last click handed out per component key: a rerun never reports the same click twice.
_SEEN_CLICKS = "_sortables_seen_clicks"


@dataclass(frozen=True)
class Click:
    """An item clicked (pressed and released without a drag); `nonce` differs for every click."""

    item: str
    nonce: str


def sort_items(
    items: list[Any],
    header: str | None = None,
    multi_containers: bool = False,
    direction: str = "horizontal",
    custom_style: str | None = None,
    key: Any = None,
) -> list[Any]:
    """Draw the sortable lists and return them as the user left them (upstream's signature and result).

    `items` is a list of items, or with `multi_containers` a list of `{"header", "items"}`. An item is a
    string, or a card dict with an `id`; the result holds the same objects.
    """
    if not multi_containers:
        if not isinstance(header, str) and header is not None:
            raise ValueError("header argument must be str or None if multi_containers is False.")
        if not all(isinstance(item, str | dict) for item in items):
            raise ValueError("items must be strings or card dicts if multi_containers is False.")
        containers = [{"header": header, "items": items}]
    else:
        if not all(isinstance(item, dict) for item in items):
            raise ValueError("items must be list[dict[str, Any]] if multi_containers is True.")
        containers = items
    default = {"items": containers, "click": None}
    value = _component_func(items=containers, direction=direction, customStyle=custom_style, default=default, key=key)
    result = containers_of(value) or containers
    return result if multi_containers else result[0]["items"]


def containers_of(value: Any) -> list[dict[str, Any]] | None:
    """The lists in a value of the component (also read before drawing, from `st.session_state[key]`)."""
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        return value["items"]
    if isinstance(value, list):  # upstream's shape
        return value
    return None


def last_value(key: str) -> list[dict[str, Any]] | None:
    """The lists the component with this key returned last, before this run draws it again."""
    return containers_of(st.session_state.get(key))


def clicked(key: str) -> Click | None:
    """The item clicked in the component with this key since the last call, once per click."""
    click = _click_of(st.session_state.get(key))
    if click is None:
        return None
    seen: dict[str, str] = st.session_state.setdefault(_SEEN_CLICKS, {})
    if seen.get(str(key)) == click.nonce:
        return None
    seen.clear()  # the board's key changes with its content: only the current one matters
    seen[str(key)] = click.nonce
    return click


def _click_of(value: Any) -> Click | None:
    if not isinstance(value, dict):
        return None
    click = value.get("click")
    if not isinstance(click, dict) or not click.get("item") or not click.get("nonce"):
        return None
    return Click(str(click["item"]), str(click["nonce"]))
