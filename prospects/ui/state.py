"""The few session-state keys of the app, named in one place, with helpers to read and write them."""

from __future__ import annotations

from typing import Any

import streamlit as st

CURRENT_USER = "current_user_id"
LANGUAGE = "language"
SELECTED_PROSPECT = "selected_prospect_id"
FLASH = "flash_message"
LANGUAGE_SWITCH = "language_switch"  # "pending", then "armed", while the page is redrawn in a new language


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def flash(message: str, kind: str = "success") -> None:
    """A message to show once, after the next rerun (e.g. "Saved")."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if message:
        getattr(st, kind, st.info)(message)
