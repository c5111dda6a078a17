"""Text cleaned once, at the door: an export of a base holding surrounding whitespace and control
characters imports back equal to what the door rule makes of it (notes as they were, names trimmed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from prospects.domain import CustomField, FieldType, Prospect, Status, User, at_the_door
from prospects.importing import ImportOptions
from prospects.services import exporting, open_store
from prospects.services.imports import import_file
from prospects.store import Store

# Columns the import sets itself (new ids, who and when it ran).
NOT_ROUND_TRIPPED = {"id", "created_by", "updated_at", "updated_by"}
LABEL = "Truck brand"


def _padded_prospect(store: Store, noise: str, controls: str = "") -> Prospect:
    """A lost deal whose every text field is wrapped in `noise` (what an old base may hold); the
    names, the company, the notes and the custom text also hold the `controls` characters."""
    stages = store.stages.list()
    channel = store.choices.list("channel")[0].name
    reason = store.choices.list("loss_reason")[0].name
    owner = store.users.list()[0]
    brand = store.custom_fields.list()[0]

    def pad(text: str) -> str:
        return f"{noise}{text}{noise}"

    def soil(text: str) -> str:
        return pad(f"{controls}{text[:3]}{controls}{text[3:]}{controls}")

    return Prospect(
        civility=pad("Mme"), last_name=soil("Martin"), first_name=soil("Claire"), company=soil("Transports Martin"),
        status=Status.LOST, stage_id=stages[1].id, project_summary=pad("Ten trucks"), channel=pad(channel),
        direct_approach=True, owner_id=owner.id, campaign=pad("Salon 2026"), interest=40,
        project_due=date(2026, 9, 1), expected_revenue=Decimal("12000.50"), rating=4,
        project_notes=pad("  indented\n\n  second paragraph"), prospect_notes=soil("met at booth 12\n- call back"),
        closed_on=date.today(), loss_reason=pad(reason), address=pad("12 rue des Lilas\nBât. B"),
        postal_code=pad("06000"), city=pad("Saint  Laurent\ndu Var"), country=pad("France"), door_info=soil("code 1234"),
        phone=pad("+33493000000"), mobile=pad("+33612345678"), email=pad("claire@martin.example"),
        birth_date=date(1980, 5, 17), website=pad("https://martin.example"), external_ref=pad("HS-42"),
        sector=pad("Transport"), client_type=pad("SME"), job_title=pad("Fleet manager"), categories=(1, 3),
        custom={brand.id: soil("Bertiet")},
    )


def _base(path: Path) -> Store:
    store = open_store(path)
    if not store.users.list():
        store.users.create(User(None, "Eve Nadal", "EN"))
    store.custom_fields.create(CustomField(None, LABEL, FieldType.TEXT, 1))
    return store


def _exported(store: Store, fmt: str) -> tuple[str, bytes]:
    frame = exporting.export_frame(store)
    if fmt == "xlsx":
        return "prospects.xlsx", exporting.to_xlsx_bytes(frame)
    if fmt == "json":
        return "prospects.json", exporting.to_json_text(frame).encode("utf-8")
    return "prospects.csv", exporting.to_csv_bytes(frame, ";")


def _expected_row(frame: pd.DataFrame) -> dict:
    """The exported row of the old base as the door rule makes it (custom text is free text)."""
    row = frame.iloc[0].to_dict()
    return {
        name: at_the_door(value, "custom" if name == LABEL else name) if isinstance(value, str) else value
        for name, value in row.items()
    }


def _differences(old: Store, new: Store) -> dict[str, tuple]:
    expected = _expected_row(exporting.export_frame(old))
    actual = exporting.export_frame(new).iloc[0].to_dict()
    return {
        name: (expected[name], actual.get(name))
        for name in expected
        if name not in NOT_ROUND_TRIPPED and expected[name] != actual.get(name)
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_surrounding_whitespace_is_kept_in_notes_and_trimmed_elsewhere_through_an_export(
    tmp_path: Path, fmt: str
) -> None:
    old = _base(tmp_path / "old.duckdb")
    old.prospects.create(_padded_prospect(old, " \t "), None)
    name, data = _exported(old, fmt)
    new = _base(tmp_path / "new.duckdb")
    report = import_file(new, name, data, ImportOptions())
    assert (report.created, report.rejected) == (1, [])
    assert _differences(old, new) == {}
    imported = new.prospects.get(int(exporting.export_frame(new).iloc[0]["id"]))
    assert imported.last_name == "Martin" and imported.email == "claire@martin.example"
    assert imported.city == "Saint Laurent du Var"  # one line: a line break or a double space is noise there
    assert imported.prospect_notes == " \t met at booth 12\n- call back \t "
    assert imported.project_notes == " \t   indented\n\n  second paragraph \t "
    assert imported.door_info == " \t code 1234 \t "
    assert imported.custom[new.custom_fields.list()[0].id] == " \t Bertiet \t "


# A NUL byte makes a text file look binary (refused whole, nothing written): JSON escapes it.
@pytest.mark.parametrize(("fmt", "controls"), [("csv", "\x0b"), ("json", "\x0b\x00\x1b")])
def test_control_characters_of_an_old_base_are_dropped_on_the_way_back_in(
    tmp_path: Path, fmt: str, controls: str
) -> None:
    old = _base(tmp_path / "old.duckdb")
    old.prospects.create(_padded_prospect(old, " ", controls), None)
    name, data = _exported(old, fmt)
    new = _base(tmp_path / "new.duckdb")
    report = import_file(new, name, data, ImportOptions())
    assert (report.created, report.rejected) == (1, [])
    assert _differences(old, new) == {}
    imported = new.prospects.get(int(exporting.export_frame(new).iloc[0]["id"]))
    assert imported.prospect_notes == " met at booth 12\n- call back "
    assert (imported.last_name, imported.company) == ("Martin", "Transports Martin")


def test_a_csv_cell_with_control_characters_and_crlf_comes_in_clean(store: Store) -> None:
    data = (
        b"Last name;First name;Notes\r\n"
        b'Durand\x0b; Paul ;"  first line\r\nsecond\x0b line "\r\n'
        b"Martin;Claire;met at booth 12, wants ten trucks before the summer\r\n"
    )
    report = import_file(store, "leads.csv", data, ImportOptions())
    assert (report.created, report.rejected) == (2, [])
    frame = exporting.export_frame(store)
    prospect = store.prospects.get(int(frame.iloc[0]["id"]))
    assert (prospect.last_name, prospect.first_name) == ("Durand", "Paul")
    assert prospect.prospect_notes == "  first line\nsecond line "
    exporting.to_xlsx_bytes(frame)  # the Excel export no longer meets a character it cannot write


def test_a_vcard_value_with_control_characters_comes_in_clean(store: Store) -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Roux\x0b;Anne;;;\r\nEMAIL:anne\x1b@roux.example\r\n"
        "NOTE:met at the fair\\, stand 4\x07\r\nORG:Roux Logistique et Transports Frigorifiques\r\n"
        "TITLE:Responsable du parc de véhicules et des achats\r\nADR:;;12 rue des Lilas;Nice;;06000;France\r\n"
        "END:VCARD\r\n"
    ).encode()
    report = import_file(store, "anne.vcf", data, ImportOptions())
    assert (report.created, report.rejected) == (1, [])
    prospect = store.prospects.get(int(exporting.export_frame(store).iloc[0]["id"]))
    assert (prospect.last_name, prospect.email) == ("Roux", "anne@roux.example")
    assert "\x07" not in prospect.prospect_notes and "met at the fair, stand 4" in prospect.prospect_notes


def test_a_lone_surrogate_in_a_json_file_is_dropped_not_a_crash(store: Store) -> None:
    data = b'[{"last_name": "Ro\\ud800ux", "prospect_notes": " a\\udfffb "}]'
    report = import_file(store, "leads.json", data, ImportOptions())
    assert (report.created, report.rejected) == (1, [])
    prospect = store.prospects.get(int(exporting.export_frame(store).iloc[0]["id"]))
    assert (prospect.last_name, prospect.prospect_notes) == ("Roux", " ab ")
