"""The command line never destroys the base: every failure is one line on stderr and exit status 2,
nothing is written over the database or an existing file, and the database file is left byte for byte."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from prospects import cli
from prospects.config import DEFAULT_DB, may_create_folder
from prospects.services import demo, open_store
from tests.conftest import ROOT
from tests.importing.conftest import SAMPLE


def run_cli(*args: str, state: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m prospects ARGS` in a fresh process; its log goes under `state`."""
    env = {k: v for k, v in os.environ.items() if k != "PROSPECTS_DB"}
    env["XDG_STATE_HOME"] = str(state)
    return subprocess.run([*prefix, sys.executable, "-m", "prospects", *args], cwd=ROOT, capture_output=True,
                          env=env, timeout=120)


def assert_one_line_failure(result: subprocess.CompletedProcess) -> str:
    """Exit status 2, nothing on stdout, exactly one line on stderr and no traceback; returns that line."""
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, (result.returncode, err)
    assert result.stdout == b""
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def filled_db(db_path: Path) -> Path:
    """A database with the demo pipeline, closed (so its bytes are final)."""
    demo.load(open_store(db_path))
    return db_path


# -- the database is never an export target ---------------------------------


@pytest.mark.parametrize("force", [False, True])
def test_export_onto_the_database_itself_is_refused_even_with_force(filled_db: Path, state: Path, force: bool) -> None:
    before = filled_db.read_bytes()
    spelled_otherwise = filled_db.parent / "." / filled_db.name
    args = ["--db", str(filled_db), "export", "-o", str(spelled_otherwise)] + (["--force"] if force else [])
    line = assert_one_line_failure(run_cli(*args, state=state))
    assert "database" in line
    assert filled_db.read_bytes() == before
    assert open_store(filled_db).prospects.count() == 60


def test_export_onto_the_database_through_a_link_is_refused(filled_db: Path, tmp_path: Path, state: Path) -> None:
    link = tmp_path / "looks-like-a-file.csv"
    link.symlink_to(filled_db)
    before = filled_db.read_bytes()
    assert_one_line_failure(run_cli("--db", str(filled_db), "export", "-o", str(link), "--force", state=state))
    assert filled_db.read_bytes() == before


def test_export_never_writes_over_an_existing_file_without_force(filled_db: Path, tmp_path: Path, state: Path) -> None:
    target = tmp_path / "clients.csv"
    target.write_bytes(b"a precious file\n")
    line = assert_one_line_failure(run_cli("--db", str(filled_db), "export", "-o", str(target), state=state))
    assert "--force" in line
    assert target.read_bytes() == b"a precious file\n"

    forced = run_cli("--db", str(filled_db), "export", "-o", str(target), "--force", state=state)
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,civility")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("clients")) == ["clients.csv"]


@pytest.mark.parametrize("where", ["missing-folder", "a-folder", "under-a-file"])
def test_an_unwritable_export_target_is_one_line(filled_db: Path, tmp_path: Path, state: Path, where: str) -> None:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x")
    target = {"missing-folder": tmp_path / "nowhere" / "out.csv", "a-folder": tmp_path / "a-folder",
              "under-a-file": tmp_path / "a-file" / "out.csv"}[where]
    before = filled_db.read_bytes()
    assert_one_line_failure(run_cli("--db", str(filled_db), "export", "-o", str(target), "--force", state=state))
    assert filled_db.read_bytes() == before
    assert not (tmp_path / "nowhere").exists() and (tmp_path / "a-file").read_text() == "x"


# -- the database must exist where it is said to be ----------------------------


@pytest.mark.parametrize("command", [["import", str(SAMPLE)], ["demo"], ["export"]])
def test_a_database_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path, state: Path,
                                                                          command: list[str]) -> None:
    db = tmp_path / "typo" / "sub" / "prospects.duckdb"
    line = assert_one_line_failure(run_cli("--db", str(db), *command, state=state))
    assert "folder" in line
    assert not (tmp_path / "typo").exists()


# -- a database that cannot be opened -------------------------------------------


def _truncated(path: Path) -> None:
    demo.load(open_store(path))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


DAMAGED = {
    "random-bytes": lambda path: path.write_bytes(os.urandom(20_000)),
    "truncated": _truncated,
    "a-csv-renamed": lambda path: path.write_bytes(SAMPLE.read_bytes()),
    "empty": lambda path: path.write_bytes(b""),
}


@pytest.mark.parametrize("damage", DAMAGED)
@pytest.mark.parametrize("command", [["import", str(SAMPLE)], ["export", "--format", "xlsx"], ["demo"]])
def test_a_damaged_database_is_one_sentence_and_left_as_it_is(db_path: Path, state: Path, damage: str,
                                                              command: list[str]) -> None:
    DAMAGED[damage](db_path)
    before = db_path.read_bytes()
    line = assert_one_line_failure(run_cli("--db", str(db_path), *command, state=state))
    assert str(db_path) in line
    assert db_path.read_bytes() == before
    assert not db_path.with_name(db_path.name + ".wal").exists()


def test_a_database_of_a_newer_version_is_refused_and_left_as_it_is(filled_db: Path, state: Path) -> None:
    store = open_store(filled_db)
    with store.db.transaction() as conn:
        conn.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [999, "999_from_the_future.sql"])
    before = filled_db.read_bytes()
    for command in (["export"], ["import", str(SAMPLE)]):
        line = assert_one_line_failure(run_cli("--db", str(filled_db), *command, state=state))
        assert "newer" in line
    assert filled_db.read_bytes() == before


