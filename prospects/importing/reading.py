"""Reading a dropped file into a table of text: CSV/TXT/TSV of any usual shape, Excel, vCard and
JSON (an array of records, as our own export writes it).

Encodings are detected (UTF-8 with or without BOM, Windows-1252, Latin-1...; per line where a
file mixes UTF-8 and Windows-1252), so is the delimiter; lines above the header row (LinkedIn's
notes, a sheet's title) are skipped and counted. Every cell comes out as trimmed text; nothing is
interpreted here.

A dropped file may be hostile: its unpacked size, rows and columns are counted while it is read,
and the file is refused before anything is built past a limit (`Limits`).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
import os
import quopri
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from charset_normalizer import from_bytes

from prospects.domain import at_the_door
from prospects.domain.formulas import guard_formula, unguard_formula
from prospects.errors import ProspectsError
from prospects.i18n import fmt_number, t
from prospects.importing.mapping import header_score

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Encodings a dropped file may come in, in the order of preference of the detector.
CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "latin_1", "utf_16", "mac_roman", "cp850"]
ENCODING_NAMES = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 (BOM)", "cp1252": "Windows-1252", "latin_1": "Latin-1",
                  "iso8859_1": "Latin-1", "utf_16": "UTF-16", "mac_roman": "Mac Roman", "cp850": "DOS (cp850)"}
HEADER_SEARCH_ROWS = 30
_WINDOWS_ONLY = re.compile(rb"[\x80-\x9f]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
MIXED_ENCODING = "UTF-8 + Windows-1252"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")


@dataclass(frozen=True)
class Limits:
    """How much of a dropped file the import reads before refusing it: a zip bomb unpacks to
    gigabytes and a sheet can hold a million junk rows, which would exhaust the machine."""

    max_bytes: int = 100_000_000  # unpacked: the text of a CSV, the XML of a workbook
    max_rows: int = 200_000
    max_columns: int = 500

    @classmethod
    def current(cls) -> Limits:
        """The limits, each of which the environment may lower or raise (PROSPECTS_IMPORT_MAX_BYTES,
        _MAX_ROWS, _MAX_COLUMNS): a team with bigger files, or a test with a small bomb."""
        values = {}
        for name in ("max_bytes", "max_rows", "max_columns"):
            text = os.environ.get(f"PROSPECTS_IMPORT_{name.upper()}", "")
            if text.strip().isdigit() and int(text) > 0:
                values[name] = int(text)
        return cls(**values)

    def check_rows(self, count: int) -> None:
        if count > self.max_rows:
            raise ImportFileError("import.error.too_many_rows", limit=self.max_rows)

    def check_columns(self, count: int, row: int) -> None:
        if count > self.max_columns:
            raise ImportFileError("import.error.too_many_columns", limit=self.max_columns, row=row)

    def check_bytes(self, count: int) -> None:
        if count > self.max_bytes:
            raise ImportFileError("import.error.too_large", limit=self.max_bytes // 1_000_000 or 1)


class ImportFileError(ProspectsError):
    """A file that cannot be read at all; nothing is written."""

    key = "import.error.unreadable"

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        super().__init__(None, **params)

    @property
    def message(self) -> str:
        """The sentence, its numbers written as the reader's language writes them (200,000 / 200 000)."""
        params = {k: fmt_number(v) if isinstance(v, int) and v >= 1000 else v for k, v in self.params.items()}
        return t(self.key, **params)


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
    notes: list[str] = field(default_factory=list)
    rejected: list[UnreadRow] = field(default_factory=list)  # rows the file itself leaves unreadable
    warnings: dict[int, list[tuple[str, dict[str, object]]]] = field(default_factory=dict)  # row -> (key, params)

    def warn(self, row: int, key: str, **params: object) -> None:
        """Note something about how a row was read (a catalog key and its parameters)."""
        self.warnings.setdefault(row, []).append((key, params))

    @property
    def delimiter_name(self) -> str | None:
        return DELIMITER_NAMES.get(self.delimiter or "")


