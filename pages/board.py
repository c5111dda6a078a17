"""The Kanban board: drag deals through the stages, to Won or Lost."""

from __future__ import annotations

import streamlit as st
from streamlit_sortables import sort_items

from prospects.i18n import t
from prospects.ui import action_form, board_view, deal_panel, shell, state
from prospects.ui.navigation import has_page, page_file

store = shell.store()
title, add = st.columns([4, 1], vertical_alignment="bottom")
title.title(t("board.title"))
add.button(t("board.add"), icon=":material/add:", key="board_add", width="stretch", on_click=board_view.start_quick_create)
board_view.quick_create(store)
st.caption(t("board.intro"))
state.show_flash()

# A drop reruns the page: apply it against the board shown before, then draw the current state.
board_view.apply_drop(store)
board_view.ask_loss_reason(store)
chosen = board_view.filters(store)
board = board_view.load(store, chosen)
if not board.cards:
    st.info(t("board.empty"), icon=":material/filter_alt_off:")
sort_items(board.items, multi_containers=True, direction="vertical", custom_style=board.css, key=board.key)
board_view.remember(board)
board_view.show_more(board)

# The component does not report clicks: the buttons apply to the card picked here.
cards = {card.prospect_id: card for card in board.cards}
pick, open_deal, open_record, edit_action, new_action = st.columns([3, 1, 1, 1, 1], vertical_alignment="bottom")
chosen_id = pick.selectbox(
    t("board.card"), list(cards), format_func=lambda pid: cards[pid].label, help=t("board.card_help"), key="board_card"
)
card = cards.get(chosen_id)
open_deal.button(
    t("panel.open"), icon=":material/contract:", key="board_open_deal", width="stretch", disabled=card is None,
    on_click=deal_panel.request, args=(chosen_id,),
)
if open_record.button(
    t("board.open_record"), icon=":material/open_in_new:", key="board_open", width="stretch",
    disabled=card is None or not has_page("prospect"), help=None if has_page("prospect") else t("board.not_available"),
):
    st.switch_page(page_file("prospect"), query_params={"id": str(card.prospect_id)})
if edit_action.button(
    t("board.edit_action"), icon=":material/edit_calendar:", key="board_edit_action", width="stretch",
    disabled=card is None or card.next_action_id is None,
):
    action_form.request_action_dialog(card.prospect_id, card.next_action_id)
if new_action.button(
    t("board.new_action"), icon=":material/add_task:", key="board_new_action", width="stretch", disabled=card is None
):
    action_form.request_action_dialog(card.prospect_id)
action_form.keep_open()
deal_panel.draw(store)
