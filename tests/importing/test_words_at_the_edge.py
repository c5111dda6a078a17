"""Importing speaks in codes and plain data; the service reads the base for it and puts it in words.

The plan runs here without any store: the settings lists and the known records are handed in as
plain data (`Context`, `Known`), and every reason, warning and notice comes back as a code with its
values (`Issue`), in words only through `prospects.services.imports.in_words`, in the reader's language.
"""

from __future__ import annotations

import pytest

from prospects.domain import Prospect
from prospects.domain.identity import keys_of_record
from prospects.errors import Term
from prospects.i18n import set_language
from prospects.importing import ImportOptions, Policy, engine
from prospects.importing.report import Context, Issue, Known, NoteWords, issue
from prospects.services import imports

FILE = "Nom;Prénom;Société;Email;Canal\nRoux;Léa;Roux SA;lea@roux.fr;Salon\nPetit;Jean;Petit SAS;jean@@petit;Salon\n"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def planned(context: Context, known: Known, policy: Policy = Policy.SKIP):
    table = engine.read("salon.csv", FILE.encode())
    source = engine.mapped("salon.csv", table, None, context.custom_fields)
    staging = engine.stage(context, source, ImportOptions(duplicates=policy))
    return staging, engine.decide(staging, known, policy)


def known_lea() -> Known:
    lea = Prospect(id=7, last_name="Roux", first_name="Léa", company="Roux SA", email="lea@roux.fr")
    return Known(records=(("prospect", 7, keys_of_record(lea, "FR")),), prospects={7: lea})


def test_the_plan_runs_on_plain_data_and_gives_codes_not_words() -> None:
    staging, report = planned(Context(choices={"channel": ("Website",)}), known_lea())
    assert "lea@roux.fr" in staging.wanted()[0].to_pylist()  # the only keys the service asks the base about (Arrow)
    lea, jean = report.rows
    assert (lea.action, lea.code) == ("skip", "duplicate_email")
    assert lea.why == issue("import.skip.duplicate", what=issue("import.match.prospect", id=7),
                            by=Term("import.by.email"))
    assert lea.reason == "" and jean.warnings == []  # no words before the service
    assert [i.code for i in jean.issues] == ["email_invalid", "not_in_list", "no_owner"]
    assert jean.issues[1] == issue("import.issue.not_in_list", value="Salon", field=Term("field.channel"))


def test_the_service_puts_the_same_plan_in_the_readers_language() -> None:
    _, report = planned(Context(choices={"channel": ("Website",)}), known_lea())
    lea, jean = imports.in_words(report).rows
    assert lea.reason == "Duplicate of prospect #7 (same email)"
    assert jean.warnings[:2] == ["Invalid email “jean@@petit” kept in the notes", "“Salon” is not in the list of Channel"]
    set_language("fr")
    lea, jean = imports.in_words(report).rows
    assert lea.reason == "Doublon de prospect n° 7 (même e-mail)"
    assert jean.warnings[:2] == ["E-mail invalide « jean@@petit » gardé dans les notes",
                                 "« Salon » ne fait pas partie de la liste Canal"]
    assert imports.in_words(report).as_dict()["rows"][1]["warnings"][0] == {
        "code": "email_invalid", "reason": "E-mail invalide « jean@@petit » gardé dans les notes"}


def test_notes_written_into_a_prospect_use_the_words_the_service_hands_in() -> None:
    french = NoteWords(kept="{column} importé : {value}", full_name="Nom complet")
    _, report = planned(Context(notes=french), Known(), Policy.CREATE)
    jean = report.rows[1].prospect
    assert jean is not None and jean.email is None
    assert jean.prospect_notes == "Email importé : jean@@petit"


def test_a_duplicate_in_the_base_fills_blanks_from_the_prospects_handed_in() -> None:
    _, report = planned(Context(choices={"channel": ("Salon",)}), known_lea(), Policy.UPDATE)
    lea = report.rows[0]
    assert (lea.action, lea.target_id, lea.changes) == ("update", 7, {"channel": (None, "Salon")})
    assert lea.why is not None and lea.why.key == "import.update.duplicate"


def test_an_issue_is_a_code_and_values_that_a_file_of_rows_can_share() -> None:
    first = issue("import.issue.email_invalid", value="x@@y", column="Email")
    assert first == Issue("import.issue.email_invalid", (("value", "x@@y"), ("column", "Email")))
    assert first.code == "email_invalid" and first.params == {"value": "x@@y", "column": "Email"}
    assert len({first, issue("import.issue.email_invalid", value="x@@y", column="Email")}) == 1
