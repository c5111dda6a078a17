"""The plan's shortcuts give exactly what the rules give: display names remembered per name are those of
`Prospect.display_name`, and rows whose keys no other row holds, left out of the duplicate index, are
decided as if every row were indexed."""

from __future__ import annotations

import contextlib
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect
from prospects.domain.leads import Leads
from prospects.importing import ImportOptions, Policy, decoding
from prospects.importing.staging import Stager
from prospects.services import open_store
from prospects.services.imports import import_file
from prospects.store import Store
from tests.importing.test_properties import IDENTITY_ROW, identity_file

TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "Jean", "Dupont", " Awa\n", "Cœur  Lyon", "a@x.fr", "+33612345678"]),
                 st.text(alphabet=st.sampled_from("aé \n\t-"), max_size=4))
PROSPECT = st.builds(Prospect, first_name=TEXT, last_name=TEXT, company=TEXT, email=TEXT, phone=TEXT, mobile=TEXT)


@settings(max_examples=300, deadline=None)
@given(st.lists(PROSPECT, max_size=15))
def test_display_names_remembered_per_name_are_those_of_the_rule(prospects: list[Prospect]) -> None:
    assert Stager._names(Leads.of(prospects), [True] * len(prospects)) == [p.display_name for p in prospects]


class _EveryKey(set):
    """Stands for "every key is shared": every created row is indexed, as before the shortcut."""

    def isdisjoint(self, other: object) -> bool:
        return False


def _every_row_indexed() -> contextlib.AbstractContextManager:
    """No row is taken as meeting nobody, and every created row is indexed: the decisions before the shortcuts."""
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch("prospects.importing.policy.shared_keys", lambda *_: _EveryKey()))
    stack.enter_context(mock.patch("prospects.importing.policy.lone_rows", lambda keys, *_: [False] * len(keys)))
    return stack


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(Path(tmp_path_factory.mktemp("plan")) / "plan.duckdb")
    import_file(store, "base.csv", identity_file([("Dupont", "Jean", "Dupont SAS", "", "06 12 34 56 78", "", "", "", ""),
                                                  ("Cœur", "", "", "a@x.fr", "", "", "", "", "CRM-1")]),
                ImportOptions(duplicates=Policy.CREATE))
    return store


def _decisions(store: Store, data: bytes, policy: Policy) -> list[tuple]:
    with store.hold():  # one connection per dry run, as a page run holds one
        report = import_file(store, "plan.csv", data, ImportOptions(duplicates=policy), dry_run=True)
    return [(r.row, r.action, r.code, r.match, r.target_id, r.changes, r.prospect) for r in report.rows]


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(IDENTITY_ROW, min_size=1, max_size=12), policy=st.sampled_from(list(Policy)))
def test_rows_left_out_of_the_index_are_decided_as_if_indexed(base: Store, rows, policy: Policy) -> None:
    data = identity_file(rows)
    try:
        fast = _decisions(base, data, policy)
    except Exception as error:  # noqa: BLE001 - the same refusal either way
        with pytest.raises(type(error)), _every_row_indexed():
            _decisions(base, data, policy)
        return
    with _every_row_indexed():
        indexed = _decisions(base, data, policy)
    assert fast == indexed


FRAGMENTS = st.sampled_from([b"Dupont;", b"\n", b"\r\n", "é".encode(), "é".encode("cp1252"), "€".encode(),
                             "€".encode("cp1252"), b"\xc3", b"\xa9", b"\xe2\x82", b"\x80", b"\xf0\x9f\x98\x80", b"\xff"])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=20).map(b"".join))
def test_a_file_said_not_mixed_at_once_has_no_line_of_utf8_beyond_ascii(data: bytes) -> None:
    if decoding._mixed_lines(data) is not None:
        return
    for line in data.split(b"\n"):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        assert text.isascii()


POSTAL = st.sampled_from(["", "6000", "06000", " 6000 ", "75001", "1000", "abc", "B-1000"])
COUNTRY = st.sampled_from(["", "France", "FR", "fra", "Belgique", "United States", "Deutschland"])
NUMBER = st.sampled_from(["", "06 12 34 56 78", "01 45 00 00 00", "07 00 00 00 00", "(415) 555-0134", "+32 2 555 12 12", "12"])


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(POSTAL, COUNTRY, NUMBER), min_size=1, max_size=10))
def test_postal_codes_and_phones_cleaned_per_column_are_those_of_the_cell_rules(base: Store, rows) -> None:
    """Postal codes padded once per distinct (code, country), phones of a one-country file cleaned without
    regrouping: each lead holds what the rules give its own cells, and each refused number is kept in its notes."""
    from prospects.domain.identity import phone_region
    from prospects.importing import normalising as norm
    from prospects.importing.countries import country_code

    lines = ["Nom;Code postal;Pays;Téléphone"] + [f"Lead{i};{code};{country};{number}" for i, (code, country, number) in enumerate(rows)]
    with base.hold():
        report = import_file(base, "codes.csv", "\r\n".join(lines).encode(), ImportOptions(duplicates=Policy.CREATE), dry_run=True)
    for outcome, (code, country, number) in zip(report.rows, rows, strict=True):
        lead = outcome.prospect
        expected_code = norm.pad_postal_code(norm.clean_text(code.strip()) or "", country, "FR") if code.strip() else None
        assert lead.postal_code == expected_code
        region = (country_code(country) or phone_region(country, "FR")) if country else "FR"
        try:
            expected_phone = norm.clean_phone(number, region) if number else None
        except norm.CellError:
            expected_phone = None
            assert number in (lead.prospect_notes or "")
        assert lead.phone == expected_phone
