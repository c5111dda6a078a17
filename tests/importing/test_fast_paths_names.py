"""The import's shortcuts for display names give exactly what the one rule (`Prospect.display_name`)
gives, for every row of a file, however names repeat."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain import Prospect
from prospects.importing.staging import _display_name

TEXT = st.one_of(st.none(), st.sampled_from(["", " ", "Jean", "Dupont", " Awa\n", "Cœur  Lyon", "a@x.fr", "+33612345678"]),
                 st.text(alphabet=st.sampled_from("aé \n\t-"), max_size=4))
PROSPECT = st.builds(Prospect, first_name=TEXT, last_name=TEXT, company=TEXT, email=TEXT, phone=TEXT, mobile=TEXT)


@settings(max_examples=300, deadline=None)
@given(st.lists(PROSPECT, max_size=15))
def test_display_names_remembered_per_name_are_those_of_the_rule(prospects: list[Prospect]) -> None:
    people: dict = {}
    assert [_display_name(p, people) for p in prospects] == [p.display_name for p in prospects]
