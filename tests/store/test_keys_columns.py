"""The identity keys as the store's columns (`identity_keys.key_columns`), spread by C loops: each record's
first phone, its second, its source keys, as the record's own keys say, record by record."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.domain.identity import IdentityKeys, KeyColumns
from prospects.store.identity_keys import key_columns, key_values

_phone = st.sampled_from(["+33612345678", "+33698765432", "+14155550100"])
_KEYS = st.builds(
    IdentityKeys, email=st.none() | st.sampled_from(["a@x.fr", "b@y.fr"]),
    phones=st.lists(_phone, max_size=2, unique=True).map(tuple), person=st.none() | st.just("ana roux"),
    company=st.none() | st.just("dupont"), sources=st.lists(st.sampled_from(["ref:7", "linkedin:in/ana"]), max_size=2,
                                                             unique=True).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_KEYS, max_size=30))
def test_key_columns_are_each_records_keys(keys: list[IdentityKeys]) -> None:
    for given_as in (keys, KeyColumns.of(keys)):
        columns = key_columns(given_as)
        assert columns["email_key"] == [k.email for k in keys]
        assert columns["phone_key"] == [k.phones[0] if k.phones else None for k in keys]
        assert columns["mobile_key"] == [k.phones[1] if len(k.phones) > 1 else None for k in keys]
        assert columns["person_key"] == [k.person for k in keys]
        assert columns["company_key"] == [k.company for k in keys]
        assert columns["name_key"] == [k.name for k in keys]
        assert columns["source_keys"] == [list(k.sources) or None for k in keys]


def test_one_records_key_values() -> None:
    keys = IdentityKeys("a@x.fr", ("+33612345678", "+33698765432"), "ana roux", "dupont", ("ref:7",))
    assert key_values(keys) == {"email_key": "a@x.fr", "phone_key": "+33612345678", "mobile_key": "+33698765432",
                                "person_key": "ana roux", "company_key": "dupont", "name_key": "ana roux\x1fdupont",
                                "source_keys": ["ref:7"], "keys_ready": True}