def test_another_programs_duckdb_file_is_not_filled_with_prospects(tmp_path: Path, state: Path) -> None:
    other = tmp_path / "accounting.duckdb"
    conn = duckdb.connect(str(other))
    conn.execute("CREATE TABLE invoices AS SELECT 1 AS id, 120.5 AS amount")
    conn.close()
    before = other.read_bytes()
    for command in (["import", str(SAMPLE)], ["demo"]):
        line = assert_one_line_failure(run_cli("--db", str(other), *command, state=state))
        assert "not a Prospects database" in line
    assert other.read_bytes() == before


# root writes through any permission: it then runs without that power, as a rep's account would.
AS_A_USER = ("setpriv", "--bounding-set=-dac_override,-dac_read_search") if os.geteuid() == 0 else ()


@pytest.mark.parametrize("read_only", ["file", "folder"])
@pytest.mark.parametrize("command", [["import", str(SAMPLE)], ["demo"]])
def test_a_read_only_database_is_one_sentence(tmp_path: Path, state: Path, read_only: str,
                                              command: list[str]) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "prospects.duckdb"
    demo.load(open_store(db))
    before = db.read_bytes()
    (db if read_only == "file" else folder).chmod(0o444 if read_only == "file" else 0o555)
    try:
        line = assert_one_line_failure(run_cli("--db", str(db), *command, state=state, prefix=AS_A_USER))
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert "read-only" in line or "cannot write" in line
    assert db.read_bytes() == before


# -- files that break the reading ---------------------------------------------------


def _broken_sheet_xml(path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["last_name", "email"])
    workbook.active.append(["Dupont", "dupont@example.com"])
    good = io.BytesIO()
    workbook.save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as broken:
        for item in source.infolist():
            data = source.read(item)
            broken.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)


HOSTILE = {
    "broken-sheet.xlsx": _broken_sheet_xml,
    "odd-utf16.csv": lambda path: path.write_bytes(
        b"\xff\xfe" + "last_name,email\nDupont,dupont@example.com\n".encode("utf-16-le") + b"\x00"),
    "deep.json": lambda path: path.write_text("[" * 200_000 + "]" * 200_000),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_file_that_breaks_the_reading_is_one_line_and_writes_nothing(db_path: Path, tmp_path: Path,
                                                                       state: Path, name: str) -> None:
    open_store(db_path)
    before = db_path.read_bytes()
    hostile = tmp_path / name
    HOSTILE[name](hostile)
    assert_one_line_failure(run_cli("--db", str(db_path), "import", str(hostile), "--json", state=state))
    assert db_path.read_bytes() == before


# -- every other failure -----------------------------------------------------------


def test_a_usage_mistake_is_one_line(db_path: Path, state: Path) -> None:
    assert_one_line_failure(run_cli("--db", str(db_path), "export", "--format", "pdf", state=state))
    assert_one_line_failure(run_cli("--db", str(db_path), state=state))


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(
        filled_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    # No real input is known to reach this path (that is the point): a bug is planted in the export.
    def bug(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("planted bug")

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(cli.exporting, "export_frame", bug)
    before = filled_db.read_bytes()
    code = cli.main(["--db", str(filled_db), "export", "-o", str(tmp_path / "out.csv")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    log = tmp_path / "state" / "prospects" / "prospects.log"
    assert str(log) in err
    assert "ZeroDivisionError: planted bug" in log.read_text(encoding="utf-8")
    assert filled_db.read_bytes() == before and not (tmp_path / "out.csv").exists()


# -- exports never fail on what the base holds ----------------------------------------


def test_json_and_csv_exports_keep_every_character_and_xlsx_drops_only_what_excel_refuses(
        filled_db: Path, tmp_path: Path, state: Path) -> None:
    store = open_store(filled_db)
    # An older base holds what the door now refuses: written straight into the table.
    notes = "NUL\x00 vertical\x0b tab\t escape\x1b end\n"
    with store.db.transaction() as conn:
        conn.execute("UPDATE prospects SET prospect_notes = ?, last_name = ? WHERE id = 1",
                     [notes, "  Dupont \x0c "])
    outputs = {}
    for fmt in ("csv", "xlsx", "json"):
        target = tmp_path / f"out.{fmt}"
        result = run_cli("--db", str(filled_db), "export", "--format", fmt, "-o", str(target), state=state)
        assert result.returncode == 0, result.stderr
        outputs[fmt] = target

    first = json.loads(outputs["json"].read_text(encoding="utf-8"))[0]
    assert first["prospect_notes"] == notes and first["last_name"] == "  Dupont \x0c "
    csv_text = outputs["csv"].read_bytes().decode("utf-8-sig")
    assert f'"{notes}"' in csv_text and ",  Dupont \x0c ," in csv_text
    sheet = openpyxl.load_workbook(outputs["xlsx"]).active
    header = [c.value for c in sheet[1]]
    row = {name: cell.value for name, cell in zip(header, sheet[2], strict=True)}
    assert row["prospect_notes"] == "NUL vertical tab\t escape end\n"
    assert row["last_name"] == "  Dupont  "


def test_only_the_apps_own_data_folder_may_be_created() -> None:
    assert may_create_folder(DEFAULT_DB)
    assert may_create_folder(DEFAULT_DB.parent / "other.duckdb")
    assert not may_create_folder(DEFAULT_DB.parent / "sub" / "prospects.duckdb")
    assert not may_create_folder(Path("/nowhere/data/prospects.duckdb"))
