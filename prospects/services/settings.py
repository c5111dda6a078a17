"""Settings use cases and the settings screens' queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prospects.store import Store


def default_country(store: Store) -> str:
    """The team's default country (ISO code) for phone numbers written without their code."""
    return store.settings.default_country()
