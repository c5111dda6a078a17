"""Small bad files, made at test time, that a careless or hostile user could drop on the import.

Each case says what the import must do with it: refuse it with one sentence (exit 2, nothing
written) or import what it can (exit 0) with the bad rows rejected or warned about. Run it as a
script to write the files into a folder: `python -m tests.hostile.make_files OUT_DIR`.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

# Limits lowered by configuration so that a bomb small enough for the suite is still over them.
SMALL_LIMITS = {"PROSPECTS_IMPORT_MAX_BYTES": "2000000"}


@dataclass(frozen=True)
class Case:
    """A bad file and what the import must make of it."""

    file_name: str
    make: Callable[[], bytes]
    refused: str | None = None  # the catalog key of the sentence when the whole file is refused
    created: int = 0  # rows created when it is not refused
    rejected: int = 0
    warned: int = 0  # rows carrying a warning
    expect_in_base: tuple[str, ...] = ()  # last names the base must hold afterwards
    env: dict[str, str] = field(default_factory=dict)


# -- text files ------------------------------------------------------------------

HEADER = "Nom,Prénom,Société,Ville,Email\n"


def mixed_encoding() -> bytes:
    """2,001 UTF-8 rows full of accents, one of them typed in Windows-1252 (é as one byte 0xE9)."""
    lines = [HEADER.encode()]
    for i in range(2001):
        line = f"Lefèvre{i},Hélène,Société Générale,Orléans,h{i}@example.fr\n".encode()
        if i == 1000:
            line = f"Lefèvre{i},Hélène,Société Générale,Orléans,h{i}@example.fr\n".encode("cp1252")
        lines.append(line)
    return b"".join(lines)


def mixed_small() -> bytes:
    return (HEADER + "Lefèvre,Hélène,Crédit,Nîmes,a@example.fr\n").encode() + \
        "Bérard,Zoé,Café du Port,Sète,b@example.fr\n".encode("cp1252") + \
        "Müller,Jürgen,Straße,Köln,c@example.fr\n".encode()


def unclosed_quote() -> bytes:
    return (HEADER + 'Martin,Paul,"Acme,Lyon,p@example.fr\n'
            + "Durand,Anne,Beta,Paris,a@example.fr\nPetit,Luc,Gamma,Lille,l@example.fr\n"
            + "Roux,Eva,Delta,Nice,e@example.fr\n").encode()


def odd_utf16() -> bytes:
    return "Nom,Email\nDurand,a@example.fr\n".encode("utf-16") + b"\x41"


def wide_csv() -> bytes:
    header = ",".join(["Nom", "Email"] + [f"c{i}" for i in range(10_000)])
    row = ",".join(["Durand", "a@example.fr"] + ["x"] * 10_000)
    return f"{header}\n{row}\n".encode()


def many_rows_csv() -> bytes:
    return ("Nom,Email\n" + "D,a\n" * 200_001).encode()


def binary() -> bytes:
    return bytes(range(256)) * 8


def control_characters() -> bytes:
    return ("Nom,Notes\n" + "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 50 + ",x\n").encode()


def one_control_character() -> bytes:
    return ("Nom,Email,Notes\nDurand,anne.durand@example.fr,Vue au salon de Lyon\x0bà rappeler\n"
            "Petit,luc.petit@example.fr,Intéressé par la gamme pro\n").encode()


def nested_json() -> bytes:
    return ("[" * 100_000 + "]" * 100_000).encode()


def nested_json_object() -> bytes:
    return ('{"a":' * 50_000 + "1" + "}" * 50_000).encode()


def vcard_unknown_charset() -> bytes:
    return (b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
            b"N;CHARSET=X-MAC-UNKNOWN;ENCODING=QUOTED-PRINTABLE:Lef=C3=A8vre;H=C3=A9l=C3=A8ne\r\n"
            b"ORG;CHARSET=X-UNKNOWN;ENCODING=QUOTED-PRINTABLE:Caf=E9 du Port\r\n"
            b"EMAIL:h@example.fr\r\nEND:VCARD\r\n")


# -- Excel -----------------------------------------------------------------------


def _workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_member(data: bytes, member: str, content: bytes, declared: int | None = None) -> bytes:
    """The workbook with one member's content replaced (and, for a lying zip, its size misdeclared)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info.filename))
    result = out.getvalue()
    if declared is not None:  # patch the uncompressed size in the local and central headers
        result = _patch_sizes(result, member.encode(), len(content), declared)
    return result


def _patch_sizes(data: bytes, name: bytes, real: int, declared: int) -> bytes:
    real_bytes, fake = real.to_bytes(4, "little"), declared.to_bytes(4, "little")
    buffer = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := buffer.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if buffer[name_at:name_at + len(name)] == name and buffer[start + offset:start + offset + 4] == real_bytes:
                buffer[start + offset:start + offset + 4] = fake
            start += 4
    return bytes(buffer)


SHEET = "xl/worksheets/sheet1.xml"
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(rows: str, dimension: str = "A1:B2") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><dimension ref="{dimension}"/>'
            f"<sheetData>{rows}</sheetData></worksheet>").encode()


