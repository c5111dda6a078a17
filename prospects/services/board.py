"""The Kanban board: columns and cards built from the store's rows, their CSS, and drops turned into moves.

Plain Python, no Streamlit. The card component (our patched streamlit-sortables, `prospects.ui.sortables`)
takes each card as `{"id": "#12", "lines": [...], "cls": ...}`: short lines of spans whose classes give
the colours, so the stylesheet is the same for every board. A card's `text` is the same content as plain
text, its `#id` on the last line (older values of the component were plain strings).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_currency

from prospects.domain import NAME_FIELDS, DueState, Prospect, Stage, Status, display_name, due_state
from prospects.domain.closing import Settle
from prospects.i18n import fmt_date, fmt_datetime, locale, t
from prospects.services import records
from prospects.services.board_style import LOST, WON, board_css, board_key, tone_class
from prospects.store import Store
from prospects.store.board import BoardRows, ColumnTotals

_CARD_ID = re.compile(r"^#(\d+)\b")


@dataclass(frozen=True)
class Card:
    """One prospect on the board, as the component shows it."""

    prospect_id: int
    version: int
    column_key: str
    text: str
    label: str  # short name for a select box
    tone: DueState | str | None  # a DueState, WON / LOST, or None for "no next step"
    stale: bool = False
    next_action_id: int | None = None
    lines: tuple[dict[str, Any], ...] = ()  # the card as the component draws it: {"spans": [{"text", "cls"}], "cls"}

    @property
    def item_id(self) -> str:
        return f"#{self.prospect_id}"

    @property
    def item(self) -> dict[str, Any]:
        """The card as an item of the component: its id, its lines, its classes (tone, stale)."""
        return {"id": self.item_id, "lines": list(self.lines), "cls": f"tone-{tone_class(self.tone)}" + (" stale" if self.stale else "")}


@dataclass(frozen=True)
class Column:
    key: str  # the stage id as text, "won" or "lost"
    title: str
    header: str  # unique text of the column in the component
    status: Status
    stage_id: int | None
    cards: tuple[Card, ...]
    totals: ColumnTotals

    @property
    def truncated(self) -> bool:
        return self.totals.count > len(self.cards)


@dataclass(frozen=True)
class Board:
    columns: tuple[Column, ...]
    css: str
    key: str  # changes whenever what is shown changes, so that the component re-reads its items
    _by_text: dict[str, Card] = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict[int, Card] = field(default_factory=dict, repr=False, compare=False)

    @property
    def items(self) -> list[dict[str, Any]]:
        """The argument of `sort_items(..., multi_containers=True)`."""
        return [{"header": c.header, "items": [card.item for card in c.cards]} for c in self.columns]

    @property
    def cards(self) -> list[Card]:
        return [card for column in self.columns for card in column.cards]

    def card(self, prospect_id: int) -> Card | None:
        return self._by_id.get(prospect_id)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def card_for_item(self, item: Any) -> Card | None:
        """The card of a returned item: a card dict by its `#id`, a string by its text."""
        if isinstance(item, dict):
            match = _CARD_ID.match(str(item.get("id", "")))
            return self._by_id.get(int(match.group(1))) if match else None
        return self.card_for_text(str(item))

    def card_for_text(self, text: str) -> Card | None:
        """The card of a returned item: by its exact text, else by the `#id` of its last line."""
        card = self._by_text.get(text)
        if card is not None:
            return card
        last_line = str(text).rsplit("\n", 1)[-1]
        match = _CARD_ID.match(last_line.strip())
        return self._by_id.get(int(match.group(1))) if match else None


@dataclass(frozen=True)
class Move:
    """A card dropped in another column, to apply only if the prospect is still at `version`."""

    prospect_id: int
    version: int
    from_key: str
    to_key: str
    to_status: Status  # OPEN for a stage column
    to_stage_id: int | None
    label: str
    open_actions: bool = False  # the card had an action still to do when it was shown

    @property
    def needs_loss_reason(self) -> bool:
        return self.to_status is Status.LOST

    @property
    def asks_first(self) -> bool:
        """Lost always asks (its reason); Won asks only when there are open actions to settle."""
        return self.needs_loss_reason or (self.to_status is Status.WON and self.open_actions)


# ---------------------------------------------------------------------------
# Queries of the board screen
# ---------------------------------------------------------------------------


def owner_labels(store: Store) -> dict[int, str]:
    """Every user as "Full name (INITIALS)", for the owner filter."""
    return {u.id: f"{u.full_name} ({u.initials})" for u in store.users.list()}


def channels(store: Store) -> list[str]:
    return store.choices.names("channel")


def loss_reasons(store: Store) -> list[str]:
    return store.choices.names("loss_reason")


def campaigns(store: Store) -> list[str]:
    """Every campaign label in use, for the campaign filter (remembered until the data changes)."""
    return store.analytics.campaigns()


def batch_labels(store: Store) -> dict[int, str]:
    """The latest import batches, newest first, as "#12 · leads.csv · 01/12/2026", for the batch filter."""
    # An undone batch has no deals left to show.
    return {int(i): f"#{i} · {name} · {fmt_date(when)}" for i, name, when in store.imports.live_batches()}


def default_owner(store: Store, user_id: int | None) -> int | None:
    """The owner the board opens on: the user's own deals when they own some, else everyone's."""
    if user_id is None or not store.board.owns_open_deals(user_id):
        return None
    return user_id


def open_stages(store: Store) -> list[Stage]:
    """The stages a new opportunity can start in, in the order of the settings."""
    return store.stages.list()


def load_board(
    store: Store,
    *,
    owner_ids: Sequence[int] = (),
    channels: Sequence[str] = (),
    text: str | None = None,
    campaigns: Sequence[str] = (),
    batch_id: int | None = None,
    limit_per_column: int = 50,
    generation: int = 0,
) -> Board:
    """The board as filtered, its cards built for the component."""
    rows = store.board.load(
        owner_ids=tuple(owner_ids), channels=tuple(channels), text=text, campaigns=tuple(campaigns), batch_id=batch_id,
        limit_per_column=limit_per_column,
    )
    return build_board(
        rows,
        store.stages.list(),
        now=datetime.now(),
        currency=store.settings.get("currency", "EUR") or "EUR",
        generation=generation,
    )


# ---------------------------------------------------------------------------
# Building the board
# ---------------------------------------------------------------------------


def build_board(
    rows: BoardRows,
    stages: Sequence[Stage],
    *,
    now: datetime | None = None,
    currency: str = "EUR",
    generation: int = 0,
) -> Board:
    """Columns in the order of the settings, then Won and Lost; cards in the order of the rows."""
    now = now or datetime.now()
    stale_after = {str(s.id): s.stale_after_days for s in stages}
    by_column: dict[str, list[Card]] = {}
    for row in rows.cards:
        by_column.setdefault(row["column_key"], []).append(
            make_card(row, now, stale_after.get(row["column_key"]), currency)
        )
    specs = [(str(s.id), s.name, Status.OPEN, s.id) for s in stages]
    specs += [(WON, t("status.won"), Status.WON, None), (LOST, t("status.lost"), Status.LOST, None)]
    columns: list[Column] = []
    used_headers: set[str] = set()
    card_texts = {x for cards in by_column.values() for card in cards for x in (card.text, card.item_id)}
    for key, title, status, stage_id in specs:
        totals = rows.totals.get(key, ColumnTotals())
        header = _unique(column_header(title, status, totals, currency), used_headers | card_texts)
        used_headers.add(header)
        columns.append(Column(key, title, header, status, stage_id, tuple(by_column.get(key, ())), totals))
    css = board_css(columns)
    board_cards = [card for column in columns for card in column.cards]
    return Board(
        tuple(columns),
        css,
        board_key(columns, css, generation),
        {card.text: card for card in board_cards},
        {card.prospect_id: card for card in board_cards},
    )


def make_card(row: dict[str, Any], now: datetime, stale_after_days: int | None, currency: str = "EUR") -> Card:
    """One card, read at a glance in at most five short lines.

    Summary; company · contact (the name once); the next action with its date coloured by lateness (or
    "no next step"); then amount, owner initials and days in the stage, a quiet "stale" past the stage's limit.
    """
    name = _display_name(row)
    company = _one_line(row.get("company"))
    summary = _one_line(row.get("project_summary")) or name or company or "—"
    who = " · ".join(x for x in (company, name if name and name != company else None) if x)
    status = Status(row["status"])
    tone, situation = _situation(row, status, now)
    days = None
    if status is Status.OPEN and row.get("stage_since") is not None:
        days = max(0, (now.date() - _as_date(row["stage_since"])).days)
    stale = days is not None and stale_after_days is not None and days > stale_after_days
    amount = None if row.get("expected_revenue") is None else money(float(row["expected_revenue"]), currency)
    facts = [
        _span(amount, "amount"),
        _span(_one_line(row.get("owner")), "owner"),
        _span(None if days is None else t("board.days_short", days=days), "days"),
        _span(t("board.stale") if stale else None, "stale-mark"),
    ]
    facts = [f for f in facts if f]
    lines = [_line([_span(summary, "title")], "title")]
    if who:
        lines.append(_line([_span(who, "who")], "who"))
    lines.append(_line(situation, "next"))
    if facts:
        lines.append(_line(_joined(facts), "facts"))
    plain = ["".join(span["text"] for span in line["spans"]) for line in lines if line["cls"] != "facts"]
    text = "\n".join([*plain, " · ".join([f"#{row['id']}", *(f["text"] for f in facts)])])
    label = f"#{row['id']} · " + " — ".join(x for x in (summary, who) if x)
    return Card(
        prospect_id=int(row["id"]),
        version=int(row["version"]),
        column_key=str(row["column_key"]),
        text=text,
        label=label,
        tone=tone,
        stale=stale,
        next_action_id=None if row.get("next_action_id") is None else int(row["next_action_id"]),
        lines=tuple(lines),
    )


def _situation(row: dict[str, Any], status: Status, now: datetime) -> tuple[DueState | str | None, list[dict[str, str]]]:
    """The card's third line: won or lost today, else the next action and its coloured date."""
    if status is Status.WON:
        return WON, [_span(t("board.won_today"), "closed")]
    if status is Status.LOST:
        reason = _one_line(row.get("loss_reason"))
        text = t("board.lost_today_reason", reason=reason) if reason else t("board.lost_today")
        return LOST, [_span(text, "closed")]
    if row.get("next_action_due") is None:
        return None, [_span(t("board.no_next_step"), "due-none")]
    tone = due_state(row["next_action_due"], now)
    spans = [_span(t("board.important_mark"), "important")] if row.get("next_action_important") else []
    spans += [
        _span(_when(row["next_action_due"], now), f"due due-{tone_class(tone)}"),
        _span(" " + _one_line(row.get("next_action_title")), "action"),
    ]
    return tone, spans


