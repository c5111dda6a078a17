"""Validate on the record: the prospect as typed, its save, and the choice offered when someone saved meanwhile."""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
import streamlit as st

from prospects.domain import FieldType, Prospect, Status, at_the_door, coerce_custom_value, validate_prospect
from prospects.domain.phones import normalise_phone
from prospects.domain.rules import cents
from prospects.errors import ConflictError, FieldError, NotFoundError, ProspectsError, ValidationError
from prospects.i18n import parse_amount, t
from prospects.services import Store, records
from prospects.services import settings as team_settings
from prospects.ui import shell, state
from prospects.ui.prospect_form import CONFLICT, ERRORS, LABELS, Inputs, base, reset

COMPARED_FIELDS = tuple(
    f.name for f in dataclasses.fields(Prospect)
    if f.name not in ("id", "created_at", "created_by", "updated_at", "updated_by", "version", "batch_id", "search_text")
)


def typed_prospect(
    prospect: Prospect, values: dict[str, Any], default_country: str, custom_types: dict[int, FieldType]
) -> tuple[Prospect, list[FieldError]]:
    """The prospect as typed, with phone numbers normalised; errors the domain cannot see (bad phone)."""
    errors: list[FieldError] = []
    changes = dict(values)
    for name, value in values.items():
        if isinstance(value, str):
            changes[name] = at_the_door(value, name)
    for name in ("phone", "mobile"):
        try:
            changes[name] = normalise_phone(changes.get(name), default_country)
        except ValueError:
            errors.append(FieldError(name, "record.phone_invalid", {"value": changes.get(name)}))
            changes[name] = prospect.phone if name == "phone" else prospect.mobile
    if changes.get("status") is not None:
        changes["status"] = Status(changes["status"])
    else:
        changes["status"] = Status.OPEN
    if "expected_revenue" in values:
        typed = values["expected_revenue"]
        try:
            amount = typed if isinstance(typed, Decimal | float | int) else parse_amount(typed)
            changes["expected_revenue"] = cents(amount)
        except (ValueError, InvalidOperation):
            errors.append(FieldError("expected_revenue", "record.amount_invalid", {"value": typed}))
            changes["expected_revenue"] = prospect.expected_revenue
    if changes.get("interest") is not None:
        changes["interest"] = int(changes["interest"])
    if changes.get("rating") == 0 and prospect.rating is None:
        changes["rating"] = None
    custom = {}
    for field_id, raw in (changes.get("custom") or {}).items():
        if custom_types.get(field_id) is FieldType.NUMBER and isinstance(raw, str):
            raw = _typed_number(raw)
        try:
            custom[field_id] = coerce_custom_value(custom_types.get(field_id, FieldType.TEXT), raw)
        except (TypeError, ValueError):
            errors.append(FieldError(f"custom_{field_id}", "record.custom_invalid"))
    changes["custom"] = {k: v for k, v in custom.items() if v is not None}
    if changes["status"] is not Status.LOST:
        changes["loss_reason"] = None
    return prospect.replace(**changes), errors


def _typed_number(text: str) -> Any:
    """A number typed the language's way ("22,5" in French), else the text for the domain to refuse."""
    try:
        return parse_amount(text)
    except ValueError:
        return text


def save(store: Store, inputs: Inputs) -> None:
    """Validate: write the record, or keep everything typed and say what is wrong where."""
    prospect = inputs.prospect
    custom_types = {f.id: f.type for f in team_settings.custom_fields(store, active_only=False)}
    country = team_settings.default_country(store)
    typed, errors = typed_prospect(prospect, inputs.values, country, custom_types)
    try:
        if errors:
            raise ValidationError(errors + validate_prospect(typed))
        saved = records.save_record(store, typed, shell.current_user_id(), settle=inputs.settle, restore=inputs.restore)
    except ValidationError as error:
        state.put(ERRORS, (prospect.id, shell.field_errors(error) | {e.field: e.message for e in errors}))
        st.rerun()
    except ConflictError as error:
        state.put(CONFLICT, (prospect.id, error.message))
        st.rerun()
    except ProspectsError as error:
        shell.show_error(error)
        return
    reset(prospect.id)
    me = shell.current_user_id()
    if not shell.is_manager() and saved.owner_id is not None and saved.owner_id != me:
        # Handed to a colleague: saved, and no longer this rep's to see; back to their list, told who has it.
        owner = next((u.full_name for u in team_settings.users(store, active_only=False) if u.id == saved.owner_id), "")
        state.flash(t("record.handed_over", name=shell.md(saved.display_name), owner=shell.md(owner)))
        st.switch_page("pages/prospects.py")
    state.flash(t("record.created" if prospect.id is None else "record.saved", name=shell.md(saved.display_name)))
    if prospect.id is None:
        st.query_params["id"] = str(saved.id)
    st.rerun()


def conflict(store: Store, inputs: Inputs) -> None:
    """A save refused because someone saved meanwhile: show both versions, let the user choose."""
    opened = state.get(CONFLICT)
    if not opened or opened[0] != inputs.prospect.id:
        return
    st.error(shell.md(opened[1]), icon=":material/sync_problem:")
    try:
        theirs = records.prospect(store, inputs.prospect.id)
    except NotFoundError as error:
        st.error(shell.md(error.message))
        return
    mine, _ = typed_prospect(
        inputs.prospect, inputs.values, team_settings.default_country(store),
        {f.id: f.type for f in team_settings.custom_fields(store, active_only=False)},
    )
    rows = [
        {"field": t(LABELS.get(name, f"field.{name}")), "mine": _cell(getattr(mine, name)), "theirs": _cell(getattr(theirs, name))}
        for name in COMPARED_FIELDS
        if _cell(getattr(mine, name)) != _cell(getattr(theirs, name)) and name not in ("custom", "contact_id")
    ]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
            "field": t("record.field"), "mine": t("record.mine"), "theirs": t("record.theirs"),
        })
    keep, take = st.columns(2)
    if keep.button(t("record.keep_mine"), type="primary", key="record_keep_mine", width="stretch"):
        # Save over theirs knowingly: the form now starts from the version just read.
        st.session_state[base(inputs.prospect.id) + "__version"] = theirs.version
        state.put(CONFLICT, None)
        inputs.prospect = inputs.prospect.replace(version=theirs.version)
        save(store, inputs)
    if take.button(t("record.take_theirs"), key="record_take_theirs", width="stretch"):
        reset(inputs.prospect.id)
        st.rerun()


def _cell(value: Any) -> str:
    if value is None or value == () or value == {}:
        return ""
    if isinstance(value, Status):
        return t(f"status.{value}")
    return str(value)
