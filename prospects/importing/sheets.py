"""Excel workbooks (.xlsx, .xlsm): the fullest sheet, a zip bomb refused before anything is built,
a formula saved without its value read as its text, guarded."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time

from prospects.domain import at_the_door
from prospects.domain.formulas import guard_formula
from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.tables import RawTable, table_from_records

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s/>]")


def read_xlsx(data: bytes, limits: Limits) -> RawTable:
    """The fullest sheet of a workbook. Its members are unpacked and measured first (a bomb is
    refused before openpyxl builds anything), then read in read-only mode, row by row, within the
    limits. A formula saved without its computed value comes in as its text, guarded."""
    has_formulas = _checked_zip(data, limits)
    try:
        sheets = _xlsx_sheets(data, limits, has_formulas)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of openpyxl's parser on a damaged sheet
        raise ImportFileError("import.error.sheet_broken") from exc
    records, warnings = max(sheets, key=lambda s: sum(1 for r in s[0] if any(r)), default=([], {}))
    return table_from_records(records, kind="xlsx", warnings=warnings)


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
