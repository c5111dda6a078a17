"""Welcome: what is in the pipeline now, and the demo data for a first look."""

from __future__ import annotations

import streamlit as st

from prospects import demo
from prospects.i18n import fmt_money, t
from prospects.ui import shell, state

store = shell.store()
st.title(t("home.title"))
st.write(t("home.intro"))
state.show_flash()

overview = store.prospects.overview()
if overview["prospects"] == 0:
    st.info(t("home.empty"), icon=":material/lightbulb:")
    if st.button(t("home.load_demo"), type="primary", key="load_demo"):
        prospects, actions = demo.load(store)
        state.flash(t("home.demo_loaded", prospects=prospects, actions=actions))
        st.rerun()
else:
    currency = store.settings.get("currency", "EUR")
    cols = st.columns(4)
    cols[0].metric(t("home.open_prospects"), overview["open"])
    cols[1].metric(t("home.open_pipeline"), fmt_money(overview["open_pipeline"], currency))
    cols[2].metric(t("home.late_actions"), overview["late_actions"])
    cols[3].metric(t("home.today_actions"), overview["today_actions"])
