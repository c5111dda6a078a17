"""The reps' agenda: every action across prospects, late first, and the deals left without a next step."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from prospects.domain.agenda import Group
from prospects.i18n import t
from prospects.services import agenda, settings
from prospects.ui import agenda_view, shell, state

store = shell.store()
me = shell.current_user(store)
now = datetime.now().replace(microsecond=0)
currency = settings.currency(store)

title, export = st.columns([3, 1.2], vertical_alignment="bottom")
title.title(t("agenda.title"))
state.show_flash()
chosen = agenda_view.filters(me)
with export:
    agenda_view.calendar_download(store, chosen.assignee_id, t("agenda.calendar_name", name=me.full_name))

frame = agenda.actions(store, chosen, now)
if frame.empty:
    st.info(t("agenda.empty"), icon=":material/event_available:")
for group in Group:
    agenda_view.group(store, frame, group)

agenda_view.tools(store, frame, now)
agenda_view.without_next_step(store, chosen.assignee_id, currency)
