"""The sections of the Settings page: one function per tab, each a few widgets over the settings services.

Every write is one settings use case (checked, one unit of work); a refusal comes back as
messages by field, shown under that field in the row being edited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from prospects.domain import CHOICE_KINDS, MAX_CATEGORIES, Choice, CustomField, FieldType, Stage, User
from prospects.domain.accounts import REP, ROLES
from prospects.domain.settings_rules import countries, currencies
from prospects.errors import ProspectsError, ValidationError
from prospects.i18n import LANGUAGES, language, t
from prospects.services import Store
from prospects.services import auth as auth_service
from prospects.services import settings as service
from prospects.ui import shell, state

Placement = dict[str, Any]  # field name -> the column (or container) that shows its error
SCREEN = "settings_screen"  # the one session-state entry of this page: a `SettingsScreen`


@dataclass
class SettingsScreen:
    """What the Settings page keeps between runs.

    `edit_keys` names every widget of the edit rows and forms drawn so far: after a write they are
    forgotten, so every row shows the database again instead of what was typed before the save.
    """

    edit_keys: set[str] = field(default_factory=set)


def screen() -> SettingsScreen:
    """This session's Settings page state (created on first use)."""
    if SCREEN not in st.session_state:
        st.session_state[SCREEN] = SettingsScreen()
    return st.session_state[SCREEN]


def edit_key(name: str) -> str:
    """The key of an edit widget, remembered so that `forget_edits` can drop its value."""
    screen().edit_keys.add(name)
    return name


def forget_edits() -> None:
    """Drop every edit widget's value: the next run draws each row from the database."""
    edited = screen()
    for name in edited.edit_keys:
        st.session_state.pop(name, None)
    edited.edit_keys.clear()


def lang_key(name: str) -> str:
    """The key of a widget whose options are translated: keyed widgets keep their identity (and the
    browser its shown option) across label and option changes, so each language gets its own widget."""
    return f"{name}_{language()}"


def attempt(write: Callable[[], Any], success: str | Callable[[Any], str], where: Placement, fallback: Any) -> None:
    """Run one write; on success say so after a rerun, on refusal show each message under its field."""
    try:
        result = write()
    except ValidationError as error:
        for field, message in shell.field_errors(error).items():
            where.get(field, fallback).error(shell.md(message), icon=":material/error:")
        return
    except ProspectsError as error:
        fallback.error(shell.md(error.message), icon=":material/error:")
        return
    state.flash(success(result) if callable(success) else success)
    forget_edits()
    st.rerun()


def _header(widths: list[float], labels: list[str]) -> None:
    """Column titles once above the rows (the rows' own labels are collapsed)."""
    for column, label in zip(st.columns(widths), labels, strict=False):
        column.caption(f"**{shell.md(label)}**" if label else "")


def _retired_note(column: Any, active: bool) -> None:
    if not active:
        column.caption(t("settings.retired"))


def _move_buttons(col_up: Any, col_down: Any, prefix: str, item_id: int, move: Callable[[int, int], None]) -> None:
    if col_up.button("", icon=":material/arrow_upward:", help=t("settings.move_up"), key=edit_key(f"{prefix}_up_{item_id}")):
        attempt(lambda: move(item_id, -1), t("settings.saved"), {}, col_up)
    if col_down.button("", icon=":material/arrow_downward:", help=t("settings.move_down"), key=edit_key(f"{prefix}_down_{item_id}")):
        attempt(lambda: move(item_id, 1), t("settings.saved"), {}, col_down)


def _active_button(column: Any, prefix: str, item_id: int, active: bool, set_active: Callable[[int, bool], Any]) -> None:
    label = t("settings.retire") if active else t("settings.restore")
    if column.button(label, key=edit_key(f"{prefix}_active_{item_id}")):
        attempt(lambda: set_active(item_id, not active), t("settings.saved"), {}, column)


# -- stages --------------------------------------------------------------------

STAGE_WIDTHS = [3.4, 1.6, 1.6, 1.5, 1.7, 0.6, 0.6, 1.4]


