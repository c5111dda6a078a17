"""A search ignores case, accents and the ligatures the identity rule spells out (œ as oe, æ as ae...):
the list's free-text filter and the stored search text fold with the one `fold`, so "oeuvre" finds
"Œuvre" and "œuvre" finds "Oeuvre", as the rule of who is the same person already says. A base written
with the former fold gets its search texts computed again, once, when it is opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospects.domain import Contact, Prospect, ProspectQuery, search_blob
from prospects.services import open_store, records, save_prospect
from prospects.services.promotion import save_contact
from prospects.store import Store
from prospects.store import db as db_module
from prospects.store.db import migration_files
from prospects.store.search_texts import SINCE_VERSION, recompute, recompute_if_asked


def _found(store: Store, text: str) -> list[str]:
    page = records.prospects_page(store, ProspectQuery(text=text))
    return sorted(page.rows["name"].tolist())


def test_the_list_s_search_ignores_ligatures_both_ways(store: Store, user_id: int) -> None:
    save_prospect(store, Prospect(company="Œuvre", first_name="Lætitia", last_name="Martin"), by=user_id)
    save_prospect(store, Prospect(company="Oeuvre Sociale"), by=user_id)
    save_prospect(store, Prospect(company="Autre", last_name="Petit"), by=user_id)
    assert _found(store, "oeuvre") == ["Lætitia Martin", "Oeuvre Sociale"]
    assert _found(store, "œuvre") == ["Lætitia Martin", "Oeuvre Sociale"]
    assert _found(store, "ŒUVRE") == ["Lætitia Martin", "Oeuvre Sociale"]
    assert _found(store, "laetitia") == ["Lætitia Martin"]
    assert _found(store, "LÆTITIA martin") == ["Lætitia Martin"]
    assert _found(store, "lætitia sociale") == []


def test_the_contacts_search_ignores_ligatures_both_ways(store: Store, user_id: int) -> None:
    save_contact(store, Contact(company="Œuvre", first_name="Lætitia"), by=user_id)
    save_contact(store, Contact(company="Oeuvre Sociale"), by=user_id)
    for text, expected in (("oeuvre", 2), ("œuvre", 2), ("laetitia", 1), ("Lætitia", 1), ("zoé", 0)):
        frame, total = records.contacts_page(store, text, limit=10)
        assert total == expected == len(frame), text


def _older_base(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A base as the code before the one fold left it: its migrations (not 011), and the search text of a
    prospect and a contact written with the former fold ("œ" kept), as that code wrote it."""
    everything = migration_files()
    monkeypatch.setattr(db_module, "migration_files", lambda: [m for m in everything if m[0] < SINCE_VERSION])
    old = open_store(db_path)
    user = old.users.list()[0].id
    lead = save_prospect(old, Prospect(company="Œuvre", first_name="Lætitia", last_name="Martin"), by=user)
    plain = save_prospect(old, Prospect(company="Transports Petit", city="Lyon"), by=user)
    contact = save_contact(old, Contact(company="Œuvre", first_name="Lætitia"), by=user)
    with old.db.connection() as conn:
        conn.execute("UPDATE prospects SET search_text = 'martin lætitia œuvre' WHERE id = ?", [lead.id])
        conn.execute("UPDATE contacts SET search_text = 'lætitia œuvre' WHERE id = ?", [contact.id])
    assert old.db.schema_version() < SINCE_VERSION
    assert _found(old, "oeuvre") == _found(old, "lætitia") == [] and _found(old, "martin") == ["Lætitia Martin"]
    assert records.contacts_page(old, "laetitia", limit=10)[1] == 0
    monkeypatch.setattr(db_module, "migration_files", lambda: everything)
    return plain.id


def _stored_texts(store: Store, table: str) -> dict[int, str]:
    with store.db.connection() as conn:
        return dict(conn.execute(f"SELECT id, search_text FROM {table}").fetchall())


def test_a_base_written_by_the_former_fold_is_found_by_the_one_fold_once_opened(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _older_base(db_path, monkeypatch)
    store = open_store(db_path)
    assert _found(store, "oeuvre") == _found(store, "œuvre") == _found(store, "laetitia") == ["Lætitia Martin"]
    assert records.contacts_page(store, "laetitia oeuvre", limit=10)[1] == 1
    # Every row's search text is now what the rule gives; the plain one was left as it was.
    for table, read in (("prospects", store.prospects.get), ("contacts", store.contacts.get)):
        assert _stored_texts(store, table) == {i: search_blob(read(i)) for i in _stored_texts(store, table)}
    assert _stored_texts(store, "prospects")[plain] == "transports petit lyon"
    # Asked once: done, the request gone; the next opening reads nothing again.
    with store.db.connection() as conn:
        assert conn.execute("SELECT count(*) FROM derived_to_recompute").fetchall()[0][0] == 0
        assert recompute_if_asked(conn) is None


def test_computing_again_writes_only_the_rows_whose_text_changes(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _older_base(db_path, monkeypatch)
    store = open_store(db_path)
    with store.db.connection() as conn:
        assert [recompute(conn, table) for table in ("prospects", "contacts")] == [0, 0]
        conn.execute("UPDATE prospects SET search_text = upper(search_text)")
        conn.execute("INSERT INTO derived_to_recompute VALUES ('search_text')")
    assert store.db.write(recompute_if_asked) == 2
    assert _found(store, "oeuvre") == ["Lætitia Martin"]
