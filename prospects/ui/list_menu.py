"""The menu of the prospect list: export, load a file, import a contact, add to contacts, delete all."""

from __future__ import annotations

import streamlit as st

from prospects.domain import ProspectQuery
from prospects.domain.rules import display_name
from prospects.errors import ProspectsError
from prospects.i18n import t
from prospects.services import Store, backup, demo, exporting, promotion, records
from prospects.ui import action_form, shell, state
from prospects.ui.navigation import has_page, page_file

DIALOG = "list_dialog"  # "delete_all" or "import_contacts" while that dialog is open
WIPED = "list_wiped"  # (count, backup path) of the Delete all just done, offered for download
FAILED = "list_dialog_failed"  # the message of the dialog's last refused write
CONTACT_CHOICES = 50


def open_dialog(name: str) -> None:
    action_form.close_action_dialog()
    state.put(WIPED, None)
    state.put(FAILED, None)
    state.put(DIALOG, name)


def close_dialog() -> None:
    state.put(DIALOG, None)
    state.put(WIPED, None)
    state.put(FAILED, None)


def menu(store: Store, query: ProspectQuery, selected_id: int | None) -> None:
    """The buttons above the list: the daily ones in sight, the rare ones under "More".

    Each button is as wide as its words, so no label is ever cut, in English or in French.
    """
    with st.container(horizontal=True, key="list_menu"):
        if st.button(t("list.new"), icon=":material/person_add:", type="primary", key="list_new"):
            st.switch_page(page_file("prospect"))
        if st.button(
            t("list.load_file"), icon=":material/upload_file:", key="list_load_file",
            disabled=not has_page("import"), help=None if has_page("import") else t("list.not_available"),
        ):
            st.switch_page(page_file("import"))
        with st.popover(t("list.export"), icon=":material/download:"):
            _export(store, query)
        with st.popover(t("list.more"), icon=":material/more_horiz:"):
            _more(store, selected_id)


def _more(store: Store, selected_id: int | None) -> None:
    """The rarely used actions: import a contact, add the selected prospect to the contacts, delete all."""
    st.button(
        t("list.import_contact"), icon=":material/contacts:", key="list_import_contact", width="stretch",
        on_click=open_dialog, args=("import_contacts",),
    )
    if st.button(
        t("list.add_to_contacts"), icon=":material/person_check:", key="list_add_to_contacts", width="stretch",
        disabled=selected_id is None, help=t("list.add_to_contacts_help"),
    ):
        _add_to_contacts(store, selected_id)
    if shell.is_manager():  # a rep is refused by the service; the button is not offered either
        st.button(
            t("list.delete_all"), icon=":material/delete_forever:", key="list_delete_all", width="stretch",
            on_click=open_dialog, args=("delete_all",),
        )


def _add_to_contacts(store: Store, prospect_id: int) -> None:
    try:
        contact = promotion.add_to_contacts(store, prospect_id, shell.current_user_id())
    except ProspectsError as error:
        st.error(shell.md(error.message), icon=":material/person_alert:")
        return
    state.flash(t("list.added_to_contacts", name=shell.md(promotion.contact_label(contact))))
    st.rerun()


def _export(store: Store, query: ProspectQuery) -> None:
    st.caption(t("list.export_help"))
    delimiter = st.radio(
        t("list.delimiter"), [";", ","], format_func={";": t("list.delimiter_semicolon"), ",": t("list.delimiter_comma")}.get,
        key="list_delimiter", horizontal=True,
    )

    def build() -> bytes:
        # Runs when the button is clicked (in another thread): the file is built only if wanted.
        return export_bytes(store, query, delimiter)

    st.download_button(
        t("list.export_download"), build, file_name="prospects.csv", mime="text/csv", key="list_export_download",
        icon=":material/download:", width="stretch", on_click="ignore",
    )


def export_bytes(store: Store, query: ProspectQuery, delimiter: str) -> bytes:
    """Every field of every prospect the list's filters match (all pages, not only the shown one), as CSV."""
    return exporting.to_csv_bytes(exporting.export_frame(store, query), delimiter)


def keep_dialog_open(store: Store) -> None:
    """Show the list's dialog while it is open."""
    name = state.get(DIALOG)
    if name == "delete_all":
        st.dialog(t("list.delete_all"), width="medium", on_dismiss=close_dialog)(_delete_all_body)()
    elif name == "import_contacts":
        st.dialog(t("list.import_contact"), width="large", on_dismiss=close_dialog)(_import_body)()


