"""One fold: the searches and the rule of who is the same person compare text the same way.

There were two: the searches' (NFKD, accents out, case-folded: "œ" stayed "œ", so "oeuvre" did not find
"Œuvre") and the identity rule's (the same, with ß, İ, œ, æ, ø... spelt in plain letters, and fast paths).
The identity rule's is the one kept: on plain accented Latin text, where both agreed, it gives what the
searches' gave; on the letters they disagreed on, it gives the plain spelling both ways.
"""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from prospects.domain import (
    SEARCH_FIELDS,
    Prospect,
    fold,
    identity,
    rules,
    search_blob,
    search_text_of,
    search_texts_of,
)


def _former_search_fold(text: str | None) -> str:
    """The searches' fold before they shared the identity rule's (prospects.domain.rules until this change)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _plain_accented(c: str) -> bool:
    """A Latin letter with accents: a plain ASCII letter followed by combining marks, once decomposed."""
    parts = unicodedata.normalize("NFD", c)
    return parts[0].isascii() and parts[0].isalpha() and len(parts) > 1 and all(map(unicodedata.combining, parts[1:]))


# Plain letters, digits, spaces and punctuation; the accented Latin letters of Latin-1, Latin Extended-A and B
# and Latin Extended Additional ("é", "Ő", "ǅ" is not one: it is two letters); accents typed as combining marks.
_ACCENTED = [chr(c) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if _plain_accented(chr(c))]
_MARKS = [chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))]
PLAIN_LATIN = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'.@") | st.sampled_from(_ACCENTED)
    | st.sampled_from(_MARKS),
    max_size=24,
)


def test_there_is_one_fold() -> None:
    assert identity.fold is rules.fold is fold


@given(PLAIN_LATIN)
@example("Müller ÉRIC Lefèvre")
@example("Ångström Ŝtéphane Ǆ")
@example("e\u0301cole")
@example("\u0345")  # the mark case folding turns into a letter (ι)
def test_on_plain_accented_latin_the_one_fold_is_what_both_former_rules_gave(text: str) -> None:
    assert fold(text) == _former_search_fold(text)


def test_the_letters_the_former_rules_disagreed_on_are_spelt_in_plain_letters() -> None:
    for written, plain in (("Œuvre", "oeuvre"), ("lætitia", "laetitia"), ("Groß", "gross"), ("İlker", "ilker"),
                           ("Ærø", "aero"), ("Łódź", "lodz"), ("Þór", "thor")):
        assert fold(written) == fold(plain) == fold(plain.upper()) == plain
        assert fold(written) != _former_search_fold(written) or written in ("Groß", "İlker")


# Fields as files and forms bring them: any letters, accents, ß/İ/œ/æ, lone combining marks, spaces; or nothing.
_FIELD = st.none() | st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("ßİœæÆŒ\u0301\u0308 \u00a0¨"), max_size=10
) | st.sampled_from(["Œuvre", "Lætitia", "", " ", "\u0301", "Müller"])


@given(st.lists(st.tuples(*[_FIELD] * len(SEARCH_FIELDS)), max_size=8))
def test_search_texts_of_many_records_are_each_record_s(rows: list[tuple[str | None, ...]]) -> None:
    """Folding field by field, each distinct value once, gives what folding each record's whole text gives."""
    columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in SEARCH_FIELDS]
    assert search_texts_of(columns) == [search_text_of(row) for row in rows]
    for row in rows:
        record = Prospect(**dict(zip(SEARCH_FIELDS, row, strict=True)))
        assert search_text_of(row) == search_blob(record)
