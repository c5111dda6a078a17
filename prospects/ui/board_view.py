"""Streamlit pieces of the board page: filters, drops applied once, clicks, the loss-reason and quick-create dialogs."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from prospects import services
from prospects.domain import Prospect, Status
from prospects.domain.rules import cents
from prospects.errors import ConflictError, ProspectsError, ValidationError
from prospects.i18n import t
from prospects.services import Store, records
from prospects.services import board as board_service
from prospects.services.board import Board, Move, apply_move, fingerprint, moves_between
from prospects.services.board_style import LOST, WON
from prospects.ui import deal_panel, shell, sortables, state

# Session state of the board, named in one place.
SHOWN = "board_shown"  # the Board this session was shown last: drops are diffed against it
HANDLED = "board_handled"  # (board key, fingerprint) of the last drop already applied
PENDING_CLOSE = "board_pending_close"  # moves to Won or Lost waiting for the rep's answer (reason, open actions)
RESTORE = "board_restore_offer"  # (label, actions) cancelled at the close of a deal just dragged back to a stage
SETTLE = "board_close_settle"  # the widget of the keep / done / cancel choice in the closing dialog
GENERATION = "board_generation"  # bumped to remount the component (a cancelled drop goes back)
LIMIT = "board_limit"  # cards per column
ADDING = "board_adding"  # the quick-create dialog is open
PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    owner_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()
    text: str | None = None
    campaigns: tuple[str, ...] = ()
    batch_id: int | None = None


# The filters a link may carry (`/board?batch=12&campaign=...`), kept in the address while chosen.
URL_BATCH, URL_CAMPAIGN = "batch", "campaign"
URL_APPLIED = "board_url_applied"  # the (batch, campaign) of the address last applied to the filters


def filters(store: Store) -> Filters:
    """Owner ("my deals" first for a user who owns some), channel, campaign, import batch and free text.

    Campaign and batch follow the address (`/board?batch=12`), so the import's result page can link
    here and a reload keeps them."""
    users = board_service.owner_labels(store)
    channels = board_service.channels(store)
    campaigns = board_service.campaigns(store)
    batches = board_service.batch_labels(store)
    _defaults_from_url_and_user(store, campaigns, batches)
    keep = {"persist_state": "session"}  # the board is as the rep left it after a visit to another page
    owner_col, channel_col, campaign_col, batch_col, text_col = st.columns([1, 1, 1, 1, 2])
    owner = owner_col.selectbox(
        t("board.filter_owner"), [None, *users], format_func=lambda u: users.get(u, t("board.all")), key="board_owner", placeholder=t("board.all"), **keep
    )
    channel = channel_col.selectbox(
        t("board.filter_channel"), [None, *channels], format_func=lambda c: c or t("board.all"), key="board_channel", placeholder=t("board.all"), **keep
    )
    campaign = campaign_col.selectbox(
        t("board.filter_campaign"), [None, *campaigns], format_func=lambda c: c or t("board.all"), key="board_campaign", placeholder=t("board.all"), **keep
    )
    batch = batch_col.selectbox(
        t("board.filter_batch"), [None, *batches], format_func=lambda b: batches.get(b, t("board.all")), key="board_batch", placeholder=t("board.all"), **keep
    )
    text = text_col.text_input(t("board.filter_text"), placeholder=t("board.filter_text_help"), key="board_text", **keep)
    _keep_in_url(URL_CAMPAIGN, campaign)
    _keep_in_url(URL_BATCH, batch)
    return Filters((owner,) if owner else (), (channel,) if channel else (), text or None, (campaign,) if campaign else (), batch)


def _defaults_from_url_and_user(store: Store, campaigns: list[str], batches: dict[int, str]) -> None:
    """Before the widgets exist: a link's campaign or batch wins, once per link; the owner starts on "my deals"."""
    if "board_owner" not in st.session_state:
        st.session_state["board_owner"] = board_service.default_owner(store, shell.current_user_id())
    link = (str(st.query_params.get(URL_BATCH, "")).strip(), st.query_params.get(URL_CAMPAIGN))
    if state.get(URL_APPLIED) == link:
        return  # already applied: the rep's own choices since then win
    state.put(URL_APPLIED, link)
    batch, campaign = link
    if batch.isdigit() and int(batch) in batches:
        st.session_state["board_batch"] = int(batch)
        st.session_state["board_owner"] = None  # an import's leads are not all mine yet
    if campaign in campaigns:
        st.session_state["board_campaign"] = campaign


