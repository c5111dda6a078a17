"""One validation of a prospect (`domain.validate_prospect`): a number the record form refuses is refused
whatever brings it (the form, the import, a script): "07 00 00 00 00" is no French number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prospects.domain import Prospect, validate_prospect
from prospects.domain.phones import normalise_phone


def _fields(prospect: Prospect) -> set[str]:
    return {e.field for e in validate_prospect(prospect)}


@pytest.mark.parametrize("field", ["phone", "mobile"])
def test_a_number_that_is_no_phone_number_is_refused(field: str) -> None:
    # What the import's French fast path made of "07 00 00 00 00" before asking the phone rule.
    assert field in _fields(Prospect(last_name="HISSON", **{field: "+33700000000"}))
    assert field not in _fields(Prospect(last_name="HISSON", **{field: "+33612345678"}))


@given(digits=st.text("0123456789", min_size=8, max_size=12), plus=st.booleans())
def test_validation_refuses_exactly_what_the_phone_rule_refuses(digits: str, plus: bool) -> None:
    stored = ("+" if plus else "") + digits
    try:
        normalise_phone(stored)
        valid = True
    except ValueError:
        valid = False
    assert ("phone" in _fields(Prospect(last_name="HISSON", phone=stored))) is not valid
