"""Pieces of the prospect list page: filters kept across pages, the table, the selected prospect's actions."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pandas as pd
import streamlit as st

from prospects.domain import SORTABLE_COLUMNS, DueState, ProspectQuery, Status, due_state
from prospects.errors import ConflictError, ProspectsError
from prospects.i18n import fmt_datetime, fmt_number, t
from prospects.services import ProspectPage, Store, records
from prospects.services import board as board_service
from prospects.services import settings as team_settings
from prospects.ui import action_form, shell, state

PAGE_SIZES = (25, 50, 100, 200)
PAGE = "list_page"  # widget key of the page number, reset to 1 when a filter changes
SORT_LABELS = {
    "name": "field.name", "company": "field.company", "status": "field.status", "stage": "field.stage",
    "expected_revenue": "field.expected_revenue", "project_due": "field.project_due",
    "next_action_due": "field.next_action", "owner": "field.owner", "rating": "field.rating",
    "created_at": "field.created", "updated_at": "field.updated",
}
DUE_MARK = {DueState.LATE: "list.due_late", DueState.TODAY: "list.due_today"}
FILTER_KEYS = (
    "list_text", "list_status", "list_stage", "list_channel", "list_owner", "list_category", "list_campaign", "list_batch",
)
URL_BATCH = "batch"  # /prospects?batch=12: the import's result page links to its leads
URL_APPLIED = "list_url_batch_applied"


def _first_page() -> None:
    st.session_state[PAGE] = 1


def filters(store: Store) -> ProspectQuery:
    """Search box and filters; their values stay while the user visits other pages."""
    stages = {s.id: s.name for s in team_settings.stages(store, active_only=False)}
    users = {u.id: f"{u.full_name} ({u.initials})" for u in team_settings.users(store)}
    channels = team_settings.choice_names(store, "channel", active_only=False)
    categories = team_settings.category_labels(store)
    keep = {"persist_state": "session", "on_change": _first_page}
    text = st.text_input(
        t("list.search"), placeholder=t("list.search_help"), key="list_text", icon=":material/search:", **keep
    )
    cols = st.columns(5)
    statuses = cols[0].multiselect(
        t("field.status"), list(Status), format_func={s: t(f"status.{s}") for s in Status}.get, key="list_status",
        placeholder=t("list.any"), **keep,
    )
    stage_ids = cols[1].multiselect(
        t("field.stage"), list(stages), format_func=stages.get, key="list_stage", placeholder=t("list.any"), **keep
    )
    chosen_channels = cols[2].multiselect(
        t("field.channel"), channels, key="list_channel", placeholder=t("list.any"), **keep
    )
    owner_ids = cols[3].multiselect(
        t("field.owner"), list(users), format_func=users.get, key="list_owner", placeholder=t("list.any"), **keep
    )
    category = cols[4].selectbox(
        t("field.categories"), [None, *categories], format_func={None: t("list.any"), **categories}.get,
        key="list_category", placeholder=t("list.any"), **keep,
    )
    campaigns, batch_id = _campaign_and_batch(store, keep)
    sort, descending, size = _sorting()
    page = max(1, int(st.session_state.get(PAGE) or 1))
    return ProspectQuery(
        text=text or None, statuses=tuple(statuses), stage_ids=tuple(stage_ids), channels=tuple(chosen_channels),
        owner_ids=tuple(owner_ids), category=category, campaigns=campaigns, batch_id=batch_id,
        sort=sort, descending=descending,
        limit=size, offset=(page - 1) * size,
    )


def _campaign_and_batch(store: Store, keep: dict) -> tuple[tuple[str, ...], int | None]:
    """Campaign and import batch; a link's batch (`?batch=12`) is applied once, then the rep's choice wins."""
    campaigns = board_service.campaigns(store)
    batches = board_service.batch_labels(store)
    link = str(st.query_params.get(URL_BATCH, "")).strip()
    if state.get(URL_APPLIED) != link:
        state.put(URL_APPLIED, link)
        if link.isdigit() and int(link) in batches:
            st.session_state["list_batch"] = int(link)
            _first_page()
    campaign_col, batch_col = st.columns([2, 3])
    chosen = campaign_col.multiselect(
        t("field.campaign"), campaigns, key="list_campaign", placeholder=t("list.any"), **keep
    )
    batch = batch_col.selectbox(
        t("board.filter_batch"), [None, *batches], format_func={None: t("list.any"), **batches}.get,
        key="list_batch", **keep,
    )
    if batch is None:
        st.query_params.pop(URL_BATCH, None)
    elif st.query_params.get(URL_BATCH) != str(batch):
        st.query_params[URL_BATCH] = str(batch)
    state.put(URL_APPLIED, str(st.query_params.get(URL_BATCH, "")))
    return tuple(chosen), batch


def _sorting() -> tuple[str, bool, int]:
    keep = {"persist_state": "session", "on_change": _first_page}
    with st.sidebar:
        st.subheader(t("list.sorting"))
        sort = st.selectbox(
            t("list.sort_by"), SORTABLE_COLUMNS, index=SORTABLE_COLUMNS.index("updated_at"),
            format_func={c: t(SORT_LABELS[c]) for c in SORTABLE_COLUMNS}.get, key="list_sort", **keep,
        )
        descending = st.toggle(t("list.descending"), value=True, key="list_descending", **keep)
        size = st.selectbox(t("list.page_size"), PAGE_SIZES, index=1, key="list_page_size", **keep)
    return sort, descending, size


def has_filters(query: ProspectQuery) -> bool:
    return bool(
        query.text or query.statuses or query.stage_ids or query.channels or query.owner_ids or query.category
        or query.campaigns or query.batch_id is not None
    )


def clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
    _first_page()


def load(store: Store, query: ProspectQuery) -> tuple[ProspectPage, ProspectQuery]:
    """The page asked for, or the last one when the filters left fewer pages."""
    page = records.prospects_page(store, query)
    if page.rows.empty and page.total and query.offset:
        last = (page.total - 1) // query.limit
        query = ProspectQuery(**{**query.__dict__, "offset": last * query.limit})
        page = records.prospects_page(store, query)
    return page, query


def next_action_text(title: object, due: object, now: datetime) -> str:
    """"Late · 28/11/2026 10:00 · Call back": the next action with its urgency."""
    if title is None or (isinstance(title, float) and pd.isna(title)):
        return ""
    when = pd.Timestamp(due).to_pydatetime() if due is not None and not pd.isna(due) else None
    mark = due_state(when, now)
    parts = [t(DUE_MARK[mark]) if mark in DUE_MARK else "", fmt_datetime(when) if when else "", str(title)]
    return " · ".join(p for p in parts if p)


def stars(rating: object) -> str:
    if rating is None or pd.isna(rating):
        return ""
    value = max(0, min(5, int(rating)))
    return "★" * value + "☆" * (5 - value)


COLUMNS = ("name", "company", "status", "stage", "expected_revenue", "project_due", "next_action", "owner", "rating")


def display_frame(rows: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """The shown columns of a page of prospects, in the user's language."""
    return pd.DataFrame(
        {
            "name": rows["name"].to_numpy(),
            "company": rows["company"].to_numpy(),
            "status": [t(f"status.{s}") for s in rows["status"]],
            "stage": rows["stage"].to_numpy(),
            "expected_revenue": rows["expected_revenue"].to_numpy(),
            "project_due": rows["project_due"].to_numpy(),
            "next_action": [
                next_action_text(title, due, now)
                for title, due in zip(rows["next_action_title"], rows["next_action_due"], strict=True)
            ],
            "owner": rows["owner"].to_numpy(),
            "rating": [stars(r) for r in rows["rating"]],
        },
        index=rows["id"].tolist(),
    )


