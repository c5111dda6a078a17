"""The import's column-by-column shortcuts for identity keys give exactly what the rules give cell by cell:
numbers already in E.164 told by string counts (`_own_keys`), e-mail keys by C loops (`_email_keys`), name keys
and name keys joined by C loops (`_name_keys`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain.identity import (
    _email_keys,
    _name_keys,
    _own_keys,
    company_key,
    email_key,
    name_key,
    person_key,
)

# Numbers in E.164 and the texts closest to it: a lone "+", two "+", a comma (the shortcut joins by commas),
# spaces, digits beyond ASCII (str.isdigit takes them), letters.
NUMBER = st.one_of(
    st.none(), st.just(""),
    st.sampled_from(["+33612345678", "+1415555013", "+", "++33", "+33+6", "+33,6", ",+33", "+33 6", " +336", "+336 ",
                     "0612345678", "+３３６", "+33²", "+33a", "+,", "+\n"]),
    st.text(alphabet=st.sampled_from("+0123456789, ²٣"), max_size=6),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(NUMBER, max_size=8))
def test_a_column_of_numbers_is_its_own_keys_exactly_when_each_is_in_e164(numbers: list) -> None:
    own = [not n or (n[0] == "+" and n[1:].isdigit()) for n in numbers]  # as stored_phone_key tells it
    keys = _own_keys(numbers)
    if all(own):
        assert keys == [n or None for n in numbers]
    else:
        assert keys is None


EMAIL = st.one_of(st.none(), st.sampled_from(["", " ", "a@x.fr", " A@X.FR ", "mailto:b@x.fr", " MAILTO:C@X.FR",
                                              "x mailto:y", "Groß@x.de", "\u00a0d@x.fr\u2003"]),
                  st.text(alphabet=st.sampled_from("aAß :mailto@\t"), max_size=8))


@settings(max_examples=500, deadline=None)
@given(st.lists(EMAIL, max_size=8))
def test_the_email_keys_of_a_column_are_those_of_email_key(emails: list) -> None:
    assert _email_keys(emails) == [email_key(e) for e in emails]


NAME = st.one_of(st.none(), st.sampled_from(["", " ", "Jean", "DUPONT Jean", "S.A.R.L.", "Dupont SAS", "SA", "Groß"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAME, NAME, NAME), max_size=8))
def test_the_name_keys_of_a_column_are_those_of_name_key(records: list) -> None:
    people = [person_key(first, last) for first, last, _ in records]
    firms = [company_key(company) for _, _, company in records]
    assert _name_keys(people, firms) == list(map(name_key, people, firms))
