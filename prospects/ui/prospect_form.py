"""The prospect record: header, tabs and Validate / Cancel, with errors next to their fields.

Every input has a key of its record (`rec_<id>_<field>`), so what was typed stays on screen
when a save is refused; a successful save or Cancel forgets those keys and shows the record
as stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from prospects.domain import (
    MAX_CATEGORIES,
    FieldType,
    Prospect,
    Status,
)
from prospects.domain.closing import Settle
from prospects.domain.phones import display_phone
from prospects.i18n import fmt_amount, fmt_datetime, fmt_number, t
from prospects.services import Store, records
from prospects.services import settings as team_settings
from prospects.ui import action_form, deal_panel, shell, state

FORM_KEYS = "record_form_keys"  # {form base: the widget keys it made}, what a reset forgets
ERRORS = "record_errors"  # (prospect id, {field: message}) of the last refused save, shown next to each field
CONFLICT = "record_conflict"  # the prospect id whose save met a change made meanwhile
LABELS = {"stage_id": "field.stage", "owner_id": "field.owner"}  # fields whose label key is not field.<name>


def requested_id() -> int | None:
    """The record asked for in the URL (`?id=123`); None for a new prospect."""
    raw = st.query_params.get("id")
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # not a number: shown as a record that does not exist


def base(prospect_id: int | None) -> str:
    return f"rec_{prospect_id or 'new'}"


def form_key(prospect_id: int | None, name: str) -> str:
    """The key of one widget of a record's form, noted so that `reset` forgets exactly the keys it made."""
    key = f"{base(prospect_id)}_{name}"
    made = st.session_state.setdefault(FORM_KEYS, {})
    made.setdefault(base(prospect_id), set()).add(key)
    return key


def load(store: Store, prospect_id: int | None) -> Prospect:
    """The stored prospect, or a new one in the first stage, owned by the current user."""
    if prospect_id is None:
        stages = team_settings.stages(store, active_only=True)
        return Prospect(stage_id=stages[0].id if stages else None, owner_id=shell.current_user_id())
    prospect = records.prospect(store, prospect_id)
    version_key = base(prospect_id) + "__version"
    if version_key not in st.session_state:
        st.session_state[version_key] = prospect.version  # the version this form was filled from
    return prospect.replace(version=st.session_state[version_key])


def reset(prospect_id: int | None) -> None:
    """Forget what was typed in this record: the next run shows it as stored."""
    made = st.session_state.get(FORM_KEYS) or {}
    for key in {*made.pop(base(prospect_id), set()), base(prospect_id) + "__version"}:
        st.session_state.pop(key, None)
    state.put(ERRORS, None)
    state.put(CONFLICT, None)


# -- tabs ---------------------------------------------------------------------------

TABS = ("project", "details", "more", "tasks", "history")

ERROR_MARK = ":red[:material/error:] "
# Which tab shows which field, noted as the tabs are drawn (the same for every record and session).
FIELD_TAB: dict[str, str] = {}


def tab_labels(errors: dict[str, str]) -> list[str]:
    """The tabs' names, a tab holding a refused field marked so the rep sees where to look."""
    flagged = {FIELD_TAB.get(name) for name in errors}
    return [f"{ERROR_MARK if tab in flagged else ''}{t(f'record.tab_{tab}')}" for tab in TABS]


def tab_key(prospect_id: int | None) -> str:
    """The open tab of one record, kept through saves and reruns (not forgotten by Cancel)."""
    return base(prospect_id) + "__tab"


def keep_open_tab(labels: list[str], key: str) -> None:
    """The tab the rep had open stays open when its name gains or loses the error mark."""
    chosen = st.session_state.get(key)
    if chosen is not None and chosen not in labels:
        plain = chosen.removeprefix(ERROR_MARK)
        st.session_state[key] = next((label for label in labels if label.removeprefix(ERROR_MARK) == plain), labels[0])


def draw_tabs(store: Store, inputs: Inputs) -> None:
    labels = tab_labels(inputs.errors)
    key = tab_key(inputs.prospect.id)
    keep_open_tab(labels, key)
    drawers = {
        "project": lambda: project_tab(inputs),
        "details": lambda: details_tab(inputs),
        "more": lambda: more_tab(inputs),
        "tasks": lambda: tasks_tab(store, inputs.prospect),
        "history": lambda: history_tab(store, inputs.prospect),
    }
    for tab, container in zip(TABS, st.tabs(labels, key=key), strict=True):
        inputs.tab = tab
        with container:
            drawers[tab]()
    inputs.tab = None


# -- inputs -------------------------------------------------------------------------