def table(store: Store, page: ProspectPage, query: ProspectQuery) -> None:
    """The page of prospects; selecting a row selects the prospect for the bottom part."""
    currency = team_settings.currency(store)
    shown = display_frame(page.rows, datetime.now())
    # A new key per page of data, so that a selection never points at a row of another page.
    key = "list_table_" + hashlib.sha1(repr((query, page.rows["id"].tolist())).encode()).hexdigest()[:12]
    # Amounts in the conventions of the app's language (60 500 in French), whatever the browser's.
    styled = shown.style.format({"expected_revenue": lambda v: "" if pd.isna(v) else fmt_number(round(v))})
    # The column sorted by is always shown; the rating only then (the record shows it): eight columns fit
    # beside the sidebar at 1280 px, in English and in French (the clipping browser test measures them).
    order = [c for c in COLUMNS if c != "rating" or query.sort == "rating"]
    event = st.dataframe(
        styled, key=key, on_select="rerun", selection_mode="single-row", hide_index=True, width="stretch", placeholder="",
        height=min(len(shown), 15) * 35 + 38, column_order=order,
        column_config={
            "name": st.column_config.TextColumn(t("field.name"), width=130),
            "company": st.column_config.TextColumn(t("field.company"), width=125),
            "status": st.column_config.TextColumn(t("field.status"), width=70),
            "stage": st.column_config.TextColumn(t("field.stage"), width=95),
            "expected_revenue": st.column_config.NumberColumn(t("list.revenue_in", currency=currency), width=115),
            "project_due": st.column_config.DateColumn(t("list.due_short"), format="DD/MM/YYYY", width=90),
            "next_action": st.column_config.TextColumn(t("field.next_action"), width=170),
            "owner": st.column_config.TextColumn(t("field.owner"), width=95),
            "rating": st.column_config.TextColumn(t("field.rating"), width=85),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        state.put(state.SELECTED_PROSPECT, int(page.rows["id"].iloc[rows[0]]))


def pager(page: ProspectPage, query: ProspectQuery) -> None:
    pages = max(1, -(-page.total // query.limit))
    current = query.offset // query.limit + 1
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.caption(t("list.count", total=page.total, page=current, pages=pages))
    if st.session_state.get(PAGE) != current:
        st.session_state[PAGE] = current
    right.number_input(t("list.page"), min_value=1, max_value=pages, step=1, key=PAGE)


def selected(store: Store) -> int | None:
    """The selected prospect, if it still exists."""
    prospect_id = state.get(state.SELECTED_PROSPECT)
    if prospect_id is not None and records.prospect_exists(store, prospect_id):
        return prospect_id
    return None


def _tick(store: Store, action_id: int, version: int, key: str, by: int) -> None:
    # A callback: no Streamlit call but session state, or the next rerun may interrupt it.
    try:
        records.set_action_done(store, action_id, bool(st.session_state[key]), by, expected_version=version)
    except ConflictError:
        state.flash(t("action.conflict"), "error")
    except ProspectsError as error:
        state.flash(shell.md(error.message), "error")


def actions_panel(store: Store, prospect_id: int) -> None:
    """The selected prospect's actions, to do first; the done tick works in place."""
    prospect = records.prospect(store, prospect_id)
    frame = records.actions_frame(store, prospect_id)
    now = datetime.now()
    head, open_col, add_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    head.subheader(t("list.actions_of", name=shell.md(prospect.display_name)))
    if open_col.button(t("list.open_record"), icon=":material/open_in_new:", key="list_open", width="stretch"):
        st.switch_page("pages/prospect.py", query_params={"id": str(prospect_id)})
    add_col.button(
        t("list.add_action"), icon=":material/add_task:", key="list_add_action", width="stretch",
        on_click=action_form.request_action_dialog, args=(prospect_id, None),
    )
    if frame.empty:
        st.info(t("list.no_actions"), icon=":material/task_alt:")
        return
    for row in frame.itertuples():
        done_col, when_col, what_col, who_col, edit_col = st.columns([0.6, 2, 5, 1, 0.8], vertical_alignment="center")
        key = f"list_done_{row.id}_{row.version}"
        done_col.checkbox(
            t("action.done"), value=bool(row.done), key=key, label_visibility="collapsed",
            on_change=_tick, args=(store, int(row.id), int(row.version), key, shell.current_user_id()),
        )
        due = pd.Timestamp(row.due_at).to_pydatetime() if not pd.isna(row.due_at) else None
        mark = None if row.done else due_state(due, now)
        when_col.markdown(_when_markdown(due, mark))
        title = ("❗ " if row.important else "") + str(row.title)
        what_col.markdown(f"~~{shell.md(title)}~~" if row.done else shell.md(title))
        who_col.caption(shell.md(row.assignee or ""))
        edit_col.button(
            "", icon=":material/edit:", key=f"list_edit_{row.id}", help=t("list.edit_action"),
            on_click=action_form.request_action_dialog, args=(prospect_id, int(row.id)),
        )


def _when_markdown(due: datetime | None, mark: DueState | None) -> str:
    text = fmt_datetime(due) if due else ""
    if mark is DueState.LATE:
        return f":red[{text} · {t('list.due_late')}]"
    if mark is DueState.TODAY:
        return f":orange[{text} · {t('list.due_today')}]"
    return text