def _inline_row(number: int, *values: str) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def zip_bomb() -> bytes:
    """A sheet of about 3 MB of XML in a few kilobytes: over the (lowered) uncompressed limit."""
    return _replace_member(_workbook_bytes([["x"]]), SHEET, _sheet(_bomb_rows()))


def _bomb_rows() -> str:
    junk = '<row><c t="inlineStr"><is><t>Junk</t></is></c><c t="inlineStr"><is><t>j@x.fr</t></is></c></row>'
    return _inline_row(1, "Nom", "Email") + junk * 40_000


def lying_zip() -> bytes:
    """The same bomb declaring a tiny uncompressed size."""
    sheet = _sheet(_bomb_rows())
    return _replace_member(_workbook_bytes([["x"]]), SHEET, sheet, declared=1000)


def many_rows_xlsx() -> bytes:
    """200,001 one-cell rows (well under the byte limit): the 1,000,000 junk prospects case, smaller."""
    rows = _inline_row(1, "Nom") + '<row><c t="inlineStr"><is><t>J</t></is></c></row>' * 200_001
    return _replace_member(_workbook_bytes([["x"]]), SHEET, _sheet(rows, "A1:A200002"))


def lying_dimension() -> bytes:
    """Two real rows in a sheet that claims to span the whole grid: read quickly, imported."""
    rows = _inline_row(1, "Nom", "Email") + _inline_row(2, "Durand", "a@example.fr")
    return _replace_member(_workbook_bytes([["x"]]), SHEET, _sheet(rows, "A1:XFD1048576"))


def broken_sheet() -> bytes:
    return _replace_member(_workbook_bytes([["Nom", "Email"], ["Durand", "a@example.fr"]]), SHEET,
                           _sheet(_inline_row(1, "Nom", "Email"))[:-40])


def formulas_without_cache() -> bytes:
    """Formulas as openpyxl saves them: no cached value, so a reader asking for values gets nothing."""
    return _workbook_bytes([["Nom", "Prénom", "Société", "Email"],
                            ['="Du"&"rand"', "Anne", "=UPPER(\"acme\")", "a@example.fr"],
                            ["Petit", "Luc", "Gamma", "l@example.fr"]])


def not_a_zip() -> bytes:
    return b"PK\x03\x04" + b"\x00garbage" * 100


CASES: dict[str, Case] = {
    "mixed_encoding": Case("mixed-encoding.csv", mixed_encoding, created=2001, warned=1,
                           expect_in_base=("Lefèvre0", "Lefèvre1000", "Lefèvre2000")),
    "mixed_small": Case("mixed-small.csv", mixed_small, created=3, warned=1, expect_in_base=("Lefèvre", "Bérard", "Müller")),
    "unclosed_quote": Case("unclosed-quote.csv", unclosed_quote, created=3, rejected=1,
                           expect_in_base=("Durand", "Petit", "Roux")),
    "formulas": Case("formulas.xlsx", formulas_without_cache, created=2, warned=1, expect_in_base=("'=\"Du\"&\"rand\"", "Petit")),
    "vcard_charset": Case("unknown-charset.vcf", vcard_unknown_charset, created=1, expect_in_base=("Lefèvre",)),
    "one_control": Case("one-control.csv", one_control_character, created=2, expect_in_base=("Durand", "Petit")),
    "lying_dimension": Case("lying-dimension.xlsx", lying_dimension, created=1, expect_in_base=("Durand",)),
    "zip_bomb": Case("bomb.xlsx", zip_bomb, refused="import.error.too_large", env=SMALL_LIMITS),
    "lying_zip": Case("lying-bomb.xlsx", lying_zip, refused="import.error.sheet_broken"),
    "many_rows_xlsx": Case("many-rows.xlsx", many_rows_xlsx, refused="import.error.too_many_rows"),
    "many_rows_csv": Case("many-rows.csv", many_rows_csv, refused="import.error.too_many_rows"),
    "wide_csv": Case("wide.csv", wide_csv, refused="import.error.too_many_columns"),
    "broken_sheet": Case("broken-sheet.xlsx", broken_sheet, refused="import.error.sheet_broken"),
    "not_a_zip": Case("not-a-zip.xlsx", not_a_zip, refused="import.error.unreadable"),
    "odd_utf16": Case("odd-utf16.csv", odd_utf16, refused="import.error.truncated"),
    "nested_json": Case("nested.json", nested_json, refused="import.error.json_shape"),
    "nested_json_object": Case("nested-object.json", nested_json_object, refused="import.error.json_shape"),
    "binary": Case("binary.csv", binary, refused="import.error.binary"),
    "control_characters": Case("controls.csv", control_characters, refused="import.error.binary"),
    "empty": Case("empty.csv", lambda: b"", refused="import.error.empty"),
    "blank": Case("blank.csv", lambda: b"\r\n \n\t\n", refused="import.error.empty"),
    "header_only": Case("header-only.csv", lambda: HEADER.encode(), refused="import.error.no_rows"),
    "json_scalar": Case("scalar.json", lambda: json.dumps(42).encode(), refused="import.error.json_shape"),
}


def write_all(folder: Path) -> list[Path]:
    """Write every case's file into `folder` (for trying them by hand on the page)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES.values():
        path = folder / case.file_name
        path.write_bytes(case.make())
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")):
        print(written)
