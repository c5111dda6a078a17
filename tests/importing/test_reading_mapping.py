"""Reading files and mapping their headers: encodings, delimiters, header rows, known exports."""

from __future__ import annotations

import json

import pytest

from prospects.importing.mapping import auto_mapping, guess_target, header_signature, split_full_name
from prospects.importing.normalising import (
    DMY,
    MDY,
    CellError,
    clean_phone,
    decide_date_format,
    decide_decimal_mark,
    parse_date,
    parse_number,
    parse_rating,
)
from prospects.importing.reading import ImportFileError, read_file
from tests.importing.conftest import SAMPLE, fixture_bytes


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "skipped"),
    [
        ("badges-utf8.csv", "UTF-8", ",", 0),
        ("badges-utf8-bom.csv", "UTF-8 (BOM)", ";", 0),
        ("badges-cp1252.txt", "Windows-1252", "\t", 0),
        ("badges-latin1.csv", "Latin-1", "|", 0),
        ("linkedin-connections.csv", "UTF-8", ",", 3),
        ("outlook-fr.csv", "Latin-1", ",", 0),
    ],
)
def test_encoding_delimiter_and_header_row_are_detected(name: str, encoding: str, delimiter: str, skipped: int) -> None:
    table = read_file(name, fixture_bytes(name))
    assert (table.encoding, table.delimiter, table.skipped_above) == (encoding, delimiter, skipped)


def test_sample_multiline_cell_stays_one_row() -> None:
    table = read_file("badges.csv", SAMPLE.read_bytes())
    assert len(table.rows) == 12 and table.row_numbers[:2] == [2, 3]
    assert table.rows[0][12] == "Racheté par UniFret ; ERP du groupe jugé rigide.\nRappeler après le 15."


def test_xlsx_title_row_is_skipped_and_cells_become_text() -> None:
    table = read_file("badges-title-row.xlsx", fixture_bytes("badges-title-row.xlsx"))
    assert table.skipped_above == 2 and table.headers[:3] == ["Civilité", "Nom", "Prénom"]
    assert table.rows[0][4] == "6000" and table.rows[0][8] == "2026-11-19 10:30:00"


def test_trailing_delimiters_give_no_phantom_column() -> None:
    table = read_file("badges-utf8.csv", fixture_bytes("badges-utf8.csv"))
    assert table.headers[-1] == "Notes"


def test_sniffing_ignores_delimiters_inside_quotes() -> None:
    table = read_file("quoted.csv", b'a;b;c\n"x, y, z";2;3\n"p, q";5;6\n')
    assert (table.delimiter, table.headers) == (";", ["a", "b", "c"])


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("E-mail 1 - Value", "email"), ("E-mail 2 - Value", "email"), ("Phone 1 - Type", ""), ("Phone 2 - Value", "mobile"),
        ("Adresse de messagerie", "email"), ("Tél. mobile", "mobile"), ("Rue (bureau)", "address"),
        ("Pays/Région (bureau)", "country"), ("Email Address", "email"), ("Position", "job_title"),
        ("Company Name", "company"), ("Lifecycle Stage", "stage"), ("Contact owner", "owner"),
        ("Badge ID", "external_ref"), ("Full Name", "full_name"), ("Civilité", "civility"), ("Code postal", "postal_code"),
        ("Organization Title", "job_title"), ("Nom", "last_name"), ("Connected On", ""),
    ],
)
def test_headers_of_usual_exports(header: str, target: str) -> None:
    assert guess_target(header) == target


def test_name_means_last_name_when_a_first_name_column_exists() -> None:
    assert auto_mapping(["Name", "Given Name"], [["Smith", "John"]], []) == ["last_name", "first_name"]
    assert auto_mapping(["Name", "Company"], [["John Smith", "Acme"]], []) == ["full_name", "company"]


def test_title_column_holding_job_titles_is_a_job_title() -> None:
    rows = [["Fleet Manager", "a@b.fr"], ["VP Operations", "c@d.fr"]]
    assert auto_mapping(["Title", "Email"], rows, []) == ["job_title", "email"]
    assert auto_mapping(["Title", "Email"], [["Mr.", "a@b.fr"]], []) == ["civility", "email"]


def test_header_signature_ignores_case_and_accents() -> None:
    assert header_signature(["Société", "E-mail"]) == header_signature(["SOCIETE", "e mail"])


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("Paul Hisson", "Paul", "Hisson"), ("HISSON Paul", "Paul", "HISSON"), ("Hisson, Paul", "Paul", "Hisson"),
     ("Jean de La Fontaine", "Jean", "de La Fontaine"), ("Madonna", None, "Madonna")],
)
def test_full_name_split(text: str, first: str | None, last: str) -> None:
    assert split_full_name(text) == (first, last)


def test_date_order_is_decided_by_the_whole_column() -> None:
    assert decide_date_format(["03/04/2026", "25/04/2026"]).order == DMY
    assert decide_date_format(["03/04/2026", "04/25/2026"]).order == MDY
    fmt = decide_date_format(["03/04/2026", "05/06/2026"])
    assert fmt.order == DMY and fmt.assumed
    assert str(parse_date("45000", fmt)) == "2023-03-15"  # an Excel serial
    with pytest.raises(CellError):
        parse_date("04/25/2026", decide_date_format(["25/04/2026"]))  # never silently another date
    with pytest.raises(CellError):
        parse_date("2026-02-30", fmt)


def test_numbers_in_every_usual_layout() -> None:
    assert parse_number("1 234,56", None) == parse_number("1.234,56", None) == parse_number("1,234.56", None)
    assert decide_decimal_mark(["1,5", "1,234"]) == ","
    assert str(parse_number("1,234", ",")) == "1.234"
    with pytest.raises(CellError):
        parse_number("1,234", None)  # a thousand or one point two? the column does not say
    assert parse_rating("★★★", None) == 3 and parse_rating("4/5", None) == 4


def test_phones_in_international_form() -> None:
    assert clean_phone("06 12 34 56 78", "FR") == "+33612345678"
    assert clean_phone("0033 6 12 12 12 12", "FR") == "+33612121212"
    assert clean_phone("+49 40 1234567", "FR") == "+49401234567"
    with pytest.raises(CellError):
        clean_phone("12", "FR")


def test_the_bundled_sample_is_the_teams_sample():
    """tests/fixtures/shared holds a copy of ../shared/data for checkouts without shared/ beside them."""
    from tests.conftest import FIXTURES, ROOT

    team = ROOT.parent / "shared" / "data" / "trade-show-badges-sample.csv"
    if not team.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert (FIXTURES / "shared" / team.name).read_bytes() == team.read_bytes()


def test_json_records_become_rows_whatever_their_keys() -> None:
    data = json.dumps({"prospects": [
        {"last_name": "Lefèvre", "company": "TLF", "is_company": False, "interest": 40, "categories": ["Fleet", "ERP"]},
        {"email": "a@b.fr", "expected_revenue": 1234.5},
        {},
    ]}).encode("utf-8")
    table = read_file("export.json", data)
    assert table.kind == "json"
    assert table.headers == ["last_name", "company", "is_company", "interest", "categories", "email", "expected_revenue"]
    assert table.rows == [["Lefèvre", "TLF", "false", "40", "Fleet|ERP", "", ""], ["", "", "", "", "", "a@b.fr", "1234.5"]]
    assert table.row_numbers == [1, 2]


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"text"', "[]"])
def test_json_that_is_not_records_gets_one_clear_error(text: str) -> None:
    with pytest.raises(ImportFileError):
        read_file("x.json", text.encode("utf-8"))
