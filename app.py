"""Prospects: the frame and router of the Streamlit app (`streamlit run app.py`)."""

from __future__ import annotations

import streamlit as st

from prospects.i18n import t
from prospects.ui import shell, shortcuts
from prospects.ui.navigation import PAGES

st.set_page_config(page_title="Prospects", page_icon=":material/contact_page:", layout="wide")

with shell.frame():
    store = shell.store()
    # One connection for the whole run, released at its end so the command line can write too.
    with store.hold():
        shell.apply_language(store)
        pages = [
            st.Page(
                spec.file, title=t(spec.title_key), icon=spec.icon, url_path=spec.key, default=spec.default,
                visibility="hidden" if spec.hidden else "visible",
            )
            for spec in PAGES
        ]
        current = st.navigation(pages)
        shell.sidebar(store)
        shortcuts.install(PAGES[pages.index(current)].key)  # Ctrl+K between the list and the board
        if not shell.redraw_after_language_switch():
            with shell.guarded():
                current.run()
