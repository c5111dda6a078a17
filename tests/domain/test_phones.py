"""Phone normalisation with the phonenumbers library."""

from __future__ import annotations

import pytest

from prospects.domain.phones import display_phone, normalise_phone, phone_key


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+49 30 1234567", "+49301234567"),
    ],
)
def test_normalise_phone_gives_e164(typed, expected):
    assert normalise_phone(typed, "FR") == expected


def test_normalise_phone_uses_default_country():
    assert normalise_phone("030 1234567", "DE") == "+49301234567"
    assert normalise_phone("020 7946 0958", "GB") == "+442079460958"


def test_blank_phone_is_none():
    assert normalise_phone("", "FR") is None
    assert normalise_phone("   ", "FR") is None
    assert normalise_phone(None, "FR") is None


@pytest.mark.parametrize("typed", ["abc", "12", "+33 1", "06 12"])
def test_invalid_phone_raises_value_error(typed):
    with pytest.raises(ValueError):
        normalise_phone(typed, "FR")


def test_display_phone_is_international_layout():
    assert display_phone("+33612345678") == "+33 6 12 34 56 78"
    assert display_phone("") == ""


def test_phone_key_matches_different_spellings():
    assert phone_key("06 12 34 56 78") == phone_key("+33612345678")
    assert phone_key("") is None


def test_display_phone_is_national_for_the_teams_own_country():
    assert display_phone("+33612345678", "FR") == "06 12 34 56 78"
    assert display_phone("+14155550123", "FR") == "+1 415-555-0123"
    assert display_phone("+14155550123", "us") == "(415) 555-0123"


def test_a_page_run_lays_out_a_number_it_already_showed_without_the_phone_library(monkeypatch):
    """The contacts page lays out the 50 numbers of its page on every run (each click): a number shown
    once is not parsed again (display_phone is a pure function of the stored number and the country)."""
    import phonenumbers

    first = display_phone("+33699887766", "FR")
    monkeypatch.setattr(phonenumbers, "parse", lambda *_args: pytest.fail("the number was parsed again"))
    assert display_phone("+33699887766", "FR") == first == "06 99 88 77 66"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06 93 45 00 02", "+262693450002"),  # a Réunion mobile, dialled from Paris as written
        ("02 62 58 90 17", "+262262589017"),  # a Réunion landline
        ("05 90 12 34 56", "+590590123456"),  # Guadeloupe
        ("06 96 12 34 56", "+596696123456"),  # Martinique
        ("05 94 10 12 34", "+594594101234"),  # French Guiana
        ("06 39 40 12 34", "+262639401234"),  # Mayotte
    ],
)
def test_a_french_overseas_number_written_the_french_way_is_read_in_its_department(typed, expected):
    """France's numbering plan includes its overseas departments: a team in France writes 06 93 … for a
    Réunion mobile as for any French number, and the number is +262 693 …, not refused."""
    assert normalise_phone(typed, "FR") == expected
    assert phone_key(typed, "FR") == expected


def test_an_overseas_number_is_shown_as_a_french_team_dials_it():
    assert display_phone("+262693450002", "FR") == "0693 45 00 02"
    assert display_phone("+590590123456", "FR") == "0590 12 34 56"
    assert display_phone("+262693450002", "DE") == "+262 693 45 00 02"


def test_a_number_no_french_department_has_is_still_refused():
    for typed in ("07 00 00 00 00", "06 93 45 00"):
        with pytest.raises(ValueError):
            normalise_phone(typed, "FR")