class Inputs:
    """Lays out the inputs of one record and collects the values typed."""

    def __init__(self, store: Store, prospect: Prospect) -> None:
        self.store = store
        self.prospect = prospect
        self.values: dict[str, Any] = {}
        refused = state.get(ERRORS)
        self.errors: dict[str, str] = refused[1] if refused and refused[0] == prospect.id else {}
        self.tab: str | None = None  # the tab being drawn, to know which tab holds which field
        self.settle: Settle | None = None  # closing on this save: what becomes of the open actions
        self.restore: list[int] = []  # reopening on this save: the cancelled actions to put back

    def key(self, name: str) -> str:
        if self.tab is not None:
            FIELD_TAB[name] = self.tab
        return form_key(self.prospect.id, name)

    def error(self, name: str, where: Any = st) -> None:
        if name in self.errors:
            where.error(shell.md(self.errors[name]), icon=":material/error:")

    def text(self, name: str, where: Any = st, area: bool = False, **kwargs: Any) -> None:
        widget = where.text_area if area else where.text_input
        value = getattr(self.prospect, name) or ""
        self.values[name] = widget(t(f"field.{name}"), value=value, key=self.key(name), **kwargs)
        self.error(name, where)

    def choice(self, name: str, options: list[Any], where: Any = st, labels: dict[Any, str] | None = None) -> None:
        current = getattr(self.prospect, name)
        options = [None, *options] if None not in options else options
        if current not in options:
            options.append(current)  # a retired value stays readable on its records
        labels = labels or {}
        self.values[name] = where.selectbox(
            t(LABELS.get(name, f"field.{name}")), options, index=options.index(current),
            format_func=lambda v: "—" if v is None else labels.get(v, str(v)), key=self.key(name),
        )
        self.error(name, where)

    def day(self, name: str, where: Any = st) -> None:
        self.values[name] = where.date_input(
            t(f"field.{name}"), value=getattr(self.prospect, name), format="DD/MM/YYYY", key=self.key(name),
            min_value=date(1900, 1, 1), max_value=date(2100, 12, 31),
        )
        self.error(name, where)

    def flag(self, name: str, where: Any = st, toggle: bool = False) -> None:
        widget = where.toggle if toggle else where.checkbox
        self.values[name] = widget(t(f"field.{name}"), value=bool(getattr(self.prospect, name)), key=self.key(name))


def closing_choice(inputs: Inputs) -> None:
    """When the status typed closes the stored deal, ask what becomes of its open actions (the panel's
    choice); when it reopens it, name the actions cancelled at the close and offer to put them back."""
    stored, typed = inputs.prospect, inputs.values.get("status") or Status.OPEN
    if stored.id is None or typed == stored.status:
        return
    if stored.status is Status.OPEN:
        todo = records.actions(inputs.store, stored.id, todo_only=True)
        inputs.settle = deal_panel.settle_choice(typed, len(todo), inputs.key(f"settle_{typed.value}"))
    elif typed is Status.OPEN:
        cancelled = records.cancelled_actions(inputs.store, stored.id)
        label = t("record.restore_cancelled", actions=deal_panel.cancelled_words(cancelled))
        if cancelled and st.checkbox(label, value=False, key=inputs.key("restore")):
            inputs.restore = [a.id for a in cancelled]


def header(inputs: Inputs) -> None:
    store, p = inputs.store, inputs.prospect
    stages = {s.id: s.name for s in team_settings.stages(store, active_only=False)}
    active_stages = [s.id for s in team_settings.stages(store, active_only=True)]
    users = {u.id: f"{u.full_name} ({u.initials})" for u in team_settings.users(store)}
    row = st.columns([1, 2, 2, 2])
    inputs.choice("civility", team_settings.choice_names(store, "civility"), row[0])
    inputs.text("last_name", row[1])
    inputs.text("first_name", row[2])
    inputs.text("company", row[3])
    row = st.columns([1, 1, 1, 1])
    inputs.choice("status", list(Status), row[0], labels={s: t(f"status.{s}") for s in Status})
    inputs.choice("stage_id", active_stages, row[1], labels=stages)
    inputs.choice("channel", team_settings.choice_names(store, "channel"), row[2])
    inputs.choice("owner_id", [u.id for u in team_settings.users(store, active_only=True)], row[3], labels=users)
    if inputs.values["status"] == Status.LOST:
        inputs.choice("loss_reason", team_settings.choice_names(store, "loss_reason"), st)
    closing_choice(inputs)
    row = st.columns([4, 1, 1], vertical_alignment="bottom")
    inputs.text("project_summary", row[0])
    inputs.flag("is_company", row[1], toggle=True)
    inputs.flag("direct_approach", row[2])
    links = contact_links(p, team_settings.default_country(store))
    if links:
        st.markdown(links)
    if p.id is not None:
        initials = {u.id: u.initials for u in team_settings.users(store)}
        st.caption(system_line(p, initials))


