"""Every use case and every transaction of the product, and the query functions screens read through.

Pages, UI modules and the command line change data only through these functions, and hold the
opened `Store` only to hand it back to them (they never call its repositories or import
`prospects.store`).
"""

from __future__ import annotations

from pathlib import Path

from prospects.services.defaults import give_defaults
from prospects.services.prospects import change_status, move_to_stage, save_action, save_prospect
from prospects.store import ProspectPage, Store

__all__ = ["ProspectPage", "Store", "change_status", "move_to_stage", "open_store", "save_action", "save_prospect"]


def open_store(path: str | Path, busy_timeout: float = 8.0, language: str | None = None) -> Store:
    """The team's database at `path`: migrated (`Store.open`), and given its default settings in
    `language` when it is new (`services.defaults.give_defaults`)."""
    store = Store.open(path, busy_timeout=busy_timeout)
    give_defaults(store, language)
    return store