def _delete_all_body() -> None:
    # Writes happen in the buttons' callbacks: a rerun that interrupts the dialog's run cannot lose them.
    if not state.get(DIALOG):
        st.rerun()  # closed by a callback: redraw the page without the dialog
    store = shell.store()
    shell.apply_language(store)  # the dialog's own reruns skip app.py
    wiped = state.get(WIPED)
    if wiped:
        st.success(t("list.wiped", count=wiped[0], file=shell.md(wiped[1].name)), icon=":material/check_circle:")
        st.download_button(
            t("list.download_backup"), wiped[1].read_bytes(), file_name=wiped[1].name, mime="application/zip",
            key="list_download_backup", icon=":material/download:", type="primary", on_click="ignore",
        )
        st.button(t("list.close"), key="list_wipe_close", on_click=close_dialog)
        return
    count = records.prospect_count(store)
    st.warning(t("list.delete_all_warning", count=count, folder=shell.md(str(backup.backup_folder(store)))), icon=":material/warning:")
    word = t("list.confirm_word")
    typed = st.text_input(t("list.type_to_confirm", word=word), key="list_confirm_word")
    confirmed = (typed or "").strip().casefold() == word.casefold()
    if state.get(FAILED):
        st.error(shell.md(state.get(FAILED)), icon=":material/error:")
    left, right = st.columns(2)
    left.button(
        t("list.delete_all_go", count=count), type="primary", icon=":material/delete_forever:", key="list_wipe_go",
        disabled=not confirmed, width="stretch", on_click=_wipe, args=(store, count),
    )
    right.button(t("list.cancel"), key="list_wipe_cancel", width="stretch", on_click=close_dialog)


def _wipe(store: Store, announced: int) -> None:
    """Delete all, only if the base still holds the `announced` number of prospects the user confirmed."""
    try:
        result = backup.delete_all(store, expected=announced)
    except ProspectsError as error:
        state.put(FAILED, error.message)
        return
    except OSError:  # the backup could not be written: nothing was deleted
        state.put(FAILED, t("list.backup_failed", folder=str(backup.backup_folder(store))))
        return
    state.put(FAILED, None)
    state.put(state.SELECTED_PROSPECT, None)
    state.put(WIPED, (result.deleted, result.backup))


def _import_body() -> None:
    if not state.get(DIALOG):
        st.rerun()
    store = shell.store()
    shell.apply_language(store)
    text = st.text_input(t("list.search_contacts"), key="list_contact_search", icon=":material/search:")
    rows, total = records.contacts_page(store, text or None, limit=CONTACT_CHOICES)
    if total == 0:
        st.info(t("list.no_contacts"), icon=":material/contacts:")
        if has_page("contacts") and st.button(t("list.go_contacts"), key="list_go_contacts"):
            close_dialog()
            st.switch_page(page_file("contacts"))
        return
    labels = {int(r.id): _contact_row_label(r) for r in rows.itertuples()}
    st.caption(t("list.contacts_found", shown=len(labels), total=total))
    chosen = st.multiselect(
        t("list.contacts_to_import"), list(labels), format_func=labels.get, key="list_contacts_chosen",
        placeholder=t("list.pick_contacts"),
    )
    if state.get(FAILED):
        st.error(shell.md(state.get(FAILED)), icon=":material/error:")
    st.button(
        t("list.import_go", count=len(chosen)), type="primary", key="list_import_go", disabled=not chosen,
        icon=":material/input:", on_click=_import, args=(store, shell.current_user_id()),
    )


def _import(store: Store, by: int | None) -> None:
    chosen = [int(c) for c in st.session_state.get("list_contacts_chosen") or []]
    try:
        result = promotion.import_contacts(store, chosen, by)
    except ProspectsError as error:
        state.put(FAILED, error.message)
        return
    message = t("list.imported", created=len(result.created))
    if result.skipped:
        message += " " + t("list.import_skipped", skipped=len(result.skipped))
    close_dialog()
    if result.created:
        state.put(state.SELECTED_PROSPECT, result.created[0])
    state.flash(message)


def _contact_row_label(row) -> str:  # noqa: ANN001 - a DataFrame row
    person = display_name(*(x if isinstance(x, str) else None for x in (row.first_name, row.last_name)), None)
    parts = [person, row.company if isinstance(row.company, str) else "", row.email if isinstance(row.email, str) else ""]
    linked = t("list.contact_has_prospect") if row.prospect is not None and isinstance(row.prospect, str) else ""
    return " · ".join(p for p in (*parts, linked) if p)


def empty_state(store: Store) -> None:
    """No prospect at all: say what to do next."""
    st.info(t("list.empty"), icon=":material/lightbulb:")
    demo_col, file_col, _ = st.columns([1, 1, 2])
    if demo_col.button(t("list.load_demo"), type="primary", key="list_load_demo", icon=":material/auto_awesome:"):
        prospects, actions = demo.load(store)
        state.flash(t("list.demo_loaded", prospects=prospects, actions=actions))
        st.rerun()
    if has_page("import") and file_col.button(t("list.load_file"), key="list_empty_load_file", icon=":material/upload_file:"):
        st.switch_page(page_file("import"))
