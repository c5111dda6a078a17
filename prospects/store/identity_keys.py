"""The identity keys stored with each prospect and contact: computed by `prospects.domain.identity` (the one
rule, in Python only) and written by every write of the repositories, so lookups read them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from prospects.domain.identity import IdentityKeys, KeyColumns, keys_of_many
from prospects.domain.phones import DEFAULT_COUNTRY
from prospects.store.rows import fetch_dicts

SINCE_VERSION = 6  # the migration that adds the key columns
KEY_COLUMNS = ("email_key", "phone_key", "mobile_key", "person_key", "company_key", "name_key", "source_keys")


def default_country(conn: duckdb.DuckDBPyConnection) -> str:
    """The team's default country (Settings), for numbers written without their code."""
    rows = conn.execute("SELECT value FROM settings WHERE key = 'default_country'").fetchall()
    return (rows[0][0] if rows and rows[0][0] else DEFAULT_COUNTRY).upper()


def key_columns(keys: Sequence[IdentityKeys] | KeyColumns) -> dict[str, list[Any]]:
    """The key columns of records, column by column (first phone in phone_key, second in mobile_key)."""
    if not isinstance(keys, KeyColumns):
        keys = KeyColumns.of(list(keys))
    return {
        "email_key": keys.email,
        "phone_key": [p[0] if p else None for p in keys.phones],
        "mobile_key": [p[1] if len(p) > 1 else None for p in keys.phones],
        "person_key": keys.person,
        "company_key": keys.company,
        "name_key": keys.name,
        # Without any source key (most files), None throughout: told by one C loop (`any`).
        "source_keys": [list(s) or None for s in keys.sources] if any(keys.sources) else [None] * len(keys),
    }


def key_values(keys: IdentityKeys) -> dict[str, Any]:
    """The key columns of one record, for an INSERT or UPDATE."""
    return {name: values[0] for name, values in key_columns([keys]).items()} | {"keys_ready": True}


def keys_from_row(row: Sequence[Any]) -> IdentityKeys:
    """The keys read back from the columns of KEY_COLUMNS, in that order."""
    email, phone, mobile, person, company, _name, sources = row
    return IdentityKeys(email, tuple(p for p in (phone, mobile) if p), person, company, tuple(sources or ()))


def fill_missing(conn: duckdb.DuckDBPyConnection, table: str, from_row: Callable[[dict[str, Any]], object]) -> int:
    """Compute the keys of the rows of `table` that have none yet (written before migration 006, or by
    bulk SQL), in one UPDATE; returns how many."""
    rows = fetch_dicts(conn.execute(f"SELECT * FROM {table} WHERE NOT keys_ready"))
    if not rows:
        return 0
    keys = keys_of_many([from_row(r) for r in rows], default_country(conn))
    data = pa.table({"id": [r["id"] for r in rows], **{
        name: pa.array(values, pa.list_(pa.string()) if name == "source_keys" else pa.string())
        for name, values in key_columns(keys).items()}})
    view = f"{table}_new_keys"
    conn.register(view, data)
    try:
        assignments = ", ".join(f"{name} = k.{name}" for name in KEY_COLUMNS)
        conn.execute(f"UPDATE {table} SET {assignments}, keys_ready = TRUE FROM {view} k WHERE {table}.id = k.id")
    finally:
        conn.unregister(view)
    return len(rows)
