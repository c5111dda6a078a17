"""Reading a dropped file into a table of text: CSV/TXT/TSV of any usual shape, Excel, vCard and
JSON (an array of records, as our own export writes it).

Encodings are detected (UTF-8 with or without BOM, Windows-1252, Latin-1...; per line where a
file mixes UTF-8 and Windows-1252), so is the delimiter; lines above the header row (LinkedIn's
notes, a sheet's title) are skipped and counted. Every cell comes out as trimmed text; nothing is
interpreted here.

A dropped file may be hostile: its unpacked size, rows and columns are counted while it is read,
and the file is refused before anything is built past a limit (`Limits`).

This module picks the reader by the file's name and first bytes; each kind is read by its own
module: `decoding` (bytes to text), `delimited` (CSV/TXT/TSV), `sheets` (Excel), `json_files`,
`vcards`, all into a `tables.RawTable`.
"""

from __future__ import annotations

from prospects.importing.decoding import decode
from prospects.importing.delimited import read_delimited
from prospects.importing.json_files import read_json
from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.sheets import read_xlsx
from prospects.importing.tables import RawTable
from prospects.importing.vcards import read_vcard

_NOTHING = b" \t\r\n\x00\xef\xbb\xbf"  # the bytes of a file that holds nothing (blanks, NULs, a BOM)


def read_file(name: str, data: bytes) -> RawTable:
    """The table of a dropped file; ImportFileError when it cannot be read at all."""
    if not data or not (data[:4096].strip(_NOTHING) or data.strip(_NOTHING)):  # the start says it, without a copy
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
