"""The vectorised passes of `clean_phones` and `clean_emails` give, cell for cell, what their careful
path gives (`clean_phone`, `clean_email_cell`: the phone library and the e-mail rule, one cell at a
time), on cells generated at the edge of the fast shapes: overseas departments of France's numbering
plan (06 93 …, 05 90 …, 02 62 …, 09 76 …), other separators and spacings, +33 (0), 0033, too few or too
many digits, letters; addresses with capitals, special-use domains, hyphens and dots where the rule
refuses them. The careful path is what every cell went through before the fast passes existed."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from prospects.importing.normalising import CellError, clean_email_cell, clean_emails, clean_phone, clean_phones

# The first digits of numbers the overseas departments hold (and some next to them that none holds).
PREFIXES = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "62", "63", "69", "90", "94", "96", "97", "76", "39",
            "93", "94", "96", "00", "08", "0", "70", "80"]
SEPARATOR = st.sampled_from(["", " ", ".", "-", "  ", " - ", "/", "\u00a0", "\t"])


@st.composite
def french_written(draw: st.DrawFn) -> str:
    """A number written as in France, with the national 0 or an international prefix, mostly of the
    right length, sometimes one digit short or long, sometimes with a letter or a stray character."""
    prefix = draw(st.sampled_from(PREFIXES))
    length = draw(st.sampled_from([9, 9, 9, 9, 8, 10]))
    digits = (prefix + draw(st.text(alphabet="0123456789", min_size=length, max_size=length)))[:length]
    pairs = [digits[:1]] + [digits[i:i + 2] for i in range(1, len(digits), 2)]
    separator = draw(SEPARATOR)
    body = separator.join(pairs)
    lead = draw(st.sampled_from(["0", "0", "0", "0", "+33 ", "+33 (0)", "0033 ", "+262 ", "", "00"]))
    text = lead + body
    if draw(st.integers(0, 9)) == 0:
        spot = draw(st.integers(0, len(text)))
        text = text[:spot] + draw(st.sampled_from(["x", "O", ".", " ", "+", "(", "ext. 12"])) + text[spot:]
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " "]))


def careful_phone(text: str) -> str | tuple:
    try:
        return clean_phone(text, "FR")
    except CellError as error:
        return (error.key, error.params)


def careful_email(text: str) -> str | tuple:
    try:
        return clean_email_cell(text)
    except CellError as error:
        return (error.key, error.params)


def answer(value: str | CellError) -> str | tuple:
    return (value.key, value.params) if isinstance(value, CellError) else value


@settings(max_examples=400, deadline=None)
@given(st.lists(french_written(), min_size=1, max_size=30))
@example(["06 93 45 00 02", "0693450002", "06.93.45.00.02", "06-93-45-00-02", "02 62 58 90 17", "05 90 12 34 56",
          "05 96 12 34 56", "05 94 10 12 34", "09 76 12 34 56", "06 39 40 12 34", "06 90 00 00 00", "07 00 00 00 00",
          "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78", "06 12 34 56 7", "06 12 34 56 789", "06 12 34 56 7O"])
def test_the_phone_passes_answer_as_the_phone_library_cell_by_cell(cells: list[str]) -> None:
    cells = [c for c in dict.fromkeys(cells) if c]
    answers = clean_phones(cells, "FR")
    assert set(answers) == set(cells)
    assert {c: answer(answers[c]) for c in cells} == {c: careful_phone(c) for c in cells}


LOCAL = st.from_regex(r"\A[a-zA-Z0-9_%+.\-'é]{1,10}\Z")
LABEL = st.from_regex(r"\A[a-zA-Z0-9\-]{1,8}\Z")
TOP = st.sampled_from(["fr", "com", "example", "test", "local", "localhost", "onion", "arpa", "invalid", "c", "FR",
                       "xn--p1ai", "co.uk", "1x"])


@st.composite
def addresses(draw: st.DrawFn) -> str:
    """An address near the shape the fast pass takes, now and then wrapped or several in a cell."""
    labels = draw(st.lists(LABEL, min_size=1, max_size=3))
    text = f"{draw(LOCAL)}@{'.'.join(labels)}.{draw(TOP)}"
    wrap = draw(st.sampled_from(["{}", "{}", "{}", " {} ", "<{}>", "mailto:{}", "{};x@y.fr", "{}, ", "{}."]))
    return wrap.format(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(addresses(), min_size=1, max_size=30))
@example(["Jean@Euro.fr", "jean@euro.test", "jean@a.local", "jean@-euro.fr", "jean@euro-.fr", "jean..d@euro.fr",
          ".jean@euro.fr", "jean.@euro.fr", "jean@xn--euro.fr", "jean@euro.fr;paul@euro.fr"])
def test_the_email_pass_answers_as_the_email_rule_cell_by_cell(cells: list[str]) -> None:
    cells = list(dict.fromkeys(cells))
    answers = clean_emails(cells)
    assert set(answers) == set(cells)
    assert {c: answer(answers[c]) for c in cells} == {c: careful_email(c) for c in cells}


@given(st.lists(st.text(max_size=12), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_any_text_is_answered_as_cell_by_cell(cells: list[str]) -> None:
    """Line feeds, control characters, emptiness: whatever a cell holds, the passes answer as the careful path."""
    cells = [c for c in dict.fromkeys(cells) if c]
    phones, emails = clean_phones(cells, "FR"), clean_emails(cells)
    assert {c: answer(phones[c]) for c in cells} == {c: careful_phone(c) for c in cells}
    assert {c: answer(emails[c]) for c in cells} == {c: careful_email(c) for c in cells}
