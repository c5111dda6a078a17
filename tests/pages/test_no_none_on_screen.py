"""No "None", "nan" or "NaT" on a screen: empty fields show as empty cells in every table and text
(the list, the agenda, the contacts), in both languages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from prospects.domain import Action, Contact, Prospect
from prospects.store import Store

LEAKS = {"None", "nan", "NaN", "NaT", "<NA>"}


@pytest.fixture
def half_filled(store: Store, user_id: int) -> Store:
    """Records with most fields empty, as a half-filled badge scan leaves them."""
    bare = store.prospects.create(Prospect(last_name="SEUL", stage_id=store.stages.list()[0].id, owner_id=user_id), user_id)
    store.prospects.create(Prospect(company="Sans Nom SARL", stage_id=store.stages.list()[1].id), user_id)
    store.actions.create(Action(prospect_id=bare.id, title="Rappeler", due_at=datetime.now() - timedelta(days=2),
                                assignee_id=user_id), user_id)
    store.contacts.create(Contact(last_name="Martin"), user_id)
    return store


def leaks(at) -> list[str]:
    """Every table cell and text on the page that is empty in the data but shown as a word."""
    found: list[str] = []
    for table in at.dataframe:
        frame = table.value.data if hasattr(table.value, "data") else table.value
        # A missing value is drawn as the table's placeholder: "" leaves the cell empty, no placeholder
        # draws the word "None".
        blank = table.proto.HasField("placeholder") and table.proto.placeholder == ""
        for column in frame.columns:
            for value in frame[column]:
                if isinstance(value, list | tuple):
                    continue
                if (pd.isna(value) and not blank) or (not pd.isna(value) and str(value).strip() in LEAKS):
                    found.append(f"{column}={value!r}")
    for kind in ("markdown", "caption", "subheader", "title"):
        found += [str(e.value) for e in getattr(at, kind) if {w.strip("·,:()") for w in str(e.value).split()} & LEAKS]
    return found


@pytest.mark.parametrize("page", ["pages/prospects.py", "pages/agenda.py", "pages/contacts.py"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_empty_fields_show_as_empty_cells(app, half_filled, page, lang):
    at = app(page=page)
    if lang == "fr":
        at.sidebar.button_group(key="sidebar_language").set_value("fr").run()
        at.run()
    assert not at.exception
    assert at.dataframe, f"{page} shows no table"
    assert leaks(at) == []
