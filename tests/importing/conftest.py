"""Helpers for the import tests: fixture files and a one-call import."""

from __future__ import annotations

from pathlib import Path

import pytest

from prospects.importing import ImportOptions, ImportReport
from prospects.services.imports import import_file
from prospects.store import Store
from tests.conftest import FIXTURES, SHARED_DATA

SAMPLE = SHARED_DATA / "trade-show-badges-sample.csv"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def run_import(store: Store, name: str, dry_run: bool = False, path: Path | None = None, **options) -> ImportReport:
    data = (path or FIXTURES / name).read_bytes()
    return import_file(store, name, data, ImportOptions(**options), dry_run=dry_run)


def all_prospects(store: Store) -> list:
    with store.hold():  # one connection for the whole read, as a page run holds one
        page = store.prospects.list(__import__("prospects.domain").domain.ProspectQuery(limit=10_000, sort="created_at"))
        return [store.prospects.get(int(i)) for i in page.rows["id"]]


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()
