"""Import: drop a trade-show file, check the mapping, dry run, import as one batch, undo a batch."""

from __future__ import annotations

import streamlit as st

from prospects.i18n import t
from prospects.importing import ImportOptions, Policy
from prospects.services import imports
from prospects.ui import import_view as view
from prospects.ui import shell, state

store = shell.store()
st.title(t("import.title"))
state.show_flash()

uploaded = st.file_uploader(t("import.upload"), type=["csv", "txt", "tsv", "xlsx", "vcf", "json"], key="import_upload")
view.remember_upload(uploaded)
source = view.current_source(store)

if source is not None:
    st.caption(shell.md(view.describe(source)))
    st.dataframe(view.preview(source), hide_index=True)
    st.subheader(t("import.mapping.title"))
    mapping = view.mapping_editor(store, source)
    unknown = source.unknown_columns(mapping)
    if unknown:
        st.warning(t("import.mapping.unknown", columns=", ".join(shell.md(c) for c in unknown)))
    view.custom_field_offers(store, source, mapping)
    translations = view.translation_editors(store, source, mapping)
    date_orders = view.date_order_pickers(store, source, mapping)

    st.subheader(t("import.batch.title"))
    channel, campaign, owner, stage = view.batch_options(store, source)
    policy = st.radio(t("import.duplicates"), list(Policy), format_func=lambda p: t(f"import.policy.{p}"),
                      horizontal=True, key="import_policy")
    options = ImportOptions(
        duplicates=Policy(policy), channel=channel, campaign=campaign, owner_id=owner,
        stage_id=stage, user_id=shell.current_user_id(), mapping=mapping, translations=translations,
        date_orders=date_orders,
    )

    dry, run = st.columns(2)
    if dry.button(t("import.dry_run"), key="import_dry_run", width="stretch"):
        with shell.guarded():
            st.session_state[view.RESULT] = ("plan", imports.preview(store, source, options))
    if run.button(t("import.run"), key="import_run", type="primary", width="stretch"):
        with shell.guarded():
            bar = st.progress(0.0, text=t("import.progress"))
            report = imports.apply(store, source, options, progress=lambda share: bar.progress(min(share, 1.0)))
            st.session_state[view.RESULT] = ("report", report)
            state.flash(t("import.done", created=report.created, updated=report.updated, batch=report.batch_id))
            st.rerun()

    kind, report = st.session_state.get(view.RESULT, (None, None))
    if report is not None:
        st.subheader(t(f"import.result.{kind}"))
        view.counts(report)
        if kind == "report" and report.batch_id and (report.created or report.updated):
            view.batch_links(report.batch_id)
        if kind == "report" and report.batch_id and report.created:
            view.first_action_form(store, report.batch_id, report.created)
        for notice in report.notices:
            st.info(shell.md(notice))
        st.dataframe(view.outcome_frame(report), hide_index=True, width="stretch")
        if kind == "report" and report.rejected:
            st.download_button(t("import.rejected_download"), imports.rejected_csv(report, source),
                               file_name="rejected-rows.csv", mime="text/csv", key="import_rejected")
        if kind == "report" and report.to_review:
            st.markdown(f"**{t('import.review.title')}**")
            for row in report.to_review:
                st.markdown(f"- {t('import.report.row')} {row.row} — {shell.md(row.name)}: {shell.md('; '.join(row.warnings))}")

st.subheader(t("import.batches.title"))
batches = imports.batches(store)
if batches.empty:
    st.caption(t("import.batches.none"))
else:
    st.dataframe(view.batches_frame(store), hide_index=True, width="stretch")
    view.undo_section(store, batches)

st.subheader(t("import.export.title"))
view.export_section(store)
