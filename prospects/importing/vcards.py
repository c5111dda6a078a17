"""vCard files (2.1, 3.0, 4.0): each card a row under English headers the column mapping knows."""

from __future__ import annotations

import quopri
import re

from prospects.domain import at_the_door
from prospects.importing.decoding import windows_text
from prospects.importing.limits import ImportFileError, Limits
from prospects.importing.tables import RawTable

VCARD_HEADERS = [
    "Civility", "Last Name", "First Name", "Full Name", "Company", "Job Title", "Phone", "Mobile", "Email",
    "Address", "Postal Code", "City", "Country", "Website", "Notes", "Birthday", "Reference",
]


def read_vcard(text: str, limits: Limits) -> RawTable:
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
    return windows_text(raw)


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
    elif name == "UID":  # the card's stable identifier: the same card imported again is the same person
        card["Reference"] = _unescape(value)
    elif name == "BDAY":
        day = _unescape(value)
        basic = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", day)
        card["Birthday"] = "-".join(basic.groups()) if basic else day


def _append_note(card: dict[str, str], text: str) -> None:
    card["Notes"] = "\n".join(p for p in (card.get("Notes", ""), text) if p)
