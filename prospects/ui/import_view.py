"""Widgets of the import page: the file kept in the session, mapping and value editors, report tables."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from prospects.errors import ProspectsError
from prospects.i18n import fmt_date, fmt_datetime, t
from prospects.importing import ImportFileError, ImportReport, ImportSource
from prospects.importing.mapping import (
    CUSTOM_PREFIX,
    FULL_NAME,
    LIST_TARGETS,
    NEXT_ACTION,
    NEXT_ACTION_DATE,
    TARGETS,
    is_system_column,
)
from prospects.services import Store, after_import, exporting, imports
from prospects.ui import shell, state
from prospects.ui.navigation import page_file

# Session keys of the page: the dropped file (name, bytes), its read source, the last dry run or report.
FILE = "import_file"
SOURCE = "import_source"
RESULT = "import_result"
EXPORT = "export_file"
UNDO_ASKED = "import_undo_asked"  # the batch whose undo waits for a confirmation
UNDO_SAID = "import_undo_said"  # (kind, sentences) of the last undo: its summary and the prospects kept, or its error
CUSTOM_COLUMNS = "import_custom_columns"  # signature -> {column: custom field target} made from the mapping
CUSTOM_SAID = "import_custom_said"  # the last "keep as a custom field": the column's header, or the error
FIRST_ACTION_SAID = "import_first_action_said"  # (batch, (count, title, day) or the error) of "give them all a first action"
BATCH_KEYS = ("import_channel", "import_campaign", "import_owner")  # the batch widgets, reset for a new file
EXPORT_FORMATS = {"csv": ("prospects.csv", "text/csv"), "xlsx": ("prospects.xlsx", None), "json": ("prospects.json", "application/json")}


def remember_upload(uploaded: Any) -> None:
    """Keep the dropped file in the session (a new file forgets the previous dry run)."""
    if uploaded is None:
        return
    data = uploaded.getvalue()
    if st.session_state.get(FILE, (None, None))[1] != data:
        st.session_state[FILE] = (uploaded.name, data)
        st.session_state.pop(SOURCE, None)
        st.session_state.pop(RESULT, None)
        for key in BATCH_KEYS:  # a new file starts from what its shape was given last time
            st.session_state.pop(key, None)


def current_source(store: Store) -> ImportSource | None:
    """The file of the session read and mapped; an unreadable file shows one sentence."""
    name, data = st.session_state.get(FILE, (None, None))
    if data is None:
        return None
    digest = hashlib.sha1(data).hexdigest()
    cached = st.session_state.get(SOURCE)
    if cached and cached[0] == digest:
        return cached[1]
    try:
        source = imports.read_file(store, name, data)
    except ImportFileError as error:
        st.error(shell.md(error.message), icon=":material/error:")
        return None
    st.session_state[SOURCE] = (digest, source)
    return source


def target_label(target: str, custom_labels: dict[str, str]) -> str:
    if not target:
        return t("import.target.ignore")
    if target in custom_labels:
        return custom_labels[target]
    if target in (FULL_NAME, "created_at", NEXT_ACTION, NEXT_ACTION_DATE):
        return t(f"import.target.{target}")
    return t(f"field.{target}")


def describe(source: ImportSource) -> str:
    table = source.table
    parts = [t("import.detected.rows", count=len(table.rows))]
    if table.encoding:
        parts.append(t("import.detected.encoding", value=table.encoding))
    if table.delimiter_name:
        parts.append(t("import.detected.delimiter", value=t(f"import.delimiter.{table.delimiter_name}")))
    if table.skipped_above:
        parts.append(t("import.detected.skipped", count=table.skipped_above))
    if source.saved:
        parts.append(t("import.detected.saved_mapping"))
    return " · ".join(parts)


def mapping_editor(store: Store, source: ImportSource) -> list[str]:
    """A field picker per column of the file (its header, an example value in the help)."""
    custom_labels = imports.custom_field_labels(store)
    targets = ["", *TARGETS, *custom_labels]
    kept = st.session_state.get(CUSTOM_COLUMNS, {}).get(source.signature, {})
    mapping = []
    grid = st.columns(3)
    for i, header in enumerate(source.headers):
        example = next((r[i] for r in source.table.rows if r[i]), "")
        current = kept.get(i) or source.mapping[i]
        current = current if current in targets else ""
        # A column just kept as a custom field gets a new picker, opened on that field.
        suffix = f"_{kept[i]}" if i in kept else ""
        mapping.append(grid[i % 3].selectbox(
            shell.md(header), targets, index=targets.index(current), format_func=lambda x: target_label(x, custom_labels),
            help=t("import.mapping.example_help", value=shell.md(example[:80])) if example else None,
            key=f"import_map_{source.signature[:12]}_{i}{suffix}",
        ))
    return mapping


def custom_field_offers(store: Store, source: ImportSource, mapping: list[str]) -> None:
    """For a manager, one button per column that goes to no field: keep it as a custom field (created,
    and the column mapped to it) in one click. A rep cannot create fields: the notes keep the column."""
    said = st.session_state.pop(CUSTOM_SAID, None)  # put in words here: a callback runs before the language is set
    if isinstance(said, ProspectsError):
        st.error(shell.md(said.message))
    elif said:
        st.success(t("import.mapping.kept_custom", column=shell.md(said)))
    if not shell.is_manager():
        return
    columns = [i for i, (header, target) in enumerate(zip(source.headers, mapping, strict=True))
               if not target and not is_system_column(header)]
    row = st.container(horizontal=True)  # each button as wide as its words, wrapping: a long header is never cut
    for i in columns:
        row.button(t("import.mapping.keep_custom", column=shell.md(source.headers[i])), icon=":material/add_box:",
                   key=f"import_keep_custom_{i}", width="content", on_click=_keep_as_custom, args=(store, source, i))


def _keep_as_custom(store: Store, source: ImportSource, column: int) -> None:
    header = source.headers[column]
    try:
        target = imports.keep_as_custom_field(store, header)
    except ProspectsError as error:
        state.put(CUSTOM_SAID, error)
        return
    st.session_state.setdefault(CUSTOM_COLUMNS, {}).setdefault(source.signature, {})[column] = target
    state.put(CUSTOM_SAID, header)


def batch_options(store: Store, source: ImportSource) -> tuple[str | None, str | None, int | None, int | None]:
    """The batch's channel, campaign, owner and stage; a file of a shape imported before starts from
    what its last batch was given, else no channel and me as the owner."""
    remembered = imports.remembered_batch(store, source)
    left, right = st.columns(2)
    channels = ["", *imports.channel_names(store)]
    channel = left.selectbox(t("field.channel"), channels, index=channels.index(remembered.get("channel", "")),
                             format_func=lambda c: c or "—", key="import_channel")
    campaign = right.text_input(t("field.campaign"), value=remembered.get("campaign", ""), key="import_campaign")
    users = imports.owner_choices(store)
    owners = [None, *users]
    owner = remembered.get("owner_id", shell.current_user_id())
    owner = left.selectbox(t("field.owner"), owners, index=owners.index(owner) if owner in owners else 0,
                           format_func=lambda u: users.get(u, "—"), key="import_owner")
    stages = imports.stage_choices(store)
    stage = right.selectbox(t("field.stage"), list(stages), format_func=stages.get, key="import_stage")
    return channel or None, campaign.strip() or None, owner, stage


def translation_editors(store: Store, source: ImportSource, mapping: list[str]) -> dict[str, dict[str, str]]:
    """For each list field, the file values the settings do not know, each mapped once to a settings value."""
    translations: dict[str, dict[str, str]] = {k: dict(v) for k, v in source.translations.items()}
    for target, values in imports.unmatched_values(store, source, mapping).items():
        options = ["", *imports.value_options(store, target)]
        saved = translations.setdefault(target, {})
        st.caption(t("import.values.caption", field=t(f"field.{target}") if target in LIST_TARGETS else shell.md(target)))
        grid = st.columns(3)
        for i, value in enumerate(values):
            chosen = grid[i % 3].selectbox(
                shell.md(value), options, index=options.index(saved[value]) if saved.get(value) in options else 0,
                format_func=lambda x: x or t("import.values.keep"), key=f"import_value_{target}_{i}_{value[:30]}",
            )
            if chosen:
                saved[value] = chosen
            else:
                saved.pop(value, None)
    return translations


def date_order_pickers(store: Store, source: ImportSource, mapping: list[str]) -> dict[int, str]:
    """For each date column whose values never tell day from month, the order to read it in (the assumed
    one first selected): 03/04/2026 is the 3rd of April in Paris and March 4th in Chicago."""
    orders = {}
    for column, assumed in imports.ambiguous_dates(store, source, mapping).items():
        choices = ["dmy", "mdy"]
        orders[column] = st.radio(
            t("import.dates.order", column=shell.md(source.headers[column])), choices, index=choices.index(assumed),
            format_func=lambda order: t(f"import.dates.{order}"), horizontal=True,
            key=f"import_date_order_{source.signature[:12]}_{column}",
        )
    return orders


def outcome_frame(report: ImportReport) -> pd.DataFrame:
    """The dry run row by row: action, name, and why (or which fields change, old → new)."""
    records = []
    for row in report.rows:
        details = [row.reason] if row.reason else []
        details += [f"{t(f'field.{k}') if not k.startswith(CUSTOM_PREFIX) else k}: {_shown(old)} → {_shown(new)}"
                    for k, (old, new) in row.changes.items()]
        if row.first_action and row.action == "create":
            title, day = row.first_action
            details.append(t("import.plan.first_action", title=title or t("import.first_action.default_title"),
                             day=fmt_date(day)))
        details += row.warnings
        records.append({t("import.report.row"): row.row, t("import.plan.action"): t(f"import.action.{row.action}"),
                        t("field.name"): row.name, t("import.plan.details"): " · ".join(details)})
    return pd.DataFrame(records)


def _shown(value: Any) -> str:
    return "∅" if value in (None, "", ()) else str(value)


def counts(report: ImportReport) -> None:
    columns = st.columns(4)
    for column, key, value in zip(columns, ("created", "updated", "skipped", "rejected"), (
            report.created, report.updated, report.skipped, len(report.rejected)), strict=True):
        column.metric(t(f"import.count.{key}"), value)


def batch_links(batch_id: int) -> None:
    """The leads of the import just done, on the board or in the list (both filtered on the batch)."""
    board, listing, _ = st.columns([1, 1, 2])
    if board.button(t("import.see_board"), icon=":material/view_kanban:", key="import_see_board", width="stretch"):
        st.switch_page(page_file("board"), query_params={"batch": str(batch_id)})
    if listing.button(t("import.see_list"), icon=":material/list:", key="import_see_list", width="stretch"):
        st.switch_page(page_file("prospects"), query_params={"batch": str(batch_id)})


def first_action_form(store: Store, batch_id: int, count: int) -> None:
    """"Give them all a first action": what, due in how many days, for whom (the batch's owner, else
    me), written for every prospect of the batch at once. Once given, it says so instead of offering
    it again (a second click would give them two)."""
    said = state.get(FIRST_ACTION_SAID)  # put in words here: a callback runs before the language is set
    if said and said[0] == batch_id:
        if isinstance(said[1], ProspectsError):
            st.error(shell.md(said[1].message))
        else:
            given, title, day = said[1]
            st.success(t("import.first_action.given", count=given, title=shell.md(title), day=fmt_date(day)))
            return
    st.markdown(f"**{t('import.first_action.title')}**")
    what, days, who = st.columns([2, 1, 1])
    what.text_input(t("action.what"), value=t("import.first_action.default_title"), key="import_fa_title")
    days.number_input(t("import.first_action.in_days"), min_value=0, max_value=after_import.MAX_DAYS,
                                value=2, step=1, key="import_fa_days")
    users = imports.owner_choices(store)
    owners = list(users)
    default = st.session_state.get("import_owner") or shell.current_user_id()
    who.selectbox(t("action.who"), owners, index=owners.index(default) if default in owners else 0,
                             format_func=users.get, key="import_fa_owner")
    st.button(t("import.first_action.give", count=count), key="import_fa_give", type="primary",
              on_click=_give_first_action, args=(store, batch_id))


def _give_first_action(store: Store, batch_id: int) -> None:
    # The widgets' values as the click sent them (a callback's args are those of the previous run).
    title, in_days = state.get("import_fa_title") or "", int(state.get("import_fa_days") or 0)
    assignee = state.get("import_fa_owner")
    try:
        given = after_import.give_first_action(store, batch_id, title, in_days, assignee, shell.current_user_id())
    except ProspectsError as error:
        state.put(FIRST_ACTION_SAID, (batch_id, error))
        return
    state.put(FIRST_ACTION_SAID, (batch_id, (given, " ".join(title.split()), date.today() + timedelta(days=in_days))))


def batches_frame(store: Store) -> pd.DataFrame:
    frame = imports.batches(store).drop(columns=["imported_by_id"])
    for column in ("imported_by", "channel", "campaign"):  # empty, not "None"
        frame[column] = frame[column].fillna("")
    frame["imported_at"] = [fmt_datetime(v.to_pydatetime()) for v in frame["imported_at"]]
    frame["undone_at"] = [fmt_datetime(v.to_pydatetime()) if pd.notna(v) else "" for v in frame["undone_at"]]
    return frame.rename(columns={c: t(f"import.batch.{c}") for c in frame.columns})


def undo_section(store: Store, batches: pd.DataFrame) -> None:
    """Pick any batch not yet undone, ask for a confirmation naming it, then undo it and say what stayed.

    The undo runs in the confirm button's callback: a rerun cannot interrupt it half way."""
    kind, sentences = st.session_state.pop(UNDO_SAID, None) or (None, [])
    if kind == "done":
        st.success(shell.md(sentences[0]), icon=":material/undo:")
        if sentences[1:]:
            st.info("\n\n".join(shell.md(s) for s in sentences[1:]), icon=":material/info:")
    elif kind == "error":
        st.error(shell.md(sentences[0]), icon=":material/error:")
    # Only the batches this viewer may take back: a rep's own, any for a manager.
    mine = [imports.may_undo(None if pd.isna(b) else int(b)) for b in batches["imported_by_id"]]
    undoable = batches[batches["undone_at"].isna() & pd.Series(mine, index=batches.index, dtype=bool)]
    if undoable.empty:
        return
    labels = {int(b.id): f"{b.id} · {b.file_name} · {fmt_datetime(b.imported_at.to_pydatetime())}" for b in undoable.itertuples()}
    left, right = st.columns([3, 1])
    chosen = left.selectbox(t("import.undo.which"), list(labels), format_func=labels.get,
                            key="import_undo_batch")
    right.button(t("import.undo.button"), key="import_undo", width="stretch", on_click=state.put, args=(UNDO_ASKED, chosen))
    asked = state.get(UNDO_ASKED)
    if asked != chosen:  # another batch picked since: its own click asks again
        return
    st.warning(shell.md(imports.batch_question(store, asked)), icon=":material/warning:")
    go, keep = st.columns(2)
    go.button(t("import.undo.confirm"), key="import_undo_confirm", type="primary", width="stretch",
              on_click=_undo, args=(store, asked))
    keep.button(t("import.undo.cancel"), key="import_undo_cancel", width="stretch", on_click=state.put, args=(UNDO_ASKED, None))