def contact_links(prospect: Prospect, home_country: str | None) -> str:
    """Clickable phone numbers and email of a stored prospect (Markdown, user text escaped); numbers of the
    team's country in their national layout, as the contacts show them."""
    links = []
    for icon, number in ((":material/call:", prospect.phone), (":material/smartphone:", prospect.mobile)):
        if number:
            dial = "".join(c for c in number if c.isdigit() or c == "+")
            links.append(f"{icon} [{shell.md(display_phone(number, home_country))}](tel:{dial})")
    if prospect.email:
        links.append(f":material/mail: [{shell.md(prospect.email)}](mailto:{_url(prospect.email)})")
    return " · ".join(links)


def system_line(prospect: Prospect, users: dict[int, str]) -> str:
    return t(
        "record.system_line", id=prospect.id,
        created=fmt_datetime(prospect.created_at), created_by=shell.md(users.get(prospect.created_by, "—")),
        updated=fmt_datetime(prospect.updated_at), updated_by=shell.md(users.get(prospect.updated_by, "—")),
    )


def project_tab(inputs: Inputs) -> None:
    p = inputs.prospect
    row = st.columns(3)
    inputs.values["interest"] = row[0].number_input(
        t("field.interest"), value=p.interest, step=5, key=inputs.key("interest"), placeholder=t("record.stage_default")
    )
    inputs.error("interest", row[0])
    inputs.day("project_due", row[1])
    # Typed as text: a number input shows "13500.00" whatever the language; this reads "13 500" in French.
    inputs.values["expected_revenue"] = row[2].text_input(
        t("field.expected_revenue"), value=fmt_amount(p.expected_revenue), key=inputs.key("expected_revenue"),
        placeholder=fmt_amount(25000),
    )
    inputs.error("expected_revenue", row[2])
    inputs.values["rating"] = st.select_slider(
        t("field.rating"), options=[0, 1, 2, 3, 4, 5], value=p.rating or 0, key=inputs.key("rating"),
        format_func={n: "★" * n + "☆" * (5 - n) if n else t("record.no_rating") for n in range(6)}.get,
    )
    inputs.error("rating")
    inputs.text("project_notes", area=True)
    inputs.text("prospect_notes", area=True)
    row = st.columns(2)
    inputs.day("closed_on", row[0])
    if inputs.values["status"] != Status.LOST:
        inputs.choice("loss_reason", team_settings.choice_names(inputs.store, "loss_reason"), row[1])


def details_tab(inputs: Inputs) -> None:
    store = inputs.store
    inputs.text("address", area=True, height=80)
    row = st.columns([1, 2, 2, 2])
    for where, name in zip(row, ("postal_code", "city", "country", "door_info"), strict=True):
        inputs.text(name, where)
    row = st.columns(3)
    inputs.text("phone", row[0], placeholder=t("record.phone_help"))
    inputs.text("mobile", row[1], placeholder=t("record.phone_help"))
    inputs.text("email", row[2])
    row = st.columns(3)
    inputs.day("birth_date", row[0])
    inputs.text("website", row[1])
    inputs.text("external_ref", row[2])
    row = st.columns(3)
    inputs.choice("sector", team_settings.choice_names(store, "sector"), row[0])
    inputs.choice("client_type", team_settings.choice_names(store, "client_type"), row[1])
    inputs.text("job_title", row[2])
    labels = team_settings.category_labels(store)
    st.markdown(f"**{t('field.categories')}**")
    columns = st.columns(4)
    chosen = []
    for index, (position, label) in enumerate(sorted(labels.items())):
        if columns[index % 4].checkbox(shell.md(label), value=position in inputs.prospect.categories, key=inputs.key(f"cat_{position}")):
            chosen.append(position)
    # Ticks of categories whose label was removed stay on the record.
    chosen += [c for c in inputs.prospect.categories if c not in labels and 1 <= c <= MAX_CATEGORIES]
    inputs.values["categories"] = tuple(sorted(chosen))
    inputs.error("categories")


