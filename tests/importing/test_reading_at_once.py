"""The import reads a delimited text in one pass and cleans only the rows that may need it, and
decodes a UTF-8 file in runs of lines: these properties show both give exactly what the careful
reading gives (record by record with its swallowed-quote check, each row through the door; each line
decoded on its own), on texts made of what breaks readers: control characters, formula guards,
cells of only spaces, quotes that never close, line breaks of every kind, text beyond Latin-1."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from prospects.importing import decoding, delimited, tables
from prospects.importing.delimited import read_delimited
from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.mapping import header_score

PIECES = [
    "Dupont", "Zoé", "a", "1", "@", "=", "+", "-", "'", "'=1+1", "''", '"', '""', " ", "  ", "\t", "\xa0",
    "\u202f", "\x00", "\x0b", "\x1f", "\x7f", "\x85", "\x9d", "\u2028", "\ufeff", "€", "’", "Ł", ",", ";", "|",
    "\n", "\r\n", "\r",
]
CELL = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
ROW = st.lists(CELL, min_size=1, max_size=5)
HEADERS = st.sampled_from([[], ["Nom", "Prénom", "Email"], ["Société", "Ville", "Téléphone", "Notes"]])


def render(header: list[str], rows: list[list[str]], delimiter: str, ends: list[str], last_end: bool) -> str:
    lines = [delimiter.join(row) for row in ([header] if header else []) + rows]
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    return text if last_end else text.rstrip("\r\n")


TEXTS = st.builds(
    render, HEADERS, st.lists(ROW, min_size=1, max_size=8), st.sampled_from([",", ";", "\t", "|"]),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3), st.booleans(),
)
LIMITS = st.sampled_from([Limits(), Limits(max_rows=4, max_columns=3), Limits(max_columns=2)])


def outcome(text: str, limits: Limits, legacy_lines: list[int], careful: bool) -> object:
    try:
        return read_delimited(text, limits, legacy_lines, careful=careful)
    except ImportFileError as exc:
        return ("refused", exc.key, exc.params)


@settings(max_examples=1500, deadline=None)
@given(TEXTS, LIMITS, st.lists(st.integers(1, 10), max_size=3, unique=True))
@example("'=1;Nom;Email\nx;y;z\n", Limits(), [])
@example("'=1;Nom;Email\nx;y;€\n", Limits(), [])
@example('Nom;Email\r\n  ;a@x.fr\r\n\'=1;"b"\r\n', Limits(), [])
@example('Nom;Email\n"Dupont;a\nZoé;b\nLi;c\n', Limits(), [2])
@example('Nom,Email\nDupont,"a\r\nb"\n\x0b,\t\n', Limits(), [3])
@example('Nom,Email\nDupont,a\nZoé,"b\r\n', Limits(), [])
@example("Nom|Email\n'+33|\xa0\n\u2028|x'\n", Limits(), [])
@example('Nom\tEmail\n"\t"\tx\n \t"  "\n', Limits(), [])
@example("Nom;Email\nDupont;a\n ;\x01\nZoé;b\n", Limits(), [])  # every record as wide, one emptied at the door
def test_the_one_pass_reading_gives_the_careful_readings_table(text: str, limits: Limits, legacy_lines: list[int]) -> None:
    assert outcome(text, limits, legacy_lines, careful=False) == outcome(text, limits, legacy_lines, careful=True)


def test_the_careful_reading_is_still_what_a_swallowed_quote_gets() -> None:
    """The one pass gives up on a quote that never closes: the careful reading sets that line aside."""
    table = read_delimited('Nom;Email\n"Dupont;a@x.fr\nMartin;b@x.fr\nDurand;c@x.fr\n', Limits())
    assert table.rows == [["Martin", "b@x.fr"], ["Durand", "c@x.fr"]]
    assert [(r.row, r.key, r.params) for r in table.rejected] == [(2, "import.reject.unclosed_quote", {"line": 2})]


def test_only_the_rows_that_need_the_door_are_changed() -> None:
    text = "Nom;Prénom;Notes\nDupont;Zoé;\x0bnote\n'=1+1; ;x\nMartin;Luc;ok\n"
    table = read_delimited(text, Limits())
    assert table.rows == [["Dupont", "Zoé", "note"], ["=1+1", "", "x"], ["Martin", "Luc", "ok"]]


def per_line(data: bytes) -> tuple[str, list[int]] | None:
    """The careful decoding of a UTF-8 file with Windows lines: each line on its own."""
    texts, legacy, utf8_seen = [], [], False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            texts.append(line.decode("utf-8"))
            utf8_seen = utf8_seen or not line.isascii()
        except UnicodeDecodeError:
            texts.append(decoding.windows_text(line))
            legacy.append(number)
    return ("\n".join(texts), legacy) if utf8_seen else None


# What UTF-8 beyond ASCII looks like in bytes: a lead byte, then a continuation byte.
UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
BYTES = [b"a", b";", b"\n", b"\r\n", "é".encode(), "é".encode("cp1252"), "€".encode(), "€".encode("cp1252"),
         b"\xc3", b"\xa9", b"\x81", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\xed\xa0\x80", b"\xc2\x80"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=14).map(b"".join))
@example("Zoé;a\n".encode() + "Hélène;b\n".encode("cp1252") + "Jürgen;c".encode())
def test_utf8_decoded_in_runs_of_lines_reads_as_line_by_line(data: bytes) -> None:
    careful = per_line(data) if UTF8_PAIR.search(data) else None
    assert decoding._mixed_lines(data) == careful


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(BYTES + [b"\x7f", b"\xbf", b"\xc1", b"\xf5"]), max_size=10).map(b"".join))
@pytest.mark.parametrize("example", [b"\xc3\xa9", b"a\xe9\xc3\xa9", b"\xc3a\xa9", b"\xf4\x8f\xbf\xbf", b"\xc2\x7f\xc1\x80"])
def test_a_utf8_pair_is_found_wherever_it_is(example: bytes, data: bytes) -> None:
    for case in (example, data, data + example, example + data):
        assert decoding._utf8_beyond_ascii(case) == (UTF8_PAIR.search(case) is not None)


def refused_or(read: object) -> object:
    try:
        return read()  # type: ignore[operator]
    except ImportFileError as exc:
        return ("refused", exc.key)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=14).map(b"".join))
def test_a_file_with_a_bom_is_decoded_as_its_lines_say(data: bytes) -> None:
    """Valid UTF-8 after the BOM is read once, by the run of its lines; a Windows line still says so."""
    mixed = per_line(data) if UTF8_PAIR.search(data) else None

    def careful() -> tuple[str, str, list[int]]:
        if mixed is not None and mixed[1]:
            return decoding._checked(mixed[0]), decoding.MIXED_ENCODING, mixed[1]
        return decoding._checked(data.decode("utf-8", errors="replace")), "UTF-8 (BOM)", []

    assert refused_or(lambda: decoding.decode(b"\xef\xbb\xbf" + data)) == refused_or(careful)


@settings(max_examples=800, deadline=None)
@given(TEXTS, st.integers(1, 12))
@example("Nom;Email\nZoé;\x85a\n€; b\n", 4)
@example("Nom;Email\n€;a\n'x;\x85\n", 1)
def test_the_text_looked_at_a_slice_at_a_time_gives_the_rows_of_the_whole(text: str, size: int) -> None:
    """`_rows_to_clean` looks at a big text a slice of lines at a time, each in Latin-1 when it fits, else
    in UTF-8: whatever the slices, it finds the rows (and the trimmed text) it finds looking at the whole."""
    delimiter, width = delimited._sniff(text)
    lines = delimited._Lines(text)
    read = delimited._records_line_by_line(lines.all, delimiter, width, Limits())
    assume(read is not None)
    records, starts, spanning = read
    whole = delimited._rows_to_clean(text, lines, records, starts, spanning, delimiter, slice_size=len(text) + 1)
    assert delimited._rows_to_clean(text, lines, records, starts, spanning, delimiter, slice_size=size) == whole


@settings(max_examples=300, deadline=None)
@given(st.integers(decoding._UTF8_LOOK - 5, decoding._UTF8_LOOK + 1), st.lists(st.sampled_from(BYTES), max_size=6).map(b"".join))
@example(decoding._UTF8_LOOK - 1, "é;a\n".encode())  # a character cut by the end of the first bytes
@example(decoding._UTF8_LOOK - 2, "€".encode() + "é".encode("cp1252"))
def test_a_file_is_taken_for_utf8_when_its_first_bytes_are(size: int, tail: bytes) -> None:
    """A legacy file is told from UTF-8 by its first bytes (`_may_be_utf8`) before the whole is decoded:
    a UTF-8 file is never told so, wherever a character falls (across the end of the first bytes too),
    and the file read is the one the whole decoded says it is."""
    data = b"a" * size + tail
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decoding.decode(data)[1] != "UTF-8"
    else:
        assert decoding._may_be_utf8(data)
        assert decoding.decode(data) == (data.decode("utf-8"), "UTF-8", [])


@settings(max_examples=500, deadline=None)
@given(TEXTS)
@example('Nom;Email\n"a\nb";"c,d"\n')
def test_a_delimiter_absent_from_the_sample_cuts_no_line(text: str) -> None:
    """`_sniff` gives no score to a delimiter its sample lacks without reading the sample with it: read
    so, every line (a quoted one on several lines too) would be one cell, and a line of one cell scores
    nothing."""
    for delimiter in delimited.DELIMITERS:
        if delimiter not in text:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
            assert all(len(row) <= 1 for row in rows)


HEADER_CELLS = ["", "", "Nom", "Prénom", "E-mail", "Société", "Ville", "x", "Dupont", "a@x.fr", "Notes", "42"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.lists(st.sampled_from(HEADER_CELLS), max_size=6), max_size=34))
@example([["x", "Nom"], ["Nom", "Prénom"], ["Ville", "Email", "x"]])
def test_the_header_row_is_the_first_that_scores_best(records: list[list[str]]) -> None:
    """`find_header_row` scores only the rows that could beat the best so far (a row scores at most its
    cells with text): it finds the row that scoring every row finds, the first of the best."""
    candidates = [(i, r) for i, r in enumerate(records[:tables.HEADER_SEARCH_ROWS]) if any(r)]
    scored = [(header_score(r), -i) for i, r in candidates]
    if scored and max(scored)[0] > 0:
        expected = -max(scored)[1]
    else:
        widths = [(sum(1 for c in r if c), -i) for i, r in candidates]
        expected = -max(widths)[1] if widths and max(widths)[0] >= 2 else None
    assert tables.find_header_row(records) == expected
