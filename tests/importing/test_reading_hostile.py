"""Files that lost data without a word: mixed encodings, an unclosed quote, formulas without a
cached value, an unknown vCard charset; and the limits that keep a hostile file from exhausting
the machine. Each test failed on the reader before this fix."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from prospects.i18n import set_language
from prospects.importing import ImportOptions
from prospects.importing.reading import ImportFileError, read_file
from prospects.services import imports
from prospects.store import Store
from tests.hostile import make_files
from tests.importing.conftest import all_prospects


def test_utf8_file_with_one_windows_line_keeps_every_column_and_accent() -> None:
    table = read_file("mixed.csv", make_files.mixed_encoding())
    assert len(table.rows) == 2001 and table.headers == ["Nom", "Prénom", "Société", "Ville", "Email"]
    assert {tuple(row[1:4]) for row in table.rows} == {("Hélène", "Société Générale", "Orléans")}
    assert table.rows[1000][0] == "Lefèvre1000"
    assert table.encoding == "UTF-8 + Windows-1252"
    assert table.warnings == {1002: [("import.issue.legacy_encoding", {"line": 1002})]}


def test_mixed_lines_on_a_small_file_are_each_read_in_their_encoding(store: Store) -> None:
    report = imports.import_file(store, "mixed.csv", make_files.mixed_small(), ImportOptions())
    names = {(p.last_name, p.first_name, p.company) for p in all_prospects(store)}
    assert names == {("Lefèvre", "Hélène", "Crédit"), ("Bérard", "Zoé", "Café du Port"), ("Müller", "Jürgen", "Straße")}
    warned = {r.row: w for r in report.rows for w in r.warnings if "UTF-8" in w}
    assert warned == {3: "Line 3 was not in UTF-8 like the rest of the file: read as Windows-1252, check its accents"}


def test_unclosed_quote_rejects_its_row_with_the_line_and_keeps_the_following_leads(store: Store) -> None:
    report = imports.import_file(store, "quote.csv", make_files.unclosed_quote(), ImportOptions())
    assert (report.created, len(report.rejected)) == (3, 1)
    assert report.rejected[0].row == 2
    assert report.rejected[0].reason.startswith("A quote opened on line 2 never closes")
    assert sorted(p.last_name for p in all_prospects(store)) == ["Durand", "Petit", "Roux"]
    source = imports.read_file(store, "quote.csv", make_files.unclosed_quote())
    download = list(csv.reader(io.StringIO(imports.rejected_csv(report, source).decode("utf-8-sig"))))
    assert download[1][2] == 'Martin,Paul,"Acme,Lyon,p@example.fr'  # the line as it stands, to fix by hand


def test_unclosed_quote_on_the_last_row_is_rejected_not_merged() -> None:
    table = read_file("quote.csv", b'Nom;Email\nDurand;a@x.fr\nPetit;"l@x.fr\nRoux\n')
    assert [r[0] for r in table.rows] == ["Durand", "Roux"]
    assert [(r.row, r.params) for r in table.rejected] == [(3, {"line": 3})]


def test_quoted_notes_on_several_lines_stay_one_cell() -> None:
    data = b'Nom,Email,Notes,Ville\nDurand,a@x.fr,"Vu au salon, stand 4\nRappeler lundi, avant 10h",Lyon\nPetit,l@x.fr,,Lille\n'
    table = read_file("notes.csv", data)
    assert table.rejected == [] and len(table.rows) == 2
    assert table.rows[0][2] == "Vu au salon, stand 4\nRappeler lundi, avant 10h"


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_formula_without_cached_value_comes_in_as_guarded_text_with_a_warning(store: Store) -> None:
    report = imports.import_file(store, "formulas.xlsx", make_files.formulas_without_cache(), ImportOptions())
    durand = next(p for p in all_prospects(store) if p.first_name == "Anne")
    assert durand.last_name == "'=\"Du\"&\"rand\"" and durand.company == "'=UPPER(\"acme\")"
    warnings = next(r for r in report.rows if r.row == 2).warnings
    assert any('Formula “="Du"&"rand"” (Nom) had no computed value' in w for w in warnings)
    assert not [w for w in next(r for r in report.rows if r.row == 3).warnings if "Formula" in w]


def test_formula_with_a_cached_value_keeps_the_value() -> None:
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>'
             b'<row r="2"><c r="A2" t="str"><f>"Du"&amp;"rand"</f><v>Durand</v></c></row></sheetData></worksheet>')
    data = make_files._replace_member(_workbook([["x"]]), make_files.SHEET, sheet)
    table = read_file("cached.xlsx", data)
    assert table.rows == [["Durand"]] and table.warnings == {}


def test_vcard_with_unknown_charset_is_read_as_utf8_then_windows() -> None:
    table = read_file("card.vcf", make_files.vcard_unknown_charset())
    row = dict(zip(table.headers, table.rows[0], strict=True))
    assert (row["Last Name"], row["First Name"], row["Company"]) == ("Lefèvre", "Hélène", "Café du Port")


@pytest.mark.parametrize(("maker", "key"), [
    (make_files.wide_csv, "import.error.too_many_columns"),
    (make_files.many_rows_csv, "import.error.too_many_rows"),
    (make_files.many_rows_xlsx, "import.error.too_many_rows"),
])
def test_limits_refuse_a_file_while_reading_it(maker, key: str) -> None:
    name = "file.xlsx" if maker is make_files.many_rows_xlsx else "file.csv"
    with pytest.raises(ImportFileError) as refused:
        read_file(name, maker())
    assert refused.value.key == key


def test_limits_are_written_as_the_language_writes_numbers() -> None:
    with pytest.raises(ImportFileError) as refused:
        read_file("many.csv", make_files.many_rows_csv())
    assert "more than 200,000 rows" in refused.value.message
    set_language("fr")
    assert "dépasse 200\u202f000 lignes" in refused.value.message  # French groups digits with a narrow space


def test_zip_bomb_is_refused_by_its_declared_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSPECTS_IMPORT_MAX_BYTES", "2000000")
    with pytest.raises(ImportFileError) as refused:
        read_file("bomb.xlsx", make_files.zip_bomb())
    assert refused.value.key == "import.error.too_large"
    assert "more than 2 MB" in refused.value.message


def test_zip_member_lying_about_its_size_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_files.lying_zip()
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) < 2_000_000
    monkeypatch.setenv("PROSPECTS_IMPORT_MAX_BYTES", "2000000")
    with pytest.raises(ImportFileError):
        read_file("bomb.xlsx", data)


def test_empty_trailing_columns_do_not_count_against_the_column_limit() -> None:
    data = b"Nom,Email" + b"," * 2000 + b"\nDurand,a@x.fr" + b"," * 2000 + b"\n"
    table = read_file("excel.csv", data)
    assert table.headers == ["Nom", "Email"] and table.rows == [["Durand", "a@x.fr"]]


def test_sheet_claiming_the_whole_grid_is_read_by_its_real_rows() -> None:
    table = read_file("grid.xlsx", make_files.lying_dimension())
    assert table.rows == [["Durand", "a@example.fr"]]
