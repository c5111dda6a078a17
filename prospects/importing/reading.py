"""Reading a dropped file into a table of text: CSV/TXT/TSV of any usual shape, Excel, vCard and
JSON (an array of records, as our own export writes it).

Encodings are detected (UTF-8 with or without BOM, Windows-1252, Latin-1...), so is the
delimiter; lines above the header row (LinkedIn's notes, a sheet's title) are skipped and
counted. Every cell comes out as trimmed text; nothing is interpreted here.
"""

from __future__ import annotations

import csv
import io
import json
import quopri
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from charset_normalizer import from_bytes

from prospects.domain import at_the_door
from prospects.errors import ProspectsError
from prospects.exporting import unguard_formula
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


class ImportFileError(ProspectsError):
    """A file that cannot be read at all; nothing is written."""

    key = "import.error.unreadable"

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        super().__init__(None, **params)


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

    @property
    def delimiter_name(self) -> str | None:
        return DELIMITER_NAMES.get(self.delimiter or "")


def read_file(name: str, data: bytes) -> RawTable:
    """The table of a dropped file; ImportFileError when it cannot be read at all."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError("import.error.empty")
    lower = name.lower()
    if data[:4] == b"PK\x03\x04" or lower.endswith((".xlsx", ".xlsm")):
        table = read_xlsx(data)
    else:
        text, encoding = decode(data)
        if lower.endswith((".vcf", ".vcard")) or text.lstrip()[:11].upper() == "BEGIN:VCARD":
            table = read_vcard(text)
        elif lower.endswith(".json"):
            table = read_json(text)
        else:
            table = read_delimited(text)
        table.encoding = encoding
    if not table.rows:
        raise ImportFileError("import.error.no_rows")
    return table


# -- text files ------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the name of its encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="replace")), ENCODING_NAMES["utf_8_sig"]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16")), ENCODING_NAMES["utf_16"]
    if b"\x00" in data[:4096]:
        raise ImportFileError("import.error.binary")
    try:
        return _checked(data.decode("utf-8")), ENCODING_NAMES["utf_8"]
    except UnicodeDecodeError:
        pass
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
    return _checked(text), ENCODING_NAMES.get(encoding, encoding)


def _checked(text: str) -> str:
    """Refuse text that is really binary (control characters other than tabs and line ends)."""
    sample = text[:20_000]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.02:
        raise ImportFileError("import.error.binary")
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number of cells (quotes respected)."""
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
    return best


def read_delimited(text: str) -> RawTable:
    delimiter = sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise ImportFileError("import.error.unreadable") from exc
    cells = [_strip_cells(r) for r in records]
    table = _table_from_records(cells, kind="csv")
    table.delimiter = delimiter
    return table


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


def _table_from_records(records: list[list[str]], kind: str) -> RawTable:
    """Find the header row (the best-recognised row near the top), then the data rows below it."""
    header_index = find_header_row(records)
    if header_index is None:
        raise ImportFileError("import.error.no_rows" if len(records) <= 1 else "import.error.no_columns")
    headers = _unique_headers(records[header_index])
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
    headers = [headers[i] or f"#{i + 1}" for i in keep]
    if len(keep) < width:
        rows = [[r[i] for i in keep] for r in rows]
    return RawTable(headers, rows, numbers, kind=kind, skipped_above=header_index)


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


def read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError("import.error.unreadable") from exc
    try:
        sheets = []
        for sheet in workbook.worksheets:
            records = [[_excel_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            sheets.append(records)
    finally:
        workbook.close()
    records = max(sheets, key=lambda s: sum(1 for r in s if any(r)), default=[])
    table = _table_from_records(records, kind="xlsx")
    return table


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


def read_json(text: str) -> RawTable:
    """An array of flat records (or an object holding one): the union of their keys are the columns,
    in the order first met; each record is a row, numbered from 1."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ImportFileError("import.error.unreadable") from exc
    if isinstance(document, dict):  # {"prospects": [...]}
        document = next((v for v in document.values() if isinstance(v, list)), [document])
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise ImportFileError("import.error.unreadable")
    headers = list(dict.fromkeys(str(k) for record in document for k in record))
    if not headers:
        raise ImportFileError("import.error.no_rows")
    rows, numbers = [], []
    for number, record in enumerate(document, start=1):
        row = [_json_text(record.get(h)) for h in headers]
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


def read_vcard(text: str) -> RawTable:
    """Cards of a .vcf file (2.1, 3.0, 4.0) as rows under English headers the mapping knows."""
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
            charset = params.get("CHARSET", "utf-8")
            try:
                value = raw.decode(charset)
            except (UnicodeDecodeError, LookupError):
                value = raw.decode("cp1252", errors="replace")
        yield number, name, params, value


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