def _span(text: str | None, cls: str) -> dict[str, str]:
    return {"text": text, "cls": cls} if text else {}


def _line(spans: list[dict[str, str]], cls: str) -> dict[str, Any]:
    return {"spans": [s for s in spans if s], "cls": cls}


def _joined(spans: list[dict[str, str]]) -> list[dict[str, str]]:
    """Spans separated by a quiet dot."""
    out: list[dict[str, str]] = []
    for span in spans:
        if out:
            out.append({"text": " · ", "cls": "sep"})
        out.append(span)
    return out


def column_header(title: str, status: Status, totals: ColumnTotals, currency: str) -> str:
    """Count, expected revenue and weighted revenue of a column; today's count and sum for Won and Lost."""
    title = _one_line(title)
    if status is Status.OPEN:
        return t(
            "board.column_header",
            title=title,
            count=totals.count,
            revenue=money(totals.revenue, currency),
            weighted=money(totals.weighted, currency),
        )
    return t("board.column_header_closed", title=title, count=totals.count, revenue=money(totals.revenue, currency))


def money(value: float, currency: str) -> str:
    """An amount without cents, in the conventions of the current language (€12,500 / 12 500 €)."""
    pattern = Locale.parse(locale()).currency_formats["standard"].pattern.split(";")[0]
    pattern = re.sub(r"\.0+", "", pattern)
    return format_currency(round(value or 0), currency, format=pattern, locale=locale(), currency_digits=False)




