"""The company's main contacts: search, page through, add and edit."""

from __future__ import annotations

import streamlit as st

from prospects.i18n import t
from prospects.ui import contact_form, shell, state

store = shell.store()
title, add = st.columns([4, 1], vertical_alignment="bottom")
title.title(t("contacts.title"))
add.button(
    t("contacts.add"), icon=":material/person_add:", type="primary", key="contacts_add", width="stretch",
    on_click=contact_form.edit, args=("new",),
)
st.caption(t("contacts.intro"))
state.show_flash()

contact_form.load_file(store)
text = contact_form.search()
contact_form.table(store, text)
st.divider()
contact_form.form(store)
