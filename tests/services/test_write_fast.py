"""The import's report in words, fast: rows that share their issues share the lookup of their words,
never the list itself, and each row gets the words of its own issues, in order."""

from __future__ import annotations

import pytest

from prospects.i18n import set_language
from prospects.importing.report import CREATE, SKIP, ImportReport, Issue, RowOutcome, issue
from prospects.services import imports


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_rows_sharing_their_issues_each_get_their_own_words_in_their_own_list() -> None:
    no_owner = issue("import.issue.no_owner")
    phone = issue("import.issue.phone_invalid", value="06 12", column="Portable")
    same_phone = Issue(phone.key, phone.values)  # equal to `phone`, another object
    rows = [RowOutcome(1, CREATE, issues=[no_owner]), RowOutcome(2, CREATE, issues=[no_owner]),
            RowOutcome(3, CREATE, issues=[phone, no_owner]), RowOutcome(4, CREATE, issues=[no_owner, phone]),
            RowOutcome(5, CREATE, issues=[same_phone, no_owner]), RowOutcome(6, CREATE),
            RowOutcome(7, SKIP, why=issue("import.skip.no_identity"), issues=[no_owner])]
    imports.in_words(ImportReport(rows))
    for row in rows:
        assert row.warnings == [imports.words(i) for i in row.issues]
    assert rows[2].warnings == rows[4].warnings != rows[3].warnings
    assert "06 12" in rows[2].warnings[0] and rows[7 - 1].reason == imports.words(issue("import.skip.no_identity"))
    rows[0].warnings.append("looked at")  # a row's list is its own: the others are left as they were
    assert rows[1].warnings == rows[6].warnings == [imports.words(no_owner)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_written_import_is_reported_in_the_importing_users_language(store, lang: str) -> None:
    """The words are made on another thread while the batch is committed: still in the reader's language."""
    set_language(lang)
    data = "Nom;Prénom;Société;Portable\r\nDupont;Jean;Acme;06 12\r\n".encode()
    report = imports.import_file(store, "salon.csv", data, imports.ImportOptions(campaign="Salon"))
    (row,) = report.rows
    assert row.action == CREATE and row.warnings
    assert row.warnings == [imports.words(i) for i in row.issues]  # words of the same language, here
    set_language("fr" if lang == "en" else "en")
    assert row.warnings != [imports.words(i) for i in row.issues]  # and not those of the other one


def test_a_failure_to_put_the_report_in_words_reaches_the_caller(store, monkeypatch) -> None:
    def broken(report):
        raise ValueError("no words")

    monkeypatch.setattr(imports, "in_words", broken)
    with pytest.raises(ValueError, match="no words"):
        imports.import_file(store, "salon.csv", b"Nom;Soci\xc3\xa9t\xc3\xa9\r\nDupont;Acme\r\n",
                            imports.ImportOptions(campaign="Salon"))
