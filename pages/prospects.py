"""The prospects: search, filter, sort and page them; the selected one's actions below."""

from __future__ import annotations

import streamlit as st

from prospects.i18n import t
from prospects.ui import action_form, list_menu, page_style, prospect_list, shell, state

store = shell.store()
page_style.roomy()
st.title(t("list.title"))
state.show_flash()

query = prospect_list.filters(store)
menu = st.container()  # filled once the table has said which prospect is selected
page, query = prospect_list.load(store, query)

if page.total == 0 and not prospect_list.has_filters(query):
    list_menu.empty_state(store)
elif page.total == 0:
    st.info(t("list.no_match"), icon=":material/filter_alt_off:")
    st.button(t("list.clear_filters"), key="list_clear", on_click=prospect_list.clear_filters)
else:
    prospect_list.table(store, page, query)
    prospect_list.pager(page, query)
    selected_id = prospect_list.selected(store)
    st.divider()
    if selected_id is None:
        st.caption(t("list.select_hint"))
    else:
        prospect_list.actions_panel(store, selected_id)

with menu:
    list_menu.menu(store, query, prospect_list.selected(store))
list_menu.keep_dialog_open(store)
action_form.keep_open()
