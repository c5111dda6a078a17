"""The deal panel: a click on a card opens the deal over the board, to work it without leaving it.

`request(prospect_id)` opens it (fit for a callback); `draw(store)`, called on every run of the board,
shows it while it is open. It is a dialog over the board, so closing it leaves the board as it was:
same filters, same scroll position, no page switch.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from prospects.domain import DueState, Prospect, Status, due_state
from prospects.domain.closing import Settle, default_settle
from prospects.errors import ConflictError, NotFoundError, ProspectsError
from prospects.i18n import fmt_date, fmt_datetime, t
from prospects.services import Store, records
from prospects.services import agenda as agenda_service
from prospects.services import board as board_service
from prospects.services import settings as team_settings
from prospects.ui import action_form, shell, state
from prospects.ui.navigation import has_page, page_file

OPEN = "deal_panel_open"  # id of the deal shown, or None
REFRESH = "deal_panel_refresh"  # a write happened inside the panel: redraw the whole board once
ERROR = "deal_panel_error"  # the sentence of the last refused write, shown in the panel
SHOWN_ACTIONS = 5
def request(prospect_id: int) -> None:
    """Open the panel on a deal (no Streamlit call: safe in a callback)."""
    state.put(OPEN, prospect_id)
    state.put(ERROR, None)


def close() -> None:
    state.put(OPEN, None)
    state.put(ERROR, None)


def draw(store: Store) -> None:
    """Show the panel while it is open; call once per run of the board, after its other dialogs."""
    prospect_id = state.get(OPEN)
    if prospect_id is None or action_form.is_open():
        return
    st.dialog(t("panel.title"), width="large", on_dismiss=close)(_body)(store, prospect_id)


def _body(store: Store, prospect_id: int) -> None:
    # A button of the dialog reruns only the dialog: after a write, rerun the board so its cards follow.
    if state.get(OPEN) is None or state.get(REFRESH):
        state.put(REFRESH, False)
        st.rerun()
    with store.hold():
        shell.apply_language(store)
        try:
            deal = records.prospect(store, prospect_id)
        except NotFoundError as error:
            st.error(shell.md(error.message), icon=":material/error:")
            return
        _summary(store, deal)
        todo = records.actions(store, deal.id, todo_only=True)
        _next_actions(todo)
        if state.get(ERROR):
            st.error(shell.md(state.get(ERROR)), icon=":material/sync_problem:")
        _record_buttons(deal, todo[0].id if todo else None)
        if todo:
            _complete(deal, todo[0].id, todo[0].version)
        if deal.status is Status.OPEN:
            _close_buttons(store, deal, len(todo))
        else:
            _reopen_buttons(store, deal)


def _summary(store: Store, deal: Prospect) -> None:
    st.markdown(f"**{shell.md(deal.project_summary or deal.display_name)}**")
    who = " · ".join(shell.md(x) for x in (deal.company, deal.display_name if deal.display_name != deal.company else None) if x)
    if who:
        st.caption(who)
    amount, where = st.columns(2)
    currency = team_settings.currency(store)
    amount.metric(t("panel.amount"), board_service.money(float(deal.expected_revenue or 0), currency) if deal.expected_revenue else "—")
    if deal.status is Status.OPEN:
        stage = next((s.name for s in board_service.open_stages(store) if s.id == deal.stage_id), "—")
        where.metric(t("panel.stage"), stage, t("panel.days_in_stage", days=records.days_in_stage(store, deal)), delta_color="off", delta_arrow="off")
    else:
        where.metric(t("panel.status"), t(f"status.{deal.status.value}"), fmt_date(deal.closed_on) if deal.closed_on else None, delta_color="off", delta_arrow="off")


def _next_actions(todo: list) -> None:  # noqa: ANN001 - list[Action]
    st.markdown(f"**{t('panel.next_actions')}**")
    if not todo:
        st.caption(t("board.no_next_step"))
        return
    now = datetime.now()
    for action in todo[:SHOWN_ACTIONS]:
        tone = due_state(action.due_at, now)
        flag = " :material/priority_high:" if action.important else ""
        dot = ":red[●]" if tone is DueState.LATE else ":orange[●]" if tone is DueState.TODAY else ":green[●]"
        st.markdown(f"{dot} {fmt_datetime(action.due_at)} · {shell.md(action.title)}{flag}")
    if len(todo) > SHOWN_ACTIONS:
        st.caption(t("panel.more_actions", n=len(todo) - SHOWN_ACTIONS))


def _record_buttons(deal: Prospect, next_action_id: int | None) -> None:
    open_record, edit, add = st.columns(3)
    if open_record.button(
        t("board.open_record"), icon=":material/open_in_new:", key="panel_open_record", width="stretch",
        disabled=not has_page("prospect"),
    ):
        close()
        st.switch_page(page_file("prospect"), query_params={"id": str(deal.id)})
    edit.button(
        t("board.edit_action"), icon=":material/edit_calendar:", key="panel_edit_action", width="stretch",
        disabled=next_action_id is None, on_click=_to_action_form, args=(deal.id, next_action_id),
    )
    add.button(
        t("board.new_action"), icon=":material/add_task:", key="panel_new_action", width="stretch",
        on_click=_to_action_form, args=(deal.id, None),
    )


def _to_action_form(prospect_id: int, action_id: int | None) -> None:
    # One dialog at a time: the action form takes the panel's place, and the panel comes back after it.
    action_form.request_action_dialog(prospect_id, action_id)


def _complete(deal: Prospect, action_id: int, version: int) -> None:
    """Done, and schedule the next: the follow-up is typed here and both are written in one step."""
    with st.container(border=True):
        st.markdown(f"**{t('panel.complete')}**")
        title, day, hour = st.columns([2, 1, 1])
        title.text_input(t("action.what"), key="panel_next_title", placeholder=t("action.what_help"))
        day.date_input(t("action.when_date"), value=date.today() + timedelta(days=7), format="DD/MM/YYYY", key="panel_next_day")
        hour.time_input(t("action.when_time"), value=action_form.DEFAULT_HOUR, step=timedelta(minutes=15), key="panel_next_time")
        done, done_and_next = st.columns(2)
        done.button(t("panel.done"), icon=":material/check:", key="panel_done", width="stretch", on_click=_done, args=(action_id, version))
        done_and_next.button(
            t("panel.done_and_next"), type="primary", icon=":material/event_repeat:", key="panel_done_next", width="stretch",
            on_click=_done_and_next, args=(action_id, version),
        )


def _done(action_id: int, version: int) -> None:
    _write(lambda store, by: records.set_action_done(store, action_id, True, by, version), t("panel.saved_done"), keep_open=True)


def _done_and_next(action_id: int, version: int) -> None:
    title = st.session_state.get("panel_next_title") or ""
    day = st.session_state.get("panel_next_day")
    hour = st.session_state.get("panel_next_time") or time(9, 0)
    if not title.strip():
        state.put(ERROR, t("panel.next_title_missing"))
        return
    _write(
        lambda store, by: agenda_service.complete_and_schedule(store, action_id, version, title, day, hour, False, by),
        t("panel.saved_next", title=shell.md(title.strip())),
        keep_open=True,
    )
    st.session_state["panel_next_title"] = ""


def settle_choice(status: Status, open_actions: int, key: str) -> Settle | None:
    """What closing does with the deal's open actions: keep, mark done or cancel, its default preselected.

    The one drawing of this choice: the panel, the board's Won and Lost dialogs and the record use it.
    Nothing is drawn (None: the default applies) when no action is left to do."""
    if not open_actions:
        return None
    settles = list(Settle)
    return st.radio(
        t("panel.settle", n=open_actions), settles, index=settles.index(default_settle(status)),
        format_func=lambda s: t(f"panel.settle_{s.value}"), key=key,
    )


def cancelled_words(cancelled: list) -> str:  # noqa: ANN001 - list[Action]
    """The actions cancelled at a close, as a rep reads them: "Call back (28/11/2026 10:00), …" (escaped)."""
    return ", ".join(f"{shell.md(a.title)} ({fmt_datetime(a.due_at)})" for a in cancelled)


def _close_buttons(store: Store, deal: Prospect, open_actions: int) -> None:
    won, lost = st.columns(2)
    with won.container(border=True):
        settle_choice(Status.WON, open_actions, "panel_won_settle")
        st.button(
            t("panel.mark_won"), icon=":material/emoji_events:", key="panel_won", width="stretch",
            on_click=_close_deal, args=(deal.id, deal.version, Status.WON),
        )
    with lost.container(border=True):
        st.selectbox(
            t("panel.loss_reason"), board_service.loss_reasons(store), index=None,
            placeholder=t("panel.loss_reason_pick"), key="panel_loss_reason",
        )
        settle_choice(Status.LOST, open_actions, "panel_lost_settle")
        st.button(
            t("panel.mark_lost"), icon=":material/thumb_down:", key="panel_lost", width="stretch",
            on_click=_close_deal, args=(deal.id, deal.version, Status.LOST),
        )


def _reopen_buttons(store: Store, deal: Prospect) -> None:
    """A closed deal can come back; the actions cancelled at its close are named, and may come back too."""
    cancelled = records.cancelled_actions(store, deal.id)
    if cancelled:
        st.caption(t("panel.cancelled_at_close", titles=cancelled_words(cancelled)))
    reopen, with_actions = st.columns(2)
    reopen.button(
        t("panel.reopen"), icon=":material/undo:", key="panel_reopen", width="stretch",
        on_click=_reopen, args=(deal.id, deal.version, False),
    )
    if cancelled:
        with_actions.button(
            t("panel.reopen_with_actions"), icon=":material/restore:", key="panel_reopen_actions", width="stretch",
            on_click=_reopen, args=(deal.id, deal.version, True),
        )


def _reopen(prospect_id: int, version: int, with_actions: bool) -> None:
    def work(store: Store, by: int | None) -> None:
        reopened = records.reopen_deal(store, prospect_id, None, by, expected_version=version)
        if with_actions:
            records.restore_actions(store, [a.id for a in reopened.cancelled], by)

    _write(work, t("panel.reopened"), keep_open=True)


def _close_deal(prospect_id: int, version: int, status: Status) -> None:
    reason = st.session_state.get("panel_loss_reason") if status is Status.LOST else None
    if status is Status.LOST and not reason:
        state.put(ERROR, t("error.loss_reason_missing"))
        return
    settle = st.session_state.get("panel_lost_settle" if status is Status.LOST else "panel_won_settle")
    _write(
        lambda store, by: records.close_deal(
            store, prospect_id, status, by, expected_version=version, loss_reason=reason, settle=settle
        ),
        t("panel.closed_won") if status is Status.WON else t("panel.closed_lost"),
        keep_open=False,
    )


def _write(work, message: str, keep_open: bool) -> None:  # noqa: ANN001 - work(store, by)
    """Run one use case from a button; a refusal is one sentence in the panel, nothing written."""
    try:
        work(shell.store(), shell.current_user_id())
    except ConflictError:
        state.put(ERROR, t("panel.conflict"))
        return
    except ProspectsError as error:
        state.put(ERROR, error.message)
        return
    state.put(ERROR, None)
    state.put(REFRESH, keep_open)
    if not keep_open:
        close()
    state.flash(message)
