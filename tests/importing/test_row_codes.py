"""Every import row outcome carries a stable code a script can rely on; the words come at the edge."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from prospects.cli import main
from prospects.i18n import catalog, set_language
from prospects.importing.engine import ROW_CODES
from prospects.importing.report import WARNING_CODES
from tests.conftest import ROOT
from tests.importing.conftest import SAMPLE


def import_json(db_path: Path, capsys: pytest.CaptureFixture, path: Path) -> dict:
    assert main(["--db", str(db_path), "import", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_json_gives_each_row_a_code_and_a_reason(db_path: Path, capsys, tmp_path: Path) -> None:
    first = import_json(db_path, capsys, SAMPLE)
    assert {row["code"] for row in first["rows"]} <= set(ROW_CODES)
    assert all(row["code"] == "created" for row in first["rows"] if row["action"] == "create")
    again = import_json(db_path, capsys, SAMPLE)
    skipped = [row for row in again["rows"] if row["action"] == "skip"]
    assert skipped and {row["code"] for row in skipped} <= {c for c in ROW_CODES if c.startswith("duplicate_")}
    assert all(row["reason"] for row in skipped)
    no_identity = tmp_path / "empty-row.csv"
    no_identity.write_text("Nom;Prénom;Email;Ville\nMartin;Léa;lea@x.fr;Paris\n;;;Lyon\n", encoding="utf-8")
    report = import_json(db_path, capsys, no_identity)
    assert [(r["row"], r["code"]) for r in report["rejected"]] == [(3, "no_identity")]


def test_row_codes_stay_the_same_in_french(db_path: Path, capsys) -> None:
    set_language("fr")
    try:
        again = [import_json(db_path, capsys, SAMPLE) for _ in range(2)][1]
    finally:
        set_language("en")
    assert {row["code"] for row in again["rows"]} <= set(ROW_CODES)
    assert any(row["code"].startswith("duplicate_") for row in again["rows"])


def test_every_row_code_is_in_the_readme_and_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Import rows", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))
    assert listed == set(ROW_CODES)
    for code in ROW_CODES:
        texts = catalog().get(f"import.code.{code}") or {}
        assert texts.get("en") and texts.get("fr"), code


def test_every_warning_code_is_in_the_readme_and_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Import warnings", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)) == set(WARNING_CODES)
    for code in WARNING_CODES:
        texts = catalog().get(f"import.issue.{code}") or {}
        assert texts.get("en") and texts.get("fr"), code


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_row_imported_with_a_bad_email_carries_the_warning_code(db_path: Path, capsys, tmp_path: Path, lang: str) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("Nom;Prénom;Email;Téléphone\nMartin;Léa;lea@;07 00 00 00 00\n", encoding="utf-8")
    set_language(lang)
    try:
        report = import_json(db_path, capsys, leads)
    finally:
        set_language("en")
    (row,) = report["rows"]
    assert (row["action"], row["code"]) == ("create", "created")
    assert [w["code"] for w in row["warnings"]] == ["email_invalid", "phone_invalid", "no_owner"]
    assert all(w["reason"] and "import.issue" not in w["reason"] for w in row["warnings"])