def stages_section(store: Store) -> None:
    st.caption(t("settings.stage.help"))
    stages = service.stages(store)
    _header(STAGE_WIDTHS, [t("field.stage"), t("settings.stage.probability"), t("settings.stage.stale_after_days")])
    for stage in stages:
        _stage_row(store, stage)
    _add_stage(store)
    _delete_stage(store, [s for s in stages if s.active])


def _stage_row(store: Store, stage: Stage) -> None:
    name_col, prob_col, stale_col, count_col, save_col, up_col, down_col, active_col = st.columns(
        STAGE_WIDTHS, vertical_alignment="center"
    )
    name = name_col.text_input(t("field.stage"), stage.name, key=edit_key(f"stage_name_{stage.id}"), label_visibility="collapsed")
    probability = prob_col.number_input(
        t("settings.stage.probability"), 0, 100, stage.probability, key=edit_key(f"stage_probability_{stage.id}"),
        label_visibility="collapsed",
    )
    stale = stale_col.number_input(
        t("settings.stage.stale_after_days"), 1, 3650, max(stage.stale_after_days, 1), key=edit_key(f"stage_stale_{stage.id}"),
        label_visibility="collapsed",
    )
    count_col.caption(t("settings.stage.count", count=service.stage_prospect_count(store, stage.id)))
    _retired_note(name_col, stage.active)
    if save_col.button(t("settings.save"), key=edit_key(f"stage_save_{stage.id}"), type="primary"):
        changed = dataclasses.replace(stage, name=name, probability=int(probability), stale_after_days=int(stale))
        where = {"name": name_col, "probability": prob_col, "stale_after_days": stale_col}
        attempt(lambda: service.save_stage(store, changed), t("settings.saved"), where, name_col)
    _move_buttons(up_col, down_col, "stage", stage.id, lambda i, o: service.move_stage(store, i, o))
    _active_button(active_col, "stage", stage.id, stage.active, lambda i, a: service.set_stage_active(store, i, a))


def _add_stage(store: Store) -> None:
    with st.form("stage_add", clear_on_submit=False, border=False):
        name_col, prob_col, stale_col, add_col = st.columns([4, 2, 2, 2.5], vertical_alignment="bottom")
        name = name_col.text_input(t("settings.stage.add"), key=edit_key("stage_add_name"))
        probability = prob_col.number_input(t("settings.stage.probability"), 0, 100, 50, key=edit_key("stage_add_probability"))
        stale = stale_col.number_input(t("settings.stage.stale_after_days"), 1, 3650, 14, key=edit_key("stage_add_stale"))
        if add_col.form_submit_button(t("settings.add"), icon=":material/add:"):
            stage = Stage(None, name, 0, int(probability), int(stale))
            where = {"name": name_col, "probability": prob_col, "stale_after_days": stale_col}
            attempt(lambda: service.add_stage(store, stage), t("settings.added", name=shell.md(name.strip())), where, name_col)


def _delete_stage(store: Store, active: list[Stage]) -> None:
    names = {s.id: s.name for s in active}
    with st.expander(t("settings.stage.delete_title"), icon=":material/delete:"):
        which_col, to_col, go_col = st.columns([3, 3, 2], vertical_alignment="bottom")
        which = which_col.selectbox(t("settings.stage.delete_which"), list(names), format_func=names.get, key=edit_key("stage_delete_which"))
        targets = [None] + [sid for sid in names if sid != which]
        move_to = to_col.selectbox(
            t("settings.stage.move_to"),
            targets,
            format_func=lambda sid: names[sid] if sid else t("settings.stage.move_to_none"),
            key=edit_key(lang_key("stage_delete_move_to")),
        )
        if go_col.button(t("settings.delete"), key=edit_key("stage_delete"), type="primary") and which is not None:

            def done(result: tuple[int, bool]) -> str:
                moved, kept = result
                key = "settings.stage.deleted_kept" if kept else "settings.stage.deleted"
                return t(key, name=shell.md(names[which]), count=moved)

            where = {"move_to": to_col}
            attempt(lambda: service.delete_stage(store, which, move_to, by=shell.current_user_id()), done, where, to_col)


