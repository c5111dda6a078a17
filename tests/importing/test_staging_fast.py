"""The staging's fast paths give exactly what the rules give, cell for cell: a column's cells looked at
all at once (joined into one string, or in one Arrow pass) answer as each cell would on its own."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prospects.importing import ImportOptions, engine
from prospects.importing.delimited import read_delimited
from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.normalising import CellError, clean_email_cell, clean_phone, clean_text, emails_of, phones_of
from prospects.importing.report import Context
from prospects.importing.staging import (
    _MULTI,
    Stager,
    _blank_or_as_is,
    _columns_of,
    _door_of_each,
    _has_multi_values,
    _ValueOfEach,
)
from tests.conftest import FIXTURES


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(" :@;,\nab"), max_size=10), max_size=12), st.booleans())
@example(["a@b", "c@d"], True)  # two "@" in the column, one per cell
@example(["a@b\nc@d"], True)  # two "@" in one cell, a line feed between them
@example(["a@b\n", "c@d"], True)
@example(["a :::", " b"], False)
@example(["a ::: b"], False)
def test_a_column_has_several_values_in_a_cell_as_its_cells_say(cells: list[str], emails: bool) -> None:
    """`_has_multi_values` asks the whole column at once what each cell would answer."""
    one_by_one = any(_MULTI in cell or (emails and cell.count("@") > 1) for cell in cells)
    assert _has_multi_values(cells, emails) == one_by_one


def _one_cell_at_a_time(cells: list[str], clean) -> tuple[list[str | None], dict[str, str]]:
    values, errors = [], {}
    for cell in cells:
        try:
            values.append(clean(cell) if cell else None)
        except CellError as error:
            values.append(None)
            errors[cell] = error.key
    return values, errors


PHONE_CELLS = st.sampled_from(["", "06 12 34 56 78", "06.12.34.56.78", "07 00 00 00 00", "06 93 45 00 02", "+1 212 555 0100",
                               "12", "0612345678", " 06 12 34 56 78", "abc"]) | st.text(alphabet="0123456789 +.-", max_size=14)
EMAIL_CELLS = st.sampled_from(["", "a@b.fr", "A@B.FR", "jo@x.local", "x", "a@b.fr;c@d.fr", "<a@b.fr>", ",", "é@x.fr"]) \
    | st.text(alphabet="ab@.;,-x ", max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(PHONE_CELLS, max_size=25), st.sampled_from(["FR", "US", "BE"]))
@example(["", "06 12 34 56 78", "06 12 34 56 78", "07 00 00 00 00", "", "07 00 00 00 00", "12", "12"], "FR")
def test_a_phone_column_is_cleaned_cell_for_cell_as_the_phone_rule(cells: list[str], country: str) -> None:
    """Repeated cells, empty ones, usual numbers and the others, in any order: one value per cell, as the
    rule gives it one cell at a time, and each refused cell's error."""
    values, errors = phones_of(cells, country)
    assert (values, {cell: error.key for cell, error in errors.items()}) == \
        _one_cell_at_a_time(cells, lambda cell: clean_phone(cell, country))


@settings(max_examples=300, deadline=None)
@given(st.lists(EMAIL_CELLS, max_size=25))
@example(["", "a@b.fr", "a@b.fr", "x", "x", "jo@x.local", ""])
def test_an_email_column_is_cleaned_cell_for_cell_as_the_email_rule(cells: list[str]) -> None:
    values, errors = emails_of(cells)
    assert (values, {cell: error.key for cell, error in errors.items()}) == _one_cell_at_a_time(cells, clean_email_cell)


@given(st.lists(st.sampled_from(["", "a", "b", " c", "d"]), max_size=30))
def test_each_distinct_cell_is_worked_out_once_and_an_empty_one_never(cells: list[str]) -> None:
    asked: list[str] = []

    def value_of(text: str) -> str:
        asked.append(text)
        return text.upper()

    values = list(map(_ValueOfEach(value_of).__getitem__, cells))
    assert values == [cell.upper() if cell else None for cell in cells]
    assert sorted(asked) == sorted(set(cells) - {""})


@given(st.lists(st.text(alphabet=st.sampled_from(" \t\n\xa0\u2028\x1fab"), max_size=4), max_size=20))
@example(["", " ", "\t\n", " a ", "a"])
def test_a_cell_of_whitespace_alone_is_empty_and_the_others_kept_as_they_are(cells: list[str]) -> None:
    assert _blank_or_as_is(tuple(cells)) == [cell if cell.strip() else "" for cell in cells]