# ---------------------------------------------------------------------------
# Drops and moves
# ---------------------------------------------------------------------------


def moves_between(shown: Board, returned: Iterable[dict[str, Any]] | None) -> list[Move]:
    """The cards the user dropped in another column, compared with the board this session was shown.

    Containers are matched by header, else by position; items by their exact text, else by the `#id`
    of their last line. Unknown items, duplicates and reorderings within a column are ignored.
    """
    if not returned:
        return []
    moves: list[Move] = []
    seen: set[int] = set()
    headers = {c.header: c for c in shown.columns}
    for index, container in enumerate(returned):
        if not isinstance(container, dict):
            continue
        column = headers.get(container.get("header"))
        if column is None and index < len(shown.columns):
            column = shown.columns[index]
        if column is None:
            continue
        for item in container.get("items") or ():
            card = shown.card_for_item(item)
            if card is None or card.prospect_id in seen:
                continue
            seen.add(card.prospect_id)
            if card.column_key != column.key:
                moves.append(
                    Move(card.prospect_id, card.version, card.column_key, column.key, column.status, column.stage_id, card.label,
                         open_actions=card.next_action_id is not None)
                )
    return moves


def fingerprint(returned: Any) -> str:
    """A short digest of a value returned by the component, to handle each drop once."""
    return hashlib.sha1(json.dumps(returned, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def apply_move(
    store: Store, move: Move, by: int | None, loss_reason: str | None = None, settle: Settle | None = None
) -> Prospect:
    """Write one move, only if the prospect is still at the version the board showed.

    A stage column sets the stage (and reopens a closed deal); Won and Lost close it today and settle
    its open actions (`settle`, else the default of `records.close_deal`).
    Raises ConflictError when someone changed the prospect meanwhile.
    """
    if move.to_status is Status.OPEN:
        return records.reopen_deal(store, move.prospect_id, move.to_stage_id, by, expected_version=move.version).prospect
    closed = records.close_deal(
        store, move.prospect_id, move.to_status, by, expected_version=move.version, loss_reason=loss_reason, settle=settle
    )
    return closed.prospect


# ---------------------------------------------------------------------------


def _display_name(row: dict[str, Any]) -> str:
    """The card's name: the one rule of every screen (`domain.display_name`)."""
    return display_name(*(row.get(f) for f in NAME_FIELDS))


def _one_line(value: Any) -> str:
    """User text on one line: the card's lines are ours, so the `#id` line stays the last one."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _when(due: datetime | date, now: datetime) -> str:
    """A due date and time, without the year when it is this year's (cards are narrow)."""
    if not isinstance(due, datetime) or due.year != now.year:
        return fmt_datetime(due) if isinstance(due, datetime) else fmt_datetime(datetime.combine(due, datetime.min.time()))
    return format_datetime(due, format="dd/MM HH:mm", locale=locale())


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _unique(text: str, taken: set[str]) -> str:
    # Two columns with the same header (or a header equal to a card) would confuse the component.
    while text in taken:
        text += "\u200b"
    return text