# -- lists ---------------------------------------------------------------------

CHOICE_WIDTHS = [5, 1.5, 1.7, 0.6, 0.6, 1.4]


def lists_section(store: Store) -> None:
    st.caption(t("settings.list.help"))
    kind = st.selectbox(t("settings.list.which"), CHOICE_KINDS, format_func=lambda k: t(f"field.{k}"), key=lang_key("list_kind"))
    usage = service.choice_usage(store, kind)
    _header(CHOICE_WIDTHS, [t(f"field.{kind}")])
    for choice in service.choices(store, kind):
        _choice_row(store, choice, usage.get(choice.name, 0))
    with st.form(f"choice_add_{kind}", border=False):
        name_col, add_col = st.columns([6, 4], vertical_alignment="bottom")
        name = name_col.text_input(t("settings.list.new_value"), key=edit_key(f"choice_add_name_{kind}"))
        if add_col.form_submit_button(t("settings.add"), icon=":material/add:"):
            new = Choice(None, kind, name, 0)
            attempt(lambda: service.add_choice(store, new), t("settings.added", name=shell.md(name.strip())), {"name": name_col}, name_col)


def _choice_row(store: Store, choice: Choice, used: int) -> None:
    name_col, count_col, save_col, up_col, down_col, active_col = st.columns(CHOICE_WIDTHS, vertical_alignment="center")
    name = name_col.text_input(t("field.name"), choice.name, key=edit_key(f"choice_name_{choice.id}"), label_visibility="collapsed")
    count_col.caption(t("settings.used_by", count=used))
    _retired_note(name_col, choice.active)
    if save_col.button(t("settings.save"), key=edit_key(f"choice_save_{choice.id}"), type="primary"):
        attempt(lambda: service.rename_choice(store, choice.id, name), t("settings.saved"), {"name": name_col}, name_col)
    _move_buttons(up_col, down_col, "choice", choice.id, lambda i, o: service.move_choice(store, i, o))
    _active_button(active_col, "choice", choice.id, choice.active, lambda i, a: service.set_choice_active(store, i, a))


# -- categories ------------------------------------------------------------------


def categories_section(store: Store) -> None:
    st.caption(t("settings.categories.help", max=MAX_CATEGORIES))
    labels = service.category_labels(store)
    with st.form("categories", border=False):
        columns = st.columns(4)
        inputs: dict[int, str] = {}
        where: Placement = {}
        for position in range(1, MAX_CATEGORIES + 1):
            column = columns[(position - 1) % 4]
            inputs[position] = column.text_input(
                t("settings.categories.label", position=position), labels.get(position, ""), key=edit_key(f"category_{position}")
            )
            where[f"category_{position}"] = column
        if st.form_submit_button(t("settings.save"), type="primary"):
            attempt(lambda: service.save_category_labels(store, inputs), t("settings.saved"), where, st)


# -- custom fields -----------------------------------------------------------------


CUSTOM_WIDTHS = [3.4, 2, 1.5, 1.7, 0.6, 0.6, 1.4]


def _type_label(field_type: FieldType) -> str:
    return t(f"settings.type.{field_type}")


def custom_fields_section(store: Store) -> None:
    st.caption(t("settings.custom.help"))
    _header(CUSTOM_WIDTHS, [t("settings.custom.label"), t("settings.custom.type")])
    for custom_field in service.custom_fields(store):
        _custom_field_row(store, custom_field)
    with st.form("custom_add", border=False):
        label_col, type_col, add_col = st.columns([5, 3, 2], vertical_alignment="bottom")
        label = label_col.text_input(t("settings.custom.label"), key=edit_key("custom_add_label"))
        field_type = type_col.selectbox(t("settings.custom.type"), list(FieldType), format_func=_type_label, key=edit_key(lang_key("custom_add_type")))
        if add_col.form_submit_button(t("settings.add"), icon=":material/add:"):
            new = CustomField(None, label, field_type, 0)
            where = {"label": label_col, "type": type_col}
            attempt(lambda: service.add_custom_field(store, new), t("settings.added", name=shell.md(label.strip())), where, label_col)


