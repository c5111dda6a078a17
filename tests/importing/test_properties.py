"""Property tests: random bytes and random CSV shapes never crash the engine with anything but a
clear import error, and an import is written whole or not at all."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospects.importing import ImportFileError, ImportOptions, Policy
from prospects.importing.normalising import (
    CellError,
    clean_email_cell,
    clean_emails,
    clean_phone,
    clean_phones,
    decide_date_format,
    parse_date,
    parse_number,
)
from prospects.services import open_store
from prospects.services.exporting import guard_formula, unguard_formula
from prospects.services.imports import import_file
from prospects.store import Store

HEADERS = ["Nom", "Prénom", "Société", "E-mail", "Téléphone", "Portable", "Code postal", "Ville", "Montant",
           "Échéance", "Commentaire", "Email Address", "First Name", "Full Name", "Stage", "Owner", "Rating", "foo",
           "Civilité", "Intérêt", "Date de naissance", "Catégories", "Statut", "Canal", "Pays", "Date de clôture",
           "Motif de perte", "Secteur", "Is company", "Date de création"]
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "06 12 34 56 78", "+33 4 78 12 34 56", "a@b.fr", "x@@y", "=1+1", "-3", "1 234,56",
                     "1,234.56", "1.234", "31/12/2026", "12/31/2026", "2026-02-30", "45000", "Hot", "EN", "★★★",
                     "ligne 1\nligne 2", '"quoted"', "06000", "€", "ÉÀÇœ", ",", ";", " ; ", "|", "0", "100 %",
                     "0.4", "oui", "1/5", "+", "00", "1e400", "NaN", "Infinity", "-0", "won", "Perdu", "30/02/2026",
                     "2026-12-31 25:61", "99999", "1|2|99", "mailto:", "<>"]),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(Path(tmp_path_factory.mktemp("prop")) / "prop.duckdb")
    with store.hold():  # one connection for the module, as a command holds one (opening the file costs ~20 ms)
        yield store


def snapshot(store: Store) -> tuple[int, int]:
    return store.prospects.count(), len(store.imports.batches(limit=1_000_000))


def check_import(store: Store, name: str, data: bytes, policy: Policy) -> None:
    before = snapshot(store)
    try:
        report = import_file(store, name, data, ImportOptions(duplicates=policy))
    except ImportFileError as error:
        assert error.message and "\n" not in error.message
        assert snapshot(store) == before
        return
    prospects, batches = snapshot(store)
    assert batches == before[1] + 1
    assert prospects == before[0] + report.created
    batch = store.imports.batch(report.batch_id)
    assert (batch["created"], batch["updated"], batch["skipped"], batch["rejected"]) == (
        report.created, report.updated, report.skipped, len(report.rejected))
    assert all(r.reason for r in report.rejected)


@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["x.csv", "x.txt", "x.xlsx", "x.vcf", "x.tsv", "x.json"]))
def test_random_bytes_give_a_report_or_one_clear_error(shared_store: Store, data: bytes, name: str) -> None:
    check_import(shared_store, name, data, Policy.SKIP)


@SETTINGS
@given(
    headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELL, max_size=9), max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]),
    preamble=st.lists(st.text(max_size=40), max_size=3),
    policy=st.sampled_from(list(Policy)),
)
def test_random_csv_shapes_import_whole_or_not_at_all(shared_store: Store, headers, rows, delimiter, encoding,
                                                       preamble, policy) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for line in preamble:
        writer.writerow([line])
    writer.writerow(headers)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    check_import(shared_store, "random.csv", data, policy)


@given(st.text(max_size=20))
def test_formula_guard_round_trips_any_text(text: str) -> None:
    assert unguard_formula(guard_formula(text)) == text


@given(st.dates(), st.sampled_from(["%d/%m/%Y", "%Y-%m-%d"]))
def test_unambiguous_dates_read_back_as_written(day, pattern) -> None:
    text = day.strftime(pattern)
    if day.year < 1000:
        return
    assert parse_date(text, decide_date_format([text, "31/01/2026"])) == day


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_french_and_english_numbers_read_the_same(value) -> None:
    english = f"{value:,.2f}"
    french = english.replace(",", " ").replace(".", ",")
    try:
        assert parse_number(english, ".") == parse_number(french, ",") == value
    except CellError:
        pytest.fail(f"{english} / {french}")


def _one_by_one(texts: list[str], clean) -> dict[str, object]:
    result: dict[str, object] = {}
    for text in texts:
        try:
            result[text] = clean(text)
        except CellError as error:
            result[text] = error.key
    return result


def _keys_of_errors(cleaned: dict[str, object]) -> dict[str, object]:
    return {text: value.key if isinstance(value, CellError) else value for text, value in cleaned.items()}


_PHONE_LIKE = st.one_of(
    st.from_regex(r"0[1-9]([ .\-]?[0-9]{2}){4}", fullmatch=True),
    st.from_regex(r"(\+|00)?[0-9 ().\-]{4,18}", fullmatch=True),
    st.text(max_size=14),
)
_EMAIL_LIKE = st.one_of(
    st.emails().map(str),
    st.from_regex(r"[a-zA-Z0-9._%+\-]{1,12}@[a-zA-Z0-9\-]{1,10}(\.[a-zA-Z]{2,4}){1,2}", fullmatch=True),
    st.text(max_size=20),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PHONE_LIKE, max_size=25, unique=True), st.sampled_from(["FR", "US", "DE"]))
def test_phones_cleaned_in_bulk_as_one_by_one(texts: list[str], country: str) -> None:
    texts = [t.strip() for t in texts if t.strip()]
    texts = list(dict.fromkeys(texts))
    assert _keys_of_errors(clean_phones(texts, country)) == _one_by_one(texts, lambda t: clean_phone(t, country))


@settings(max_examples=60, deadline=None)
@given(st.lists(_EMAIL_LIKE, max_size=25, unique=True))
def test_emails_cleaned_in_bulk_as_one_by_one(texts: list[str]) -> None:
    texts = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
    assert _keys_of_errors(clean_emails(texts)) == _one_by_one(texts, clean_email_cell)


# -- the identity rule: a file imported twice, and rows with different e-mails ------------------------

IDENTITY_HEADERS = ["Nom", "Prénom", "Société", "E-mail", "Téléphone", "Portable", "Pays", "URL", "Référence"]
_NAMES = st.sampled_from(["", "Groß", "GROSS", "Jürgen", "JURGEN", "İlker", "Ilker", "Cœur", "Dupont", "Jean",
                          "Dupont Jean", "Martin", "Nicolas", "Awa", "Ærø"])
_COMPANIES = st.sampled_from(["", "Straße GmbH", "STRASSE", "Dupont SAS", "DUPONT", "Orange", "Orange SA", "Cœur S.A."])
_EMAILS = st.sampled_from(["", "a@x.fr", "A@X.FR", "b@x.fr", "c@y.com", "jg@strasse.de"])
_PHONES = st.sampled_from(["", "06 12 34 56 78", "+33 6 12 34 56 78", "01 45 00 00 00", "(415) 555-0134"])
_COUNTRIES = st.sampled_from(["", "France", "United States", "BE"])
_URLS = st.sampled_from(["", "https://www.linkedin.com/in/awa-diallo", "linkedin.com/in/AWA-DIALLO/", "https://acme.example"])
_REFS = st.sampled_from(["", "CRM-1", "crm-1", "CRM-2"])
IDENTITY_ROW = st.tuples(_NAMES, _NAMES, _COMPANIES, _EMAILS, _PHONES, _PHONES, _COUNTRIES, _URLS, _REFS)


def identity_file(rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(IDENTITY_HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# Random again (the base is shared across examples, so sequences build on each other): seed 3 once found a
# row holding only the first name "Cœur" created again on the second import. The first import had filled
# the blank first name of a prospect whose last name was "Cœur" ("Cœur Cœur": a new name key); an update
# no longer writes a name the record holds in its other name field (tests/importing/test_identity_reimport.py).
IDENTITY_SETTINGS = settings(SETTINGS, max_examples=30)


@IDENTITY_SETTINGS
@given(rows=st.lists(IDENTITY_ROW, min_size=1, max_size=10), policy=st.sampled_from([p for p in Policy if p is not Policy.CREATE]))
def test_a_generated_file_imported_twice_creates_nothing_the_second_time(shared_store: Store, rows, policy) -> None:
    data = identity_file(rows)
    try:
        import_file(shared_store, "twice.csv", data, ImportOptions(duplicates=policy))
    except ImportFileError:  # rows with no cell at all: nothing to import, nothing to re-import
        return
    again = import_file(shared_store, "twice.csv", data, ImportOptions(duplicates=policy))
    assert again.created == 0, [(r.row, r.action, r.reason, r.match) for r in again.rows]


@IDENTITY_SETTINGS
@given(rows=st.lists(IDENTITY_ROW, min_size=1, max_size=10))
def test_rows_with_different_emails_are_never_merged(shared_store: Store, rows) -> None:
    # Each row gets an e-mail of its own (on a domain no other example uses): names, companies, phones
    # and source ids drawn from small pools agree often, and must never merge two of them (a record of
    # the base without any e-mail may still be the same person).
    tag = uuid.uuid4().hex  # not drawn: hypothesis replays its draws, and the store is shared
    distinct = [(*row[:3], f"p{i}@{tag}.example", *row[4:]) for i, row in enumerate(rows)]
    report = import_file(shared_store, "emails.csv", identity_file(distinct), ImportOptions(duplicates=Policy.SKIP))
    for outcome in report.rows:
        if outcome.action == "skip":  # only ever as a record of the base that has no e-mail
            assert outcome.match.kind == "prospect", (outcome.row, outcome.reason)
            assert not shared_store.prospects.get(outcome.match.id).email, (outcome.row, outcome.reason)
    assert report.created + report.skipped == len(rows)