@given(st.lists(st.lists(st.sampled_from(["", "a", " b "]), max_size=5), max_size=8), st.integers(0, 6))
@example([["a", "b"], ["c"]], 3)  # a short row, and more columns than the longest row
@example([["a", "b", "c"], ["d", "e"]], 2)  # a row longer than the others, past the file's columns
@example([], 2)
def test_the_rows_turned_into_columns_have_every_cell_in_its_place(rows: list[list[str]], width: int) -> None:
    """At least `width` columns (the file's), and each column given holds its cell of every row."""
    columns = _columns_of(rows, width)
    assert len(columns) >= width
    for i, column in enumerate(columns):
        assert list(column) == [row[i] if i < len(row) else "" for row in rows]


CELL_TEXT = st.text(alphabet=st.sampled_from(["a", "é", " ", "\t", "\xa0", "\u3000", "\x01", "'", "=", "\r", "\n", '"', ";"]),
                    max_size=4)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=4), min_size=1, max_size=6),
       st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
@example([["Nom", "Ville"], ["Jean ", "Lyon"]], "\n", True)  # a space before a delimiter ...
@example([["Nom", "Ville"], ["Jean", " Lyon"]], "\n", True)  # ... after one
@example([["Nom", "Ville"], ["Jean", "Lyon "], ["Paul", "Metz"]], "\n", True)  # before a line break
@example([["Nom", "Ville"], ["Jean", "Lyon"], [" Paul", "Metz"]], "\n", True)  # after one
@example([["Nom", "Ville"], ["Jean", "Lyon "], ["Paul", "Metz"]], "\r\n", True)
@example([["Nom", "Ville"], ["Jean", "Lyon"], [" Paul", "Metz"]], "\r\n", True)
@example([["Nom", "Ville"], ["Jean", "Lyon "]], "\n", False)  # at the end of the text
@example([["Nom", "Ville"], ["Jean", "Lyon"], [" Paul", "Metz"]], "\r", True)  # after a lone \r (the csv module's line end)
@example([[" Nom", "Ville"], ["Jean", "Lyon"]], "\n", True)  # at its start
@example([["Nom", "Ville"], ['" Lyon"', "x"]], "\n", True)  # inside quotes
@example([["Nom", "Ville"], ['"Lyon\n"', "x"]], "\n", True)  # a quoted line break at a cell's end
@example([["Nom", "Ville"], ["Jean", "Ly\xa0"]], "\n", True)  # whitespace that is not a space
@example([["Nom", "Ville"], ["Jean", "\x01 Lyon"]], "\n", True)  # a character the door drops before a space
def test_a_text_said_trimmed_has_no_cell_with_whitespace_at_an_end(records: list[list[str]], newline: str,
                                                                    last_line_ended: bool) -> None:
    """`RawTable.trimmed` lets the staging take the cells as they are: never when one would be trimmed."""
    text = newline.join(";".join(record) for record in records) + (newline if last_line_ended else "")
    try:
        table = read_delimited(text, Limits())
    except ImportFileError:
        return
    if table.trimmed:
        assert all(cell == cell.strip() for row in table.rows for cell in row)


def test_a_usual_badge_file_is_trimmed() -> None:
    """The fast path is taken by the usual export (else the property above would hold by never taking it)."""
    text = "Nom;Prénom;Ville\r\nDUPONT;Jean;Lyon\r\nMARTIN;Anne Marie;Saint-Étienne\r\n"
    assert read_delimited(text, Limits()).trimmed
    assert not read_delimited(text.replace("Lyon", "Lyon "), Limits()).trimmed


DOOR_CELLS = st.sampled_from(["", "", "DUPONT", "Jean ", " Jean", "Jean", "a  b", "a\tb", "x\ny", "   ", "\x01Zoé", "Zoé", "|"])


@settings(max_examples=300, deadline=None)
@given(st.lists(DOOR_CELLS, max_size=25), st.sampled_from(["last_name", "company", "address", "prospect_notes", "door_info"]))
@example(["Jean", "", "Jean", "DUPONT"], "last_name")  # the usual column: its cells are their own values
@example(["Jean ", "Jean", "   ", ""], "company")  # a cell trimmed, one of spaces alone
@example(["a  b", "a\tb", "x\ny"], "address")  # not plain: the rule asked of each distinct cell
def test_a_text_column_is_cleaned_cell_for_cell_as_the_door_rule(cells: list[str], field: str) -> None:
    """`_door_of_each` gives each cell the value `clean_text` gives it on its own."""
    assert _door_of_each(cells, field) == [clean_text(cell, field) for cell in cells]


