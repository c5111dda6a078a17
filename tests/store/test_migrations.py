"""Numbered migrations: a new file gets every one, an older file is upgraded, twice is harmless."""

from __future__ import annotations

import duckdb
import pytest

from prospects.services import open_store
from prospects.store import db as db_module
from prospects.store.db import Database, migration_files


def test_every_migration_applies_once_in_order(store):
    versions = [v for v, _ in migration_files()]
    assert versions == sorted(versions) and versions[0] == 1
    assert store.db.schema_version() == versions[-1]
    with store.db.connection() as conn:
        recorded = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert recorded == versions


def test_opening_twice_is_harmless(db_path):
    open_store(db_path)
    assert Database(db_path).migrate() == []
    open_store(db_path)


def test_an_older_database_is_upgraded(db_path, monkeypatch: pytest.MonkeyPatch):
    everything = migration_files()
    monkeypatch.setattr(db_module, "migration_files", lambda: everything[:1])
    old = open_store(db_path)
    assert old.db.schema_version() == 1
    monkeypatch.setattr(db_module, "migration_files", lambda: everything)
    upgraded = open_store(db_path)
    assert upgraded.db.schema_version() == everything[-1][0]
    # The data of the old file is still there.
    assert len(upgraded.stages.list()) == 5


def test_a_broken_migration_leaves_the_previous_version(db_path, tmp_path, monkeypatch: pytest.MonkeyPatch):
    broken = tmp_path / "999_broken.sql"
    broken.write_text("CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    everything = migration_files()
    monkeypatch.setattr(db_module, "migration_files", lambda: [*everything, (999, broken)])
    with pytest.raises(duckdb.CatalogException):
        open_store(db_path)
    monkeypatch.setattr(db_module, "migration_files", lambda: everything)
    store = open_store(db_path)
    assert store.db.schema_version() == everything[-1][0]
    with store.db.connection() as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "half_done" not in tables
