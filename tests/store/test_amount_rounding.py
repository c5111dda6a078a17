"""An amount is kept to the cent by one rule, whatever path writes it: the record form, the board, the
import's bulk insert, a single create, DuckDB's own DECIMAL(14, 2). Half a cent goes away from zero, as a
spreadsheet rounds (0.225 -> 0.23); before, the import and the bulk insert rounded half to even (0.22)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect
from prospects.domain.rules import cents
from prospects.importing import ImportOptions, Policy
from prospects.services.imports import import_file
from prospects.store import Store

AMOUNTS = st.decimals(min_value=Decimal("-999999999.999"), max_value=Decimal("999999999.999"), places=4,
                      allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(AMOUNTS)
def test_the_rule_rounds_as_duckdb_s_decimal_column(amount: Decimal) -> None:
    stored = duckdb.connect().execute(f"SELECT CAST({amount} AS DECIMAL(14, 2))").fetchone()[0]
    assert cents(amount) == stored


def test_every_write_path_keeps_the_same_cents(store: Store, user_id: int) -> None:
    one = store.prospects.create(Prospect(last_name="One", expected_revenue=Decimal("0.225")), by=user_id)
    [bulk] = store.prospects.insert_many([Prospect(last_name="Bulk", expected_revenue=Decimal("0.225"))], user_id)
    import_file(store, "leads.csv", b"Nom;Montant\nImport;0,225\nAutre;10,5\n", ImportOptions(duplicates=Policy.CREATE))
    amounts = {p: store.prospects.get(i).expected_revenue for p, i in
               [("one", one.id), ("bulk", bulk)]}
    imported = store.prospects.list(__import__("prospects.domain").domain.ProspectQuery(text="Import")).rows
    amounts["import"] = store.prospects.get(int(imported["id"].iloc[0])).expected_revenue
    assert amounts == {"one": Decimal("0.23"), "bulk": Decimal("0.23"), "import": Decimal("0.23")}
    assert cents(Decimal("0.225")) == Decimal("0.23") and cents(Decimal("-0.225")) == Decimal("-0.23")
    assert cents(None) is None and cents(12) == Decimal("12.00") and cents(0.1) == Decimal("0.10")
