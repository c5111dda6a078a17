"""List page figures: the full server time of a run of app.py on the prospect list (AppTest) at full size.

A run is everything the server does for the page besides the network: the frame, the filters, the
count and the page of 50 rows read from DuckDB with their next actions, the table, the menu, and the
actions of the selected prospect. Measured on the big database given with --db (100,000 prospects).
"""

from __future__ import annotations

from pathlib import Path

from bench.common import app_on, median_ms
from prospects.domain import ProspectQuery
from prospects.services import open_store


def measure(db: Path) -> list[tuple[str, float]]:
    store = open_store(db)
    count = store.prospects.count()
    busy = int(store.prospects.list(ProspectQuery(sort="next_action_due", descending=False, limit=1)).rows["id"][0])
    rows: list[tuple[str, float]] = []
    with app_on(db) as app:
        at = app()
        rows.append((f"list page run, {count:,} prospects, first page of 50", median_ms(at.run, repeat=7, warmup=1)))
        at.text_input(key="list_text").input("muller").run()
        rows.append(("list page run, search 'muller'", median_ms(at.run, repeat=7, warmup=1)))
        at.text_input(key="list_text").input("").run()
        at.selectbox(key="list_sort").select("next_action_due").run()
        rows.append(("list page run, sorted by next action due", median_ms(at.run, repeat=7, warmup=1)))
        at.selectbox(key="list_sort").select("updated_at").run()
        at.selectbox(key="list_page_size").select(200).run()
        at.number_input(key="list_page").set_value(100).run()
        rows.append(("list page run, 200 rows, page 100", median_ms(at.run, repeat=7, warmup=1)))
        at.session_state["selected_prospect_id"] = busy
        at.run()
        rows.append(("list page run with a selected prospect's actions", median_ms(at.run, repeat=7, warmup=1)))
        record = app(page="pages/prospect.py", query={"id": str(busy)})
        rows.append(("prospect record page run", median_ms(record.run, repeat=7, warmup=1)))
        contacts = app(page="pages/contacts.py")
        rows.append(("contacts page run", median_ms(contacts.run, repeat=7, warmup=1)))
    return rows
