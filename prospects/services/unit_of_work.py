"""The one way a use case changes data: all of it or nothing, retried when the file is briefly busy.

Services are the only code that opens a transaction, and they open it here. Repository writes made
inside `work` join this transaction; a write conflict with another session retries the whole use
case, and DuckDB's own errors come out as the package's errors (`ConflictError`, `DuplicateError`,
`DatabaseBusyError`, `DatabaseReadOnlyError`...), which the pages show as one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from prospects.store import Store

T = TypeVar("T")


def run(store: Store, work: Callable[[], T], attempts: int = 5) -> T:
    """Run one use case in one transaction of `store`, joining the caller's when there is one."""
    return store.db.write(lambda _conn: work(), attempts=attempts)
