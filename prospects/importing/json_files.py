"""JSON files: an array of flat records (or an object holding one), as our own export writes it."""

from __future__ import annotations

import json

from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.sheets import excel_text
from prospects.importing.tables import RawTable, unique_headers


def read_json(text: str, limits: Limits) -> RawTable:
    """An array of flat records (or an object holding one): the union of their keys are the columns,
    in the order first met; each record is a row, numbered from 1."""
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
    return RawTable(unique_headers(headers), rows, numbers, kind="json")


def _json_text(value: object) -> str:
    if isinstance(value, list):
        return "|".join(_json_text(v) for v in value)  # as the export writes categories
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return excel_text(value)  # None, booleans, numbers and text as a spreadsheet cell gives them
