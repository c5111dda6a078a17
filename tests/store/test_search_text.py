"""The search text has one rule (`domain.search_blob`): every way the store writes the column gives it."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from prospects.domain import SEARCH_FIELDS, Contact, Prospect, search_blob, search_texts_of
from prospects.store import Store
from prospects.store.search_texts import search_text_array, search_text_later

# Names as imports bring them: any letters, accents, ß/İ/œ, combining marks, spaces; or nothing.
_part = st.none() | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("ßİœæÆŒ\u0301\u0308 "), max_size=12
)


def _stored(store: Store, table: str, row_id: int) -> str:
    with store.db.connection() as conn:
        return conn.execute(f"SELECT search_text FROM {table} WHERE id = ?", [row_id]).fetchone()[0]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(last=_part, first=_part, company=_part, email=_part, city=_part)
def test_every_write_path_stores_the_domain_s_search_text(
    store: Store, last: str | None, first: str | None, company: str | None, email: str | None, city: str | None
) -> None:
    with store.hold():  # one connection for the example, as a page run holds one (opening the file costs ~20 ms)
        user = store.users.list()[0].id
        lead = Prospect(last_name=last, first_name=first, company=company or "Acme", email=email, city=city)
        (bulk,) = store.prospects.insert_many([lead], by=user)
        assert _stored(store, "prospects", bulk) == search_blob(lead)
        contact = store.contacts.create(
            Contact(last_name=last, first_name=first, company=company or "Acme", email=email, city=city), by=user
        )
        assert _stored(store, "contacts", contact.id) == search_blob(contact)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(before=st.tuples(_part, _part, _part), after=st.tuples(_part, _part, _part, _part))
def test_a_created_then_updated_record_stores_the_domain_s_search_text(
    store: Store, before: tuple[str | None, ...], after: tuple[str | None, ...]
) -> None:
    """One by one too: create, then update (the whole record, or some fields), of prospects and contacts."""
    user = store.users.list()[0].id
    with store.hold():  # one opening of the file for the whole example
        last, first, company = before
        lead = store.prospects.create(Prospect(last_name=last, first_name=first, company=company or "Acme"), by=user)
        assert _stored(store, "prospects", lead.id) == search_blob(lead)
        changes = dict(zip(("first_name", "company", "email", "city"), after, strict=True))
        changes["company"] = changes["company"] or "Acme"
        saved = store.prospects.update(lead.replace(**changes), by=user)
        assert _stored(store, "prospects", lead.id) == search_blob(saved) == search_blob(store.prospects.get(lead.id))
        changed = store.prospects.change(lead.id, {"last_name": after[0], "city": last}, by=user)
        assert _stored(store, "prospects", lead.id) == search_blob(changed)
        contact = store.contacts.create(Contact(last_name=last, first_name=first, company=company or "Acme"), by=user)
        assert _stored(store, "contacts", contact.id) == search_blob(contact)
        contact = store.contacts.update(contact.replace(**changes), by=user)
        assert _stored(store, "contacts", contact.id) == search_blob(contact)


# Fields of a batch: plain ASCII most often, words beyond it that repeat, lone marks, odd spaces, or nothing.
_field = st.none() | st.sampled_from(["", " ", "Dupont", "ÉRIC", "Lefèvre Saint-Œuvre", "a  b", "\u0345", "ᾳ",
                                      "e\u0301cole", "Groß İlker", "x\u00a0y", "¨", "Ærø Ærø"]) | _part


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*[_field] * len(SEARCH_FIELDS)), min_size=1, max_size=12))
@example([(None,) * len(SEARCH_FIELDS)])  # a row without any: pyarrow's join with null_handling="skip" drops it
@example([(None, "", None, None, None), ("Dupont", None, "Ærø Ærø", "", "¨")])
def test_the_bulk_insert_s_arrow_search_text_is_the_domain_s(rows: list[tuple[str | None, ...]]) -> None:
    """The bulk insert folds ASCII values with Arrow and the others word by word: what `search_texts_of`
    (one `search_text_of` per record) gives, row for row."""
    columns = [list(column) for column in zip(*rows, strict=True)]
    arrays = [pa.array(column, pa.string()) for column in columns]
    assert search_text_array(arrays).to_pylist() == search_texts_of(columns)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(*[_field] * len(SEARCH_FIELDS)), min_size=1, max_size=12), st.integers(1, 13))
@example([(None,) * len(SEARCH_FIELDS)], 1)  # one row: never cut
@example([("Dupont", None, "Ærø Ærø", "", "¨"), (None,) * len(SEARCH_FIELDS), ("ÉRIC", "", None, "x", "y")], 2)
def test_the_search_texts_done_in_two_halves_beside_are_the_whole_s(rows: list[tuple[str | None, ...]],
                                                                   halves_from: int) -> None:
    """`search_text_later` cuts the rows in two halves done side by side from `halves_from` rows: the texts
    it gives are `search_text_array`'s of the whole, row for row, in their order."""
    arrays = [pa.array(list(column), pa.string()) for column in zip(*rows, strict=True)]
    assert search_text_later(arrays, halves_from).result().to_pylist() == search_text_array(arrays).to_pylist()


def test_a_half_that_fails_fails_the_whole() -> None:
    """A half whose texts cannot be made (here a column that is not text) makes the whole fail with its error,
    once both halves have ended: the bulk insert waiting for it fails, and writes nothing."""
    good = pa.array(["Dupont"] * 4, pa.string())
    arrays = [good, good, good, good, pa.array([1, 2, 3, 4], pa.int64())]
    with pytest.raises(pa.ArrowNotImplementedError):
        search_text_later(arrays, 2).result()
