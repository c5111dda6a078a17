"""The managers' dashboard: how much, when, why lost, from where, who is late."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from prospects.i18n import t
from prospects.services import dashboard, settings
from prospects.ui import dashboard_widgets as widgets
from prospects.ui import shell

store = shell.store()
now = dashboard.moment(datetime.now())
currency = settings.currency(store)

st.title(t("dashboard.title"))
chosen = widgets.filters(store, now.date())
widgets.headline(store, chosen, now, currency)

how_much, when = widgets.side_by_side(widgets.STAGES, widgets.FORECAST)
with how_much:
    widgets.stage_pipeline(store, chosen, now, currency)
with when:
    widgets.forecast(store, chosen, now, currency)

why_lost, where_from = widgets.side_by_side(widgets.LOSSES, widgets.CHANNELS)
with why_lost:
    widgets.losses(store, chosen, currency)
with where_from:
    widgets.channels(store, chosen, currency)
widgets.owners(store, chosen, now, currency)

funnel, campaigns = widgets.side_by_side(widgets.FUNNEL, widgets.CAMPAIGNS)
with funnel:
    widgets.funnel(store, chosen)
with campaigns:
    widgets.campaigns(store, chosen, currency)

st.subheader(t("dashboard.changes"))
# Three quarters of the page for the chart; the whole width for the table.
moved = st.container() if widgets.table_open(widgets.MOVEMENT) else st.columns([3, 1])[0]
with moved:
    widgets.movement(store, chosen, now, currency)
widgets.stale(store, chosen, now, currency)
