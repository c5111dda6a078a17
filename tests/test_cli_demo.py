"""`python -m prospects --db PATH demo` writes the same realistic pipeline every time."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from prospects.domain import ProspectQuery, Status
from prospects.services import open_store
from tests.conftest import ROOT


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "prospects", *args], cwd=ROOT, capture_output=True, text=True, env=env)


def test_demo_fills_a_realistic_pipeline(tmp_path):
    db = tmp_path / "demo.duckdb"
    result = run_cli("--db", str(db), "demo", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"prospects": 60, "actions": 180}
    store = open_store(db)
    rows = store.prospects.list(ProspectQuery(limit=100)).rows
    statuses = set(rows["status"])
    assert statuses == {s.value for s in Status}
    assert len(set(rows["stage"])) == 5
    # Won and lost deals have history spread over past months, some closed today.
    closed = rows[rows["status"] != "open"]
    assert (closed["closed_on"] == date.today()).any()
    assert (closed["closed_on"] < date.today()).any()
    with store.db.connection() as conn:
        months = conn.execute("SELECT count(DISTINCT date_trunc('month', changed_at)) FROM history").fetchall()[0][0]
        late, today, later = conn.execute(
            "SELECT count(*) FILTER (WHERE CAST(due_at AS DATE) < current_date),"
            " count(*) FILTER (WHERE CAST(due_at AS DATE) = current_date),"
            " count(*) FILTER (WHERE CAST(due_at AS DATE) > current_date) FROM actions WHERE NOT done"
        ).fetchall()[0]
    assert months >= 3
    assert late > 0 and today > 0 and later > 0


def test_demo_is_deterministic(tmp_path):
    frames = []
    for name in ("a", "b"):
        db = tmp_path / f"{name}.duckdb"
        assert run_cli("--db", str(db), "demo").returncode == 0
        rows = open_store(db).prospects.list(ProspectQuery(sort="name", limit=100)).rows
        frames.append(rows[["name", "company", "status", "stage", "expected_revenue"]].to_dict("records"))
    assert frames[0] == frames[1]


def test_the_cli_opens_prospects_db_by_default(tmp_path):
    db = tmp_path / "env.duckdb"
    import os

    result = run_cli("demo", env={**os.environ, "PROSPECTS_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert str(db) in result.stdout
    assert open_store(db).prospects.count() == 60


def test_a_new_database_made_from_the_command_line_in_french_has_french_stages(tmp_path) -> None:
    from prospects.cli import main
    from prospects.services import open_store
    from prospects.services import settings as settings_service

    path = tmp_path / "salon.duckdb"
    assert main(["--db", str(path), "--lang", "fr", "demo", "--prospects", "5"]) == 0
    assert settings_service.stages(open_store(path))[0].name == "Nouveau"