def read_file(name: str, data: bytes) -> RawTable:
    """The table of a dropped file; ImportFileError when it cannot be read at all."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError("import.error.empty")
    limits = Limits.current()
    lower = name.lower()
    if data[:4] == b"PK\x03\x04" or lower.endswith((".xlsx", ".xlsm")):
        table = read_xlsx(data, limits)
    else:
        limits.check_bytes(len(data))
        text, encoding, legacy_lines = decode(data)
        if lower.endswith((".vcf", ".vcard")) or text.lstrip()[:11].upper() == "BEGIN:VCARD":
            table = read_vcard(text, limits)
        elif lower.endswith(".json"):
            table = read_json(text, limits)
        else:
            table = read_delimited(text, limits, legacy_lines)
        table.encoding = encoding
    if not table.rows and not table.rejected:
        raise ImportFileError("import.error.no_rows")
    return table


# -- text files ------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """The text of a file, the name of its encoding and the lines (1-based) that a UTF-8 file holds
    in Windows-1252: one such line must not turn the whole file into mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        mixed = _mixed_lines(data[3:])
        if mixed is not None and mixed[1]:
            return _checked(mixed[0]), MIXED_ENCODING, mixed[1]
        return _checked(data[3:].decode("utf-8", errors="replace")), ENCODING_NAMES["utf_8_sig"], []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16")), ENCODING_NAMES["utf_16"], []
        except UnicodeDecodeError as exc:  # an odd number of bytes, or half a surrogate pair: a cut file
            raise ImportFileError("import.error.truncated") from exc
    if b"\x00" in data[:4096]:
        raise ImportFileError("import.error.binary")
    try:
        return _checked(data.decode("utf-8")), ENCODING_NAMES["utf_8"], []
    except UnicodeDecodeError:
        pass
    mixed = _mixed_lines(data)
    if mixed is not None:
        return _checked(mixed[0]), MIXED_ENCODING, mixed[1]
    best = from_bytes(data[:200_000], cp_isolation=CANDIDATE_ENCODINGS).best()
    encoding = best.encoding if best is not None else "cp1252"
    windows_only = _WINDOWS_ONLY.search(data) is not None
    if encoding in ("latin_1", "iso8859_1") and windows_only:
        encoding = "cp1252"  # Latin-1 has only control characters there; Windows has € œ ’ …
    elif encoding == "cp1252" and not windows_only:
        encoding = "latin_1"  # the same text either way: say the older, plainer name
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = data.decode("latin_1")
        encoding = "latin_1"
    return _checked(text), ENCODING_NAMES.get(encoding, encoding), []


def _mixed_lines(data: bytes) -> tuple[str, list[int]] | None:
    """A file that is UTF-8 but for some lines (a row pasted from an old Windows tool): each line read
    as UTF-8 when it is valid UTF-8, else as Windows-1252; with the numbers of those lines. None when
    no line holds UTF-8 beyond ASCII: then the file is a legacy one, detected as a whole."""
    texts, legacy, utf8_seen = [], [], False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
            utf8_seen = utf8_seen or not line.isascii()
        except UnicodeDecodeError:
            text = _windows_text(line)
            legacy.append(number)
        texts.append(text)
    return ("\n".join(texts), legacy) if utf8_seen else None


def _windows_text(data: bytes) -> str:
    """Windows-1252, or Latin-1 for the five bytes Windows-1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin_1")


def _checked(text: str) -> str:
    """Refuse text that is really binary (control characters other than tabs and line ends)."""
    sample = text[:20_000]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.02:
        raise ImportFileError("import.error.binary")
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number of cells (quotes respected)."""
    return _sniff(text)[0]


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


def read_delimited(text: str, limits: Limits | None = None, legacy_lines: Sequence[int] = ()) -> RawTable:
    """The table of a CSV/TXT/TSV text; `legacy_lines` were read as Windows-1252 (each row there is
    warned about)."""
    limits = limits or Limits.current()
    delimiter, width = _sniff(text)
    lines = io.StringIO(text, newline="").readlines()
    records, starts, unread = _records(lines, delimiter, width, limits)
    cells = [_strip_cells(r) for r in records]
    table = _table_from_records(cells, kind="csv", unread=unread)
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


