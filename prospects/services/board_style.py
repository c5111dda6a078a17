"""The board's look: one stylesheet for every board (cards carry their tone as a class), and the key that remounts it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from prospects.domain import DueState

if TYPE_CHECKING:
    from prospects.services.board import Column

WON, LOST = "won", "lost"
# Colours of a card's left border and of its next action's date: readable, never a loud background.
COLOURS = {
    DueState.LATE: "#d93025",
    DueState.TODAY: "#e37400",
    DueState.LATER: "#1e8e3e",
    None: "#9aa0a6",
    WON: "#1a73e8",
    LOST: "#5f6368",
}
STALE_COLOUR = "#b06000"  # the quiet "stale" word of a card's last line


def tone_class(tone: DueState | str | None) -> str:
    """The class of a card (`tone-late`…) and, with `due-`, of its date."""
    return tone.value if isinstance(tone, DueState) else (tone or "none")


def board_css(columns: Sequence[Column] = ()) -> str:
    """The component's stylesheet: the same for every board of these stages, since each card names its own tone."""
    stages = sum(1 for c in columns if c.stage_id is not None) or 5
    rules = [_BASE_CSS, f".sortable-component.vertical {{ grid-template-columns: repeat({stages}, minmax(0, 1fr)) {CLOSED_WIDTH}px; }}"]
    for tone, colour in COLOURS.items():
        name = tone_class(tone)
        rules.append(f".sortable-item.tone-{name} {{ border-left-color: {colour}; }}")
        rules.append(f".sortable-item .due-{name} {{ color: {colour}; }}")
    rules.append(f".sortable-item .stale-mark {{ color: {STALE_COLOUR}; }}")
    return "\n".join(rules)


def board_key(columns: Sequence[Column], css: str, generation: int = 0) -> str:
    """A key derived from everything shown (and each card's version): a new board mounts afresh."""
    content = [[column.header, [(card.item, card.version) for card in column.cards]] for column in columns]
    digest = hashlib.sha1(json.dumps([content, css, generation], ensure_ascii=False).encode()).hexdigest()
    return f"board-{digest[:16]}"


# Stage columns share the width; Won and Lost (the last two lists) are compact drop zones stacked in one
# narrow column (Won above, Lost filling the rest), whose cards leave out the contact line: at 1280 px beside
# the sidebar the five stages keep about 160 px each, and nothing scrolls sideways. Every line is one line
# (the summary at most two): no towers of text.
CLOSED_WIDTH = 88
_BASE_CSS = """
.sortable-component.vertical { display: grid; grid-template-rows: auto 1fr; column-gap: 5px; row-gap: 8px; }
.sortable-component.vertical .sortable-container { grid-row: 1 / span 2; min-width: 0; padding: 0; margin: 0; }
.sortable-component.vertical .sortable-container[data-from-end="1"] { grid-column: -2 / -1; grid-row: 1; }
.sortable-component.vertical .sortable-container[data-from-end="0"] { grid-column: -2 / -1; grid-row: 2; }
.sortable-container:is([data-from-end="0"], [data-from-end="1"]) .sortable-container-body { min-height: 64px; }
.sortable-container:is([data-from-end="0"], [data-from-end="1"]) .sortable-container-header { min-height: 2.6em; }
.sortable-container:is([data-from-end="0"], [data-from-end="1"]) .card-line.who { display: none; }
.sortable-container-header {
  white-space: pre-line; font-size: 0.72rem; line-height: 1.3; color: #555867; min-height: 3.9em;
  padding: 2px 4px 4px 4px; background: transparent; border-bottom: 2px solid #e6e9ef; margin-bottom: 4px;
  overflow: hidden; text-overflow: ellipsis;
}
.sortable-container-header::first-line { font-weight: 700; color: #262730; font-size: 0.78rem; }
.sortable-container-body { background-color: #f3f4f7; border-radius: 8px; padding: 3px; min-height: 90px; }
.sortable-container.drop-target .sortable-container-body { background-color: #e3ecfa; outline: 2px dashed #8ab4f8; outline-offset: -2px; }
.sortable-item, .sortable-item:hover {
  display: block; text-align: left; font-size: 0.72rem; line-height: 1.3;
  background-color: #ffffff; color: #3d4049; border: 1px solid #e3e5e8; border-left: 4px solid #9aa0a6;
  border-radius: 6px; margin: 3px 1px 5px 1px; padding: 4px 6px; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.06);
  height: auto; cursor: pointer;
}
.sortable-item:hover { box-shadow: 0 2px 6px rgba(0, 0, 0, 0.14); }
.sortable-item.dragging { box-shadow: 0 6px 16px rgba(0, 0, 0, 0.2); }
.card-line { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.card-line.title { font-weight: 600; color: #262730; white-space: normal; display: -webkit-box;
  -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.card-line.who { color: #555867; }
.card-line .due { font-weight: 600; }
.card-line .due-none { color: #80868b; font-style: italic; }
.card-line .important { color: #d93025; font-weight: 700; margin-right: 3px; }
.card-line.facts { color: #80868b; }
.card-line .amount { color: #262730; font-weight: 600; }
.card-line .owner { font-weight: 600; }
""".strip()
