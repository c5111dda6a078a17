"""Import fidelity, round two: multi-value cells, phones read with their row's country, and no column
of a file dropped silently."""

from __future__ import annotations

from prospects.importing import ImportOptions, Policy
from prospects.services.imports import import_file
from prospects.store import Store
from tests.importing.conftest import all_prospects


def run(store: Store, text: str, name: str = "contacts.csv", dry_run: bool = False):
    return import_file(store, name, text.encode("utf-8"), ImportOptions(duplicates=Policy.SKIP), dry_run=dry_run)


def problems(outcome) -> list[str]:
    """A row's warnings but "no owner" (these files have no owner column)."""
    return [w for w, issue in zip(outcome.warnings, outcome.issues, strict=True) if issue.code != "no_owner"]


GOOGLE = (
    "First Name,Last Name,Organization Name,E-mail 1 - Value,Phone 1 - Value\n"
    "Anne,Roy,Bati Sud,a.roy@batisud.fr ::: anne.roy@gmail.com,06 12 40 77 31 ::: 07 81 22 90 14\n"
    "Marc,Petit,Petit SA,marc@petit.fr ::: m.petit@free.fr ::: marc.petit@orange.fr,04 67 14 67 59\n"
)


def test_google_multi_value_cells_give_the_first_value_and_keep_the_others(store: Store) -> None:
    report = run(store, GOOGLE)
    assert [o.action for o in report.rows] == ["create", "create"]
    assert [problems(o) for o in report.rows] == [[], []]
    anne, marc = sorted(all_prospects(store), key=lambda p: p.first_name)
    assert (anne.email, anne.phone, anne.mobile) == ("a.roy@batisud.fr", "+33612407731", "+33781229014")
    assert "anne.roy@gmail.com" in (anne.prospect_notes or "")
    assert marc.email == "marc@petit.fr"
    assert "m.petit@free.fr" in marc.prospect_notes and "marc.petit@orange.fr" in marc.prospect_notes


def test_two_emails_separated_by_a_semicolon_are_two_values_not_a_bad_email(store: Store) -> None:
    report = run(store, "Nom,Email\nRoy,a.roy@batisud.fr; anne.roy@gmail.com\n")
    assert problems(report.rows[0]) == []
    [anne] = all_prospects(store)
    assert anne.email == "a.roy@batisud.fr"
    assert "anne.roy@gmail.com" in anne.prospect_notes


def test_a_phone_is_read_with_the_country_of_its_row(store: Store) -> None:
    text = ("First Name,Last Name,Phone,Country\n"
            "John,Smith,(415) 555-2671,United States\n"
            "Hans,Maier,030 1234567,Deutschland\n"
            "Paul,Hisson,04 67 14 67 59,\n")
    report = run(store, text)
    assert [problems(o) for o in report.rows] == [[], [], []]
    phones = {p.last_name: p.phone for p in all_prospects(store)}
    assert phones == {"Smith": "+14155552671", "Maier": "+49301234567", "Hisson": "+33467146759"}


def test_a_column_that_maps_to_no_field_is_kept_in_the_notes_and_the_dry_run_says_so(store: Store) -> None:
    text = "First Name,Last Name,Email,Connected On,Shoe size\nJohn,Smith,j@acme.com,12 Mar 2024,\n"
    dry = run(store, text, dry_run=True)
    assert any("Connected On" in notice for notice in dry.notices)
    assert not any("Shoe size" in notice for notice in dry.notices)  # an empty column has nothing to keep
    run(store, text)
    [john] = all_prospects(store)
    assert "Connected On: 12 Mar 2024" in john.prospect_notes


def test_an_overseas_number_written_the_french_way_is_kept_as_its_department_s_number(store: Store) -> None:
    """A team in France writes a Réunion mobile 06 93 …: the phone is kept (+262 …), not refused into the
    notes, and a second import of the same badge finds the same person by that phone."""
    text = ("Nom,Prénom,Portable,Téléphone\n"
            "Payet,Jean,06 93 45 00 02,02 62 58 90 17\n"
            "Hoarau,Marie,06 39 40 12 34,\n")
    report = run(store, text)
    assert [problems(o) for o in report.rows] == [[], []]
    phones = {p.last_name: (p.mobile, p.phone, p.prospect_notes) for p in all_prospects(store)}
    assert phones == {"Payet": ("+262693450002", "+262262589017", None), "Hoarau": ("+262639401234", None, None)}
    again = run(store, "Nom,Prénom,Portable\nPAYET,Jean,0693450002\n")
    assert [o.action for o in again.rows] == ["skip"]
