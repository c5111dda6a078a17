"""Session state shared by several screens (the selected prospect, the one-time message), with its helpers.

Each screen keeps its own keys in its own module (`shell.Session`, `prospect_form.FORM_KEYS`...).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

SELECTED_PROSPECT = "selected_prospect_id"
FLASH = "flash_message"


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
