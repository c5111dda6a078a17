"""The board's look: each card's colour by its position in the component, and the key that remounts it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from prospects.domain import DueState

if TYPE_CHECKING:
    from prospects.services.board import Column

WON, LOST = "won", "lost"
# Colours of the left border of a card: readable, never a loud background.
COLOURS = {
    DueState.LATE: "#d93025",
    DueState.TODAY: "#f29900",
    DueState.LATER: "#1e8e3e",
    None: "#9aa0a6",
    WON: "#1a73e8",
    LOST: "#5f6368",
}
STALE_BACKGROUND = "#fffaf0"


def board_css(columns: Sequence[Column]) -> str:
    """The component's stylesheet: the look of every card, then each card's colour by its position."""
    selectors: dict[str, list[str]] = {}
    stale: list[str] = []
    for c, column in enumerate(columns, start=1):
        for i, card in enumerate(column.cards, start=1):
            selector = f".sortable-container:nth-of-type({c}) .sortable-item:nth-of-type({i})"
            selectors.setdefault(COLOURS[card.tone], []).append(selector)
            if card.stale:
                stale.append(selector)
    rules = [_BASE_CSS]
    for colour, group in selectors.items():
        rules.append(f"{', '.join(group)} {{ border-left-color: {colour}; }}")
    if stale:
        rules.append(f"{', '.join(stale)} {{ background-color: {STALE_BACKGROUND}; }}")
    return "\n".join(rules)


def board_key(columns: Sequence[Column], css: str, generation: int = 0) -> str:
    """A key derived from everything shown (and each card's version): a new board mounts afresh."""
    content = [
        [column.header, [(card.text, card.version) for card in column.cards]] for column in columns
    ]
    digest = hashlib.sha1(json.dumps([content, css, generation], ensure_ascii=False).encode()).hexdigest()
    return f"board-{digest[:16]}"


_BASE_CSS = """
.sortable-component.vertical { flex-wrap: nowrap; gap: 6px; overflow-x: auto; align-items: flex-start; }
.sortable-component.vertical .sortable-container { flex: 1 1 0; min-width: 128px; padding: 0; margin: 0; }
.sortable-container-header {
  white-space: pre-line; font-size: 0.75rem; line-height: 1.35; color: #555867; min-height: 4.6em;
  padding: 2px 4px 6px 4px; background: transparent; border-bottom: 2px solid #e6e9ef; margin-bottom: 6px;
}
.sortable-container-header::first-line { font-weight: 700; color: #262730; font-size: 0.8rem; }
.sortable-container-body { background-color: #f3f4f7; border-radius: 8px; padding: 3px; min-height: 90px; }
.sortable-item, .sortable-item:hover {
  display: block; white-space: pre-line; text-align: left; font-size: 0.72rem; line-height: 1.35;
  background-color: #ffffff; color: #3d4049; border: 1px solid #e3e5e8; border-left: 4px solid #9aa0a6;
  border-radius: 6px; margin: 3px 1px 5px 1px; padding: 5px 7px; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.06);
}
.sortable-item:hover { box-shadow: 0 2px 6px rgba(0, 0, 0, 0.14); }
.sortable-item.dragging { box-shadow: 0 6px 16px rgba(0, 0, 0, 0.2); }
""".strip()
