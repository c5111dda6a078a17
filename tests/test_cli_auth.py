"""The command line acts as a named user (--as, $PROSPECTS_USER) or as the local administrator."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from prospects import cli
from prospects.domain import Prospect, User
from prospects.domain.accounts import REP
from prospects.services import auth, save_prospect
from prospects.store import Store

LEADS = "Nom,Société,Email\nDurand,Transports Durand,lea@durand.example\n"


@pytest.fixture
def team(store: Store, db_path: Path) -> dict[str, int]:
    ids = {"EN": next(u.id for u in store.users.list() if u.initials == "EN")}
    for name, initials in (("Alice Martin", "AM"), ("Bruno Petit", "BP")):
        ids[initials] = auth.create_user(store, User(None, name, initials), REP, None).id
    for owner, company in ((ids["AM"], "Alpha Transports"), (ids["BP"], "Bravo Logistique"), (None, "Charlie Fret")):
        save_prospect(store, Prospect(company=company, owner_id=owner), by=ids["EN"])
    return ids


def exported(db_path: Path, capsysbinary, *before: str) -> list[str]:
    assert cli.main(["--db", str(db_path), *before, "export", "--format", "json"]) == 0
    return sorted(row["company"] for row in json.loads(capsysbinary.readouterr().out))


def test_an_export_as_a_rep_holds_what_that_rep_sees(db_path, team, capsysbinary, monkeypatch) -> None:
    assert exported(db_path, capsysbinary) == ["Alpha Transports", "Bravo Logistique", "Charlie Fret"]
    assert exported(db_path, capsysbinary, "--as", "am") == ["Alpha Transports", "Charlie Fret"]
    monkeypatch.setenv("PROSPECTS_USER", "BP")
    assert exported(db_path, capsysbinary) == ["Bravo Logistique", "Charlie Fret"]


def test_an_unknown_user_is_one_line(db_path, team, capsys) -> None:
    assert cli.main(["--db", str(db_path), "--as", "ZZ", "export"]) == 2
    assert capsys.readouterr().err == "error: No active user has the initials “ZZ”.\n"


def test_without_a_user_the_audit_names_the_local_administrator(db_path, team, tmp_path, capsys) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(LEADS, encoding="utf-8")
    assert cli.main(["--db", str(db_path), "import", str(leads)]) == 0
    assert cli.main(["--db", str(db_path), "--as", "AM", "undo-import", "1"]) == 2
    assert "Only a sales manager can do this." in capsys.readouterr().err
    assert cli.main(["--db", str(db_path), "undo-import", "1"]) == 0
    log = Store.open(db_path).audit.frame().head(2)
    assert list(log["event"]) == ["import_undone", "import"]
    assert set(log["actor"]) == {"local administrator"} and set(log["address"]) == {"command line"}


def test_a_rep_imports_as_themselves(db_path, team, tmp_path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text(LEADS, encoding="utf-8")
    assert cli.main(["--db", str(db_path), "--as", "AM", "import", str(leads)]) == 0
    log = Store.open(db_path).audit.frame()
    assert (log.iloc[0]["event"], log.iloc[0]["actor"]) == ("import", "Alice Martin (AM)")


def test_the_password_command_sets_a_password_read_from_stdin(db_path, team, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("manager-secret\n"))
    assert cli.main(["--db", str(db_path), "password", "EN"]) == 0
    store = Store.open(db_path)
    viewer, _ = auth.sign_in(store, "EN", "manager-secret", None)
    assert viewer.user_id == team["EN"]