def _staged_notes(text: str, mapping: list[str]) -> list[str | None]:
    data = text.encode("utf-8")
    table = engine.read("notes.csv", data)
    source = engine.mapped("notes.csv", table, None, ())
    stager = Stager(Context(), source, ImportOptions(mapping=mapping), None)
    return stager.stage().leads.columns["prospect_notes"]


def test_each_row_keeps_its_notes_in_the_order_of_the_rules_with_an_unmapped_column_in_between() -> None:
    """A row's own note first, then a second column's differing value, then the unmapped column's line,
    then a cell that could not be read: whether the row has notes before the unmapped column's or not."""
    text = ("Nom;Nom 2;Salon;Téléphone;Notes\n"
            "DUPONT;DURAND;Lyon;06 12 34 56 78;vu\n"  # a note before the unmapped column's line
            "MARTIN;;Lyon;12;\n"  # a note after it only
            "PETIT;;;06 12 34 56 79;\n"  # no unmapped line
            "ROUX;;Paris;06 12 34 56 80;rappeler\n")
    notes = _staged_notes(text, ["last_name", "last_name", "", "phone", "prospect_notes"])
    assert notes == ["vu\nNom 2: DURAND\nSalon: Lyon", "Salon: Lyon\nTéléphone: 12", None, "rappeler\nSalon: Paris"]


def _stage(file_name: str, data: bytes, read_ahead: bool, monkeypatch) -> tuple[Stager, object, set[str]]:
    """The file staged with its columns read ahead (and the targets that were), or each read in its turn."""
    table = engine.read(file_name, data)
    source = engine.mapped(file_name, table, None, ())
    stager = Stager(Context(), source, ImportOptions(), None)
    started: set[str] = set()
    reads_ahead = Stager._read_ahead

    def noted(self: Stager, texts: dict) -> None:
        reads_ahead(self, texts)
        started.update(self._ahead)

    with monkeypatch.context() as patch:
        patch.setattr(Stager, "_read_ahead", noted if read_ahead else lambda self, texts: None)
        return stager, stager.stage(), started


AHEAD_FILES = ["badges-utf8.csv", "badges-cp1252.txt", "badge-scanner-us.csv", "crm-addresses.csv", "google-contacts.csv",
               "hubspot-contacts.csv", "outlook-fr.csv", "linkedin-connections.csv", "salon-relances.xlsx"]
# Rows of one region, of several (a phone read in its row's country), of none named: the read-ahead is used, or not.
AHEAD_TEXTS = {
    "one-region.csv": "Nom;Téléphone;Portable;E-mail;Pays\nDUPONT;06 12 34 56 78;07 81 22 90 14;a@x.fr;France\n"
                      "MARTIN;01 40 20 50 50;;b@y.fr ::: c@z.fr;France\nPETIT;12;06 12 34 56 78;pas un mail;France\n",
    "regions.csv": "Nom;Téléphone;E-mail;Pays\nDUPONT;06 12 34 56 78;a@x.fr;France\nSMITH;(415) 555-0132;s@x.com;United States\n"
                   "ROUX;0493 12 34 56;r@x.be;Belgique\n",
    "no-country.csv": "Nom;Tel;Mobile;Mail\nDUPONT;06 12 34 56 78;;a@x.fr\nMARTIN;+1 415 555 0132;06 12 34 56 78;a@x.fr\n",
}


@pytest.mark.parametrize("name", AHEAD_FILES + list(AHEAD_TEXTS))
def test_the_columns_read_ahead_on_a_thread_stage_as_the_columns_read_in_turn(name: str, monkeypatch) -> None:
    """The e-mail and phone columns started on a thread before the others (`Stager._read_ahead`) give every row
    the leads, outcome, warnings and notes it gets when each column is read in its turn; a column read ahead
    is taken (none left over) when its guess was right, which it is for a file of one region or none."""
    data = AHEAD_TEXTS[name].encode("utf-8") if name in AHEAD_TEXTS else (FIXTURES / name).read_bytes()
    ahead, staged, started = _stage(name, data, True, monkeypatch)
    _, in_turn, _ = _stage(name, data, False, monkeypatch)
    assert staged.leads.columns == in_turn.leads.columns
    assert [(o.row, o.action, o.code, o.name, o.issues, o.first_action) for o, _ in staged.rows] == \
        [(o.row, o.action, o.code, o.name, o.issues, o.first_action) for o, _ in in_turn.rows]
    if name in ("one-region.csv", "no-country.csv", "badges-utf8.csv"):
        assert started and not ahead._ahead  # columns were read ahead, and every one was taken
