"""One reading of a country as people write it, for the import's phones and the identity keys alike."""

from __future__ import annotations

import pytest

from prospects.domain.countries import country_code
from prospects.domain.identity import phone_region


@pytest.mark.parametrize(
    ("written", "code"),
    [("France", "FR"), ("Schweiz", "CH"), ("Royaume-Uni", "GB"), ("UK", "GB"), ("uk", "GB"), ("England", "GB"),
     ("USA", "US"), ("usa", "US"), ("États-Unis", "US"), ("La Réunion", "RE"), ("Pays-Bas", "NL"), ("Holland", "NL"),
     ("BE", "BE"), ("de", "DE"), ("  Deutschland. ", "DE")],
)
def test_a_country_column_is_read_the_same_way_everywhere(written: str, code: str) -> None:
    """The region a phone of the row is read in (import) and its identity key is computed in (any record)."""
    assert phone_region(written, "FR") == code


def test_a_text_that_names_no_country_falls_back_to_the_default() -> None:
    assert phone_region("Mars", "FR") == "FR" and phone_region("", "DE") == "DE" and phone_region("ZZ", "BE") == "BE"


def test_two_letters_alone_name_no_country_in_an_address() -> None:
    """At the end of an address, two capitals are a state ("IL 62704") more often than a country."""
    assert country_code("IL") is None and country_code("Israel") == "IL"
