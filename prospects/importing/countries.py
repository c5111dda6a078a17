"""The country an address ends with, read by the one reading of countries (`domain.countries`)."""

from __future__ import annotations

from prospects.domain.countries import country_code


def country_in_address(address: str | None) -> str | None:
    """The country an address ends with, as written ("12 Main St, Springfield, IL 62704, USA" -> "USA"):
    its last part after a comma or a line break, when that part names a country. Called for every row of
    a file: a couple of string searches, the name looked up once per distinct last part."""
    if not address:
        return None
    cut = max(address.rfind(","), address.rfind("\n"), address.rfind(";"))
    if cut <= 0 or not address[:cut].strip():
        return None
    last = address[cut + 1:].strip().strip(".").strip()
    return last if last and country_code(last) else None
