"""The staging's fast paths give exactly what the one rule gives, cell for cell.

`domain.at_the_door_of_each` keeps most cells of a column as they are, found by C-level passes over
the whole column; these properties show it never keeps a cell the door rule (`domain.at_the_door`)
would change, for every kind of field."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from prospects.domain import KEEPS_WHITESPACE
from prospects.domain.rules import MULTILINE, at_the_door, at_the_door_of_each
from prospects.importing.normalising import CellError, clean_email_cell, clean_phone, emails_of, phones_of
from prospects.importing.staging import _MULTI, _has_multi_values

# One-line fields, the multi-line ones, those that keep their layout, and no field at all.
FIELDS = st.sampled_from(["last_name", "company", "email", "city", "country", *sorted(MULTILINE), *sorted(KEEPS_WHITESPACE),
                          None])
# Cells as files hold them: mostly plain words, with the characters the rule is about mixed in.
AWKWARD = " \t\n\r\x00\x0b\x1f\x85\xa0\u2028\u202f\u3000\ud800é"
CELLS = st.text(alphabet=st.sampled_from("ab " + AWKWARD), max_size=8) | st.text(max_size=12)


@settings(max_examples=500, deadline=None)
@given(st.lists(CELLS, max_size=30), FIELDS)
@example(["Jean", " Jean", "Jean ", "Jean  Pierre", "", " ", "a\u00a0b", "a\x00b", "a\nb", "  "], "last_name")
@example(["a", "b "], "city")  # a space at the very end of the column, or at its very start
@example([" a", "b"], "city")
@example(["", "a"], "city")  # an empty cell first, last, alone, or after a "|" of the text itself
@example(["a", ""], "city")
@example([""], "city")
@example(["a|", "b"], "city")
@example(["  indented", "kept  as  typed ", "", "\t"], "prospect_notes")
@example(["12 rue X\nBât. B", "12  rue", " 12 rue "], "address")
def test_each_cell_of_a_column_is_what_the_door_rule_makes_of_it(cells: list[str], field: str | None) -> None:
    assert at_the_door_of_each(cells, field) == [at_the_door(cell, field) for cell in cells]



@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(" :@;,\nab"), max_size=10), max_size=12), st.booleans())
@example(["a@b", "c@d"], True)  # two "@" in the column, one per cell
@example(["a@b\nc@d"], True)  # two "@" in one cell, a line feed between them
@example(["a@b\n", "c@d"], True)
@example(["a :::", " b"], False)
@example(["a ::: b"], False)
def test_a_column_has_several_values_in_a_cell_as_its_cells_say(cells: list[str], emails: bool) -> None:
    """`_has_multi_values` asks the whole column at once what each cell would answer."""
    one_by_one = any(_MULTI in cell or (emails and cell.count("@") > 1) for cell in cells)
    assert _has_multi_values(cells, emails) == one_by_one


def _one_cell_at_a_time(cells: list[str], clean) -> tuple[list[str | None], dict[str, str]]:
    values, errors = [], {}
    for cell in cells:
        try:
            values.append(clean(cell) if cell else None)
        except CellError as error:
            values.append(None)
            errors[cell] = error.key
    return values, errors


PHONE_CELLS = st.sampled_from(["", "06 12 34 56 78", "06.12.34.56.78", "07 00 00 00 00", "06 93 45 00 02", "+1 212 555 0100",
                               "12", "0612345678", " 06 12 34 56 78", "abc"]) | st.text(alphabet="0123456789 +.-", max_size=14)
EMAIL_CELLS = st.sampled_from(["", "a@b.fr", "A@B.FR", "jo@x.local", "x", "a@b.fr;c@d.fr", "<a@b.fr>", ",", "é@x.fr"]) \
    | st.text(alphabet="ab@.;,-x ", max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(PHONE_CELLS, max_size=25), st.sampled_from(["FR", "US", "BE"]))
@example(["", "06 12 34 56 78", "06 12 34 56 78", "07 00 00 00 00", "", "07 00 00 00 00", "12", "12"], "FR")
def test_a_phone_column_is_cleaned_cell_for_cell_as_the_phone_rule(cells: list[str], country: str) -> None:
    """Repeated cells, empty ones, usual numbers and the others, in any order: one value per cell, as the
    rule gives it one cell at a time, and each refused cell's error."""
    values, errors = phones_of(cells, country)
    assert (values, {cell: error.key for cell, error in errors.items()}) == \
        _one_cell_at_a_time(cells, lambda cell: clean_phone(cell, country))


@settings(max_examples=300, deadline=None)
@given(st.lists(EMAIL_CELLS, max_size=25))
@example(["", "a@b.fr", "a@b.fr", "x", "x", "jo@x.local", ""])
def test_an_email_column_is_cleaned_cell_for_cell_as_the_email_rule(cells: list[str]) -> None:
    values, errors = emails_of(cells)
    assert (values, {cell: error.key for cell, error in errors.items()}) == _one_cell_at_a_time(cells, clean_email_cell)