def _custom_field_row(store: Store, custom_field: CustomField) -> None:
    label_col, type_col, count_col, save_col, up_col, down_col, active_col = st.columns(
        CUSTOM_WIDTHS, vertical_alignment="center"
    )
    label = label_col.text_input(
        t("settings.custom.label"), custom_field.label, key=edit_key(f"custom_label_{custom_field.id}"), label_visibility="collapsed"
    )
    types = list(FieldType)
    field_type = type_col.selectbox(
        t("settings.custom.type"), types, types.index(custom_field.type), format_func=_type_label,
        key=edit_key(lang_key(f"custom_type_{custom_field.id}")), label_visibility="collapsed",
    )
    count_col.caption(t("settings.custom.values", count=service.custom_field_value_count(store, custom_field.id)))
    _retired_note(label_col, custom_field.active)
    if save_col.button(t("settings.save"), key=edit_key(f"custom_save_{custom_field.id}"), type="primary"):
        changed = dataclasses.replace(custom_field, label=label, type=field_type)
        where = {"label": label_col, "type": type_col}
        attempt(lambda: service.save_custom_field(store, changed), t("settings.saved"), where, label_col)
    _move_buttons(up_col, down_col, "custom", custom_field.id, lambda i, o: service.move_custom_field(store, i, o))
    _active_button(
        active_col, "custom", custom_field.id, custom_field.active, lambda i, a: service.set_custom_field_active(store, i, a)
    )


# -- users ---------------------------------------------------------------------------

USER_WIDTHS = [3.4, 1.2, 3.6, 0.8, 1.7, 1.7]


def users_section(store: Store) -> None:
    st.caption(t("settings.user.help"))
    _header(USER_WIDTHS, [t("settings.user.full_name"), t("settings.user.initials"), t("field.email"), t("settings.user.active")])
    for user in service.users(store):
        _user_row(store, user)
    with st.form("user_add", border=False):
        st.markdown(f"**{t('settings.user.add')}**")
        name_col, initials_col, email_col = st.columns([4, 1.5, 4], vertical_alignment="bottom")
        role_col, password_col, add_col = st.columns([3, 4, 2.5], vertical_alignment="bottom")
        full_name = name_col.text_input(t("settings.user.full_name"), key=edit_key("user_add_name"))
        initials = initials_col.text_input(t("settings.user.initials"), key=edit_key("user_add_initials"))
        email = email_col.text_input(t("field.email"), key=edit_key("user_add_email"))
        role = role_col.selectbox(t("users.role"), ROLES, index=ROLES.index(REP), format_func=_role_label,
                                  key=edit_key(lang_key("user_add_role")))
        password = password_col.text_input(t("users.password"), type="password", key=edit_key("user_add_password"))
        if add_col.form_submit_button(t("settings.add"), icon=":material/person_add:"):
            new = User(None, full_name, initials, email)
            where = {"full_name": name_col, "initials": initials_col, "email": email_col, "role": role_col,
                     "password": password_col}
            attempt(lambda: auth_service.create_user(store, new, role, password or None),
                    t("settings.added", name=shell.md(full_name.strip())), where, name_col)
    _accounts_section(store)


def _role_label(role: str) -> str:
    return t(f"auth.role.{role}")


