"""Turning DuckDB rows into domain objects and back, at the edge of the repository."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from prospects.domain import NAME_FIELDS, Action, Contact, Prospect, Status, display_name
from prospects.domain.rules import cents

# Prospect fields that are plain columns of the prospects table (custom values live apart).
PROSPECT_COLUMNS = tuple(f.name for f in dataclasses.fields(Prospect) if f.name not in ("id", "custom"))
PROSPECT_EDITABLE = tuple(
    c for c in PROSPECT_COLUMNS if c not in ("created_at", "created_by", "updated_at", "updated_by", "version")
)
ACTION_COLUMNS = tuple(f.name for f in dataclasses.fields(Action) if f.name != "id")
ACTION_EDITABLE = tuple(
    c for c in ACTION_COLUMNS if c not in ("created_at", "created_by", "updated_at", "updated_by", "version")
)
CONTACT_COLUMNS = tuple(f.name for f in dataclasses.fields(Contact) if f.name != "id")
CONTACT_EDITABLE = tuple(
    c for c in CONTACT_COLUMNS if c not in ("created_at", "created_by", "updated_at", "updated_by", "version")
)
DATE_COLUMNS = ("project_due", "closed_on", "birth_date")
# Select these (`p` being the prospects table), then `with_display_name`: SQL has no copy of the name rule.
NAME_PARTS_SQL = ", ".join(f"p.{f} AS _name_{f}" for f in NAME_FIELDS)


def with_display_name(frame: pd.DataFrame, column: str = "name") -> pd.DataFrame:
    """Replace the `NAME_PARTS_SQL` columns of a query's frame by the display name (`domain.display_name`)."""
    parts = [f"_name_{f}" for f in NAME_FIELDS]
    names = [display_name(*row) for row in frame[parts].itertuples(index=False, name=None)]
    at = frame.columns.get_loc(parts[0])
    frame = frame.drop(columns=parts)
    frame.insert(at, column, pd.Series(names, index=frame.index, dtype="object"))
    return frame


def fetch_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def as_date(value: Any) -> date | None:
    """DuckDB DATE values may arrive as timestamps: always hand out a date."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value


def prospect_from_row(row: dict[str, Any], custom: dict[int, Any] | None = None) -> Prospect:
    values = {k: row.get(k) for k in PROSPECT_COLUMNS if k in row}
    values["status"] = Status(values.get("status") or "open")
    values["categories"] = tuple(sorted(values.get("categories") or ()))
    for name in DATE_COLUMNS:
        values[name] = as_date(values.get(name))
    if values.get("expected_revenue") is not None:
        values["expected_revenue"] = Decimal(values["expected_revenue"])
    return Prospect(id=row["id"], custom=custom or {}, **values)


def prospect_values(prospect: Prospect) -> dict[str, Any]:
    """The editable columns of a prospect, ready for parameters."""
    values = {c: getattr(prospect, c) for c in PROSPECT_EDITABLE}
    values["status"] = str(prospect.status)
    values["categories"] = list(prospect.categories)
    values["expected_revenue"] = cents(prospect.expected_revenue)
    return values


def action_from_row(row: dict[str, Any]) -> Action:
    return Action(id=row["id"], **{k: row.get(k) for k in ACTION_COLUMNS if k in row})


def contact_from_row(row: dict[str, Any]) -> Contact:
    return Contact(id=row["id"], **{k: row.get(k) for k in CONTACT_COLUMNS if k in row})


def fix_date_columns(df: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Show DATE columns as dates, not as midnight timestamps."""
    for name in columns:
        if name in df.columns and pd.api.types.is_datetime64_any_dtype(df[name]):
            df[name] = df[name].dt.date
    return df
