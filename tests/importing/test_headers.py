"""The headers of real exports live in one data file (prospects/importing/headers.toml) that anyone can
extend; a column known twice by name is decided by its position and its values."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from prospects.importing import ImportOptions, Policy
from prospects.importing.mapping import HEADERS_FILE, auto_mapping, guess_target, load_headers
from prospects.services.imports import import_file
from prospects.store import Store
from tests.importing.conftest import all_prospects

TOOLS = tomllib.loads(HEADERS_FILE.read_text(encoding="utf-8"))["tools"]


@pytest.mark.parametrize(
    ("tool", "header", "target"),
    [(tool, header, target) for tool, headers in TOOLS.items() for header, target in headers.items()],
)
def test_every_header_of_every_tool_goes_to_its_field(tool: str, header: str, target: str) -> None:
    assert guess_target(header) == target, f"{tool}: {header!r}"


def test_the_file_names_the_tools_reps_bring_back() -> None:
    assert {"google_contacts", "outlook_en", "outlook_fr", "linkedin", "hubspot", "salesforce", "pipedrive",
            "zoho", "vcard", "badges_fr", "badges_en", "spreadsheet"} <= set(TOOLS)


def test_a_header_given_two_fields_is_refused_with_both_named(tmp_path: Path) -> None:
    bad = tmp_path / "headers.toml"
    bad.write_text('[fields]\nemail = ["Courriel"]\n[tools.x]\n"COURRIEL" = "phone"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="'email' and 'phone'"):
        load_headers(bad)
    bad.write_text('[tools.x]\n"Pointure" = "shoe_size"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a field"):
        load_headers(bad)


@pytest.mark.parametrize("header", ["Value", "Deal value", "Amount", "Budget", "Montant", "Deal - Value"])
def test_the_deal_value_of_a_spreadsheet_is_the_expected_revenue(header: str) -> None:
    assert guess_target(header) == "expected_revenue"


FRENCH_OUTLOOK = ["Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société", "Service", "Titre",
                  "Adresse de messagerie"]


def test_french_outlook_first_titre_is_the_civility_and_the_second_the_job_title() -> None:
    rows = [["M.", "Paul", "", "Hisson", "", "Euro Transports", "Achats", "DAF", "p.hisson@euro-tr.fr"],
            ["Mme", "Anne", "", "Roy", "", "Bati Sud", "Direction", "PDG", "a.roy@batisud.fr"]]
    targets = auto_mapping(FRENCH_OUTLOOK, rows, [])
    assert targets[0] == "civility"
    assert targets[7] == "job_title"


def test_french_outlook_with_empty_titres_still_keeps_them_apart() -> None:
    rows = [["", "Paul", "", "Hisson", "", "Euro Transports", "", "", "p.hisson@euro-tr.fr"]]
    targets = auto_mapping(FRENCH_OUTLOOK, rows, [])
    assert (targets[0], targets[7]) == ("civility", "job_title")


@pytest.mark.parametrize(("values", "target"), [(["CEO", "CTO", "VP"], "job_title"), (["Dr.", "Mrs", "Mr"], "civility")])
def test_a_title_column_is_decided_by_its_values(values: list[str], target: str) -> None:
    assert auto_mapping(["Title", "Email"], [[v, "a@b.fr"] for v in values], []) == [target, "email"]


def test_the_job_title_of_a_french_outlook_file_reaches_the_prospect(store: Store) -> None:
    text = ";".join(FRENCH_OUTLOOK) + "\nM.;Paul;;Hisson;;Euro Transports;Achats;DAF;p.hisson@euro-tr.fr\n"
    report = import_file(store, "outlook.csv", text.encode("utf-8"), ImportOptions(duplicates=Policy.SKIP))
    assert report.created == 1
    [found] = all_prospects(store)
    assert found.job_title == "DAF"
    assert found.civility == "M."


VCARD = """BEGIN:VCARD
VERSION:3.0
UID:urn:uuid:4f0a7c1e-2b7e-4f8e-9a51-0c1d2e3f4a5b
N:Hisson;Paul;;;
FN:Paul Hisson
END:VCARD
"""


@pytest.mark.parametrize("policy", [Policy.SKIP, Policy.UPDATE])
def test_a_vcard_with_only_a_name_and_its_uid_imported_twice_is_one_prospect(store: Store, policy: Policy) -> None:
    first = import_file(store, "paul.vcf", VCARD.encode("utf-8"), ImportOptions(duplicates=policy))
    assert first.created == 1
    again = import_file(store, "paul.vcf", VCARD.encode("utf-8"), ImportOptions(duplicates=policy))
    assert again.created == 0
    [found] = all_prospects(store)
    assert found.external_ref == "urn:uuid:4f0a7c1e-2b7e-4f8e-9a51-0c1d2e3f4a5b"


def test_every_column_the_vcard_reader_writes_goes_to_a_field() -> None:
    from prospects.importing.vcards import VCARD_HEADERS

    assert {h: guess_target(h) for h in VCARD_HEADERS if not guess_target(h)} == {}
