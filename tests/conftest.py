"""Shared fixtures: a real DuckDB file in a temporary folder, with or without the demo pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prospects.domain import Prospect, User
from prospects.domain.accounts import REP
from prospects.i18n import set_language
from prospects.services import auth, demo, open_store, save_prospect
from prospects.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The team's sample lead files live in ../shared/data; a byte-for-byte copy travels with the
# tests for a checkout that has no shared/ folder beside it.
SHARED_DATA = ROOT.parent / "shared" / "data"
if not SHARED_DATA.is_dir():
    SHARED_DATA = FIXTURES / "shared"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run every browser test in one worker process (`-n 2 --dist loadgroup`, see scripts/test.sh):
    one Chromium at a time, while the other core runs the rest of the suite."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prospects.duckdb"


@pytest.fixture(scope="session")
def fresh_base(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A file as `open_store` makes a new one (the schema, the default users, stages and settings), made
    once per test process; None when DuckDB left a journal beside it (the file alone would not be whole)."""
    path = tmp_path_factory.mktemp("fresh-base") / "prospects.duckdb"
    open_store(path).users.list()
    return None if path.with_name(path.name + ".wal").exists() else path


@pytest.fixture
def store(db_path: Path, fresh_base: Path | None) -> Store:
    """A new team's database, a real file of the test's own: a copy of `fresh_base` opened as the app
    opens any file (a third of the time of making a new one, for most of the suite's tests)."""
    if fresh_base is not None:
        shutil.copyfile(fresh_base, db_path)
    return open_store(db_path)


@pytest.fixture
def demo_store(store: Store) -> Store:
    demo.load(store)
    return store


@pytest.fixture
def user_id(store: Store) -> int:
    return store.users.list()[0].id


@pytest.fixture
def team(store: Store) -> dict[str, int]:
    """EN manager with a password, AM and BP reps, and one prospect each (plus an unassigned one)."""
    manager = next(u.id for u in store.users.list() if u.initials == "EN")
    auth.reset_password(store, manager, "manager-secret")
    ids = {"EN": manager}
    for name, initials in (("Alice Martin", "AM"), ("Bruno Petit", "BP")):
        ids[initials] = auth.create_user(store, User(None, name, initials), REP, "rep-secret-1").id
    for key, owner, company in (("alpha", ids["AM"], "Alpha Transports"), ("bravo", ids["BP"], "Bravo Logistique"),
                                ("charlie", None, "Charlie Fret")):
        ids[key] = save_prospect(store, Prospect(last_name=company.split()[0], company=company, owner_id=owner),
                                 by=ids["EN"]).id
    return ids
