"""Shared fixtures: a real DuckDB file in a temporary folder, with or without the demo pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospects.i18n import set_language
from prospects.services import demo
from prospects.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The team's sample lead files live in ../shared/data; a byte-for-byte copy travels with the
# tests for a checkout that has no shared/ folder beside it.
SHARED_DATA = ROOT.parent / "shared" / "data"
if not SHARED_DATA.is_dir():
    SHARED_DATA = FIXTURES / "shared"


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prospects.duckdb"


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store.open(db_path)


@pytest.fixture
def demo_store(store: Store) -> Store:
    demo.load(store)
    return store


@pytest.fixture
def user_id(store: Store) -> int:
    return store.users.list()[0].id