def _table_from_records(
    records: list[list[str]], kind: str, unread: dict[int, tuple[int, str]] | None = None,
    warnings: dict[int, list[tuple[str, dict[str, object]]]] | None = None,
) -> RawTable:
    """Find the header row (the best-recognised row near the top), then the data rows below it.
    `unread` records (by index) are rejected rows; `warnings` are by record index too."""
    header_index = find_header_row(records)
    if header_index is None:
        raise ImportFileError("import.error.no_rows" if len(records) <= 1 and not unread else "import.error.no_columns")
    headers = _unique_headers(records[header_index])
    rejected = [UnreadRow(index + 1, "import.reject.unclosed_quote", {"line": line}, [text])
                for index, (line, text) in sorted((unread or {}).items()) if index > header_index]
    rows, numbers = [], []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        if not any(record):
            continue  # blank line
        rows.append(record)
        numbers.append(index + 1)
    width = max(len(headers), max(map(len, rows))) if rows else len(headers)
    # Trailing delimiters give unnamed columns: keep them only if they hold something.
    while len(headers) < width:
        headers.append("")
    rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    keep = [i for i, h in enumerate(headers) if h or any(r[i] for r in rows)]
    names = [h or f"#{i + 1}" for i, h in enumerate(headers)]
    headers = [names[i] for i in keep]
    if len(keep) < width:
        rows = [[r[i] for i in keep] for r in rows]
    table = RawTable(headers, rows, numbers, kind=kind, skipped_above=header_index, rejected=rejected)
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
    scored = [(header_score(r), i) for i, r in candidates]
    best_score, best_index = max(scored, key=lambda s: (s[0], -s[1]))
    if best_score > 0:
        return best_index
    widest = max(widths)
    if widest < 2:
        return None
    return next(i for (i, _), w in zip(candidates, widths, strict=True) if w == widest)


def _unique_headers(cells: list[str]) -> list[str]:
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


# -- Excel ---------------------------------------------------------------------


def read_xlsx(data: bytes, limits: Limits | None = None) -> RawTable:
    """The fullest sheet of a workbook. Its members are unpacked and measured first (a bomb is
    refused before openpyxl builds anything), then read in read-only mode, row by row, within the
    limits. A formula saved without its computed value comes in as its text, guarded."""
    limits = limits or Limits.current()
    has_formulas = _checked_zip(data, limits)
    try:
        sheets = _xlsx_sheets(data, limits, has_formulas)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of openpyxl's parser on a damaged sheet
        raise ImportFileError("import.error.sheet_broken") from exc
    records, warnings = max(sheets, key=lambda s: sum(1 for r in s[0] if any(r)), default=([], {}))
    return _table_from_records(records, kind="xlsx", warnings=warnings)


def _checked_zip(data: bytes, limits: Limits) -> bool:
    """Refuse a workbook whose members unpack past the byte limit, by their declared sizes and then
    by the bytes they really give (a header may lie); whether a sheet holds any formula."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        limits.check_bytes(sum(m.file_size for m in members))
        total, formulas = 0, False
        for member in members:
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    total += len(chunk)
                    limits.check_bytes(total)
                    if not formulas and member.filename.startswith("xl/worksheets/"):
                        formulas = _FORMULA_TAG.search(tail + chunk) is not None
                        tail = chunk[-16:]
    except ImportFileError:
        raise
    except zipfile.BadZipFile as exc:
        raise ImportFileError("import.error.unreadable" if not _zip_opens(data) else "import.error.sheet_broken") from exc
    except (zlib.error, EOFError, OSError, NotImplementedError, ValueError, RuntimeError) as exc:
        raise ImportFileError("import.error.sheet_broken") from exc
    return formulas


def _zip_opens(data: bytes) -> bool:
    try:
        zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return True


Sheet = tuple[list[list[str]], dict[int, list[tuple[str, dict[str, object]]]]]


def _xlsx_sheets(data: bytes, limits: Limits, has_formulas: bool) -> list[Sheet]:
    """Each sheet's records, and the warnings by record index (formulas read as text)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError("import.error.unreadable") from exc
    # Without cached values, a formula cell reads as empty; its text comes from a second reading.
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False) if has_formulas else None
    try:
        sheets, count = [], 0
        for position, sheet in enumerate(workbook.worksheets):
            sheet.reset_dimensions()  # a sheet's declared size may be the whole grid: read what is there
            texts = formulas.worksheets[position] if formulas is not None else None
            if texts is not None:
                texts.reset_dimensions()
            records: list[list[str]] = []
            warnings: dict[int, list[tuple[str, dict[str, object]]]] = {}
            for values, written in _rows_with_formulas(sheet, texts):
                count += 1
                limits.check_rows(count)
                record = [_excel_text(v) for v in _trimmed(values, limits, len(records) + 1)]
                if written is not None:
                    _formula_texts(record, written, warnings.setdefault(len(records), []))
                records.append(record)
            sheets.append((records, {i: w for i, w in warnings.items() if w}))
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()
    return sheets


