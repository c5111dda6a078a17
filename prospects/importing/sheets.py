"""Excel workbooks (.xlsx, .xlsm): the fullest sheet, a zip bomb refused before anything is built,
a formula saved without its value read as its text, guarded.

Two readers give the same table. python-calamine (Rust) reads the ordinary workbook, some fifty
times faster than openpyxl; openpyxl reads what calamine would read differently, decided before
either builds anything: a formula (calamine cannot give its text), an error cell such as #N/A
(calamine reads it as empty), a typed date cell, an escaped character (`_x000D_`, which calamine
decodes and openpyxl keeps), phonetic text, a negative number, a workbook whose parts are not where
calamine looks or that openpyxl would refuse on opening, one near the row limit.
A workbook calamine fails on is read again by openpyxl, whose answer (a table or a refusal) is the
one the import has always given. tests/importing/test_sheets_calamine.py proves the two agree."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from xml.etree import ElementTree

from prospects.domain import at_the_door
from prospects.domain.formulas import guard_formula
from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.tables import RawTable, table_from_records

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")
# What calamine reads otherwise than openpyxl: an error or ISO-date cell, an escaped character, phonetic
# text, a negative number (as a date, openpyxl counts back from 1899-12-30, calamine reads a time).
_ODD_TEXT = re.compile(rb"""\bt=["'][ed]["']|_x[0-9A-Fa-f]{4}_|<(?:\w+:)?rPh[\s>]|<(?:\w+:)?v>-""")
_ODD_MARKS = (b"t=\"e", b"t='e", b"t=\"d", b"t='d", b"_x", b"rPh", b"v>-")  # one is in any text _ODD_TEXT finds
_FORMULA_MARKS = (b"<f", b":f")  # likewise for _FORMULA_TAG
_ROW_TAG = re.compile(rb"<(?:\w+:)?row(?=[\s>/])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_LAST_ROW_SPAN = 1 << 16  # the end of a sheet's XML in which its last row element is looked for
_UNKNOWN_ROWS = 1 << 62
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK_PART = "/xl/workbook.xml"  # where calamine reads the workbook; openpyxl follows the content types
_WORKBOOK_TYPES = (  # openpyxl's order of search for the workbook part
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)


@dataclass(frozen=True)
class Contents:
    """What the pre-check saw in a workbook's members."""

    formulas: bool  # a sheet holds a formula
    plain: bool  # calamine reads it as openpyxl does (no formula, no odd cell or text, the usual parts)


def read_xlsx(data: bytes, limits: Limits) -> RawTable:
    """The fullest sheet of a workbook. Its members are unpacked and measured first (a bomb is
    refused before any parser builds anything), then read within the limits, by calamine when it
    reads the workbook as openpyxl does, else by openpyxl in read-only mode, row by row. A formula
    saved without its computed value comes in as its text, guarded."""
    contents = _checked_zip(data, limits)
    titles = _openpyxl_opening(data) if contents.plain else None
    sheets = _calamine_sheets(data, limits, titles) if titles is not None else None
    if sheets is not None:
        try:
            return _fullest(sheets)
        except ImportFileError:
            pass  # no header: which refusal depends on the empty rows at the end, which only openpyxl counts
    return _fullest(openpyxl_sheets(data, limits, contents.formulas))


def _fullest(sheets: list[Sheet]) -> RawTable:
    records, warnings = max(sheets, key=lambda s: sum(1 for r in s[0] if any(r)), default=([], {}))
    return table_from_records(records, kind="xlsx", warnings=warnings)


def _checked_zip(data: bytes, limits: Limits) -> Contents:
    """Refuse a workbook whose members unpack past the byte limit, by their declared sizes and then
    by the bytes they really give (a header may lie); whether a sheet holds any formula, and whether
    calamine reads the workbook as openpyxl does."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        limits.check_bytes(sum(m.file_size for m in members))
        total, formulas, odd, types, rows = 0, False, False, b"", 0
        for member in members:
            sheet = member.filename.startswith("xl/worksheets/")
            texts = sheet or "sharedstrings" in member.filename.lower()
            last = b"" if sheet and member.filename.endswith(".xml") else None  # the sheet's end
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(1 << 20):
                    total += len(chunk)
                    limits.check_bytes(total)
                    seen = tail + chunk
                    if not formulas and sheet and any(mark in seen for mark in _FORMULA_MARKS):
                        formulas = _FORMULA_TAG.search(seen) is not None
                    if not odd and texts and any(mark in seen for mark in _ODD_MARKS):
                        odd = _ODD_TEXT.search(seen) is not None
                    if member.filename == _CONTENT_TYPES:
                        types += chunk
                    if last is not None:
                        last = (last + chunk)[-_LAST_ROW_SPAN:]
                    tail = chunk[-16:]
            if last is not None:
                rows += _last_row_number(last, member.file_size <= _LAST_ROW_SPAN)
    except ImportFileError:
        raise
    except zipfile.BadZipFile as exc:
        raise ImportFileError("import.error.unreadable" if not _zip_opens(data) else "import.error.sheet_broken") from exc
    except (zlib.error, EOFError, OSError, NotImplementedError, ValueError, RuntimeError) as exc:
        raise ImportFileError("import.error.sheet_broken") from exc
    # openpyxl counts every row up to the last one written, even with nothing in it; calamine stops at
    # the last value. Past the row limit by openpyxl's count, openpyxl refuses the workbook as before.
    plain = not formulas and not odd and rows <= limits.max_rows and _workbook_part(types) == _WORKBOOK_PART
    return Contents(formulas, plain)


def _last_row_number(end: bytes, whole: bool) -> int:
    """How many rows openpyxl yields for a sheet, from the end of its XML: up to the number of the
    last row element, even when nothing is in it (rows come in order, each saying its number).
    Past the row limit when it cannot be told (no number, or a last row longer than the span),
    so that openpyxl reads the workbook."""
    tags = list(_ROW_TAG.finditer(end))
    if not tags:
        return 0 if whole else _UNKNOWN_ROWS
    number = _ROW_NUMBER.search(tags[-1].group(1))
    return int(number.group(1)) if number else _UNKNOWN_ROWS


def _workbook_part(types: bytes) -> str | None:
    """The workbook part openpyxl reads, by the content types (None when they cannot be read)."""
    try:
        root = ElementTree.fromstring(types)
    except ElementTree.ParseError:
        return None
    parts = {e.get("ContentType"): e.get("PartName") for e in reversed(root) if e.tag.endswith("Override")}
    return next((parts[t] for t in _WORKBOOK_TYPES if t in parts), None)


def _zip_opens(data: bytes) -> bool:
    try:
        zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return True


Sheet = tuple[list[list[str]], dict[int, list[tuple[str, dict[str, object]]]]]


def _openpyxl_opening(data: bytes) -> list[str] | None:
    """The worksheets openpyxl would read, by title, after every step of its opening of a workbook
    (openpyxl's ExcelReader.read, step by step) but the two long ones calamine does itself: the
    shared strings, and the measuring of each sheet. None when openpyxl would refuse the workbook
    there: it is then openpyxl's to read, and to refuse as it always has."""
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Unmeasured(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            """Not measured: openpyxl's reading calls reset_dimensions anyway."""

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_workbook()
        reader.read_properties()
        reader.read_custom()
        reader.read_theme()
        apply_stylesheet(reader.archive, reader.wb)
        for sheet, rel in reader.parser.find_sheets():  # as ExcelReader.read_worksheets in read-only mode
            if rel.target not in reader.valid_files:
                continue
            if "chartsheet" in rel.Type:
                reader.read_chartsheet(sheet, rel)
                continue
            if get_rels_path(rel.target) in reader.valid_files:
                get_dependents(reader.archive, get_rels_path(rel.target))
            worksheet = Unmeasured(reader.wb, sheet.name, rel.target, [])
            worksheet.sheet_state = sheet.state
            reader.wb._sheets.append(worksheet)
        reader.parser.assign_names()
        return [worksheet.title for worksheet in reader.wb.worksheets]
    except Exception:  # noqa: BLE001 - any failure is openpyxl's to name
        return None


def _calamine_sheets(data: bytes, limits: Limits, titles: list[str]) -> list[Sheet] | None:
    """Each worksheet's records read by calamine, from cell A1; None when calamine cannot read the
    workbook or sees other worksheets than openpyxl (openpyxl then reads it, as it always has)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - any failure is openpyxl's to name
        return None
    try:
        worksheets = [i for i, about in enumerate(workbook.sheets_metadata) if about.typ == SheetTypeEnum.WorkSheet]
        if [workbook.sheet_names[i] for i in worksheets] != titles:
            return None
        sheets, count = [], 0
        for index in worksheets:
            sheet = workbook.get_sheet_by_index(index)
            end = sheet.end
            height = end[0] + 1 if end else 0  # rows from the first, to the last holding a value
            # Past the row limit, only the rows up to the one refused are made (its columns checked first).
            nrows = min(height, limits.max_rows - count + 1)
            rows = sheet.to_python(skip_empty_area=False, nrows=nrows) if nrows > 0 else []
            records: list[list[str]] = []
            for values in rows:
                count += 1
                limits.check_rows(count)
                last = len(values)
                while last and values[last - 1] == "":
                    last -= 1
                limits.check_columns(last, len(records) + 1)
                records.append([excel_text(v) for v in values[:last]])
            sheets.append((records, {}))
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - as above
        return None
    finally:
        workbook.close()
    return sheets


def openpyxl_sheets(data: bytes, limits: Limits, has_formulas: bool) -> list[Sheet]:
    """Each sheet's records read by openpyxl, and the warnings by record index (formulas read as
    text); a sheet openpyxl fails on refused as broken."""
    try:
        return _openpyxl_sheets(data, limits, has_formulas)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of openpyxl's parser on a damaged sheet
        raise ImportFileError("import.error.sheet_broken") from exc


def _openpyxl_sheets(data: bytes, limits: Limits, has_formulas: bool) -> list[Sheet]:
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
                record = [excel_text(v) for v in _trimmed(values, limits, len(records) + 1)]
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


def excel_text(value: object) -> str:
    if type(value) is str:  # the usual cell first
        return at_the_door(value) or ""
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
    return at_the_door(str(value)) or ""  # whitespace kept for the field's own rule (see delimited._strip_cells)