def _keep_in_url(name: str, value: object) -> None:
    if value is None:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != str(value):
        st.query_params[name] = str(value)


def load(store: Store, chosen: Filters) -> Board:
    return board_service.load_board(
        store,
        owner_ids=chosen.owner_ids,
        channels=chosen.channels,
        text=chosen.text,
        campaigns=chosen.campaigns,
        batch_id=chosen.batch_id,
        limit_per_column=state.get(LIMIT, PAGE_SIZE),
        generation=state.get(GENERATION, 0),
    )


def remember(board: Board) -> None:
    state.put(SHOWN, board)


def apply_drop(store: Store) -> None:
    """Turn the component's last value into moves against the board this session was shown, once."""
    shown: Board | None = state.get(SHOWN)
    if shown is None:
        return
    returned = sortables.last_value(shown.key)
    if not returned:
        return
    mark = (shown.key, fingerprint(returned))
    if state.get(HANDLED) == mark:
        return
    state.put(HANDLED, mark)
    pending: list[Move] = state.get(PENDING_CLOSE) or []
    for move in moves_between(shown, returned):
        if move.asks_first:
            if all(p.prospect_id != move.prospect_id for p in pending):
                pending.append(move)
            continue
        _write(store, move, shown)
    state.put(PENDING_CLOSE, pending)


def open_clicked_card() -> None:
    """A card clicked on the board shown last opens its deal panel (once per click)."""
    shown: Board | None = state.get(SHOWN)
    if shown is None:
        return
    click = sortables.clicked(shown.key)
    card = None if click is None else shown.card_for_item({"id": click.item})
    if card is not None:
        deal_panel.request(card.prospect_id)


def _write(store: Store, move: Move, shown: Board, loss_reason: str | None = None) -> bool:
    try:
        apply_move(store, move, shell.current_user_id(), loss_reason)
    except ConflictError as error:
        st.warning(t("board.moved_meanwhile", label=shell.md(move.label), **_who_when(error)), icon=":material/sync_problem:")
        return False
    except ProspectsError as error:
        st.warning(t("board.move_failed", label=shell.md(move.label), message=shell.md(error.message)), icon=":material/error:")
        return False
    column = shown.column(move.to_key)
    st.toast(t("board.moved", label=shell.md(move.label), column=shell.md(column.title if column else move.to_key)))
    if move.to_status is Status.OPEN and move.from_key in (WON, LOST):
        cancelled = records.cancelled_actions(store, move.prospect_id)
        state.put(RESTORE, (move.label, cancelled) if cancelled else None)
    return True


def _who_when(error: ConflictError) -> dict[str, str]:
    return {"who": shell.md(str(error.params.get("who", "?"))), "when": str(error.params.get("when", "?"))}


def ask_before_closing(store: Store) -> None:
    """While a card waits in Won or Lost, ask (the loss reason, what becomes of its open actions); cancelling puts it back."""
    pending: list[Move] = state.get(PENDING_CLOSE) or []
    if pending:
        # Who acts is read here, in the full run: the dialog's own reruns do not go through app.py.
        _closing_dialog(store, pending[0], shell.current_user_id())


def _next_pending() -> None:
    state.put(PENDING_CLOSE, (state.get(PENDING_CLOSE) or [])[1:])
    st.session_state.pop(SETTLE, None)  # the next deal's question starts from its own default


def _cancel_close() -> None:
    _next_pending()
    state.put(GENERATION, state.get(GENERATION, 0) + 1)


@st.dialog(" ", on_dismiss=_cancel_close)
def _closing_dialog(store: Store, move: Move, by: int) -> None:
    lost = move.needs_loss_reason
    name = move.to_status.value
    st.subheader(t(f"board.{name}_title"))
    st.write(t(f"board.{name}_intro", label=shell.md(move.label)))
    reason = None
    if lost:
        # No reason is chosen for the rep: a preselected one would be saved by a hurried click.
        reason = st.selectbox(t("field.loss_reason"), board_service.loss_reasons(store), index=None,
                              placeholder=t("board.lost_pick"), key="board_loss_reason")
    settle = deal_panel.settle_choice(move.to_status, len(records.actions(store, move.prospect_id, todo_only=True)), SETTLE)
    confirm, cancel = st.columns(2)
    if confirm.button(t(f"board.{name}_confirm"), type="primary", key=f"board_{name}_confirm", width="stretch",
                      disabled=lost and reason is None):
        _next_pending()
        try:
            apply_move(store, move, by, reason, settle)
            state.flash(t("board.moved", label=shell.md(move.label), column=t(f"status.{name}")))
        except ConflictError as error:
            state.flash(t("board.moved_meanwhile", label=shell.md(move.label), **_who_when(error)), kind="warning")
            state.put(GENERATION, state.get(GENERATION, 0) + 1)
        except ProspectsError as error:
            state.flash(t("board.move_failed", label=shell.md(move.label), message=shell.md(error.message)), kind="warning")
            state.put(GENERATION, state.get(GENERATION, 0) + 1)
        st.rerun()
    if cancel.button(t("board.cancel"), key=f"board_{name}_cancel", width="stretch"):
        _cancel_close()
        st.rerun()


