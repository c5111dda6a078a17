"""The table of text a file is read into: its header row found near the top, its data rows below,
the rows the file itself leaves unreadable, and what was noticed while reading each row."""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass, field

from prospects.importing.limits import ImportFileError
from prospects.importing.mapping import header_score

DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class UnreadRow:
    """A row that could not be read (a quote that never closes): rejected with its reason, its
    neighbours kept."""

    row: int  # numbered as the table's rows are
    key: str  # the catalog key of the reason
    params: dict[str, object]
    cells: list[str]  # its text as it stands in the file, for the rejected-rows download


@dataclass
class RawTable:
    """The cells of a file as text, with where each data row sits in the file."""

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # the row (record) number in the file, 1-based, as a spreadsheet shows it
    kind: str  # csv, xlsx, vcf or json
    encoding: str | None = None
    delimiter: str | None = None
    skipped_above: int = 0  # preamble or title rows above the header
    rejected: list[UnreadRow] = field(default_factory=list)  # rows the file itself leaves unreadable
    warnings: dict[int, list[tuple[str, dict[str, object]]]] = field(default_factory=dict)  # row -> (key, params)
    # No cell has whitespace at either end (the reader proved it of the whole text): nothing to trim. What
    # the reader knows of the cells, not part of them: two tables of the same cells are equal either way.
    trimmed: bool = field(default=False, compare=False)

    def warn(self, row: int, key: str, **params: object) -> None:
        """Note something about how a row was read (a catalog key and its parameters)."""
        self.warnings.setdefault(row, []).append((key, params))

    @property
    def delimiter_name(self) -> str | None:
        return DELIMITER_NAMES.get(self.delimiter or "")


def table_from_records(
    records: list[list[str]], kind: str, unread: dict[int, tuple[int, str]] | None = None,
    warnings: dict[int, list[tuple[str, dict[str, object]]]] | None = None, record_width: int | None = None,
) -> RawTable:
    """Find the header row (the best-recognised row near the top), then the data rows below it.
    `unread` records (by index) are rejected rows; `warnings` are by record index too. `record_width`:
    the number of cells of every record, each with some text, when the reader knows it (it measured the
    records while it held them): then they are not looked at again here."""
    header_index = find_header_row(records)
    if header_index is None:
        raise ImportFileError("import.error.no_rows" if len(records) <= 1 and not unread else "import.error.no_columns")
    headers = unique_headers(records[header_index])
    rejected = [UnreadRow(index + 1, "import.reject.unclosed_quote", {"line": line}, [text])
                for index, (line, text) in sorted((unread or {}).items()) if index > header_index]
    rows = records[header_index + 1:]
    numbers = range(header_index + 2, len(records) + 1)
    if record_width is not None:
        lengths = {record_width}
    else:
        if not all(map(any, rows)):  # a row with no text is a blank line: dropped
            filled = list(map(any, rows))
            rows, numbers = list(itertools.compress(rows, filled)), itertools.compress(numbers, filled)
        lengths = set(map(len, rows))
    width = max(len(headers), max(lengths)) if rows else len(headers)
    # Trailing delimiters give unnamed columns: keep them only if they hold something.
    while len(headers) < width:
        headers.append("")
    if rows and min(lengths) < width:
        rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    keep = [i for i, h in enumerate(headers) if h or any(map(operator.itemgetter(i), rows))]
    names = [h or f"#{i + 1}" for i, h in enumerate(headers)]
    headers = [names[i] for i in keep]
    if len(keep) < width:
        rows = [[r[i] for i in keep] for r in rows]
    table = RawTable(headers, rows, list(numbers), kind=kind, skipped_above=header_index, rejected=rejected)
    for index, notes in (warnings or {}).items():
        for key, params in notes if index > header_index else ():
            column = params.get("column_index")
            table.warn(index + 1, key, **params, **({"column": names[column]} if isinstance(column, int) else {}))
    return table


def find_header_row(records: list[list[str]]) -> int | None:
    """The index of the header row: the row near the top whose cells look most like column names."""
    candidates = [(i, r) for i, r in enumerate(records[:HEADER_SEARCH_ROWS]) if sum(1 for c in r if c) >= 1]
    if not candidates:
        return None
    widths = [sum(1 for c in r if c) for _, r in candidates]
    best_score, best_index = 0, 0  # the first of the rows that score best
    for (index, row), width in zip(candidates, widths, strict=True):
        if width > best_score:  # a row scores at most its cells with text: the others cannot do better
            score = header_score(row)
            if score > best_score:
                best_score, best_index = score, index
    if best_score > 0:
        return best_index
    widest = max(widths)
    if widest < 2:
        return None
    return next(i for (i, _), w in zip(candidates, widths, strict=True) if w == widest)


def unique_headers(cells: list[str]) -> list[str]:
    """The header cells as column names: inner whitespace collapsed, a repeated name numbered
    ("Email", "Email (2)") so that each column can be told apart in the mapping."""
    seen: dict[str, int] = {}
    headers = []
    for cell in cells:
        name = " ".join(cell.split())
        if name in seen and name:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)
    return headers
