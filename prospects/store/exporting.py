"""Reading prospects for export: every field, with names instead of ids, in one query."""

from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd

from prospects.domain import ProspectQuery
from prospects.store.db import Database, reads
from prospects.store.prospect_list import where_clause

# Columns in the order of the specification; stage, owner and authors come out as names.
EXPORT_SQL = """
WITH cats AS (
    SELECT x.id, string_agg(coalesce(c.label, CAST(x.pos AS VARCHAR)), '|' ORDER BY x.pos) AS categories
    FROM (SELECT id, unnest(categories) AS pos FROM prospects) x
    LEFT JOIN categories c ON c.position = x.pos
    GROUP BY x.id
)
SELECT p.id, p.civility, p.last_name, p.first_name, p.is_company, p.company, p.status,
       s.name AS stage, p.project_summary, p.channel, p.direct_approach, u.initials AS owner, p.campaign,
       p.interest, p.project_due, CAST(p.expected_revenue AS VARCHAR) AS expected_revenue, p.rating,
       p.project_notes, p.prospect_notes, p.closed_on, p.loss_reason, p.address, p.postal_code, p.city,
       p.country, p.door_info, p.phone, p.mobile, p.email, p.birth_date, p.website, p.external_ref,
       p.sector, p.client_type, p.job_title, coalesce(cats.categories, '') AS categories,
       p.created_at, cu.initials AS created_by, p.updated_at, uu.initials AS updated_by
FROM prospects p
LEFT JOIN stages s ON s.id = p.stage_id
LEFT JOIN users u ON u.id = p.owner_id
LEFT JOIN users cu ON cu.id = p.created_by
LEFT JOIN users uu ON uu.id = p.updated_by
LEFT JOIN cats ON cats.id = p.id
WHERE {where}
ORDER BY p.id
"""

CUSTOM_SQL = """
SELECT v.prospect_id, f.id AS field_id, f.type,
       v.value_text, v.value_number, v.value_date, v.value_bool
FROM custom_values v JOIN custom_fields f ON f.id = v.field_id
WHERE list_contains(?, v.prospect_id)
"""


class ExportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @reads
    def prospects_frame(self, conn: duckdb.DuckDBPyConnection, query: ProspectQuery | None = None) -> pd.DataFrame:
        """Every prospect matching `query` (all of them when None), unpaged, ordered by id."""
        where, params = where_clause(dataclasses.replace(query or ProspectQuery(), limit=0, offset=0))
        return conn.execute(EXPORT_SQL.format(where=where), params).df()

    @reads
    def custom_values_frame(self, conn: duckdb.DuckDBPyConnection, prospect_ids: list[int]) -> pd.DataFrame:
        """Custom values of these prospects, one row per (prospect, field)."""
        return conn.execute(CUSTOM_SQL, [prospect_ids]).df()
