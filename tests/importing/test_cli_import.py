"""The command line: import, export and undo-import, as a script would call them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prospects.cli import main
from prospects.services import open_store
from tests.conftest import FIXTURES
from tests.importing.conftest import SAMPLE


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json_prints_one_object(db_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(SAMPLE), "--json", "--campaign", "Salon 2026")
    assert code == 0
    report = json.loads(out)
    rows = report.pop("rows")
    assert report == {"created": 11, "updated": 0, "skipped": 1, "rejected": [], "batch_id": 1}
    assert [r["code"] for r in rows].count("created") == 11 and len(rows) == 12
    assert open_store(db_path).prospects.count() == 11


def test_import_dry_run_writes_nothing(db_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(SAMPLE), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["created"] == 11 and json.loads(out)["batch_id"] is None
    assert open_store(db_path).prospects.count() == 0


def test_import_reports_rejected_rows_and_still_exits_zero(db_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(FIXTURES / "badges-utf8.csv"), "--json")
    assert code == 0 and json.loads(out)["rejected"] == [
        {"row": 6, "code": "no_identity", "reason": "No name, company, email or phone number"}]


@pytest.mark.parametrize("name", ["empty.csv", "binary.bin", "header-only.csv", "no-known-column.csv"])
def test_unreadable_file_exits_non_zero_with_one_line_and_writes_nothing(db_path: Path, capsys, name: str) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "import", str(FIXTURES / name), "--json")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    store = open_store(db_path)
    assert store.prospects.count() == 0 and store.imports.batches().empty


def test_import_options_set_the_batch(db_path: Path, capsys) -> None:
    code, _, _ = run(capsys, "--db", str(db_path), "import", str(SAMPLE), "--channel", "Trade show",
                     "--owner", "EN", "--stage", "Qualified", "--duplicates", "create")
    assert code == 0
    store = open_store(db_path)
    rows = store.prospects.list(__import__("prospects.domain").domain.ProspectQuery(limit=100)).rows
    assert len(rows) == 12 and set(rows["stage"]) == {"Qualified"} and set(rows["owner"]) == {"EN"}
    assert set(rows["channel"]) == {"Trade show"}


def test_undo_import_removes_the_batch(db_path: Path, capsys) -> None:
    run(capsys, "--db", str(db_path), "import", str(SAMPLE), "--json")
    code, out, _ = run(capsys, "--db", str(db_path), "undo-import", "1")
    assert code == 0 and "11" in out
    assert open_store(db_path).prospects.count() == 0
    code, _, err = run(capsys, "--db", str(db_path), "undo-import", "1")
    assert code != 0 and "already undone" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_writes_every_prospect(db_path: Path, tmp_path: Path, capsys, fmt: str) -> None:
    run(capsys, "--db", str(db_path), "demo")
    target = tmp_path / f"out.{fmt}"
    code, _, _ = run(capsys, "--db", str(db_path), "export", "--format", fmt, "-o", str(target))
    assert code == 0 and target.stat().st_size > 1000
    if fmt == "json":
        assert len(json.loads(target.read_text(encoding="utf-8"))) == 60


def test_export_json_to_standard_output(db_path: Path, capsys) -> None:
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(capsys, "--db", str(db_path), "export", "--format", "json")
    assert code == 0 and json.loads(out)[0]["last_name"]


def test_import_json_gives_each_row_its_first_action(db_path: Path, capsys) -> None:
    """A next step with a date becomes the prospect's first action: the JSON says which rows got one, due
    when, and its title (null: the default title, in the importing user's language)."""
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(FIXTURES / "leads-next-step.csv"), "--json")
    assert code == 0
    rows = {r["row"]: r for r in json.loads(out)["rows"]}
    assert rows[2]["first_action"] == {"title": "Send the quote for 4 trailers", "due": "2026-12-14"}
    assert rows[3]["first_action"] == {"title": None, "due": "2026-12-16"}
    assert rows[4]["first_action"] is None  # a next step without a date: kept in the notes
