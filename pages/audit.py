"""Audit: who did what, when and from where (managers only; nothing here edits the log)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import streamlit as st

from prospects.i18n import t
from prospects.services import audit
from prospects.ui import shell

store = shell.store()
st.title(t("audit.title"))
st.caption(t("audit.help"))

with shell.guarded():
    since_col, event_col = st.columns(2)
    since = since_col.date_input(t("audit.since"), date.today() - timedelta(days=30), key="audit_since")
    event = event_col.selectbox(t("audit.event"), [None, *audit.EVENTS], key="audit_event",
                                format_func=lambda code: t(f"audit.event.{code}") if code else t("audit.all_events"))
    start = datetime.combine(since, datetime.min.time()) if since else None
    log = audit.log_frame(store, since=start, event=event)
    if log.empty:
        st.info(t("audit.empty"))
    else:
        st.dataframe(audit.readable(log), hide_index=True, width="stretch")
    st.download_button(t("audit.export"), audit.log_csv(store, since=start, event=event),
                       file_name=f"audit-{date.today().isoformat()}.csv", mime="text/csv", icon=":material/download:")
