"""The door rule (`domain.at_the_door`): what every text that enters the product becomes."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prospects import services
from prospects.domain import (
    KEEPS_WHITESPACE,
    Action,
    Choice,
    Contact,
    Prospect,
    Stage,
    Status,
    User,
    at_the_door,
    clean_prospect,
)
from prospects.store import Store
from prospects.ui.action_form import typed_action
from prospects.ui.contact_form import typed_contact

# Every control character a spreadsheet or an XML file cannot hold (tab and line feed are text).
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r"]
FIELDS = ("last_name", "company", "email", "city", "project_summary", "title", "name", "address", *KEEPS_WHITESPACE, None)


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_but_tab_and_newline_is_dropped(control: str) -> None:
    assert at_the_door(f"Du{control}pont", "last_name") == "Dupont"
    assert at_the_door(f"a{control}\tb\n", "prospect_notes") == "a\tb\n"


@pytest.mark.parametrize(
    ("text", "field", "kept"),
    [
        ("  Jean  Pierre \t", "first_name", "Jean Pierre"),
        (" Transports\nMartin ", "company", "Transports Martin"),
        ("\u00a0jo@x.example\u202f", "email", "jo@x.example"),
        ("  indented\r\n\r\n  quote  ", "prospect_notes", "  indented\n\n  quote  "),
        ("\tcode 12\r", "door_info", "\tcode 12\n"),
        (" Bertiet ", "custom", " Bertiet "),
        (" call back\r first ", "notes", " call back\n first "),
        ("  12 rue des Lilas  \r\n   Bât. B  ", "address", "12 rue des Lilas\nBât. B"),
        ("   \t\n ", "prospect_notes", None),
        (" \x0b ", "last_name", None),
        ("", "city", None),
        (None, "city", None),
        ("  as is \x00", None, "  as is "),
    ],
)
def test_names_are_trimmed_and_notes_keep_their_layout(text: str | None, field: str | None, kept: str | None) -> None:
    assert at_the_door(text, field) == kept


@given(st.text(), st.sampled_from(FIELDS))
def test_the_door_is_passed_once_for_all(text: str, field: str | None) -> None:
    once = at_the_door(text, field)
    assert at_the_door(once, field) == once
    assert once is None or not any(c in once for c in CONTROLS + ["\r"])


def test_clean_prospect_passes_every_text_field_through_the_door() -> None:
    text_fields = [f.name for f in dataclasses.fields(Prospect) if f.type == "str | None"]
    dirty = Prospect(**{name: f" {name}\x0b " for name in text_fields}, custom={1: " v\x00 ", 2: 22.0, 3: " \x0b"})
    clean = clean_prospect(dirty)
    for name in text_fields:
        expected = f" {name} " if name in KEEPS_WHITESPACE else name
        assert getattr(clean, name) == expected, name
    assert clean.custom == {1: " v ", 2: 22.0}
    assert len(text_fields) >= 20


def test_a_saved_prospect_and_action_go_through_the_door(store: Store, user_id: int) -> None:
    stage = store.stages.list()[0].id
    saved = services.save_prospect(
        store, Prospect(last_name=" Durand\x0b ", prospect_notes=" met\x00 twice\r\n", stage_id=stage), user_id
    )
    stored = store.prospects.get(saved.id)
    assert (stored.last_name, stored.prospect_notes) == ("Durand", " met twice\n")
    action = services.save_action(
        store, Action(prospect_id=saved.id, title="  Call\x0b back ", due_at=datetime(2026, 12, 1, 9),
                      notes="  1. price\x1b\r\n  2. date "), user_id,
    )
    stored_action = store.actions.get(action.id)
    assert (stored_action.title, stored_action.notes) == ("Call back", "  1. price\n  2. date ")


def test_the_action_and_contact_forms_type_through_the_door() -> None:
    action = typed_action(Action(prospect_id=1), {"title": " Demo\x0b ", "notes": " bring\x00 the van \n"})
    assert (action.title, action.notes) == ("Demo", " bring the van \n")
    contact, errors = typed_contact(Contact(), {"last_name": " Roux\x0b ", "email": " a@b.example ",
                                                "notes": "  VIP\x07 "}, "FR")
    assert not errors
    assert (contact.last_name, contact.email, contact.notes) == ("Roux", "a@b.example", "  VIP ")


def test_settings_text_goes_through_the_door(store: Store) -> None:
    stage = store.stages.create(Stage(None, " Site\x0b  visit ", 9, 30))
    channel = store.choices.create(Choice(None, "channel", "\x00Fair  ", 9))
    user = store.users.create(User(None, " Zoé\x0b Martin ", " zm\x1b", " zoe@x.example "))
    assert (stage.name, channel.name) == ("Site visit", "Fair")
    assert (user.full_name, user.initials, user.email) == ("Zoé Martin", "ZM", "zoe@x.example")


def test_the_door_leaves_the_status_an_enum() -> None:
    assert clean_prospect(Prospect(last_name="x", status=Status.LOST)).status is Status.LOST