def _accounts_section(store: Store) -> None:
    """Roles and passwords: who is a manager, who may sign in (deactivating is the Active box above)."""
    accounts = [a for a in auth_service.accounts(store) if a.active]
    st.markdown(f"**{t('users.title')}**")
    st.caption(t("users.help"))
    st.dataframe(
        [{t("settings.user.full_name"): a.full_name, t("settings.user.initials"): a.initials,
          t("users.role"): _role_label(a.role), t("users.has_password"): a.password_hash is not None}
         for a in accounts],
        hide_index=True,
    )
    names = {a.user_id: f"{a.full_name} ({a.initials})" for a in accounts}
    with st.form("user_account", border=False):
        user_col, role_col, password_col = st.columns([4, 2.5, 4], vertical_alignment="bottom")
        user_id = user_col.selectbox(t("users.pick"), list(names), format_func=names.get, key=edit_key("account_user"))
        role = role_col.selectbox(t("users.role"), ROLES, format_func=_role_label, key=edit_key(lang_key("account_role")))
        password = password_col.text_input(t("users.new_password"), type="password", key=edit_key("account_password"))
        role_button, password_button = st.columns(2)
        where = {"role": role_col, "password": password_col}
        if role_button.form_submit_button(t("users.save_role"), icon=":material/badge:"):
            attempt(lambda: auth_service.set_role(store, user_id, role), t("users.role_saved"), where, user_col)
        if password_button.form_submit_button(t("users.reset_password"), icon=":material/key:"):
            attempt(lambda: auth_service.reset_password(store, user_id, password), t("users.password_saved"), where, user_col)


def _user_row(store: Store, user: User) -> None:
    name_col, initials_col, email_col, active_col, save_col, delete_col = st.columns(USER_WIDTHS, vertical_alignment="center")
    hidden = "collapsed"
    full_name = name_col.text_input(
        t("settings.user.full_name"), user.full_name, key=edit_key(f"user_name_{user.id}"), label_visibility=hidden
    )
    initials = initials_col.text_input(
        t("settings.user.initials"), user.initials, key=edit_key(f"user_initials_{user.id}"), label_visibility=hidden
    )
    email = email_col.text_input(t("field.email"), user.email or "", key=edit_key(f"user_email_{user.id}"), label_visibility=hidden)
    active = active_col.checkbox(t("settings.user.active"), user.active, key=edit_key(f"user_active_{user.id}"), label_visibility=hidden)
    where = {"full_name": name_col, "initials": initials_col, "email": email_col, "active": active_col}
    if save_col.button(t("settings.save"), key=edit_key(f"user_save_{user.id}"), type="primary"):
        changed = User(user.id, full_name, initials, email, active)
        attempt(lambda: service.save_user(store, changed), t("settings.saved"), where, name_col)
    if delete_col.button(t("settings.delete"), key=edit_key(f"user_delete_{user.id}")):
        attempt(lambda: service.delete_user(store, user.id), t("settings.deleted", name=shell.md(user.full_name)), where, name_col)


# -- general ---------------------------------------------------------------------------


def general_section(store: Store) -> None:
    current = service.general(store)
    with st.form("general", border=False):
        currency_col, country_col, language_col = st.columns(3)
        codes = currencies()
        currency = currency_col.selectbox(
            t("settings.general.currency"), codes, _index(codes, current.get("currency", "EUR")), key=edit_key("general_currency")
        )
        regions = countries()
        country = country_col.selectbox(
            t("settings.general.default_country"), regions, _index(regions, current.get("default_country", "FR")),
            key=edit_key("general_country"),
        )
        lang = language_col.selectbox(
            t("settings.general.language"), LANGUAGES, _index(list(LANGUAGES), current.get("language", "en")),
            format_func=lambda code: t(f"settings.language.{code}"), key=edit_key(lang_key("general_language")),
        )
        if st.form_submit_button(t("settings.save"), type="primary"):
            values = {"currency": currency, "default_country": country, "language": lang}
            where = {"currency": currency_col, "default_country": country_col, "language": language_col}
            attempt(lambda: service.save_general(store, values), t("settings.saved"), where, st)
    session_language = language()
    label = t("settings.general.translate", language=t(f"settings.language.{session_language}"))
    if st.button(label, help=t("settings.general.translate_help"), key=edit_key("general_translate"), icon=":material/translate:"):
        attempt(
            lambda: service.translate_defaults(store, session_language),
            lambda count: t("settings.general.translated", count=count),
            {},
            st,
        )


def _index(options: list[str], value: str) -> int:
    return options.index(value) if value in options else 0
