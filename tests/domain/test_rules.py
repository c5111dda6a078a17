"""The domain rules: statuses, closing, next action, due state, probability, validation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from prospects.domain import (
    Action,
    DueState,
    FieldType,
    Prospect,
    Status,
    check,
    close,
    coerce_custom_value,
    due_state,
    fold,
    has_identity,
    next_action,
    parse_status,
    probability,
    reopen,
    search_blob,
    validate_action,
    validate_prospect,
)
from prospects.errors import ValidationError

NOW = datetime(2026, 11, 29, 14, 30)


def fields(errors) -> set[str]:
    return {e.field for e in errors}


def test_only_three_statuses_exist():
    assert [s.value for s in Status] == ["open", "won", "lost"]
    assert parse_status(" Won ") is Status.WON
    with pytest.raises(ValidationError) as info:
        parse_status("pending")
    assert "pending" in info.value.message


def test_closing_sets_today_unless_a_date_is_given():
    p = Prospect(last_name="Hisson")
    won = close(p, Status.WON)
    assert won.status is Status.WON and won.closed_on == date.today() and won.loss_reason is None
    lost = close(p, Status.LOST, on=date(2026, 7, 1), loss_reason="Price")
    assert (lost.status, lost.closed_on, lost.loss_reason) == (Status.LOST, date(2026, 7, 1), "Price")


def test_winning_drops_a_loss_reason():
    p = Prospect(last_name="Hisson", loss_reason="Price")
    assert close(p, Status.WON).loss_reason is None


def test_reopening_clears_close_date_and_loss_reason():
    lost = close(Prospect(last_name="Hisson"), Status.LOST, loss_reason="Timing")
    again = reopen(lost)
    assert (again.status, again.closed_on, again.loss_reason) == (Status.OPEN, None, None)
    assert close(lost, Status.OPEN) == again


def test_next_action_is_the_earliest_undone_one():
    actions = [
        Action(id=1, title="done long ago", due_at=NOW - timedelta(days=9), done=True),
        Action(id=2, title="later", due_at=NOW + timedelta(days=3)),
        Action(id=3, title="sooner", due_at=NOW + timedelta(days=1)),
        Action(id=4, title="same time, higher id", due_at=NOW + timedelta(days=1)),
    ]
    assert next_action(actions).title == "sooner"
    assert next_action([a for a in actions if a.done]) is None
    assert next_action([]) is None


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (datetime(2026, 11, 28, 18, 0), DueState.LATE),
        (datetime(2026, 11, 29, 9, 0), DueState.LATE),  # earlier today, time passed
        (datetime(2026, 11, 29, 0, 0), DueState.TODAY),  # a date without time, today
        (datetime(2026, 11, 29, 17, 0), DueState.TODAY),
        (datetime(2026, 11, 30, 8, 0), DueState.LATER),
        (date(2026, 11, 29), DueState.TODAY),
        (None, None),
    ],
)
def test_due_state_from_a_given_now(due, expected):
    assert due_state(due, NOW) == expected


def test_probability_won_lost_interest_then_stage():
    assert probability(30, Status.WON, 10) == 100
    assert probability(90, Status.LOST, 10) == 0
    assert probability(35, Status.OPEN, 10) == 35
    assert probability(None, Status.OPEN, 60) == 60
    assert probability(None, Status.OPEN, None) == 0


def test_fold_ignores_case_and_accents():
    assert fold("Müller ÉRIC Lefèvre") == "muller eric lefevre"
    assert search_blob(Prospect(last_name="GARCÍA", company="Frío Ibérica", city="Madrid")) == "garcia frio iberica madrid"


def test_a_prospect_needs_a_name_a_company_an_email_or_a_phone():
    assert not has_identity(Prospect())
    assert not has_identity(Prospect(last_name="  "))
    for kwargs in ({"last_name": "X"}, {"first_name": "Y"}, {"company": "Z"}, {"email": "a@b.fr"}, {"mobile": "0611"}):
        assert has_identity(Prospect(**kwargs))
    assert "last_name" in fields(validate_prospect(Prospect()))


def test_valid_prospect_has_no_errors():
    p = Prospect(last_name="Hisson", email="p.hisson@euro-transports.fr", interest=50, rating=5,
                 expected_revenue=Decimal("1200.50"))
    assert validate_prospect(p) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "claire.roussel@@mail"}, "email"),
        ({"email": "no-at-sign"}, "email"),
        ({"interest": 101}, "interest"),
        ({"interest": -1}, "interest"),
        ({"rating": 6}, "rating"),
        ({"expected_revenue": Decimal("-1")}, "expected_revenue"),
        ({"categories": (21,)}, "categories"),
        ({"birth_date": date(2999, 1, 1)}, "birth_date"),
    ],
)
def test_invalid_fields_are_reported_on_their_field(changes, field):
    errors = validate_prospect(Prospect(last_name="Hisson", **changes))
    assert fields(errors) == {field}
    assert all(e.message and not e.message.startswith("error.") for e in errors)


def test_close_date_cannot_precede_creation():
    p = Prospect(last_name="H", status=Status.WON, created_at=datetime(2026, 5, 1), closed_on=date(2026, 4, 30))
    assert fields(validate_prospect(p)) == {"closed_on"}
    ok = p.replace(closed_on=date(2026, 5, 1))
    assert validate_prospect(ok) == []


def test_an_open_deal_has_no_close_date():
    p = Prospect(last_name="H", created_at=datetime(2026, 5, 1), closed_on=date(2026, 6, 1))
    assert fields(validate_prospect(p)) == {"closed_on"}


def test_check_raises_all_field_errors_together():
    with pytest.raises(ValidationError) as info:
        check(validate_prospect(Prospect(interest=200, rating=9)))
    assert {e.field for e in info.value.errors} == {"last_name", "interest", "rating"}
    assert info.value.for_field("rating") == ["The rating goes from 0 to 5 stars."]


def test_messages_exist_in_french():
    from prospects.i18n import set_language

    set_language("fr")
    try:
        errors = validate_prospect(Prospect(last_name="H", rating=9))
        assert errors[0].message == "La notation va de 0 à 5 étoiles."
    finally:
        set_language("en")


def test_validate_action_needs_title_due_and_prospect():
    assert fields(validate_action(Action())) == {"title", "due_at", "prospect_id"}
    assert validate_action(Action(prospect_id=1, title="Call", due_at=NOW)) == []


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (FieldType.TEXT, "Bertiet", "Bertiet"),
        (FieldType.NUMBER, "22,5", 22.5),
        (FieldType.NUMBER, "1 234", 1234.0),
        (FieldType.NUMBER, 22, 22.0),
        (FieldType.DATE, "2026-07-10", date(2026, 7, 10)),
        (FieldType.BOOLEAN, "oui", True),
        (FieldType.BOOLEAN, "no", False),
        (FieldType.BOOLEAN, None, None),
        (FieldType.TEXT, "", None),
    ],
)
def test_custom_values_are_typed(kind, raw, expected):
    assert coerce_custom_value(kind, raw) == expected


@pytest.mark.parametrize(("kind", "raw"), [(FieldType.NUMBER, "twenty"), (FieldType.DATE, "10/13/2026"), (FieldType.BOOLEAN, "maybe")])
def test_bad_custom_values_are_refused(kind, raw):
    with pytest.raises(ValueError):
        coerce_custom_value(kind, raw)
