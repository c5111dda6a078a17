"""The sales domain's entities: prospects, actions, history, contacts, users, stages and queries."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """The only three states of an opportunity."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class DueState(StrEnum):
    """Where an action's due time stands against "now"."""

    LATE = "late"
    TODAY = "today"
    LATER = "later"


class FieldType(StrEnum):
    """Types a custom field may hold."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"


# The languages of the product (the catalogue has every text in each).
LANGUAGES = ("en", "fr")

# Settings lists that are plain ordered names (stages have their own table).
CHOICE_KINDS = ("channel", "loss_reason", "civility", "sector", "client_type")
MAX_CATEGORIES = 20


@dataclass(frozen=True)
class User:
    id: int | None
    full_name: str
    initials: str
    email: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Stage:
    id: int | None
    name: str
    position: int
    probability: int  # default probability of a deal in this stage, 0-100
    stale_after_days: int = 14
    active: bool = True


@dataclass(frozen=True)
class Choice:
    """One value of a configurable list (channel, loss reason, civility...)."""

    id: int | None
    kind: str
    name: str
    position: int
    active: bool = True


@dataclass(frozen=True)
class CustomField:
    id: int | None
    label: str
    type: FieldType
    position: int
    active: bool = True


@dataclass(frozen=True)
class Prospect:
    """One person or company carrying one sales opportunity."""

    id: int | None = None
    # Identity
    civility: str | None = None
    last_name: str | None = None
    first_name: str | None = None
    is_company: bool = False
    company: str | None = None
    # Opportunity
    status: Status = Status.OPEN
    stage_id: int | None = None
    project_summary: str | None = None
    channel: str | None = None
    direct_approach: bool = False
    owner_id: int | None = None
    campaign: str | None = None
    # Project tab
    interest: int | None = None
    project_due: date | None = None
    expected_revenue: Decimal | None = None
    rating: int | None = None
    project_notes: str | None = None
    prospect_notes: str | None = None
    closed_on: date | None = None
    loss_reason: str | None = None
    # Details tab
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    door_info: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    birth_date: date | None = None
    website: str | None = None
    external_ref: str | None = None
    sector: str | None = None
    client_type: str | None = None
    job_title: str | None = None
    categories: tuple[int, ...] = ()
    # More tab: custom field id -> value
    custom: dict[int, Any] = field(default_factory=dict)
    # Links
    contact_id: int | None = None
    batch_id: int | None = None
    # System
    created_at: datetime | None = None
    created_by: int | None = None
    updated_at: datetime | None = None
    updated_by: int | None = None
    version: int = 0

    @property
    def display_name(self) -> str:
        """What a rep calls this prospect: `rules.display_name`, the one rule every screen uses."""
        from prospects.domain.rules import display_name  # rules builds on these models: imported when called

        return display_name(self.first_name, self.last_name, self.company, self.email, self.phone, self.mobile)

    def replace(self, **changes: Any) -> Prospect:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Action:
    """A follow-up task of one prospect: what, when, who."""

    id: int | None = None
    prospect_id: int | None = None
    title: str = ""
    due_at: datetime | None = None
    assignee_id: int | None = None
    done: bool = False
    important: bool = False
    notes: str | None = None
    done_at: datetime | None = None
    created_at: datetime | None = None
    created_by: int | None = None
    updated_at: datetime | None = None
    updated_by: int | None = None
    version: int = 0

    def replace(self, **changes: Any) -> Action:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class HistoryEntry:
    """One change of status or stage of a prospect."""

    id: int | None
    prospect_id: int
    changed_at: datetime
    changed_by: int | None
    field: str  # "status" or "stage"
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class Contact:
    """A record of the company's main contact file."""

    id: int | None = None
    civility: str | None = None
    last_name: str | None = None
    first_name: str | None = None
    is_company: bool = False
    company: str | None = None
    job_title: str | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    website: str | None = None
    notes: str | None = None
    prospect_id: int | None = None  # the prospect this contact was promoted from
    created_at: datetime | None = None
    created_by: int | None = None
    updated_at: datetime | None = None
    updated_by: int | None = None
    version: int = 0

    def replace(self, **changes: Any) -> Contact:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class ProspectQuery:
    """Filters, sort and page of the prospect list; applied in the database."""

    text: str | None = None
    statuses: tuple[Status, ...] = ()
    stage_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()
    owner_ids: tuple[int, ...] = ()
    category: int | None = None
    campaigns: tuple[str, ...] = ()
    batch_id: int | None = None  # the deals one import created or filled in
    sort: str = "updated_at"
    descending: bool = True
    limit: int = 50
    offset: int = 0


# Columns the list can be sorted by (the repository maps them to SQL).
SORTABLE_COLUMNS = (
    "name",
    "company",
    "status",
    "stage",
    "expected_revenue",
    "project_due",
    "next_action_due",
    "owner",
    "rating",
    "created_at",
    "updated_at",
)
