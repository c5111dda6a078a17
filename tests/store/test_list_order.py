"""The list's order and paging: the page read in two steps (ids first, then columns) is the order of
one plain ORDER BY over the list's sort keys, for every sort key, both directions, ties and blanks."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from prospects.domain import SORTABLE_COLUMNS, Action, Prospect, ProspectQuery
from prospects.store import Store
from prospects.store.actions import OPEN_DEAL_TODO
from prospects.store.prospect_list import _SORT_SQL, where_clause


@pytest.fixture
def many(store: Store, user_id: int) -> list[int]:
    """Forty prospects whose sort keys repeat (ties) and are often blank, with actions to do and done."""
    rng = random.Random(12)
    stages = [s.id for s in store.stages.list()]
    ids = []
    with store.hold():  # one connection for the whole set: quick to build
        for n in range(40):
            ids.append(_one_prospect(store, user_id, rng, stages, n))
    return ids


def _one_prospect(store: Store, user_id: int, rng: random.Random, stages: list[int], n: int) -> int:
    """One prospect with zero to two actions (some done); every seventh deal won."""
    prospect = store.prospects.create(Prospect(
        last_name=rng.choice(["Martin", "martin", "Durand", None]), first_name=rng.choice(["Anne", "Luc", None]),
        company=rng.choice(["Acme", "Zeta", None]) if n % 5 else "Solo SA", stage_id=rng.choice(stages),
        owner_id=rng.choice([user_id, None]), rating=rng.choice([None, 1, 3]),
        expected_revenue=rng.choice([None, Decimal(1000), Decimal(500)]),
        project_due=rng.choice([None, date(2027, 1, 1), date(2026, 6, 1)]),
    ), by=user_id)
    for _ in range(rng.choice([0, 1, 2])):
        due = datetime(2026, 12, 1, 9) + timedelta(days=rng.choice([0, 1, 5]))
        action = store.actions.create(Action(None, prospect.id, "Call", due_at=due), by=user_id)
        if rng.random() < 0.3:
            store.actions.set_done(action.id, True, by=user_id)
    if n % 7 == 0:
        store.prospects.change(prospect.id, {"status": "won", "closed_on": date(2026, 11, 1)}, by=user_id)
    return prospect.id


def _one_step_order(store: Store, query: ProspectQuery) -> list[int]:
    """The reference: one ORDER BY over the same sort keys, the whole list at once."""
    where, params = where_clause(query)
    direction = "DESC" if query.descending else "ASC"
    order = ", ".join(f"{expr} {direction} NULLS LAST" for expr in _SORT_SQL[query.sort])
    with store.db.connection() as conn:
        rows = conn.execute(
            f"""SELECT p.id FROM prospects p LEFT JOIN stages s ON s.id = p.stage_id LEFT JOIN users u ON u.id = p.owner_id
            LEFT JOIN (SELECT prospect_id, done, min(due_at) AS next_due FROM actions GROUP BY prospect_id, done) a
              ON a.prospect_id = p.id AND {OPEN_DEAL_TODO}
            WHERE {where} ORDER BY {order}, p.id {direction}""",
            params,
        ).fetchall()
    return [r[0] for r in rows]


# No filter (the count read apart), and filters (the count carried by the page's rows).
FILTERS = ({}, {"text": "martin"}, {"statuses": ("open",)}, {"text": "zzz-nobody"})


def test_pages_follow_one_order_for_every_sort(store, many):
    with store.hold():
        for filters in FILTERS:
            for sort in SORTABLE_COLUMNS:
                for descending in (False, True):
                    whole = _one_step_order(store, ProspectQuery(sort=sort, descending=descending, **filters))
                    assert set(whole) <= set(many) and (len(whole) == len(many)) == (not filters)
                    paged = []
                    for offset in range(0, len(many) + 7, 7):  # the last pages are past the end
                        page = store.prospects.list(
                            ProspectQuery(sort=sort, descending=descending, limit=7, offset=offset, **filters)
                        )
                        assert page.total == len(whole), (filters, sort, offset)
                        paged += page.rows["id"].tolist()
                    assert paged == whole, (filters, sort, descending)


def test_a_page_carries_the_columns_of_its_own_rows(store, many):
    """Each row's shown columns are its own prospect's (the second step joins them back by id)."""
    page = store.prospects.list(ProspectQuery(sort="name", descending=False, limit=10, offset=5)).rows
    for row in page.itertuples():
        prospect = store.prospects.get(row.id)
        shown = [None if pd.isna(value) else value for value in (row.last_name, row.company, row.version)]
        assert shown == [prospect.last_name, prospect.company, prospect.version]
