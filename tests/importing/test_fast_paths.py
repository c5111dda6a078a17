"""The import's vectorised fast paths give exactly the answers of the one rule the forms use.

Phones: `domain.phones.normalise_phone` (the record form, the contacts, the import's cell by cell path).
E-mails: `domain.rules.check_email`. The import reads thousands of cells in one Arrow pass for speed;
these properties show that pass never accepts what the rule refuses, nor writes another value.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from prospects.domain.phones import normalise_phone
from prospects.domain.rules import at_the_door, at_the_door_of_plain, check_email
from prospects.importing import normalising
from prospects.importing.normalising import CellError, clean_emails, clean_phones

SEPARATORS = st.sampled_from(["", " ", ".", "-"])
FRENCH_WRITTEN = st.builds(
    lambda first, groups, sep: "0" + first + "".join(sep + g for g in groups),
    st.sampled_from("123456789"),
    st.lists(st.from_regex(r"\A\d{2}\Z"), min_size=4, max_size=4),
    SEPARATORS,
)


def rule_phone(text: str, country: str) -> str | None:
    try:
        return normalise_phone(text.strip(), country)
    except ValueError:
        return None


def rule_email(text: str) -> str | None:
    try:
        return check_email(text.strip())
    except ValueError:
        return None


def fast(value: str | CellError) -> str | None:
    return None if isinstance(value, CellError) else value


@settings(max_examples=300, deadline=None)
@given(st.lists(FRENCH_WRITTEN | st.text(alphabet="0123456789 +.-()", max_size=16), min_size=1, max_size=20))
@example(["07 00 00 00 00", "06 12 34 56 78", "08 00 12 34 56", "01 00 00 00 00"])
@example(["06 93 45 00 02", "02 62 58 90 17", "05 94 89 42 14", "06 3x", "06 30 12 34 56", "06 90 00 00 00",
          "08 00 00 00 00", "05 94 10 12 34", "06 39 40 12 34"])
def test_the_phone_fast_path_answers_as_the_phone_rule(cells: list[str]) -> None:
    cells = [c for c in dict.fromkeys(cells) if c.strip()]
    answers = clean_phones(cells, "FR")
    assert {c: fast(answers[c]) for c in cells} == {c: rule_phone(c, "FR") for c in cells}
    refusals = {c: (a.key, a.params) for c, a in answers.items() if isinstance(a, CellError)}
    assert refusals == {c: ("import.issue.phone_invalid", {"value": c}) for c in refusals}


def test_usual_french_numbers_never_reach_the_phone_library_one_by_one(monkeypatch) -> None:
    """A number written the usual way is decided in the vectorised pass, valid or not: a badge file
    of overseas mobiles (06 93 …, a Réunion mobile for a team in France) cost the import a library call each."""
    cells = ["06 12 34 56 78", "06 93 45 00 02", "02 62 58 90 17", "07 00 00 00 00"]
    expected = {c: fast(a) for c, a in clean_phones(cells, "FR").items()}

    def one_by_one(*_args: object) -> None:
        raise AssertionError("a usual number went through the phone library one by one")

    monkeypatch.setattr(normalising, "normalise_phone", one_by_one)
    normalising.clean_phone.cache_clear()
    assert {c: fast(a) for c, a in clean_phones(cells, "FR").items()} == expected
    assert expected == {"06 12 34 56 78": "+33612345678", "06 93 45 00 02": "+262693450002",
                        "02 62 58 90 17": "+262262589017", "07 00 00 00 00": None}


LABEL = st.from_regex(r"\A[a-z0-9-]{1,10}\Z")
EMAILS = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.from_regex(r"\A[a-z0-9_%+.-]{1,12}\Z"),
    st.lists(LABEL, min_size=1, max_size=3),
    st.from_regex(r"\A[a-z]{2,6}\Z"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(EMAILS, min_size=1, max_size=20))
@example(["jean@-euro.fr", "jean@euro-.fr", "jean..dupont@euro.fr", "jean@euro.fr"])
def test_the_email_fast_path_answers_as_the_email_rule(cells: list[str]) -> None:
    cells = list(dict.fromkeys(cells))
    answers = clean_emails(cells)
    assert {c: fast(answers[c]) for c in cells} == {c: rule_email(c) for c in cells}


DOOR_TEXT = st.lists(st.sampled_from(["a", "É", " ", "  ", "|", "\t", "\n", "\r", "\xa0", "\u3000", "\x01", "\x85",
                                      "\u2028", "\ud800"]), max_size=6).map("".join)
DOOR_FIELDS = st.sampled_from([None, "last_name", "company", "address", "prospect_notes", "door_info", "custom", "city"])


@settings(max_examples=500, deadline=None)
@given(st.lists(DOOR_TEXT, max_size=12), DOOR_FIELDS)
@example(["a ", " ", "", "b"], "last_name")  # spaces at an end, a cell of spaces alone, an empty one
@example(["a ", " ", "", "b"], "prospect_notes")  # the same in a field that keeps its whitespace
@example(["a ", " b"], "company")  # two spaces only across the joint of two cells
@example(["a", "b "], "company")  # a space at the end of the last cell only ...
@example([" a", "b"], "city")  # ... at the start of the first only
@example(["a  b"], "company")  # two spaces in a cell: not plain for a field of one line ...
@example(["a  b"], "door_info")  # ... plain for one that keeps its whitespace
@example(["a\nb", "c"], "address")  # a line break: not plain
@example(["a|b", "|"], "city")  # the joint's own character in a cell
def test_the_door_of_plain_texts_answers_as_the_door_rule(texts: list[str], field: str | None) -> None:
    """`at_the_door_of_plain` of a column is `at_the_door` of each of its cells, or None (ask each)."""
    values = at_the_door_of_plain(texts, field)
    if values is not None:
        assert values == [at_the_door(text, field) for text in texts]


def test_a_usual_column_is_plain() -> None:
    """The whole-column answer is given for the usual cells (else the property above would hold by never giving it)."""
    cells = ["DUPONT", "", "Jean-Pierre de la Tour", "Société Générale 12", " "]
    assert at_the_door_of_plain(cells, "company") == ["DUPONT", None, "Jean-Pierre de la Tour", "Société Générale 12", None]
    assert at_the_door_of_plain(["  indented note", " "], "prospect_notes") == ["  indented note", None]
    assert at_the_door_of_plain(["a  b"], "company") is None
    assert at_the_door_of_plain(["a\tb"], "prospect_notes") is None
