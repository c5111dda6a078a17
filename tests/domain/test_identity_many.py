"""`keys_of_many` (the import's column-by-column path) gives exactly what `keys_of_record` (the one rule,
record by record) gives, the name key included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Contact, Prospect
from prospects.domain.identity import _company_keys, company_key, keys_of_many, keys_of_record

NAME = st.one_of(st.none(), st.sampled_from(["", " ", "Groß", "GROSS", "Jürgen", "İlker", "Cœur", "Dupont Jean", "O'Brien"]),
                 st.text(alphabet=st.sampled_from("aAeÉßİıœæ .-'J"), max_size=6))
COMPANY = st.one_of(st.none(), st.sampled_from(["", "Straße GmbH", "STRASSE", "Dupont SAS", "S.A.R.L.", "Orange SA"]))
EMAIL = st.one_of(st.none(), st.sampled_from(["", " ", "a@x.fr", " A@X.FR ", "mailto:b@x.fr"]))
PHONE = st.one_of(st.none(), st.sampled_from(["", "06 12 34 56 78", "+33612345678", " +33612345678", "(415) 555-0134",
                                              "0033 1 45 00 00 00", "abc", "12"]))
COUNTRY = st.one_of(st.none(), st.sampled_from(["", "France", "United States", "BE", "us", "Royaume-Uni"]))
WEBSITE = st.one_of(st.none(), st.sampled_from(["", "https://www.linkedin.com/in/awa-diallo", "linkedin.com/in/AWA-DIALLO/",
                                                "https://acme.example"]))
REF = st.one_of(st.none(), st.sampled_from(["", " CRM-1 ", "crm-1", "CRM-2"]))
PROSPECT = st.builds(Prospect, first_name=NAME, last_name=NAME, company=COMPANY, email=EMAIL, phone=PHONE, mobile=PHONE,
                     country=COUNTRY, website=WEBSITE, external_ref=REF)
CONTACT = st.builds(Contact, first_name=NAME, last_name=NAME, company=COMPANY, email=EMAIL, phone=PHONE, mobile=PHONE,
                    country=COUNTRY, website=WEBSITE)


@settings(max_examples=200, deadline=None)
@given(st.lists(PROSPECT | CONTACT, max_size=12), st.sampled_from(["FR", "US", "BE", None]))
def test_keys_of_many_gives_what_keys_of_record_gives_record_by_record(records: list, country: str | None) -> None:
    many = keys_of_many(records, country)
    one_by_one = [keys_of_record(r, country) for r in records]
    assert many == one_by_one
    assert [k.name for k in many] == [k.name for k in one_by_one]  # not compared by ==


# Any text, with the characters folding and splitting could disagree on: spaces of every kind, marks that
# combine with what comes before them, letters that fold to two, legal forms, dots and apostrophes.
_CHARS = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    [" ", "\u00a0", "\u2003", "\u3000", "\t", "\u0301", "\u0308", "ß", "İ", "œ", "¨", "ﬁ", ".", "'", "’", "_"])
WORDS = st.lists(st.text(_CHARS, max_size=6) | st.sampled_from(["SA", " GmbH", "S.A.R.L.", " et ", "Ltd."]),
                 max_size=5).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | WORDS, max_size=8))
def test_the_companies_of_a_file_get_company_key_token_by_token(companies: list) -> None:
    assert _company_keys(companies) == [company_key(c) for c in companies]
