"""Pieces of the main contacts page: search, the paged table, the add / edit form."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from prospects.domain import Contact, at_the_door
from prospects.domain.phones import display_phone, normalise_phone
from prospects.domain.rules import NAME_FIELDS, display_name
from prospects.errors import ConflictError, NotFoundError, ProspectsError, ValidationError
from prospects.i18n import fmt_datetime, t
from prospects.services import Store, promotion, records
from prospects.services import settings as team_settings
from prospects.ui import shell, state

EDITING = "contacts_editing"  # id of the contact in the form, "new", or None
ERRORS = "contacts_errors"  # (editing, {field: message}) of the last refused save
PAGE = "contacts_page"
PAGE_SIZE = 50
# The contact form's widgets, row by row; their keys are form_key(name), forgotten together by `edit`.
FORM_LAYOUT = (("civility", "last_name", "first_name", "company"), ("job_title", "email", "phone", "mobile"),
               ("address", "postal_code", "city", "country"))
FORM_FIELDS = (*(name for row in FORM_LAYOUT for name in row), "website", "notes")


def form_key(name: str) -> str:
    return f"contact_f_{name}"

FIELDS = (
    "civility", "last_name", "first_name", "company", "job_title", "email", "phone", "mobile",
    "address", "postal_code", "city", "country", "website", "notes",
)


def _first_page() -> None:
    st.session_state[PAGE] = 1


def search() -> str | None:
    text = st.text_input(
        t("contacts.search"), placeholder=t("contacts.search_help"), key="contacts_text", icon=":material/search:",
        persist_state="session", on_change=_first_page,
    )
    return text or None


def table(store: Store, text: str | None) -> None:
    """A page of contacts; selecting one opens it in the form below."""
    page = max(1, int(st.session_state.get(PAGE) or 1))
    rows, total = records.contacts_page(store, text, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if total == 0:
        st.info(t("contacts.empty") if not text else t("contacts.no_match"), icon=":material/contacts:")
        return
    if rows.empty and page > 1:
        st.session_state[PAGE] = pages
        st.rerun()
    home = team_settings.default_country(store)
    shown = pd.DataFrame({
        "name": [_name(r) for r in rows.itertuples()],
        "company": rows["company"].fillna("").to_numpy(),  # an empty cell, never the word "None"
        "job_title": rows["job_title"].fillna("").to_numpy(),
        "email": rows["email"].fillna("").to_numpy(),
        "phone": [display_phone(p if isinstance(p, str) else None, home) or "" for p in rows["phone"].fillna(rows["mobile"])],
        "city": rows["city"].fillna("").to_numpy(),
        "prospect": rows["prospect"].fillna("").to_numpy(),
    })
    key = "contacts_table_" + hashlib.sha1(repr((text, page, rows["id"].tolist())).encode()).hexdigest()[:12]
    event = st.dataframe(
        shown, key=key, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        column_config={
            "name": t("field.name"), "company": t("field.company"), "job_title": t("field.job_title"),
            "email": t("field.email"), "phone": t("field.phone"), "city": t("field.city"),
            "prospect": t("contacts.came_from"),
        },
    )
    if event is not None and event.selection.rows:
        chosen = int(rows["id"].iloc[event.selection.rows[0]])
        if state.get(EDITING) != chosen:
            edit(chosen)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.caption(t("contacts.count", total=total, page=page, pages=pages))
    right.number_input(t("list.page"), min_value=1, max_value=pages, step=1, key=PAGE)


def _name(row) -> str:  # noqa: ANN001 - a DataFrame row
    def text(value: object) -> str | None:
        return value if isinstance(value, str) else None

    return display_name(*(text(getattr(row, name)) for name in NAME_FIELDS))


def edit(contact_id: int | str | None) -> None:
    """Put a contact (or "new") in the form, forgetting what was typed for another."""
    for name in FORM_FIELDS:
        st.session_state.pop(form_key(name), None)
    state.put(EDITING, contact_id)
    state.put(ERRORS, None)


def form(store: Store) -> None:
    """Add or edit one contact; errors next to their field, a duplicate named."""
    editing = state.get(EDITING)
    if editing is None:
        return
    try:
        contact = Contact() if editing == "new" else records.contact(store, int(editing))
    except NotFoundError as error:
        st.error(shell.md(error.message))
        state.put(EDITING, None)
        return
    refused = state.get(ERRORS)
    errors = refused[1] if refused and refused[0] == editing else {}
    st.subheader(t("contacts.new") if contact.id is None else t("contacts.edit", name=shell.md(promotion.contact_label(contact))))
    values: dict[str, str | None] = {}
    civilities = [None, *team_settings.choice_names(store, "civility")]
    if contact.civility not in civilities:
        civilities.append(contact.civility)
    for names in FORM_LAYOUT:
        for column, name in zip(st.columns(len(names)), names, strict=True):
            if name == "civility":
                values[name] = column.selectbox(
                    t("field.civility"), civilities, index=civilities.index(contact.civility),
                    format_func=lambda v: v or "—", key=form_key(name),
                )
            else:
                values[name] = column.text_input(t(f"field.{name}"), value=getattr(contact, name) or "", key=form_key(name))
            if name in errors:
                column.error(shell.md(errors[name]), icon=":material/error:")
    values["website"] = st.text_input(t("field.website"), value=contact.website or "", key=form_key("website"))
    values["notes"] = st.text_area(t("contacts.notes"), value=contact.notes or "", key=form_key("notes"))
    if contact.id is not None:
        users = {u.id: u.initials for u in team_settings.users(store)}
        st.caption(t("contacts.system_line", id=contact.id, created=fmt_datetime(contact.created_at),
                     created_by=shell.md(users.get(contact.created_by, "?")), updated=fmt_datetime(contact.updated_at),
                     updated_by=shell.md(users.get(contact.updated_by, "?"))))
    if "_" in errors:
        st.error(shell.md(errors["_"]), icon=":material/person_alert:")
    save, cancel, _ = st.columns([1, 1, 4])
    if save.button(t("contacts.save"), type="primary", icon=":material/check:", key="contact_save", width="stretch"):
        _save(store, contact, values, editing)
    if cancel.button(t("contacts.cancel"), key="contact_cancel", width="stretch"):
        edit(None)
        st.rerun()


def typed_contact(contact: Contact, values: dict[str, str | None], default_country: str) -> tuple[Contact, dict[str, str]]:
    """The contact as typed, phones normalised; messages for numbers that cannot be read."""
    changes = {name: at_the_door(values.get(name), name) for name in FIELDS}
    errors: dict[str, str] = {}
    for name in ("phone", "mobile"):
        try:
            changes[name] = normalise_phone(changes[name], default_country)
        except ValueError:
            errors[name] = t("record.phone_invalid", value=changes[name])
    return contact.replace(**changes), errors


def _save(store: Store, contact: Contact, values: dict[str, str | None], editing: int | str) -> None:
    typed, errors = typed_contact(contact, values, team_settings.default_country(store))
    try:
        if errors:
            raise ValidationError(promotion.validate_contact(typed))
        saved = promotion.save_contact(store, typed, shell.current_user_id())
    except ValidationError as error:
        state.put(ERRORS, (editing, {**shell.field_errors(error), **errors}))
        st.rerun()
    except (promotion.AlreadyAContact, ConflictError) as error:
        state.put(ERRORS, (editing, {"_": error.message}))
        st.rerun()
    except ProspectsError as error:
        shell.show_error(error)
        return
    edit(None)
    state.flash(t("contacts.saved", name=shell.md(promotion.contact_label(saved))))
    st.rerun()


def load_file(store: Store) -> None:
    """Load main contacts from a CSV, Excel or vCard file, read and mapped by the import engine."""
    with st.expander(t("contacts.load_file"), icon=":material/upload_file:"):
        upload = st.file_uploader(
            t("contacts.load_file_help"), type=["csv", "txt", "tsv", "xlsx", "vcf", "json"], key="contacts_upload"
        )
        if upload is None:
            return
        if st.button(t("contacts.load_go"), type="primary", key="contacts_load_go"):
            try:
                result = promotion.load_contacts_file(store, upload.name, upload.getvalue(), shell.current_user_id())
            except ProspectsError as error:
                st.error(shell.md(error.message), icon=":material/error:")
                return
            st.success(t("contacts.loaded", created=result.created, skipped=len(result.skipped), rejected=len(result.rejected)))
            for row, label in result.skipped[:20]:
                st.caption(t("contacts.loaded_skipped", row=row, name=shell.md(label)))
            for row, reason in result.rejected[:20]:
                st.caption(t("contacts.loaded_rejected", row=row, reason=shell.md(reason)))
