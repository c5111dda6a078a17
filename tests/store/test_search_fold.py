"""A search ignores case, accents and the ligatures the identity rule spells out (œ as oe, æ as ae...):
the list's free-text filter and the stored search text fold with the one `fold`, so "oeuvre" finds
"Œuvre" and "œuvre" finds "Oeuvre", as the rule of who is the same person already says."""

from __future__ import annotations

from prospects.domain import Contact, Prospect, ProspectQuery
from prospects.services import records, save_prospect
from prospects.services.promotion import save_contact
from prospects.store import Store


def _found(store: Store, text: str) -> list[str]:
    page = records.prospects_page(store, ProspectQuery(text=text))
    return sorted(page.rows["name"].tolist())


def test_the_list_s_search_ignores_ligatures_both_ways(store: Store, user_id: int) -> None:
    save_prospect(store, Prospect(company="Œuvre", first_name="Lætitia", last_name="Martin"), by=user_id)
    save_prospect(store, Prospect(company="Oeuvre Sociale"), by=user_id)
    save_prospect(store, Prospect(company="Autre", last_name="Petit"), by=user_id)
    assert _found(store, "oeuvre") == ["Lætitia Martin", "Oeuvre Sociale"]
    assert _found(store, "œuvre") == ["Lætitia Martin", "Oeuvre Sociale"]
    assert _found(store, "ŒUVRE") == ["Lætitia Martin", "Oeuvre Sociale"]
    assert _found(store, "laetitia") == ["Lætitia Martin"]
    assert _found(store, "LÆTITIA martin") == ["Lætitia Martin"]
    assert _found(store, "lætitia sociale") == []


def test_the_contacts_search_ignores_ligatures_both_ways(store: Store, user_id: int) -> None:
    save_contact(store, Contact(company="Œuvre", first_name="Lætitia"), by=user_id)
    save_contact(store, Contact(company="Oeuvre Sociale"), by=user_id)
    for text, expected in (("oeuvre", 2), ("œuvre", 2), ("laetitia", 1), ("Lætitia", 1), ("zoé", 0)):
        frame, total = records.contacts_page(store, text, limit=10)
        assert total == expected == len(frame), text
