"""Settings: stages, lists, categories, custom fields, users and general settings."""

from __future__ import annotations

import streamlit as st

from prospects.i18n import t
from prospects.ui import settings_sections as sections
from prospects.ui import shell, state

store = shell.store()
st.title(t("settings.title"))
st.caption(t("settings.intro"))
state.show_flash()

tabs = st.tabs(  # keyed: the open tab stays open after a save
    [
        t("settings.tab.stages"),
        t("settings.tab.lists"),
        t("settings.tab.categories"),
        t("settings.tab.custom_fields"),
        t("settings.tab.users"),
        t("settings.tab.general"),
    ],
    key="settings_tab",
)
with tabs[0]:
    sections.stages_section(store)
with tabs[1]:
    sections.lists_section(store)
with tabs[2]:
    sections.categories_section(store)
with tabs[3]:
    sections.custom_fields_section(store)
with tabs[4]:
    sections.users_section(store)
with tabs[5]:
    sections.general_section(store)
