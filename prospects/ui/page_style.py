"""Room for wide screens on a laptop: the main column's side margins cut to a third.

Streamlit's wide layout keeps 5rem of margin on each side of the main column: at 1280 px, beside the
sidebar, 160 px that the prospect list's columns need. Style only (no element, no space taken), and it
goes away with the page that drew it.
"""

from __future__ import annotations

import streamlit as st

_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; padding-top: 3.5rem; }
</style>"""


def roomy() -> None:
    """Narrow the main column's margins on this page."""
    st.html(_CSS)
