"""The prospect record (`?id=123`), or a new prospect: header, tabs, Validate / Cancel."""

from __future__ import annotations

import streamlit as st

from prospects.errors import NotFoundError
from prospects.i18n import t
from prospects.ui import action_form, prospect_form, prospect_saving, shell, state

store = shell.store()
prospect_id = prospect_form.requested_id()
try:
    prospect = prospect_form.load(store, prospect_id)
except NotFoundError as error:
    st.error(shell.md(error.message), icon=":material/error:")
    st.page_link("pages/prospects.py", label=t("record.back_to_list"), icon=":material/arrow_back:")
    st.stop()

back, _ = st.columns([1, 5])
back.page_link("pages/prospects.py", label=t("record.back_to_list"), icon=":material/arrow_back:")
st.title(shell.md(prospect.display_name) if prospect.id and prospect.display_name else t("record.new_title"))
state.show_flash()

inputs = prospect_form.Inputs(store, prospect)
prospect_form.header(inputs)
prospect_form.draw_tabs(store, inputs)

if inputs.errors:
    st.error(t("error.validation"), icon=":material/error:")
prospect_saving.conflict(store, inputs)
validate, cancel, _ = st.columns([1, 1, 4])
if validate.button(t("record.validate"), type="primary", icon=":material/check:", key="record_validate", width="stretch"):
    prospect_saving.save(store, inputs)
if cancel.button(t("record.cancel"), key="record_cancel", width="stretch"):
    prospect_form.reset(prospect.id)
    if prospect.id is None:
        st.switch_page("pages/prospects.py")
    st.rerun()

action_form.keep_open()