def _rows_with_formulas(sheet: object, texts: object | None) -> Iterator[tuple[tuple, tuple | None]]:
    values = sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
    if texts is None:
        return ((row, None) for row in values)
    return itertools.zip_longest(values, texts.iter_rows(values_only=True), fillvalue=())  # type: ignore[attr-defined]


def _trimmed(values: tuple, limits: Limits, row: int) -> tuple:
    """A row without its trailing empty cells, refused past the column limit."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    limits.check_columns(end, row)
    return values[:end]


def _formula_texts(record: list[str], written: tuple, warnings: list[tuple[str, dict[str, object]]]) -> None:
    """Fill the empty cells of a record whose cell holds a formula with no computed value: its text,
    guarded as the export guards formulas, so that no spreadsheet runs it again."""
    for column, formula in enumerate(written):
        if isinstance(formula, str) and formula.startswith("=") and (column >= len(record) or not record[column]):
            while len(record) <= column:
                record.append("")
            record[column] = guard_formula(formula)
            warnings.append(("import.issue.formula_as_text", {"value": formula, "column_index": column}))


def _excel_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return at_the_door(str(value)) or ""  # whitespace kept for the field's own rule (see _strip_cells)


# -- JSON ------------------------------------------------------------------------


def read_json(text: str, limits: Limits | None = None) -> RawTable:
    """An array of flat records (or an object holding one): the union of their keys are the columns,
    in the order first met; each record is a row, numbered from 1."""
    limits = limits or Limits.current()
    try:
        document = json.loads(text)
    except RecursionError as exc:  # nested deeper than Python can follow: no list of records anyway
        raise ImportFileError("import.error.json_shape") from exc
    except ValueError as exc:
        raise ImportFileError("import.error.unreadable") from exc
    if isinstance(document, dict):  # {"prospects": [...]}
        document = next((v for v in document.values() if isinstance(v, list)), [document])
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise ImportFileError("import.error.json_shape")
    limits.check_rows(len(document))
    headers = list(dict.fromkeys(str(k) for record in document for k in record))
    limits.check_columns(len(headers), 1)
    if not headers:
        raise ImportFileError("import.error.no_rows")
    rows, numbers = [], []
    for number, record in enumerate(document, start=1):
        try:
            row = [_json_text(record.get(h)) for h in headers]
        except RecursionError as exc:  # a value nested too deep to write back as text
            raise ImportFileError("import.error.json_shape") from exc
        if any(row):
            rows.append(row)
            numbers.append(number)
    return RawTable(_unique_headers(headers), rows, numbers, kind="json")


def _json_text(value: object) -> str:
    if isinstance(value, list):
        return "|".join(_json_text(v) for v in value)  # as the export writes categories
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return _excel_text(value)  # None, booleans, numbers and text as a spreadsheet cell gives them


# -- vCard -----------------------------------------------------------------------

VCARD_HEADERS = [
    "Civility", "Last Name", "First Name", "Full Name", "Company", "Job Title", "Phone", "Mobile", "Email",
    "Address", "Postal Code", "City", "Country", "Website", "Notes", "Birthday",
]


def read_vcard(text: str, limits: Limits | None = None) -> RawTable:
    """Cards of a .vcf file (2.1, 3.0, 4.0) as rows under English headers the mapping knows."""
    limits = limits or Limits.current()
    rows, numbers = [], []
    card: dict[str, str] | None = None
    start = 0
    for number, name, params, value in _vcard_lines(text):
        if name == "BEGIN" and value.upper() == "VCARD":
            card, start = {}, number
        elif name == "END" and card is not None:
            if any(card.values()):
                rows.append([at_the_door(card.get(h)) or "" for h in VCARD_HEADERS])  # as every cell
                numbers.append(start)
                limits.check_rows(len(rows))
            card = None
        elif card is not None:
            _vcard_property(card, name, params, value)
    if not rows and "BEGIN:VCARD" not in text.upper():
        raise ImportFileError("import.error.unreadable")
    return RawTable(list(VCARD_HEADERS), rows, numbers, kind="vcf")


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines: folded lines (leading space) and quoted-printable soft breaks joined."""
    lines: list[tuple[int, str]] = []
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    qp_open = False
    for number, line in enumerate(physical, start=1):
        if lines and (qp_open or (line[:1] in (" ", "\t") and line.strip())):
            previous_number, previous = lines[-1]
            if qp_open:
                lines[-1] = (previous_number, previous[:-1] + line)
            else:
                lines[-1] = (previous_number, previous + line[1:])
        elif line.strip():
            lines.append((number, line))
        else:
            continue
        current = lines[-1][1]
        qp_open = "QUOTED-PRINTABLE" in current.split(":", 1)[0].upper() and current.endswith("=")
    return lines