def offer_restore(store: Store) -> None:
    """A deal dragged back from Won or Lost: name the actions cancelled at its close, offer to put them back."""
    offer = state.get(RESTORE)
    if not offer:
        return
    label, cancelled = offer
    with st.container(border=True):
        st.info(t("board.reopened_cancelled", label=shell.md(label), actions=deal_panel.cancelled_words(cancelled)),
                icon=":material/restore:")
        put_back, leave, _ = st.columns([1, 1, 2])
        if put_back.button(t("board.restore"), key="board_restore", icon=":material/restore:", width="stretch"):
            state.put(RESTORE, None)
            try:
                restored = records.restore_actions(store, [a.id for a in cancelled], shell.current_user_id())
                state.flash(t("board.restored", n=restored))
            except ProspectsError as error:
                state.flash(t("board.move_failed", label=shell.md(label), message=shell.md(error.message)), kind="warning")
            st.rerun()
        if leave.button(t("board.restore_no"), key="board_restore_no", width="stretch"):
            state.put(RESTORE, None)
            st.rerun()


def show_more(board: Board) -> None:
    """Say which columns are cut, and offer more cards per column."""
    cut = [c for c in board.columns if c.truncated]
    if not cut:
        return
    limit = state.get(LIMIT, PAGE_SIZE)
    columns = ", ".join(t("board.truncated_column", title=shell.md(c.title), shown=len(c.cards), total=c.totals.count) for c in cut)
    st.caption(t("board.truncated", limit=limit, columns=columns))
    if st.button(t("board.show_more"), key="board_show_more", icon=":material/expand_more:"):
        state.put(LIMIT, limit + PAGE_SIZE)
        st.rerun()


def start_quick_create() -> None:
    state.put(ADDING, True)


def _stop_quick_create() -> None:
    state.put(ADDING, False)


def quick_create(store: Store) -> None:
    """Keep the quick-create dialog open across reruns until it is saved or dismissed."""
    if state.get(ADDING):
        _quick_create_dialog(store, shell.current_user_id())


@st.dialog(" ", width="medium", on_dismiss=_stop_quick_create)
def _quick_create_dialog(store: Store, by: int) -> None:
    """A new opportunity in a few fields; the record screen has the rest."""
    st.subheader(t("board.add_title"))
    stages = board_service.open_stages(store)
    with st.form("board_quick_create", border=False):
        first, last = st.columns(2)
        first_name = first.text_input(t("field.first_name"), key="board_new_first_name")
        last_name = last.text_input(t("field.last_name"), key="board_new_last_name")
        company = st.text_input(t("field.company"), key="board_new_company")
        summary = st.text_input(t("field.project_summary"), key="board_new_summary")
        stage_col, revenue_col = st.columns(2)
        stage_id = stage_col.selectbox(
            t("field.stage"), [s.id for s in stages], format_func=lambda i: next(s.name for s in stages if s.id == i),
            key="board_new_stage",
        )
        revenue = revenue_col.number_input(
            t("field.expected_revenue"), min_value=0.0, value=None, step=500.0, key="board_new_revenue"
        )
        submitted = st.form_submit_button(t("board.add_save"), type="primary")
    if not submitted:
        return
    prospect = Prospect(
        first_name=first_name.strip() or None,
        last_name=last_name.strip() or None,
        company=company.strip() or None,
        project_summary=summary.strip() or None,
        stage_id=stage_id,
        expected_revenue=cents(revenue),
        owner_id=by,
    )
    try:
        created = services.save_prospect(store, prospect, by)
    except ValidationError as error:
        for message in shell.field_errors(error).values():
            st.error(shell.md(message))
        return
    except ProspectsError as error:
        shell.show_error(error)
        return
    _stop_quick_create()
    state.flash(t("board.added", label=shell.md(f"#{created.id} · {created.display_name}")))
    st.rerun()
