"""Export of prospects to CSV, Excel and JSON, with every field and no cell a spreadsheet would run.

Columns carry the canonical snake_case names of the specification; the stage is its name,
the owner and authors their initials, categories their labels joined by "|", custom fields
a column each named by their label, and dates are ISO. What is exported imports back unchanged.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from prospects.domain import FieldType, ProspectQuery
from prospects.domain.formulas import FORMULA_TRIGGERS, guard_formula, unguard_formula  # noqa: F401 (re-exported)
from prospects.errors import ExportOntoDatabaseError, ExportTargetExistsError, ExportTargetUnwritableError
from prospects.store import Store

# Fields of the spec, in export order (custom fields follow `categories`).
EXPORT_FIELDS = (
    "id", "civility", "last_name", "first_name", "is_company", "company", "status", "stage",
    "project_summary", "channel", "direct_approach", "owner", "campaign", "interest", "project_due",
    "expected_revenue", "rating", "project_notes", "prospect_notes", "closed_on", "loss_reason",
    "address", "postal_code", "city", "country", "door_info", "phone", "mobile", "email", "birth_date",
    "website", "external_ref", "sector", "client_type", "job_title", "categories",
)
SYSTEM_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")
DATE_FIELDS = ("project_due", "closed_on", "birth_date")
DATETIME_FIELDS = ("created_at", "updated_at")
INTEGER_FIELDS = ("id", "interest", "rating")


def export_frame(store: Store, query: ProspectQuery | None = None) -> pd.DataFrame:
    """Every field of the prospects matching `query` (all when None), one row each, ordered by id."""
    frame = store.exports.prospects_frame(query)
    for name in DATE_FIELDS:
        frame[name] = pd.Series([_iso_date(v) for v in frame[name]], dtype=object)
    for name in DATETIME_FIELDS:
        frame[name] = pd.Series([_iso_datetime(v) for v in frame[name]], dtype=object)
    for name in INTEGER_FIELDS:
        frame[name] = frame[name].astype("Int64")
    frame["expected_revenue"] = pd.Series([_number(v) for v in frame["expected_revenue"]], dtype=object)
    frame = frame.astype({"is_company": bool, "direct_approach": bool})
    custom = _custom_columns(store, frame["id"].tolist())
    ordered = frame[list(EXPORT_FIELDS)]
    return pd.concat([ordered, custom, frame[list(SYSTEM_FIELDS)]], axis=1)


def _custom_columns(store: Store, ids: list[int]) -> pd.DataFrame:
    fields = store.custom_fields.list(active_only=False)
    columns: dict[str, list[Any]] = {f.label: [None] * len(ids) for f in fields}
    if fields and ids:
        position = {pid: i for i, pid in enumerate(ids)}
        labels = {f.id: f.label for f in fields}
        values = store.exports.custom_values_frame(ids)
        source = {"text": "value_text", "number": "value_number", "date": "value_date", "boolean": "value_bool"}
        for row in values.itertuples(index=False):
            value = getattr(row, source[row.type])
            if row.type == FieldType.DATE:
                value = _iso_date(value)
            elif row.type == FieldType.NUMBER:
                value = _number(value)
            elif row.type == FieldType.BOOLEAN:
                value = None if _missing(value) else bool(value)
            columns[labels[row.field_id]][position[row.prospect_id]] = value
    return pd.DataFrame(columns, index=range(len(ids)), dtype=object)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _iso_date(value: Any) -> str | None:
    """A date as yyyy-mm-dd (DuckDB DATE values may arrive as midnight timestamps)."""
    if _missing(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _iso_datetime(value: Any) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return _iso_date(value)


def _number(value: Any) -> float | int | None:
    if _missing(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


# -- cells ---------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A value as the text of a CSV cell: empty for nothing, true/false, numbers without a spurious .0."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (date, datetime)):
        return _iso_datetime(value) or ""
    return str(value)


# -- formats -------------------------------------------------------------------


def to_csv_bytes(frame: pd.DataFrame, delimiter: str = ",") -> bytes:
    """CSV in UTF-8 with a BOM (so Excel reads the accents), CRLF lines, formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([guard_formula(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([guard_formula(cell_text(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """An Excel workbook; text cells are stored as text, never as formulas."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "prospects"
    sheet.append([_xlsx_value(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_value(v) for v in row])
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl turns any string starting with "=" into a formula: keep it a string
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_TRIGGERS):
                    cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return xlsx_text(str(value))


def xlsx_text(text: str) -> str:
    """Text an Excel cell can hold: the control characters the file format forbids (NUL, vertical tab...)
    removed, as openpyxl documents (`ILLEGAL_CHARACTERS_RE`); tab, newline and spaces stay.

    An older base may hold such characters (they used to be accepted on import); one of them must not
    make the whole workbook fail. CSV and JSON keep them: those formats carry them back unchanged.
    """
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def to_json_text(frame: pd.DataFrame) -> str:
    """A JSON array of prospects keyed by the field names."""
    records = [
        {str(k): _json_value(v) for k, v in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]
    return json.dumps(records, ensure_ascii=False, indent=1)


def _json_value(value: Any) -> Any:
    if _missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime)):
        return _iso_datetime(value)
    return str(value)


# -- files -----------------------------------------------------------------------


def write_export(target: Path, payload: bytes, database: Path, force: bool = False) -> None:
    """Write an export file, never over the database and never over an existing file unless `force`.

    The bytes go to a hidden file beside the target, then are renamed onto it: a crash or a full disk
    never leaves half an export, nor destroys the file being replaced.
    """
    if _is_database(target, database):
        raise ExportOntoDatabaseError(path=target)
    if target.is_dir():
        raise ExportTargetUnwritableError(path=target)
    if (target.exists() or target.is_symlink()) and not force:
        raise ExportTargetExistsError(path=target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(partial, "xb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # nothing was created when the folder is not there
            partial.unlink()
        raise ExportTargetUnwritableError(path=target) from exc


def _is_database(target: Path, database: Path) -> bool:
    """Whether `target` is the database file or its journal, however spelled (relative, link, hard link)."""
    for protected in (database, database.with_name(database.name + ".wal")):
        if target.resolve() == protected.resolve():
            return True
        try:
            if os.path.samefile(target, protected):
                return True
        except OSError:  # one of them does not exist: then they are not the same file
            continue
    return False
