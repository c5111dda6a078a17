"""What becomes of a deal's open actions when it is won or lost."""

from __future__ import annotations

from enum import StrEnum

from prospects.domain.models import Status


class Settle(StrEnum):
    """The choice offered when a deal closes with actions still to do.

    - KEEP: they stay to do on the record, but a closed deal's actions are nobody's to-do: they leave
      the agenda and every overdue figure, and are back if the deal is reopened.
    - DONE: they are ticked done today, as the step that led to the close.
    - CANCEL: they are dropped (done, and marked cancelled); reopening the deal names them.
    """

    KEEP = "keep"
    DONE = "done"
    CANCEL = "cancel"


def default_settle(status: Status) -> Settle:
    """A sales rep's default: a lost deal's calls will not be made (cancel); a won deal's follow-ups
    ("send the quote", "negotiate the price") were what won it, so they are done."""
    return Settle.CANCEL if status is Status.LOST else Settle.DONE
