"""Every hostile file of make_files.py through the command line and through the import page: one
sentence and exit 2 with nothing written for a file that cannot be read, exit 0 with the bad rows
rejected or warned about for a file that is only partly bad."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prospects.domain import ProspectQuery
from prospects.i18n import t
from prospects.importing import ImportFileError, ImportOptions, engine
from prospects.services import imports, open_store
from prospects.store import Store
from prospects.ui import import_view
from tests.conftest import ROOT
from tests.hostile.make_files import CASES, Case

REFUSED = [name for name, case in CASES.items() if case.refused]
PARTLY_BAD = [name for name, case in CASES.items() if not case.refused]
SEED = "Nom,Email\nExisting,existing@example.fr\n"


def sentence_start(key: str) -> str:
    """The English sentence of `key` up to its first parameter (the part a test can know)."""
    return t(key, lang="en").split("{")[0]


def seeded_base(db_path: Path) -> Path:
    """A base holding one prospect, so that 'unchanged' means something."""
    store = open_store(db_path)
    imports.import_file(store, "seed.csv", SEED.encode(), ImportOptions())
    return db_path


def snapshot(db_path: Path) -> tuple[int, list[str], int]:
    store = open_store(db_path)
    names = sorted(str(n) for n in store.prospects.list(ProspectQuery(limit=10_000)).rows["last_name"])
    return store.prospects.count(), names, len(store.imports.batches())


def last_names(db_path: Path) -> set[str]:
    return set(snapshot(db_path)[1])


def cli_import(db_path: Path, file: Path, case: Case) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **case.env, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "prospects", "--db", str(db_path), "import", str(file), "--json"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("name", REFUSED)
def test_cli_refuses_unreadable_file_with_one_sentence(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    db_path = seeded_base(tmp_path / "base.duckdb")
    before = snapshot(db_path)
    file = tmp_path / case.file_name
    file.write_bytes(case.make())
    result = cli_import(db_path, file, case)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert sentence_start(case.refused) in lines[0]
    assert snapshot(db_path) == before


@pytest.mark.parametrize("name", PARTLY_BAD)
def test_cli_imports_what_it_can_and_reports_the_rest(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    db_path = seeded_base(tmp_path / "base.duckdb")
    file = tmp_path / case.file_name
    file.write_bytes(case.make())
    result = cli_import(db_path, file, case)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert (report["created"], len(report["rejected"])) == (case.created, case.rejected)
    assert last_names(db_path) >= {"Existing", *case.expect_in_base}


@pytest.mark.parametrize("name", REFUSED)
def test_import_functions_of_the_page_refuse_unreadable_file(name: str, store: Store, db_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    imports.import_file(store, "seed.csv", SEED.encode(), ImportOptions())
    with pytest.raises(ImportFileError) as refused:
        imports.read_file(store, case.file_name, case.make())
    assert refused.value.key == case.refused
    assert "\n" not in refused.value.message and sentence_start(case.refused) in refused.value.message
    assert snapshot(db_path) == (1, ["Existing"], 1)


@pytest.mark.parametrize("name", PARTLY_BAD)
def test_import_functions_of_the_page_import_what_they_can(name: str, store: Store, db_path: Path) -> None:
    case = CASES[name]
    imports.import_file(store, "seed.csv", SEED.encode(), ImportOptions())
    source = imports.read_file(store, case.file_name, case.make())
    report = imports.apply(store, source, ImportOptions())
    assert (report.created, len(report.rejected)) == (case.created, case.rejected)
    assert sum(1 for row in report.rows if row.warnings and row.action != engine.REJECT) >= case.warned
    assert last_names(db_path) >= {"Existing", *case.expect_in_base}


def test_import_page_shows_one_sentence_for_each_refused_file(app, db_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seeded_base(db_path)
    before = snapshot(db_path)
    at = app(page="pages/import.py")
    for name in REFUSED:
        case = CASES[name]
        monkeypatch.delenv("PROSPECTS_IMPORT_MAX_BYTES", raising=False)
        for key, value in case.env.items():  # the bomb's lowered limit
            monkeypatch.setenv(key, value)
        at.session_state[import_view.FILE] = (case.file_name, case.make())
        at.run()
        assert not at.exception, name
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and sentence_start(case.refused) in errors[0], (name, errors)
    assert snapshot(db_path) == before
