"""The Kanban board: drag deals through the stages, to Won or Lost; click a card to work the deal."""

from __future__ import annotations

import streamlit as st

from prospects.i18n import t
from prospects.ui import action_form, board_view, deal_panel, page_style, shell, state
from prospects.ui.sortables import sort_items

store = shell.store()
page_style.roomy()  # the five stages keep about 160 px each at 1280 px, beside the sidebar
title, add = st.columns([3, 1], vertical_alignment="bottom")
title.title(t("board.title"))
add.button(t("board.add"), icon=":material/add:", key="board_add", width="stretch", on_click=board_view.start_quick_create)
board_view.quick_create(store)
st.caption(t("board.intro"))
state.show_flash()

# A drop or a click reruns the page: apply it against the board shown before, then draw the current state.
board_view.apply_drop(store)
board_view.open_clicked_card()
board_view.ask_before_closing(store)
board_view.offer_restore(store)
chosen = board_view.filters(store)
board = board_view.load(store, chosen)
if not board.cards:
    st.info(t("board.empty"), icon=":material/filter_alt_off:")
sort_items(board.items, multi_containers=True, direction="vertical", custom_style=board.css, key=board.key)
board_view.remember(board)
board_view.show_more(board)
action_form.keep_open()  # an action's dialog, opened from the panel, shows in its place
deal_panel.draw(store)