def more_tab(inputs: Inputs) -> None:
    fields = team_settings.custom_fields(inputs.store, active_only=True)
    if not fields:
        st.info(t("record.no_custom_fields"), icon=":material/tune:")
    custom: dict[int, Any] = dict(inputs.prospect.custom)
    for custom_field in fields:
        current = inputs.prospect.custom.get(custom_field.id)
        key = inputs.key(f"custom_{custom_field.id}")
        if custom_field.type is FieldType.NUMBER:
            custom[custom_field.id] = st.text_input(shell.md(custom_field.label), value=fmt_number(current), key=key)
        elif custom_field.type is FieldType.DATE:
            custom[custom_field.id] = st.date_input(shell.md(custom_field.label), value=current, format="DD/MM/YYYY", key=key)
        elif custom_field.type is FieldType.BOOLEAN:
            custom[custom_field.id] = st.checkbox(shell.md(custom_field.label), value=bool(current), key=key)
        else:
            custom[custom_field.id] = st.text_input(shell.md(custom_field.label), value=current or "", key=key)
        inputs.error(f"custom_{custom_field.id}")
    inputs.values["custom"] = custom


def tasks_tab(store: Store, prospect: Prospect) -> None:
    if prospect.id is None:
        st.info(t("record.save_first"), icon=":material/info:")
        return
    left, middle, right = st.columns([1, 1, 1], vertical_alignment="bottom")
    todo_only = left.toggle(t("record.todo_only"), key="record_todo_only")
    first_line = middle.toggle(t("record.first_line_only"), key="record_first_line")
    right.button(
        t("list.add_action"), icon=":material/add_task:", key="record_add_action", width="stretch",
        on_click=action_form.request_action_dialog, args=(prospect.id, None),
    )
    frame = records.actions_frame(store, prospect.id, todo_only=todo_only)
    if frame.empty:
        st.info(t("list.no_actions"), icon=":material/task_alt:")
        return
    notes = frame["notes"].fillna("")
    shown = pd.DataFrame({
        "due_at": frame["due_at"], "done": frame["done"], "important": frame["important"],
        "assignee": frame["assignee"], "title": frame["title"],
        "notes": notes.str.split("\n").str[0] if first_line else notes,
    })
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="—", column_config={
        "due_at": st.column_config.DatetimeColumn(t("action.when_date"), format="DD/MM/YYYY HH:mm"),
        "done": st.column_config.CheckboxColumn(t("action.done")),
        "important": st.column_config.CheckboxColumn(t("action.important")),
        "assignee": st.column_config.TextColumn(t("action.who")),
        # Fixed widths that fit beside the sidebar at 1280 px: a long title or note is cut in its cell, never
        # the table pushed sideways (the clipping browser test measures it).
        "title": st.column_config.TextColumn(t("action.what"), width=180),
        "notes": st.column_config.TextColumn(t("action.notes"), width=240),
    })
    titles = {int(r.id): f"{r.title} · {fmt_datetime(pd.Timestamp(r.due_at).to_pydatetime())}" for r in frame.itertuples()}
    pick, button = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(t("record.action_to_open"), list(titles), format_func=titles.get, key="record_action_pick")
    button.button(
        t("list.edit_action"), icon=":material/edit:", key="record_open_action", width="stretch",
        on_click=action_form.request_action_dialog, args=(prospect.id, chosen),
    )


def history_tab(store: Store, prospect: Prospect) -> None:
    if prospect.id is None:
        st.info(t("record.save_first"), icon=":material/info:")
        return
    frame = records.history_frame(store, prospect.id)
    if frame.empty:
        st.info(t("record.no_history"), icon=":material/history:")
    else:
        status_label = {str(s): t(f"status.{s}") for s in Status}
        shown = pd.DataFrame({
            "changed_at": frame["changed_at"], "changed_by": frame["changed_by"],
            "field": [t(f"field.{f}") for f in frame["field"]],
            "old_value": [status_label.get(v, v) for v in frame["old_value"]],
            "new_value": [status_label.get(v, v) for v in frame["new_value"]],
        })
        st.dataframe(shown, hide_index=True, width="stretch", placeholder="—", column_config={
            "changed_at": st.column_config.DatetimeColumn(t("record.when"), format="DD/MM/YYYY HH:mm"),
            "changed_by": st.column_config.TextColumn(t("record.who")),
            "field": st.column_config.TextColumn(t("record.what_changed")),
            "old_value": st.column_config.TextColumn(t("record.from")),
            "new_value": st.column_config.TextColumn(t("record.to")),
        })
    promotions = records.promotions_frame(store, prospect.id)
    for row in promotions.itertuples():
        st.caption(t(
            f"record.promotion_{row.direction}", when=fmt_datetime(pd.Timestamp(row.promoted_at).to_pydatetime()),
            who=shell.md(row.promoted_by or "?"), contact=shell.md(str(row.contact or "")), id=row.contact_id,
        ))


def _url(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="@+")
