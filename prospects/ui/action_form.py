"""The action record: one dialog to create, edit, tick done or delete a follow-up action.

Shared by the prospect list, the prospect record and the Kanban board.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from prospects import services
from prospects.domain import Action, at_the_door
from prospects.errors import ConflictError, NotFoundError, ProspectsError, ValidationError
from prospects.i18n import fmt_datetime, t
from prospects.services import Store, records
from prospects.services import settings as team_settings
from prospects.ui import shell, state

OPEN = "action_dialog_open"  # (prospect id, action id or None, version read when opened)
CONFIRM_DELETE = "action_confirm_delete"  # id of the action whose deletion waits for a confirmation
ERRORS = "action_errors"  # (dialog key, {field: message}) of the last refused save
DEFAULT_HOUR = time(9, 0)


def request_action_dialog(prospect_id: int, action_id: int | None = None) -> None:
    """Mark the dialog open (fit for a button's `on_click`); `keep_open()` then shows it on every run until closed.

    No Streamlit call here: a callback interrupted by the next rerun would lose the click.
    """
    state.put(OPEN, (prospect_id, action_id, None))
    state.put(CONFIRM_DELETE, None)
    state.put(ERRORS, None)


def is_open() -> bool:
    """Whether the action dialog is shown this run (only one dialog shows at a time)."""
    return bool(state.get(OPEN))


def keep_open() -> None:
    """Show the action dialog while it is open (call once per run, after the page's buttons)."""
    opened = state.get(OPEN)
    if not opened:
        return
    prospect_id, action_id, version = opened
    if action_id is not None and version is None:
        # The version read when the dialog opens is the one the save checks against, so a
        # change made meanwhile by someone else is refused instead of overwritten.
        try:
            state.put(OPEN, (prospect_id, action_id, shell.store().actions.get(action_id).version))
        except NotFoundError:
            pass
    title = t("action.dialog_new") if action_id is None else t("action.dialog_edit")
    st.dialog(title, width="medium", on_dismiss=close_action_dialog)(_action_body)(prospect_id, action_id)


def close_action_dialog() -> None:
    state.put(OPEN, None)
    state.put(CONFIRM_DELETE, None)
    state.put(ERRORS, None)


def default_due(now: datetime | None = None) -> datetime:
    """A new action is for tomorrow morning unless said otherwise."""
    now = now or datetime.now()
    return datetime.combine(now.date() + timedelta(days=1), DEFAULT_HOUR)


def system_line(action: Action, users: dict[int, str]) -> str:
    """"#12 · created 03/11/2026 09:00 by EN · updated … by …", the action's system information."""
    return t(
        "action.system_line",
        id=action.id,
        created=fmt_datetime(action.created_at),
        created_by=shell.md(users.get(action.created_by, "—")),
        updated=fmt_datetime(action.updated_at),
        updated_by=shell.md(users.get(action.updated_by, "—")),
    )


def _action_body(prospect_id: int, action_id: int | None) -> None:
    if not state.get(OPEN):
        st.rerun()  # saved, deleted or cancelled by a button's callback: redraw the page without the dialog
    store = shell.store()
    with store.hold():
        shell.apply_language(store)  # the dialog's own reruns skip app.py
        try:
            action = records.action(store, action_id) if action_id else _new_action(store, prospect_id)
            prospect = records.prospect(store, prospect_id)
        except NotFoundError as error:
            st.error(shell.md(error.message), icon=":material/error:")
            return
        opened = state.get(OPEN)
        if action.id is not None and opened and opened[1] == action.id and opened[2] is not None:
            action = action.replace(version=opened[2])  # refuse to save over a change made meanwhile
        users = team_settings.users(store)
        key = _key(action)
        refused = state.get(ERRORS)
        errors = refused[1] if refused and refused[0] == key else {}
        st.caption(t("action.for_prospect", name=shell.md(prospect.display_name)))
        _fields(action, users, errors)
        if action.id is not None:
            initials = {u.id: u.initials for u in users}
            st.caption(system_line(action, initials))
        if "_" in errors:
            st.error(shell.md(errors["_"]), icon=":material/sync_problem:")
        _buttons(store, action)


def _key(action: Action) -> str:
    return f"action_{action.id or 'new'}_{action.prospect_id}"


def _new_action(store: Store, prospect_id: int) -> Action:
    return Action(prospect_id=prospect_id, due_at=default_due(), assignee_id=shell.current_user_id())


def _fields(action: Action, users: list, errors: dict[str, str]) -> None:  # noqa: ANN001
    """The inputs, each followed by its error of the last refused save."""
    key = _key(action)
    st.text_input(t("action.what"), value=action.title, key=f"{key}_title", placeholder=t("action.what_help"))
    if "title" in errors:
        st.error(shell.md(errors["title"]), icon=":material/error:")
    due = action.due_at or default_due()
    when_day, when_time = st.columns(2)
    when_day.date_input(t("action.when_date"), value=due.date(), format="DD/MM/YYYY", key=f"{key}_day")
    when_time.time_input(t("action.when_time"), value=due.time(), step=timedelta(minutes=15), key=f"{key}_time")
    if "due_at" in errors:
        st.error(shell.md(errors["due_at"]), icon=":material/error:")
    people = {u.id: f"{u.full_name} ({u.initials})" for u in users if u.active or u.id == action.assignee_id}
    ids = [None, *people]
    st.selectbox(
        t("action.who"), ids, index=ids.index(action.assignee_id) if action.assignee_id in ids else 0,
        format_func={None: t("action.nobody"), **people}.get, key=f"{key}_who",
    )
    done_col, important_col = st.columns(2)
    done_col.toggle(t("action.done"), value=action.done, key=f"{key}_done")
    important_col.checkbox(t("action.important"), value=action.important, key=f"{key}_important")
    st.text_area(t("action.notes"), value=action.notes or "", key=f"{key}_notes", height=120)


def typed_action(action: Action, values: dict[str, object]) -> Action:
    """The action as typed in the dialog (`values` by field: title, day, time, who, done, important, notes)."""
    day, hour = values.get("day"), values.get("time")
    due_at = datetime.combine(day, hour) if isinstance(day, date) and isinstance(hour, time) else None
    return action.replace(
        title=at_the_door(str(values.get("title") or ""), "title") or "", due_at=due_at, assignee_id=values.get("who"),
        done=bool(values.get("done")), important=bool(values.get("important")),
        notes=at_the_door(values.get("notes"), "notes"),
    )


def _buttons(store: Store, action: Action) -> None:
    # Writes happen in the buttons' callbacks: they run before anything else, so a rerun that
    # interrupts the dialog's own run (another event of the page) cannot lose the click.
    key = _key(action)
    by = shell.current_user_id()
    save, cancel, delete = st.columns(3)
    save.button(
        t("action.save"), type="primary", icon=":material/check:", key=f"{key}_save", width="stretch",
        on_click=_save, args=(store, action, by),
    )
    cancel.button(t("action.cancel"), key=f"{key}_cancel", width="stretch", on_click=close_action_dialog)
    if action.id is None:
        return
    delete.button(
        t("action.delete"), icon=":material/delete:", key=f"{key}_delete", width="stretch",
        on_click=state.put, args=(CONFIRM_DELETE, action.id),
    )
    if state.get(CONFIRM_DELETE) == action.id:
        st.warning(t("action.delete_confirm", title=shell.md(action.title)), icon=":material/warning:")
        st.button(t("action.delete_yes"), type="primary", key=f"{key}_delete_yes", on_click=_delete, args=(store, action))


def _save(store: Store, action: Action, by: int | None) -> None:
    key = _key(action)
    values = {name: st.session_state.get(f"{key}_{name}") for name in ("title", "day", "time", "who", "done", "important", "notes")}
    edited = typed_action(action, values)
    try:
        services.save_action(store, edited, by)
    except ValidationError as error:
        state.put(ERRORS, (key, shell.field_errors(error)))
        return
    except ConflictError:
        state.put(ERRORS, (key, {"_": t("action.conflict")}))
        return
    except ProspectsError as error:
        state.put(ERRORS, (key, {"_": error.message}))
        return
    close_action_dialog()
    state.flash(t("action.saved", title=shell.md(edited.title)))


def _delete(store: Store, action: Action) -> None:
    try:
        records.delete_action(store, action.id)
    except ProspectsError as error:
        state.put(ERRORS, (_key(action), {"_": error.message}))
        return
    close_action_dialog()
    state.flash(t("action.deleted", title=shell.md(action.title)))
