"""Phone numbers: parse what people type and keep one international form (E.164)."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

DEFAULT_COUNTRY = "FR"
# Regions whose numbers a country's people dial as national numbers of their own (one numbering plan):
# from Paris, 06 93 45 00 02 is a Réunion mobile (+262 693 45 00 02), 05 90 … a Guadeloupe landline.
# The first region whose metadata holds the number valid gives it (the shared country codes make the
# choice among RE/YT or GP/BL/MF immaterial: the E.164 number is the same).
SAME_PLAN: dict[str, tuple[str, ...]] = {"FR": ("FR", "RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF")}


def plan_regions(country: str) -> tuple[str, ...]:
    """The regions a number written without its international code may be in, for a team in `country`."""
    return SAME_PLAN.get(country, (country,))


def normalise_phone(text: str | None, default_country: str | None = DEFAULT_COUNTRY) -> str | None:
    """Return the number in E.164 form (``+33612345678``), or None when `text` is blank.

    A number without a leading ``+`` or ``00`` is read as a number of `default_country`
    (an ISO 3166 code such as "FR"). Raises ValueError when the text is not a possible
    phone number, so callers can refuse it with a message next to the field.
    """
    if text is None:
        return None
    cleaned = str(text).strip()
    if not cleaned:
        return None
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    region = (default_country or DEFAULT_COUNTRY).upper()
    regions = (region,) if cleaned.startswith("+") else plan_regions(region)
    for place in regions:
        try:
            number = phonenumbers.parse(cleaned, place)
        except phonenumbers.NumberParseException as exc:
            raise ValueError(f"not a phone number: {text!r}") from exc
        if phonenumbers.is_possible_number(number) and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(f"not a valid phone number: {text!r}")


@lru_cache(maxsize=4096)
def display_phone(value: str | None, home_country: str | None = None) -> str:
    """The stored number (E.164) as people read it: national layout for the team's own country and the
    regions of its numbering plan (``06 12 34 56 78``, ``0693 45 00 02``), international otherwise
    (``+33 6 12 34 56 78``).

    Cached: a page lays out the same numbers on every run, and the layout depends on nothing else."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    national = home_country is not None and phonenumbers.region_code_for_number(number) in plan_regions(home_country.upper())
    layout = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, layout)


def phone_key(text: str | None, default_country: str | None = DEFAULT_COUNTRY) -> str | None:
    """A comparable form of a number for duplicate detection; None when blank or unreadable."""
    try:
        return normalise_phone(text, default_country)
    except ValueError:
        digits = "".join(ch for ch in str(text or "") if ch.isdigit())
        return digits or None