def _undo(store: Store, batch_id: int) -> None:
    state.put(UNDO_ASKED, None)
    try:
        result = imports.undo(store, batch_id, shell.current_user_id())
    except ProspectsError as error:
        state.put(UNDO_SAID, ("error", [error.message]))
        return
    st.session_state.pop(RESULT, None)
    state.put(UNDO_SAID, ("done", imports.result_sentences(store, result)))


def preview(source: ImportSource, rows: int = 10) -> pd.DataFrame:
    return pd.DataFrame(source.table.rows[:rows], columns=source.headers)


def export_section(store: Store) -> None:
    """Build the export on request (a big base takes a moment), then offer it for download."""
    left, middle, right = st.columns(3)
    fmt = left.radio(t("import.export.format"), list(EXPORT_FORMATS), format_func=lambda f: t(f"import.export.{f}"),
                     horizontal=True, key="export_format")
    delimiter = middle.radio(t("import.export.delimiter"), [",", ";"], horizontal=True, key="export_delimiter",
                             disabled=fmt != "csv")
    if right.button(t("import.export.prepare"), key="export_prepare", width="stretch"):
        with st.spinner(t("import.export.preparing")):
            frame = exporting.export_frame(store)
            if fmt == "xlsx":
                data: bytes | str = exporting.to_xlsx_bytes(frame)
            elif fmt == "json":
                data = exporting.to_json_text(frame)
            else:
                data = exporting.to_csv_bytes(frame, delimiter)
        st.session_state[EXPORT] = (fmt, data, len(frame))
    prepared = st.session_state.get(EXPORT)
    if prepared:
        fmt, data, count = prepared
        name, mime = EXPORT_FORMATS[fmt]
        st.download_button(t("import.export.download", count=count, name=shell.md(name)), data, file_name=name, mime=mime,
                           key="export_download", type="primary")