def _vcard_lines(text: str):  # noqa: ANN202 - a generator of (line number, name, params, value)
    for number, line in _unfold(text):
        head, sep, value = line.partition(":")
        if not sep:
            continue
        parts = head.split(";")
        name = parts[0].split(".")[-1].upper()  # item1.EMAIL -> EMAIL
        params: dict[str, str] = {}
        types: list[str] = []
        for part in parts[1:]:
            key, eq, val = part.partition("=")
            if eq:
                params[key.upper()] = val
                if key.upper() == "TYPE":
                    types.extend(v.strip('"').upper() for v in val.split(","))
            else:
                types.append(key.upper())  # vCard 2.1: TEL;CELL;WORK
        params["TYPES"] = ",".join(types)
        if params.get("ENCODING", "").upper() in ("QUOTED-PRINTABLE", "QP") or "QUOTED-PRINTABLE" in types:
            raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
            value = _vcard_text(raw, params.get("CHARSET", "utf-8"))
        yield number, name, params, value


def _vcard_text(raw: bytes, charset: str) -> str:
    """A quoted-printable value in its declared charset; a charset Python does not know (or that does
    not fit) is tried as UTF-8, then as Windows-1252."""
    for encoding in (charset, "utf-8"):
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return _windows_text(raw)


def _unescape(value: str) -> str:
    return re.sub(r"\\([nN,;\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value).strip()


def _components(value: str) -> list[str]:
    return [_unescape(p) for p in re.split(r"(?<!\\);", value)]


def _vcard_property(card: dict[str, str], name: str, params: dict[str, str], value: str) -> None:
    types = params.get("TYPES", "")
    if name == "N":
        parts = _components(value) + [""] * 5
        card["Last Name"], card["First Name"] = parts[0], " ".join(p for p in (parts[1], parts[2]) if p)
        card["Civility"] = parts[3]
    elif name == "FN":
        card["Full Name"] = _unescape(value)
    elif name == "ORG":
        card["Company"] = _components(value)[0]
    elif name == "TITLE":
        card["Job Title"] = _unescape(value)
    elif name == "TEL":
        number = _unescape(value).removeprefix("tel:")
        slot = "Mobile" if "CELL" in types or "MOBILE" in types else "Phone"
        other = "Phone" if slot == "Mobile" else "Mobile"
        if not card.get(slot):
            card[slot] = number
        elif not card.get(other):
            card[other] = number
        else:
            _append_note(card, f"Tel: {number}")
    elif name == "EMAIL":
        if not card.get("Email"):
            card["Email"] = _unescape(value)
        else:
            _append_note(card, f"Email: {_unescape(value)}")
    elif name == "ADR" and not card.get("Address"):
        parts = _components(value) + [""] * 7
        card["Address"] = " ".join(p for p in (parts[0], parts[1], parts[2]) if p)
        card["City"], card["Postal Code"], card["Country"] = parts[3], parts[5], parts[6]
    elif name == "URL" and not card.get("Website"):
        card["Website"] = _unescape(value)
    elif name == "NOTE":
        _append_note(card, _unescape(value))
    elif name == "BDAY":
        day = _unescape(value)
        basic = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", day)
        card["Birthday"] = "-".join(basic.groups()) if basic else day


def _append_note(card: dict[str, str], text: str) -> None:
    card["Notes"] = "\n".join(p for p in (card.get("Notes", ""), text) if p)
