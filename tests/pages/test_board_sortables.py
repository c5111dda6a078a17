"""The vendored sortables component's Python side: upstream's API, the new value shape, clicks read once."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from prospects.ui import sortables


def _page() -> None:
    import streamlit as st

    from prospects.ui.sortables import clicked, sort_items

    result = sort_items([{"header": "A", "items": ["a1", {"id": "#2", "lines": []}]}, {"header": "B", "items": []}],
                        multi_containers=True, key="k")
    st.session_state["result"] = result
    click = clicked("k")
    st.session_state["clicks"] = st.session_state.get("clicks", []) + ([click.item] if click else [])


def test_the_build_and_the_upstream_licence_are_committed():
    build = Path(sortables.BUILD)
    assert "main.js" in (build / "index.html").read_text() and (build / "main.js").stat().st_size > 10_000
    assert "ohtaman" in (build.parent.parent / "LICENSE").read_text()


def test_both_value_shapes_give_the_lists():
    lists = [{"header": "A", "items": ["x"]}]
    assert sortables.containers_of({"items": lists, "click": None}) == lists
    assert sortables.containers_of(lists) == lists  # upstream's shape
    assert sortables.containers_of(None) is None and sortables.containers_of({"click": 1}) is None


def test_sort_items_returns_the_lists_as_the_user_left_them_and_a_click_once_per_nonce():
    at = AppTest.from_function(_page).run()
    assert at.session_state["result"][0]["items"] == ["a1", {"id": "#2", "lines": []}]  # the default: as given
    moved = [{"header": "A", "items": ["a1"]}, {"header": "B", "items": [{"id": "#2", "lines": []}]}]
    at.session_state["k"] = {"items": moved, "click": None}
    at.run()
    assert at.session_state["result"] == moved and at.session_state["clicks"] == []
    at.session_state["k"] = {"items": moved, "click": {"item": "#2", "nonce": "n1"}}
    at.run()
    at.run()  # a rerun does not read the same click again
    assert at.session_state["clicks"] == ["#2"]
    at.session_state["k"] = {"items": moved, "click": {"item": "#2", "nonce": "n2"}}
    at.run()
    assert at.session_state["clicks"] == ["#2", "#2"]  # the same card clicked again opens again


def test_single_list_keeps_upstreams_checks():
    import pytest

    with pytest.raises(ValueError):
        sortables.sort_items([1, 2])  # type: ignore[list-item]
