"""Export: every field, no cell a spreadsheet would run, and a lossless round trip through import."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from prospects.domain import CustomField, FieldType, ProspectQuery, Status, User
from prospects.domain.phones import normalise_phone
from prospects.importing import ImportOptions
from prospects.services import demo, exporting, open_store
from prospects.services.imports import import_file
from prospects.store import Store
from tests.importing.conftest import all_prospects

# Fields the database sets itself on import (new ids, who and when imported).
SYSTEM = {"id", "created_by", "updated_at", "updated_by", "version", "batch_id", "contact_id", "custom", "stage_id",
          "owner_id", "phone", "mobile"}
TRICKY_NOTES = [
    "=1+1", "+33 is France", "-5 trucks", "@home", "Tab\tinside", "'=already quoted",
    'Line one; "quoted", comma\nLine two', "plain",
]


@pytest.fixture
def rich_store(demo_store: Store) -> Store:
    """The demo pipeline plus custom fields and notes that spreadsheets love to run as formulas."""
    brand = demo_store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    trucks = demo_store.custom_fields.create(CustomField(None, "Number of trucks", FieldType.NUMBER, 2))
    visit = demo_store.custom_fields.create(CustomField(None, "Site visit", FieldType.DATE, 3))
    fleet = demo_store.custom_fields.create(CustomField(None, "Own fleet", FieldType.BOOLEAN, 4))
    for index, note in enumerate(TRICKY_NOTES, start=1):
        prospect = demo_store.prospects.get(index)
        demo_store.prospects.update(prospect.replace(
            prospect_notes=note, door_info="B2 #1234", website="https://example.com/a?b=1",
            custom={brand.id: "=Bertiet" if index == 1 else "Renault", trucks.id: -3.5 if index == 2 else 22,
                    visit.id: date(2026, 3, index), fleet.id: index % 2 == 0},
        ), by=None)
    return demo_store


def empty_twin(path: Path, source: Store) -> Store:
    """An empty database with the same users and custom fields as `source`."""
    twin = open_store(path)
    known = {u.initials for u in twin.users.list()}
    for user in source.users.list():
        if user.initials not in known:
            twin.users.create(User(None, user.full_name, user.initials))
    for custom_field in source.custom_fields.list():
        twin.custom_fields.create(CustomField(None, custom_field.label, custom_field.type, custom_field.position))
    return twin


def comparable(store: Store, prospect) -> dict:
    stage_names = {s.id: s.name for s in store.stages.list(active_only=False)}
    initials = {u.id: u.initials for u in store.users.list()}
    labels = {f.id: f.label for f in store.custom_fields.list()}
    values = {k: v for k, v in prospect.__dict__.items() if k not in SYSTEM}
    values["stage"] = stage_names.get(prospect.stage_id)
    values["owner"] = initials.get(prospect.owner_id)
    values["custom"] = {labels[k]: v for k, v in prospect.custom.items()}
    # The importer stores phones in E.164; the demo wrote them in the spaced international layout.
    values["phone"] = normalise_phone(prospect.phone) if prospect.phone else None
    values["mobile"] = normalise_phone(prospect.mobile) if prospect.mobile else None
    return values


@pytest.mark.parametrize("fmt", ["csv-comma", "csv-semicolon", "xlsx", "json"])
def test_export_of_the_demo_data_imports_back_unchanged(rich_store: Store, tmp_path: Path, fmt: str) -> None:
    frame = exporting.export_frame(rich_store)
    if fmt == "xlsx":
        data, name = exporting.to_xlsx_bytes(frame), "prospects.xlsx"
    elif fmt == "json":
        data, name = exporting.to_json_text(frame).encode("utf-8"), "prospects.json"
    else:
        data, name = exporting.to_csv_bytes(frame, "," if fmt == "csv-comma" else ";"), "prospects.csv"
    twin = empty_twin(tmp_path / "twin.duckdb", rich_store)
    report = import_file(twin, name, data, ImportOptions())
    assert (report.created, report.skipped, report.rejected) == (60, 0, [])
    assert not [w for r in report.rows for w in r.warnings]
    with rich_store.hold(), twin.hold():  # one connection each for the 120 reads of the comparison
        before = {p.email: comparable(rich_store, p) for p in all_prospects(rich_store)}
        after = {p.email: comparable(twin, p) for p in all_prospects(twin)}
    assert before.keys() == after.keys()
    for email, fields in before.items():
        for field, value in fields.items():
            assert after[email][field] == value, (email, field)


def test_export_has_every_field_of_the_spec_with_names_not_ids(rich_store: Store) -> None:
    frame = exporting.export_frame(rich_store)
    for name in ("civility", "last_name", "first_name", "is_company", "company", "status", "stage", "project_summary",
                 "channel", "direct_approach", "owner", "interest", "project_due", "expected_revenue", "rating",
                 "project_notes", "prospect_notes", "closed_on", "loss_reason", "address", "postal_code", "city",
                 "country", "door_info", "phone", "mobile", "email", "birth_date", "website", "external_ref", "sector",
                 "client_type", "job_title", "categories", "created_at", "created_by", "updated_at", "updated_by",
                 "Truck brand", "Number of trucks", "Site visit", "Own fleet"):
        assert name in frame.columns
    first = frame.iloc[0]
    prospect = rich_store.prospects.get(int(first["id"]))
    assert first["stage"] in [s.name for s in rich_store.stages.list()]
    labels = rich_store.categories.labels()
    assert first["categories"] == "|".join(labels[c] for c in prospect.categories)
    assert first["project_due"] == prospect.project_due.isoformat()


def test_csv_starts_with_a_bom_and_guards_every_formula(rich_store: Store) -> None:
    data = exporting.to_csv_bytes(exporting.export_frame(rich_store), ";")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = [c for row in rows for c in row]
    assert all(not c.startswith(exporting.FORMULA_TRIGGERS) for c in cells)
    assert "'=1+1" in cells and "'-5 trucks" in cells and "''=already quoted" in cells


def test_xlsx_cells_are_text_never_formulas(rich_store: Store) -> None:
    data = exporting.to_xlsx_bytes(exporting.export_frame(rich_store))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in values if c.data_type == "f"]
    assert "=1+1" in [c.value for c in values]


def test_json_is_an_array_keyed_by_field_names(rich_store: Store) -> None:
    records = json.loads(exporting.to_json_text(exporting.export_frame(rich_store)))
    assert len(records) == 60
    assert records[0]["status"] in [str(s) for s in Status]
    assert isinstance(records[0]["expected_revenue"], (int, float)) and isinstance(records[0]["is_company"], bool)


def test_export_follows_the_list_filters(rich_store: Store) -> None:
    frame = exporting.export_frame(rich_store, ProspectQuery(statuses=(Status.WON,), limit=1))
    assert len(frame) > 1 and set(frame["status"]) == {"won"}


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-", "@x", "\t", "\r\n", "'", "''=", "'+", "plain", "", "a=b"])
def test_formula_guard_is_undone_exactly(text: str) -> None:
    guarded = exporting.guard_formula(text)
    assert not guarded.startswith(exporting.FORMULA_TRIGGERS)
    assert exporting.unguard_formula(guarded) == text


def test_demo_fixture_is_what_we_export(demo_store: Store) -> None:
    assert len(exporting.export_frame(demo_store)) == len(demo.DEMO_USERS) * 0 + 60


# Every control character but tab, newline and carriage return: what an older base may hold.
CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


def test_every_export_survives_control_characters_already_in_the_base(rich_store: Store) -> None:
    notes = f"  before{CONTROLS}after\t\n  "
    with rich_store.db.transaction() as conn:  # straight into the tables, as an older import left them
        conn.execute("UPDATE prospects SET prospect_notes = ? WHERE id = 1", [notes])
        conn.execute("UPDATE custom_fields SET label = ? WHERE label = 'Truck brand'", ["Truck\x0bbrand"])
        conn.execute("UPDATE custom_values SET value_text = ? WHERE prospect_id = 2 AND value_text IS NOT NULL",
                     ["Ren\x00ault "])
    frame = exporting.export_frame(rich_store)

    sheet = openpyxl.load_workbook(io.BytesIO(exporting.to_xlsx_bytes(frame))).active
    header = [c.value for c in sheet[1]]
    assert "Truckbrand" in header
    rows = {row[0].value: dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)}
    assert rows[1]["prospect_notes"] == "  beforeafter\t\n  "
    assert rows[2]["Truckbrand"] == "Renault "

    records = json.loads(exporting.to_json_text(frame))
    assert records[0]["prospect_notes"] == notes and records[1]["Truck\x0bbrand"] == "Ren\x00ault "
    text = exporting.to_csv_bytes(frame).decode("utf-8-sig")
    read = list(csv.DictReader(io.StringIO(text, newline="")))
    assert read[0]["prospect_notes"] == notes and read[1]["Truck\x0bbrand"] == "Ren\x00ault "


def test_xlsx_text_removes_only_what_excel_forbids() -> None:
    assert exporting.xlsx_text(f" a{CONTROLS}\tb\r\n ") == " a\tb\r\n "
    assert exporting.xlsx_text("Société « ça » 😀") == "Société « ça » 😀"
