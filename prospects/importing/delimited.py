"""CSV, TXT and TSV texts of any usual shape: the delimiter sniffed, a quote that never closes set
aside as one unread row, the cells cleaned at the door."""

from __future__ import annotations

import bisect
import csv
import io
import itertools
from collections.abc import Sequence

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


def read_delimited(text: str, limits: Limits, legacy_lines: Sequence[int] = ()) -> RawTable:
    """The table of a CSV/TXT/TSV text; `legacy_lines` were read as Windows-1252 (each row there is
    warned about)."""
    delimiter, width = _sniff(text)
    lines = io.StringIO(text, newline="").readlines()
    records, starts, unread = _records(lines, delimiter, width, limits)
    cells = [_strip_cells(r) for r in records]
    table = table_from_records(cells, kind="csv", unread=unread)
    table.delimiter = delimiter
    data_rows = set(table.row_numbers)
    for line in legacy_lines:
        row = bisect.bisect_right(starts, line)  # the record holding that line, numbered from 1
        if row in data_rows:
            table.warn(row, "import.issue.legacy_encoding", line=line)
    return table


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
