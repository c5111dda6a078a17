"""The action record: one dialog to create, edit, tick done or delete a follow-up action.

Shared by the prospect list, the prospect record and the Kanban board.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from prospects import services
from prospects.domain import Action
from prospects.errors import ConflictError, NotFoundError, ProspectsError, ValidationError
from prospects.i18n import fmt_datetime, t
from prospects.store import Store
from prospects.ui import shell, state

OPEN = "action_dialog_open"  # (prospect id, action id or None, version read when opened)
CONFIRM_DELETE = "action_confirm_delete"  # id of the action whose deletion waits for a confirmation
DEFAULT_HOUR = time(9, 0)


def open_action_dialog(prospect_id: int, action_id: int | None = None) -> None:
    """Open the action record of `prospect_id` (a new action when `action_id` is None)."""
    request_action_dialog(prospect_id, action_id)
    keep_open()


def request_action_dialog(prospect_id: int, action_id: int | None = None) -> None:
    """Mark the dialog open (fit for a button's `on_click`); `keep_open()` then shows it on every run until closed.

    No Streamlit call here: a callback interrupted by the next rerun would lose the click.
    """
    state.put(OPEN, (prospect_id, action_id, None))
    state.put(CONFIRM_DELETE, None)


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
        created_by=users.get(action.created_by, "—"),
        updated=fmt_datetime(action.updated_at),
        updated_by=users.get(action.updated_by, "—"),
    )


def _action_body(prospect_id: int, action_id: int | None) -> None:
    store = shell.store()
    with store.hold():
        try:
            action = store.actions.get(action_id) if action_id else _new_action(store, prospect_id)
            prospect = store.prospects.get(prospect_id)
        except NotFoundError as error:
            st.error(error.message, icon=":material/error:")
            return
        opened = state.get(OPEN)
        if action.id is not None and opened and opened[1] == action.id and opened[2] is not None:
            action = action.replace(version=opened[2])  # refuse to save over a change made meanwhile
        users = store.users.list()
        st.caption(t("action.for_prospect", name=prospect.display_name))
        edited, errors_at = _fields(action, users)
        if action.id is not None:
            initials = {u.id: u.initials for u in users}
            st.caption(system_line(action, initials))
        _buttons(store, action, edited, errors_at)


def _new_action(store: Store, prospect_id: int) -> Action:
    return Action(prospect_id=prospect_id, due_at=default_due(), assignee_id=shell.current_user_id())


def _fields(action: Action, users: list) -> tuple[Action, dict]:  # noqa: ANN001
    """The inputs; returns the action as typed and the placeholders where field errors go."""
    key = f"action_{action.id or 'new'}_{action.prospect_id}"
    errors_at: dict[str, st.delta_generator.DeltaGenerator] = {}
    title = st.text_input(t("action.what"), value=action.title, key=f"{key}_title", placeholder=t("action.what_help"))
    errors_at["title"] = st.empty()
    due = action.due_at or default_due()
    when_day, when_time = st.columns(2)
    day = when_day.date_input(t("action.when_date"), value=due.date(), format="DD/MM/YYYY", key=f"{key}_day")
    hour = when_time.time_input(t("action.when_time"), value=due.time(), step=timedelta(minutes=15), key=f"{key}_time")
    errors_at["due_at"] = st.empty()
    people = {u.id: f"{u.full_name} ({u.initials})" for u in users if u.active or u.id == action.assignee_id}
    ids = [None, *people]
    assignee = st.selectbox(
        t("action.who"), ids, index=ids.index(action.assignee_id) if action.assignee_id in ids else 0,
        format_func=lambda uid: people.get(uid, t("action.nobody")), key=f"{key}_who",
    )
    done_col, important_col = st.columns(2)
    done = done_col.toggle(t("action.done"), value=action.done, key=f"{key}_done")
    important = important_col.checkbox(t("action.important"), value=action.important, key=f"{key}_important")
    notes = st.text_area(t("action.notes"), value=action.notes or "", key=f"{key}_notes", height=120)
    due_at = datetime.combine(day, hour) if isinstance(day, date) and hour is not None else None
    edited = action.replace(
        title=(title or "").strip(), due_at=due_at, assignee_id=assignee, done=done, important=important,
        notes=notes or None,
    )
    return edited, errors_at


def _buttons(store: Store, action: Action, edited: Action, errors_at: dict) -> None:  # noqa: ANN001
    key = f"action_{action.id or 'new'}_{action.prospect_id}"
    save, cancel, delete = st.columns(3)
    if save.button(t("action.save"), type="primary", icon=":material/check:", key=f"{key}_save", width="stretch"):
        _save(store, edited, errors_at)
    if cancel.button(t("action.cancel"), key=f"{key}_cancel", width="stretch"):
        close_action_dialog()
        st.rerun()
    if action.id is None:
        return
    if delete.button(t("action.delete"), icon=":material/delete:", key=f"{key}_delete", width="stretch"):
        state.put(CONFIRM_DELETE, action.id)
    if state.get(CONFIRM_DELETE) == action.id:
        st.warning(t("action.delete_confirm", title=action.title), icon=":material/warning:")
        if st.button(t("action.delete_yes"), type="primary", key=f"{key}_delete_yes"):
            _delete(store, action)


def _save(store: Store, edited: Action, errors_at: dict) -> None:  # noqa: ANN001
    try:
        services.save_action(store, edited, shell.current_user_id())
    except ValidationError as error:
        shown = set()
        for name, message in shell.field_errors(error).items():
            if name in errors_at:
                errors_at[name].error(message, icon=":material/error:")
                shown.add(name)
        if set(shell.field_errors(error)) - shown:
            st.error(error.message, icon=":material/error:")
        return
    except ConflictError:
        st.error(t("action.conflict"), icon=":material/sync_problem:")
        return
    except ProspectsError as error:
        st.error(error.message, icon=":material/error:")
        return
    close_action_dialog()
    state.flash(t("action.saved", title=edited.title))
    st.rerun()


def _delete(store: Store, action: Action) -> None:
    try:
        store.actions.delete(action.id)
    except ProspectsError as error:
        st.error(error.message, icon=":material/error:")
        return
    close_action_dialog()
    state.flash(t("action.deleted", title=action.title))
    st.rerun()
