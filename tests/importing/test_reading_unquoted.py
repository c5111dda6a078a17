"""A text without a quote is cut by `str.split` instead of the csv module: at the edges where the two could
part (a cell at the csv module's size limit, line ends of several kinds, blank lines, the limits of a
hostile file), the one-pass reading still gives the careful reading's table (or its refusal)."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.importing import delimited
from prospects.importing.delimited import read_delimited
from prospects.importing.limits import ImportFileError, Limits

LIMIT = csv.field_size_limit()


def outcome(text: str, limits: Limits, careful: bool) -> object:
    try:
        table = read_delimited(text, limits, [2], careful=careful)
    except ImportFileError as exc:
        return ("refused", exc.key, exc.params)
    return (table.headers, table.rows, table.row_numbers, table.warnings, table.rejected, table.delimiter)


TEXTS = [
    "Nom\n" + "x" * (LIMIT - 1) + "\nB\n",
    "Nom\n" + "x" * LIMIT + "\nB\n",  # the biggest cell the csv module takes
    "Nom\n" + "x" * (LIMIT + 1) + "\nB\n",  # one more: the csv module refuses it, the line is set aside
    "Nom;Notes\nA;" + "x" * LIMIT + "\nB;y\n",
    "Nom;Email\r\nDupont;a@x.fr\r\nMartin;b@x.fr",  # no line break at the end
    "Nom;Email\r\nDupont;a@x.fr\nMartin;b@x.fr\r\n",  # two kinds of line end
    "Nom;Email\rDupont;a@x.fr\rMartin;b@x.fr\r",  # old Mac line ends
    "Nom;Email\n\nDupont;a@x.fr\n\n\nMartin;b@x.fr\n\n",  # blank lines
    "Nom;Email\r\n\r\nDupont;a@x.fr\r\n;\r\n",
    "Nom;Email\nDu\x00pont;a@x.fr\nMar\u2028tin;b\x85@x.fr\n",  # characters only str.splitlines would cut at
    "Nom;Email;;;;\nDupont;a@x.fr;;;;\n",  # empty cells trailing a row
    "Nom;Email;Ville;Notes\nDupont;a@x.fr;Lyon;x\nMartin;b@x.fr\nDurand;c@x.fr;Paris;y;z;w\n",  # ragged rows
    "Nom\tEmail\nDupont\t \nMartin\t'=1+1\n",
    "",
    "\n\n",
]
LIMITS = [Limits(), Limits(max_rows=2, max_columns=3), Limits(max_columns=2), Limits(max_rows=1)]


@pytest.mark.parametrize("limits", LIMITS, ids=["default", "rows-2-columns-3", "columns-2", "rows-1"])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_an_unquoted_text_reads_as_the_careful_reading(text: str, limits: Limits) -> None:
    assert outcome(text, limits, careful=False) == outcome(text, limits, careful=True)


def test_an_unquoted_text_is_cut_by_split_when_it_can_be() -> None:
    """The cells cut by `str.split` are those of the csv module, the line of each record its own."""
    text = "Nom;Email\r\nDupont;a@x.fr\r\n\r\n;Zoé;\r\n"
    records, starts, spanning, shape = delimited._unquoted_records(text, ";", Limits())
    assert records == [["Nom", "Email"], ["Dupont", "a@x.fr"], [], ["", "Zoé", ""]]
    assert records == list(csv.reader(text.splitlines(keepends=True), delimiter=";"))
    assert (starts, spanning, shape) == ([1, 2, 3, 4], [], None)  # records of several widths, one blank
    assert delimited._unquoted_records("Nom\n" + "x" * (LIMIT + 1) + "\n", ";", Limits()) is None


@pytest.mark.parametrize(("text", "shape"), [
    ("Nom;Email\r\nDupont;a@x.fr\r\nZoé;\r\n", 2),  # every record two cells, each with some text
    ("Nom;Email\nDupont;a@x.fr\n;\n", None),  # a record of two empty cells: a blank line
    ("Nom;Email\nDupont;a@x.fr\n\nZoé;b\n", None),  # an empty line
    ("Nom;Email\nDupont;a@x.fr;x\n", None),  # two widths
])
def test_the_width_of_the_records_is_told_when_every_one_has_it_and_some_text(text: str, shape: int | None) -> None:
    """What the table need not measure again: one width for all the records, none of them blank."""
    assert delimited._unquoted_records(text, ";", Limits())[3] == shape


def test_a_row_the_door_leaves_without_text_is_dropped_as_a_blank_line() -> None:
    """Every record of the text has two cells and some text, but the door empties one of them (control
    characters, spaces): it is a blank line then, and the table drops it as the careful reading does."""
    for emptied in ("  ;  \n", " ;\x01\n", "\x7f;\t\n"):
        text = "Nom;Email\nDupont;a@x.fr\n" + emptied + "Zoé;b@x.fr\n"
        assert delimited._unquoted_records(text, ";", Limits())[3] == 2
        table = read_delimited(text, Limits())
        assert table.rows == [["Dupont", "a@x.fr"], ["Zoé", "b@x.fr"]] and table.row_numbers == [2, 4]
        assert outcome(text, Limits(), careful=False) == outcome(text, Limits(), careful=True)


UNQUOTED_PIECES = ["Dupont", "Zoé", "", " ", "x" * 7, ";", ";;", "\t", "\r", "\n", "\r\n", "\r\n\r\n", "\n\r"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(UNQUOTED_PIECES), max_size=24).map("".join), st.integers(1, 12), st.integers(1, 12))
def test_a_text_cut_a_slice_at_a_time_reads_as_cut_at_once(text: str, size: int, most: int) -> None:
    """`_split_records` cuts a big text a slice of lines at a time: whatever the slice, and wherever its
    end falls (after a \n, whatever lies before it), the records, the longest line and the refusal
    past `most` lines are those of the whole text cut at once (one slice, as long as the text)."""
    whole = delimited._split_records(text, ";", most, slice_size=len(text) + 1)
    assert delimited._split_records(text, ";", most, slice_size=size) == whole
