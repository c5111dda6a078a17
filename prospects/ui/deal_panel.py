"""The deal panel over the board (a minimal stand-in: the full panel is built in its own branch).

A click on a card asks for the panel (`request`); the page draws it on every run (`draw`), so it stays
open across reruns until it is closed.
"""

from __future__ import annotations

import streamlit as st

from prospects.errors import ProspectsError
from prospects.i18n import t
from prospects.services import Store, records
from prospects.ui import shell, state
from prospects.ui.navigation import has_page, page_file

OPEN = "deal_panel_prospect"  # the prospect whose panel is open


def request(prospect_id: int) -> None:
    """Open the panel of this deal on this run (a second click on the same card opens it again)."""
    state.put(OPEN, prospect_id)


def _close() -> None:
    state.put(OPEN, None)


def draw(store: Store) -> None:
    """The panel of the requested deal, if any."""
    prospect_id = state.get(OPEN)
    if prospect_id is None:
        return
    try:
        deal = records.prospect(store, prospect_id)
    except ProspectsError:
        _close()
        return
    st.dialog(shell.md(deal.display_name or f"#{prospect_id}"), width="medium", on_dismiss=_close)(_body)(prospect_id)


def _body(prospect_id: int) -> None:
    if st.button(t("board.open_record"), icon=":material/open_in_new:", key="deal_panel_open", type="primary",
                 disabled=not has_page("prospect")):
        _close()
        st.switch_page(page_file("prospect"), query_params={"id": str(prospect_id)})
