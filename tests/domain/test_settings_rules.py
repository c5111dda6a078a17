"""Rules of the Settings: names, initials, probabilities, categories, custom field types, default lists."""

from __future__ import annotations

from datetime import date

import pytest

from prospects.domain import Choice, CustomField, FieldType, Stage, User
from prospects.domain import settings_rules as rules
from prospects.errors import ValidationError


def keys(errors):
    return [(e.field, e.key) for e in errors]


def test_a_name_is_required():
    assert keys(rules.check_name("  ", [])) == [("name", "settings.error.name_missing")]


def test_duplicate_names_ignore_case_and_accents():
    errors = rules.check_name("qualifie", ["Qualifié", "New"])
    assert keys(errors) == [("name", "settings.error.name_duplicate")]
    assert "qualifie" in errors[0].message
    assert rules.check_name("Qualified", ["Qualifié"]) == []


def test_a_stage_keeps_its_own_name_on_save():
    stage = Stage(1, "New", 1, 10)
    assert rules.check_stage(stage, [stage, Stage(2, "Won over", 2, 50)]) == []


def test_stage_probability_and_stale_days_are_checked():
    errors = rules.check_stage(Stage(None, "Pilot", 1, 120, 0), [])
    assert keys(errors) == [
        ("probability", "settings.error.probability_range"),
        ("stale_after_days", "settings.error.stale_days_positive"),
    ]
    assert rules.check_stage(Stage(None, "Pilot", 1, 0, 1), []) == []
    assert rules.check_stage(Stage(None, "Pilot", 1, 100, 1), []) == []


def test_choices_are_unique_within_their_own_list_only():
    others = [Choice(1, "channel", "Website", 1), Choice(2, "sector", "Retail", 1)]
    assert rules.check_choice(Choice(None, "sector", "website", 2), others) == []
    assert keys(rules.check_choice(Choice(None, "channel", "WEBSITE", 2), others)) == [
        ("name", "settings.error.name_duplicate")
    ]


def test_initials_are_unique_and_say_whose_they_are():
    others = [User(1, "Etienne Neuville", "EN")]
    errors = rules.check_user(User(None, "Eva Nilsson", "en"), others)
    assert keys(errors) == [("initials", "settings.error.initials_duplicate")]
    assert "Etienne Neuville" in errors[0].message


def test_a_user_needs_name_initials_and_a_valid_email():
    errors = rules.check_user(User(None, "", "", "not-an-email"), [User(1, "A B", "AB")])
    assert keys(errors) == [
        ("full_name", "settings.error.name_missing"),
        ("initials", "settings.error.initials_missing"),
        ("email", "error.email_invalid"),
    ]


def test_the_last_active_user_cannot_be_deactivated():
    me = User(1, "Etienne Neuville", "EN")
    assert keys(rules.check_user(User(1, "Etienne Neuville", "EN", active=False), [me])) == [
        ("active", "settings.error.last_active_user")
    ]
    assert rules.check_user(User(1, "Etienne Neuville", "EN", active=False), [me, User(2, "Sophie Martin", "SM")]) == []


def test_at_most_twenty_distinct_categories():
    assert rules.check_categories({i: f"Label {i}" for i in range(1, 21)}) == []
    assert keys(rules.check_categories({21: "One too many"})) == [("categories", "settings.error.too_many_categories")]
    assert keys(rules.check_categories({1: "VIP", 2: "vip", 3: ""})) == [("category_2", "settings.error.name_duplicate")]


def test_custom_field_labels_are_unique():
    others = [CustomField(1, "Truck brand", FieldType.TEXT, 1)]
    assert keys(rules.check_custom_field(CustomField(None, "truck BRAND", FieldType.NUMBER, 2), others)) == [
        ("label", "settings.error.name_duplicate")
    ]


def test_general_settings_are_known_codes():
    assert rules.check_general({"currency": "CHF", "default_country": "BE", "language": "fr"}) == []
    assert [e.field for e in rules.check_general({"currency": "EURO", "default_country": "XX", "language": "de"})] == [
        "currency",
        "default_country",
        "language",
    ]


@pytest.mark.parametrize(
    ("values", "old", "new", "expected"),
    [
        (["22", "3,5"], FieldType.TEXT, FieldType.NUMBER, [22.0, 3.5]),
        ([22.0, 3.5], FieldType.NUMBER, FieldType.TEXT, ["22", "3.5"]),
        (["2026-03-01", "15/04/2026"], FieldType.TEXT, FieldType.DATE, [date(2026, 3, 1), date(2026, 4, 15)]),
        ([date(2026, 3, 1)], FieldType.DATE, FieldType.TEXT, ["2026-03-01"]),
        (["oui", "no"], FieldType.TEXT, FieldType.BOOLEAN, [True, False]),
        ([True, False], FieldType.BOOLEAN, FieldType.NUMBER, [1.0, 0.0]),
        ([1.0, 0.0], FieldType.NUMBER, FieldType.BOOLEAN, [True, False]),
        ([], FieldType.DATE, FieldType.NUMBER, []),
    ],
)
def test_type_changes_that_keep_every_value(values, old, new, expected):
    assert rules.convert_custom_values(values, old, new) == expected


@pytest.mark.parametrize(
    ("values", "old", "new"),
    [
        (["Bertiet", "22"], FieldType.TEXT, FieldType.NUMBER),
        (["next spring"], FieldType.TEXT, FieldType.DATE),
        ([2.0], FieldType.NUMBER, FieldType.BOOLEAN),
        ([date(2026, 3, 1)], FieldType.DATE, FieldType.NUMBER),
        ([True], FieldType.BOOLEAN, FieldType.DATE),
    ],
)
def test_type_changes_that_would_lose_data_are_refused_with_an_explanation(values, old, new):
    with pytest.raises(ValidationError) as refused:
        rules.convert_custom_values(values, old, new)
    (error,) = refused.value.errors
    assert error.field == "type" and error.key == "settings.error.type_change_lossy"
    assert "would be lost" in error.message and f"“{error.params['example']}”" in error.message


def test_default_lists_exist_in_both_languages_in_the_same_order():
    english, french = rules.default_names("en"), rules.default_names("fr")
    assert english.keys() == french.keys()
    for kind in english:
        assert len(english[kind]) == len(french[kind]), kind
    assert french["stage"][0] == "Nouveau" and french["channel"][0] == "Salon"


def test_french_defaults_replace_the_names_only():
    french = rules.load_defaults("fr")
    english = rules.load_defaults("en")
    assert french["general"]["language"] == "fr"
    assert [s["probability"] for s in french["stages"]] == [s["probability"] for s in english["stages"]]
    assert french["choices"]["loss_reason"][0] == "Prix"


def test_default_renames_leave_custom_names_alone():
    assert rules.default_renames(["New", "Pilot run", "Contacted"], "stage", "fr") == {
        "New": "Nouveau",
        "Contacted": "Contacté",
    }
    assert rules.default_renames(["Nouveau"], "stage", "en") == {"Nouveau": "New"}
    # Never rename into a name the list already holds.
    assert rules.default_renames(["New", "Nouveau"], "stage", "fr") == {}
