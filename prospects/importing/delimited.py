"""CSV, TXT and TSV texts of any usual shape: the delimiter sniffed, a quote that never closes set
aside as one unread row, the cells cleaned at the door."""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import re
from collections.abc import Iterator, Sequence

from prospects.domain import at_the_door
from prospects.domain.formulas import unguard_formula
from prospects.importing.limits import Limits
from prospects.importing.tables import DELIMITER_NAMES, RawTable, table_from_records

DELIMITERS = tuple(DELIMITER_NAMES)  # in the order they are tried: the first wins a tie


def _sniff(text: str) -> tuple[str, int]:
    """The delimiter, and the number of cells most lines have with it."""
    sample = text[:64_000]
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        if delimiter not in sample:  # every line one cell: no score (said without reading the sample)
            continue
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        rows = rows[:-1] if len(rows) > 2 else rows  # the sample may cut the last line
        widths = [len(r) for r in rows if len(r) > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best, max(best_score[1], 1)


def read_delimited(text: str, limits: Limits, legacy_lines: Sequence[int] = (), careful: bool = False) -> RawTable:
    """The table of a CSV/TXT/TSV text; `legacy_lines` were read as Windows-1252 (each row there is
    warned about).

    The text is read in one pass of the csv module and its cells are cleaned only in the rows that
    may need it (found on the whole text at once); a quote that swallows the rows after it, or a cell
    too big for the csv module, sends the file to the careful reading, record by record and row by
    row. `careful` forces that reading: the rule the one-pass reading must agree with (tests)."""
    delimiter, width = _sniff(text)
    lines = _Lines(text)
    at_once = None if careful else _records_at_once(text, lines, delimiter, width, limits)
    trimmed, shape = False, None
    if at_once is None:
        records, starts, unread = _records(lines.all, delimiter, width, limits)
        cells = [_strip_cells(r) for r in records]
    else:
        records, starts, spanning, shape = at_once
        cells, trimmed, cleaned = _cleaned(text, lines, records, starts, spanning, delimiter)
        shape = shape if all(any(cells[i]) for i in cleaned) else None  # the door may leave a row without text
        unread = {}
    table = table_from_records(cells, kind="csv", unread=unread, record_width=shape)
    table.delimiter = delimiter
    table.trimmed = trimmed
    if legacy_lines:
        data_rows = set(table.row_numbers)
        for line in legacy_lines:
            row = bisect.bisect_right(starts, line)  # the record holding that line, numbered from 1
            if row in data_rows:
                table.warn(row, "import.issue.legacy_encoding", line=line)
    return table


class _Lines:
    """The lines of a text, split only when a reading asks for them: the usual file (no quote, so no
    record on several lines, nothing for the door) is read without them."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def all(self) -> list[str]:
        return io.StringIO(self.text, newline="").readlines()


def _records_at_once(
    text: str, lines: _Lines, delimiter: str, width: int, limits: Limits
) -> tuple[list[list[str]], list[int], list[int], int | None] | None:
    """The records of the lines read by one csv reader, the line (1-based) each starts on, the records
    spanning several lines and the number of cells of every record when they all have as many and all
    some text (else None: not known); None when a quote never closes (see `_quote_swallows`) or a cell
    is too big for the csv module: then `_records` reads the file again, setting that line aside.
    The limits are those of `_records`, checked as often: a hostile file is refused as early.

    A text without a quote has no record on several lines: its records are read at once, each on its
    own line (`_unquoted_records`); the others record by record, each one's lines counted."""
    if '"' not in text:
        unquoted = _unquoted_records(text, delimiter, limits)
        if unquoted is not None:
            return unquoted
    read = _records_line_by_line(lines.all, delimiter, width, limits)
    return None if read is None else (*read, None)


def _unquoted_records(
    text: str, delimiter: str, limits: Limits
) -> tuple[list[list[str]], list[int], list[int], int | None] | None:
    """`_records_line_by_line` of a text without a quote, read at once: each record is its own line, so
    the limits are checked after the reading in the order `_records_line_by_line` checks them: the first
    record too wide, then the number of rows (the reading stops one record past the limit, as it does).

    Without a quote the csv module cuts a line at each delimiter and nothing else (a line of nothing
    but its line break is no cell at all): when no line is longer than a cell may be (past it the csv
    module refuses the cell) and the text has no line break but \r, \n and \r\n (the csv module's own,
    where `str.splitlines` also cuts at \x0b, \x85, \u2028...), `str.splitlines` and `str.split` cut
    them so, at a fraction of the cost (`_split_records`); else the csv module reads them.
    `tests/importing/test_reading_at_once.py` proves the readings agree."""
    odd_breaks = any(map(text.__contains__, _LINE_BREAKS_NOT_CSVS))
    split = None if odd_breaks else _split_records(text, delimiter, limits.max_rows + 1)
    if split is not None:
        records, widths, filled = split
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            records = list(itertools.islice(reader, limits.max_rows + 1))
        except csv.Error:
            return None
        if reader.line_num != len(records):
            return None
        widths, filled = set(map(len, records)), False
    if max(widths, default=0) > limits.max_columns:
        for index, record in enumerate(records):
            if len(record) > limits.max_columns:
                _within_columns(record, limits, index + 1)
        widths = set(map(len, records))  # the empty cells trailing a wide record are let go
    limits.check_rows(len(records))
    shape = next(iter(widths)) if filled and len(widths) == 1 else None
    return records, list(range(1, len(records) + 1)), [], shape


_SLICE = 65_536  # characters of a big text looked at a time (`_line_slices`)
# The line breaks of `str.splitlines` that the csv module takes for ordinary characters.
_LINE_BREAKS_NOT_CSVS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _split_records(
    text: str, delimiter: str, most: int, slice_size: int = _SLICE
) -> tuple[list[list[str]], set[int], bool] | None:
    """The records of a text without a quote nor a line break but the csv module's, cut by `str.split`;
    how many cells they have (each number once) and whether every one has some text. None when a line is
    longer than the csv module takes a cell, or when the text has more than `most` lines: the csv module
    reads those.

    The text is cut a slice of lines at a time (`_line_slices`): each slice's lines are let go before the
    next ones are made, so the memory they took is used again rather than asked of the system; and each
    slice's records are measured while the processor's caches still hold them (about half the cost of
    measuring all the records once they are all read: 11 ms instead of 25 on the 50k badge text)."""
    records: list[list[str]] = []
    widths: set[int] = set()
    filled, limit = True, csv.field_size_limit()
    for _, piece in _line_slices(text, slice_size):
        lines = piece.splitlines()
        if max(map(len, lines), default=0) > limit or len(records) + len(lines) > most:
            return None
        cut = [line.split(delimiter) if line else [] for line in lines]
        widths.update(map(len, cut))
        filled = filled and all(map(any, cut))
        records += cut
    return records, widths, filled


def _line_slices(text: str, size: int) -> Iterator[tuple[int, str]]:
    """The text in slices of `size` characters and up to the \n after them (no line end goes on past
    a \n: none is cut), each with where it starts. A big text looked at a slice at a time needs the
    memory of a slice, used again for the next one, where the whole at once would ask the system for
    pages it must first clear (some 6,000 pages of 4 KB fewer for the 50k badge text's 8 MB)."""
    position, length = 0, len(text)
    while position < length:
        end = text.find("\n", position + size) + 1 or length
        yield position, text[position:end]
        position = end


def _records_line_by_line(
    lines: list[str], delimiter: str, width: int, limits: Limits
) -> tuple[list[list[str]], list[int], list[int]] | None:
    """`_records_at_once` of any text: record by record, the lines each one spans counted."""
    records: list[list[str]] = []
    starts: list[int] = []
    spanning: list[int] = []
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    end, max_columns = 0, limits.max_columns
    try:
        for record in itertools.islice(reader, limits.max_rows + 1):  # one more than the limit refuses the file
            start, end = end + 1, reader.line_num
            if end > start:
                if _quote_swallows(lines, start, end, delimiter, width):
                    return None
                spanning.append(len(records))
            if len(record) > max_columns:
                _within_columns(record, limits, start)
            records.append(record)
            starts.append(start)
    except csv.Error:
        return None
    limits.check_rows(len(records))
    return records, starts, spanning


def _records(
    lines: list[str], delimiter: str, width: int, limits: Limits
) -> tuple[list[list[str]], list[int], dict[int, tuple[int, str]]]:
    """The records of the lines, the line (1-based) each starts on, and the records that could not be
    read: {record index: (line, its text)}. A quote that never closes would swallow every following
    row into one cell: its line is set aside and the reading starts again on the next line."""
    records: list[list[str]] = []
    starts: list[int] = []
    unread: dict[int, tuple[int, str]] = {}
    offset = 0  # lines read before the current reader
    while offset < len(lines):
        reader = csv.reader(itertools.islice(lines, offset, None), delimiter=delimiter, strict=False)
        consumed, broken_at = 0, None
        while True:
            start = offset + consumed + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:  # a cell over the csv module's size limit: the same swallowed quote
                broken_at = start
                break
            end = offset + reader.line_num
            if end > start and _quote_swallows(lines, start, end, delimiter, width):
                broken_at = start
                break
            consumed = reader.line_num
            records.append(_within_columns(record, limits, start))
            starts.append(start)
            limits.check_rows(len(records))
        if broken_at is None:
            break
        unread[len(records)] = (broken_at, lines[broken_at - 1].rstrip("\r\n"))
        records.append([])
        starts.append(broken_at)
        limits.check_rows(len(records))
        offset = broken_at
    return records, starts, unread


def _within_columns(record: list[str], limits: Limits, line: int) -> list[str]:
    """The record without the empty cells that trail it (a spreadsheet's formatted but empty
    columns); refused past the column limit."""
    if len(record) > limits.max_columns:
        while record and not record[-1].strip():
            record.pop()
        limits.check_columns(len(record), line)
    return record


def _quote_swallows(lines: list[str], start: int, end: int, delimiter: str, width: int) -> bool:
    """Whether a record spanning lines start..end (1-based) is a quote that never closed rather than
    a cell holding line breaks: a line inside it looks like a whole row (as many delimiters as a row
    has), or the file ends with the quote still open."""
    if width >= 3:
        needed = max(2, width - 1)
        if any(lines[i].count(delimiter) >= needed for i in range(start, end)):
            return True
    if end < len(lines):
        return False
    try:
        for _ in csv.reader(lines[start - 1:end], delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _strip_cells(record: list[str]) -> list[str]:
    """The cells unguarded when an export guarded a formula (a cell starting with '), then through
    the door (`domain.at_the_door`): control characters dropped, a cell of only spaces empty. Their
    surrounding whitespace stays: the field's own rule trims it, except where it is data (notes)."""
    if "\x00'" in "\x00" + "\x00".join(record):  # a cell starts with the guard: look closer
        record = [unguard_formula(c) if c[:1] == "'" else c for c in record]
    if "".join(record).isprintable():  # the usual row: no control character, no line break
        if all(map(str.strip, record)):  # ... and no cell of only spaces
            return record
        return [c if c.strip() else "" for c in record]
    return [at_the_door(c) or "" for c in record]


def _cleaned(
    text: str, lines: _Lines, records: list[list[str]], starts: list[int], spanning: list[int], delimiter: str
) -> tuple[list[list[str]], bool, set[int]]:
    """The records as `_strip_cells` makes them, the ones it would leave as they are untouched: only the
    rows that may need it go through it (`_rows_to_clean`); whether no cell can have whitespace at either
    end (`RawTable.trimmed`); and the rows that went through it."""
    cells = list(records)
    rows, trimmed = _rows_to_clean(text, lines, records, starts, spanning, delimiter)
    for index in rows:
        cells[index] = _strip_cells(records[index])
    return cells, trimmed, rows


def _rows_to_clean(
    text: str, lines: _Lines, records: list[list[str]], starts: list[int], spanning: list[int], delimiter: str,
    slice_size: int = _SLICE,
) -> tuple[set[int], bool]:
    """The records (indexes) `_strip_cells` may change, found on the whole text at once: every other one
    it returns as it is. Such a record has a cell with a character the door drops, a cell starting with
    the formula guard ' or a cell of only spaces.

    A record on one line (not `spanning`) has a cell holding a line break only when it is the last one
    (a quote left open at the end of the file): those always go through. The others are found by their
    lines: a line holding a character that is not printable (tabs aside: the door keeps them), or a '
    or a space right after a line start, a delimiter or a quote (where a cell's text starts: a cell of
    only spaces starts so). In a tab-separated file a cell of only tabs is quoted: there the cells of
    only spaces are looked for cell by cell.

    The text is looked at as bytes, each translated to its class (`_looked_at`).

    The same look tells whether no cell can have whitespace at either end (the staging then trims
    none): no quote (a quoted cell may hold a line break or a space), nothing the door drops and no
    space, tab or guard where a cell starts (no position to look at), none where one ends (before a
    delimiter, a quote, a line break or the end of the text) and, beyond ASCII, only printable
    characters (the only printable whitespace is the space)."""
    rows = set(spanning)
    if records:
        rows.add(len(records) - 1)
    numbers: set[int] = set()  # lines (1-based) to look at
    quoted = '"' in text
    positions, ends_clean, printable = _looked_at(text, delimiter, slice_size, ends=not quoted)
    trimmed = not positions and ends_clean and printable and not quoted
    if positions:
        ends = list(itertools.accumulate(map(len, lines.all)))
        numbers.update(bisect.bisect_right(ends, p) + 1 for p in positions)
    if not printable:
        numbers.update(n for n, line in enumerate(lines.all, start=1) if not _printable(line))
    rows.update(bisect.bisect_right(starts, n) - 1 for n in numbers)
    if delimiter == "\t" and True in map(str.isspace, itertools.chain.from_iterable(records)):
        rows.update(i for i, record in enumerate(records) if True in map(str.isspace, record))
    return rows, trimmed


def _looked_at(text: str, delimiter: str, slice_size: int, ends: bool = True) -> tuple[list[int], bool, bool]:
    """Where (character positions) the text has a character the door drops or a cell starting with a space,
    a tab or the guard '; whether no cell ends with one (before a delimiter, a quote, a line break or the
    end of the text), looked for only when `ends` asks (else said False: a text with a quote is never
    trimmed) and while no position is found (then neither); whether the characters beyond ASCII of the
    slices read as UTF-8 are all printable.

    Each slice of the text (`_line_slices`: no pair of characters looked at is cut, as a slice starts a
    line) is looked at as bytes translated to their classes (`_classes`): Latin-1 when it fits (one byte
    a character, each that is not printable found where it is), else UTF-8, whose characters beyond ASCII
    are then asked at once whether they are all printable (when not, `_rows_to_clean` looks at every line:
    the lines found are the same whatever the slices)."""
    positions: list[int] = []
    ends_clean, printable = ends, True
    for start, piece in _line_slices(text, slice_size):
        try:
            raw, one_byte = piece.encode("latin_1"), True
        except UnicodeEncodeError:
            raw, one_byte = piece.encode("utf_8", "surrogatepass"), False
        classes = raw.translate(_classes(delimiter, one_byte))
        found = [*_found(classes, b"X"), *(m.start() + 1 for m in _CELL_STARTS_TO_LOOK_AT.finditer(classes))]
        found += [0] if classes[:1] == b"S" else []  # a line starts the slice: a cell starts there
        if found:
            positions += (start + p for p in (found if one_byte else _characters_before(raw, found)))
        ends_clean = ends_clean and not positions and classes[-1:] != b"S" \
            and _CELL_ENDS_TO_LOOK_AT.search(classes) is None
        if not one_byte and printable:
            printable = raw.translate(None, _ASCII).decode("utf_8", "surrogatepass").isprintable()
    return positions, ends_clean, printable


def _characters_before(raw: bytes, positions: list[int]) -> list[int]:
    """The byte positions of UTF-8 bytes (each at the start of a character) as character positions."""
    counted, before, characters = 0, 0, []
    for position in sorted(positions):
        counted += len(raw[before:position].decode("utf_8", "surrogatepass"))
        before = position
        characters.append(counted)
    return characters


_ASCII = bytes(range(0x80))
# A cell starting with something to clean, in the classes of `_classes` (a regular expression finds the
# pair faster than `bytes.find`, slowed by the many B of a text: every delimiter and line break).
_CELL_STARTS_TO_LOOK_AT = re.compile(rb"BS")
_CELL_ENDS_TO_LOOK_AT = re.compile(rb"SB")


@functools.cache
def _classes(delimiter: str, latin_1: bool) -> bytes:
    """What each byte of a text is to `_rows_to_clean`, as a table for `bytes.translate`: X a character
    that is not printable (but line breaks and tabs), B before a cell's text (the delimiter, a quote, a
    line break), S where a cell's text may start with something to clean (' or a space, a tab when it
    is not the delimiter), "." any other. A byte beyond ASCII is a character in Latin-1; in UTF-8 it is
    part of one, and "." (the caller looks at those characters on their own)."""
    table = bytearray(b"." * 256)
    for byte in range(256 if latin_1 else 0x80):
        if not _printable(chr(byte)):
            table[byte] = ord("X")
    for character in "' \t":
        table[ord(character)] = ord("S")
    for character in (delimiter, '"', "\r", "\n"):
        table[ord(character)] = ord("B")
    return bytes(table)


def _printable(text: str) -> bool:
    """Whether the text (a line, or a character) holds nothing the door drops nor a line break but its
    line end: every character printable, tabs aside (`str.isprintable` is the door's own first look)."""
    return text.rstrip("\r\n").replace("\t", "").isprintable()


def _found(text: str | bytes, needle: str | bytes) -> Iterator[int]:
    """Every position of `needle` in `text`."""
    position = text.find(needle)
    while position >= 0:
        yield position
        position = text.find(needle, position + 1)
