"""The import engine on real files: what is created, skipped, rejected, merged, written or not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from prospects.domain import Contact, CustomField, FieldType, Prospect
from prospects.importing import ImportFileError, ImportOptions, Policy
from prospects.services.imports import ambiguous_dates, apply, import_file, preview, read_file, undo
from prospects.store import Store
from tests.importing.conftest import SAMPLE, all_prospects, fixture_bytes, run_import


def by_email(store: Store) -> dict[str, Prospect]:
    return {p.email: p for p in all_prospects(store) if p.email}


def test_trade_show_sample_gives_eleven_prospects_in_an_empty_database(store: Store) -> None:
    report = run_import(store, "trade-show-badges-sample.csv", path=SAMPLE)
    assert store.prospects.count() == 11
    assert (report.created, report.updated, report.skipped, report.rejected) == (11, 0, 1, [])
    prospects = by_email(store)
    hisson = prospects["p.hisson@euro-transports.fr"]
    assert (hisson.first_name, hisson.last_name, hisson.company) == ("Paul", "HISSON", "Euro Transports")
    assert hisson.phone == "+33478123456" and hisson.mobile == "+33612345678"
    # "Date de scan" goes to no field: kept in the notes rather than dropped.
    assert hisson.prospect_notes == (
        "Racheté par UniFret ; ERP du groupe jugé rigide.\nRappeler après le 15.\nDate de scan: 10/07/2026"
    )
    assert prospects["amelie.lefevre@tlf.fr"].postal_code == "06000"
    assert prospects["o.ndiaye@logisud.fr"].mobile == "+33612121212"
    company_card = prospects["contact@messagerie-rapide.fr"]
    assert company_card.is_company and company_card.last_name is None and company_card.company == "Messagerie Rapide SAS"


def test_sample_duplicate_badge_is_skipped_with_its_row(store: Store) -> None:
    report = run_import(store, "trade-show-badges-sample.csv", path=SAMPLE)
    skipped = [r for r in report.rows if r.action == "skip"]
    assert [r.row for r in skipped] == [11]
    assert "row 2" in skipped[0].reason


def test_invalid_email_is_reported_and_kept_in_the_notes_but_the_prospect_is_created(store: Store) -> None:
    report = run_import(store, "trade-show-badges-sample.csv", path=SAMPLE)
    roussel = next(p for p in all_prospects(store) if p.last_name == "ROUSSEL")
    assert roussel.email is None
    assert "claire.roussel@@mail" in roussel.prospect_notes
    flagged = next(r for r in report.to_review if r.name == "Claire ROUSSEL")
    assert any("claire.roussel@@mail" in w for w in flagged.warnings)


def test_dry_run_writes_nothing(store: Store, sample_bytes: bytes) -> None:
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions(), dry_run=True)
    assert report.created == 11 and report.batch_id is None
    assert store.prospects.count() == 0
    assert store.imports.batches().empty


def test_a_failure_during_the_import_leaves_the_database_as_before(store: Store, sample_bytes: bytes, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.imports, "set_counts", broken)
    with pytest.raises(RuntimeError):
        import_file(store, "badges.csv", sample_bytes, ImportOptions())
    assert store.prospects.count() == 0
    assert store.imports.batches().empty


def test_second_import_of_the_same_file_skips_every_row(store: Store, sample_bytes: bytes) -> None:
    import_file(store, "badges.csv", sample_bytes, ImportOptions())
    again = import_file(store, "badges.csv", sample_bytes, ImportOptions())
    assert (again.created, again.skipped) == (0, 12)
    assert store.prospects.count() == 11


def test_update_policy_fills_empty_fields_and_never_erases(store: Store, user_id: int, sample_bytes: bytes) -> None:
    existing = store.prospects.create(
        Prospect(last_name="HISSON", first_name="Paul", company="Euro Transports", email="p.hisson@euro-transports.fr",
                 job_title="PDG", city=None), by=user_id)
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions(duplicates=Policy.UPDATE))
    updated = [r for r in report.rows if r.action == "update"]
    assert [r.target_id for r in updated] == [existing.id]
    assert updated[0].changes["city"] == (None, "Lyon")
    after = store.prospects.get(existing.id)
    assert after.job_title == "PDG"  # kept, not overwritten by "Directeur général"
    assert after.city == "Lyon" and after.mobile == "+33612345678"
    assert report.created == 10 and store.prospects.count() == 11


def test_create_policy_creates_duplicates_and_flags_them(store: Store, sample_bytes: bytes) -> None:
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions(duplicates=Policy.CREATE))
    assert report.created == 12
    assert any("Suspected duplicate" in w for r in report.to_review for w in r.warnings)


def test_duplicate_of_a_main_contact_is_skipped_naming_the_contact(store: Store, user_id: int, sample_bytes: bytes) -> None:
    contact = store.contacts.create(Contact(last_name="Nguyen", first_name="Minh", company="FRET EXPRESS OCEAN"), by=user_id)
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions())
    skipped = next(r for r in report.rows if r.name == "Minh NGUYEN")
    assert skipped.action == "skip" and f"contact #{contact.id}" in skipped.reason
    assert "name and company" in skipped.reason


def test_duplicate_by_phone_in_another_layout(store: Store, user_id: int, sample_bytes: bytes) -> None:
    store.prospects.create(Prospect(company="Someone", phone="+33 4 91 23 45 67"), by=user_id)
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions())
    ndiaye = next(r for r in report.rows if r.name == "Ousmane N'DIAYE")
    assert ndiaye.action == "skip" and "same phone" in ndiaye.reason


def test_stored_keys_find_the_prospect_the_contact_and_the_repeated_row_held_or_not(store: Store, user_id: int, sample_bytes: bytes) -> None:
    """With a held connection (page run, CLI) or without, the stored identity keys of the known records
    give the same decisions: the prospect, the contact and the repeated badge are found."""
    prospect = store.prospects.create(Prospect(company="Someone", phone="+33 4 91 23 45 67"), by=user_id)
    contact = store.contacts.create(Contact(last_name="Nguyen", first_name="Minh", company="FRET EXPRESS OCEAN"), by=user_id)
    source = read_file(store, "badges.csv", sample_bytes)
    at_once = preview(store, source, ImportOptions())
    with store.hold():
        beside = preview(store, source, ImportOptions())
    decisions = [(r.row, r.action, r.reason) for r in at_once.rows]
    assert decisions == [(r.row, r.action, r.reason) for r in beside.rows]
    reasons = [reason for _, action, reason in decisions if action == "skip"]
    assert any(f"prospect #{prospect.id}" in r for r in reasons) and any(f"contact #{contact.id}" in r for r in reasons)
    assert any("row 2" in r for r in reasons)


def test_undo_deletes_created_prospects_and_reverts_filled_fields(store: Store, user_id: int, sample_bytes: bytes) -> None:
    existing = store.prospects.create(Prospect(last_name="HISSON", email="p.hisson@euro-transports.fr"), by=user_id)
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions(duplicates=Policy.UPDATE, user_id=user_id))
    assert store.prospects.get(existing.id).city == "Lyon"
    result = undo(store, report.batch_id, user_id)
    assert result.deleted == 10 and result.reverted > 0
    assert store.prospects.count() == 1
    back = store.prospects.get(existing.id)
    assert back.city is None and back.first_name is None and back.last_name == "HISSON"
    assert store.imports.batches()["undone_at"].notna().all()


def test_undo_keeps_a_value_someone_edited_since(store: Store, user_id: int, sample_bytes: bytes) -> None:
    existing = store.prospects.create(Prospect(last_name="HISSON", email="p.hisson@euro-transports.fr"), by=user_id)
    report = import_file(store, "badges.csv", sample_bytes, ImportOptions(duplicates=Policy.UPDATE))
    store.prospects.change(existing.id, {"city": "Villeurbanne"}, user_id)
    undo(store, report.batch_id, user_id)
    assert store.prospects.get(existing.id).city == "Villeurbanne"


def test_batch_settings_fill_channel_campaign_owner_and_stage(store: Store, user_id: int, sample_bytes: bytes) -> None:
    stage = store.stages.list()[2]
    import_file(store, "badges.csv", sample_bytes, ImportOptions(
        channel="Trade show", campaign="Salon Transport 2026", owner_id=user_id, stage_id=stage.id))
    prospects = all_prospects(store)
    assert {(p.channel, p.campaign, p.owner_id, p.stage_id, p.batch_id) for p in prospects} == {
        ("Trade show", "Salon Transport 2026", user_id, stage.id, 1)}
    assert len(store.prospects.history(prospects[0].id)) == 1


def test_a_row_without_name_company_email_or_phone_is_rejected_with_its_row_number(store: Store) -> None:
    report = run_import(store, "badges-utf8.csv")
    assert [(r.row, r.reason) for r in report.rejected] == [(6, "No name, company, email or phone number")]
    assert report.created == 3


def test_formula_text_is_stored_as_plain_text(store: Store) -> None:
    run_import(store, "badges-utf8.csv")
    dupont = by_email(store)["eric@carsduval.fr"]
    assert dupont.prospect_notes == '=HYPERLINK("http://evil")'


def test_multiline_cell_and_email_case(store: Store) -> None:
    run_import(store, "badges-utf8.csv")
    prospects = by_email(store)
    assert prospects["amelie.lefevre@tlf.fr"].prospect_notes == "Intéressée par le module flotte,\nrappeler en septembre"
    assert "MINH.NGUYEN@fret-express.fr" in prospects


def test_french_numbers_and_dates(store: Store) -> None:
    run_import(store, "badges-utf8-bom.csv")
    prospects = by_email(store)
    muller = prospects["j.mueller@mueller-spedition.de"]
    assert muller.expected_revenue == Decimal("1234.56") and str(muller.project_due) == "2026-09-15"
    assert prospects["s.oneil@greenfreight.ie"].expected_revenue == Decimal("12000")
    assert prospects["lucia.garcia@frioiberica.es"].expected_revenue == Decimal("2.5")


def test_us_badge_scanner_full_names_dates_and_numbers(store: Store) -> None:
    report = run_import(store, "badge-scanner-us.csv")
    smith = by_email(store)["john.smith@acmefreight.com"]
    assert (smith.first_name, smith.last_name, smith.job_title) == ("John", "Smith", "Fleet Manager")
    assert smith.expected_revenue == Decimal("1234.50") and smith.rating == 4
    assert smith.external_ref == "B-0001" and smith.phone == "+12125550147"
    assert report.skipped == 1  # "SMITH John", second scan, same email


def test_windows_1252_tab_file_keeps_euro_and_ligatures(store: Store) -> None:
    run_import(store, "badges-cp1252.txt")
    boeuf = by_email(store)["f.boeuf@coeurdefret.fr"]
    assert (boeuf.last_name, boeuf.company) == ("Bœuf", "Cœur de Fret")
    assert boeuf.prospect_notes == "Budget 50 000 € l’an prochain"


def test_latin1_pipe_file(store: Store) -> None:
    run_import(store, "badges-latin1.csv")
    assert by_email(store)["h.gauthier@normandie-express.fr"].city == "Évreux"


def test_linkedin_export_with_notes_above_the_header(store: Store) -> None:
    report = run_import(store, "linkedin-connections.csv")
    assert report.created == 3
    roussel = next(p for p in all_prospects(store) if p.last_name == "Roussel")
    assert roussel.company == "Roussel Conseil" and roussel.website == "https://www.linkedin.com/in/claire-roussel"


def test_google_contacts_export(store: Store) -> None:
    run_import(store, "google-contacts.csv")
    benali = by_email(store)["k.benali@rhone-logistique.fr"]
    assert (benali.company, benali.job_title, benali.city, benali.postal_code) == (
        "Rhône Logistique", "Responsable parc", "Lyon", "69002")
    assert benali.phone == "+33472000003" and benali.mobile == "+33633445566"
    assert str(benali.birth_date) == "1980-04-12"
    assert "karim.benali@gmail.com" in benali.prospect_notes  # the second email is not lost


def test_outlook_french_export(store: Store) -> None:
    run_import(store, "outlook-fr.csv")
    chevalier = by_email(store)["y.chevalier@bretagne-frigo.fr"]
    assert (chevalier.civility, chevalier.first_name, chevalier.last_name, chevalier.job_title) == (
        "M.", "Yann", "Chevalier", "Acheteur")
    assert (chevalier.address, chevalier.city, chevalier.phone, chevalier.mobile) == (
        "ZI de Kergaradec", "Brest", "+33298000004", "+33644556677")


def test_hubspot_export_translates_owner_and_reports_unknown_values(store: Store) -> None:
    report = run_import(store, "hubspot-contacts.csv")
    prospects = by_email(store)
    en = next(u for u in store.users.list() if u.initials == "EN")
    assert prospects["p.garnier@groupe-vecteur.com"].owner_id == en.id
    assert prospects["p.garnier@groupe-vecteur.com"].external_ref == "1501"
    diallo = next(r for r in report.rows if r.name == "Fatou Diallo")
    assert any("Nobody Known" in w for w in diallo.warnings)
    assert "Nobody Known" in prospects["fatou.diallo@citerama.fr"].prospect_notes


def test_value_translation_maps_a_file_value_to_a_stage(store: Store) -> None:
    data = fixture_bytes("hubspot-contacts.csv")
    source = read_file(store, "hubspot.csv", data)
    qualified = store.stages.list()[2]
    report = apply(store, source, ImportOptions(translations={"stage": {"Hot": qualified.name, "Lead": "New"}}))
    assert report.created == 2
    assert by_email(store)["fatou.diallo@citerama.fr"].stage_id == qualified.id


def test_mapping_is_saved_and_picked_for_the_next_file_with_the_same_headers(store: Store) -> None:
    data = fixture_bytes("badge-scanner-us.csv")
    source = read_file(store, "scan1.csv", data)
    mapping = list(source.mapping)
    mapping[source.headers.index("Scan Date")] = "project_due"
    apply(store, source, ImportOptions(mapping=mapping))
    again = read_file(store, "scan2.csv", data)
    assert again.saved and again.mapping == mapping


def test_xlsx_with_a_title_row(store: Store) -> None:
    report = run_import(store, "badges-title-row.xlsx")
    assert report.created == 3
    boyer = by_email(store)["j.boyer@transalpes.fr"]
    assert (boyer.postal_code, boyer.phone, boyer.interest) == ("06000", "+33612345678", 60)
    assert boyer.expected_revenue == Decimal("45000")


@pytest.mark.parametrize("name", ["contacts-v21.vcf", "contacts-v30.vcf", "contacts-v40.vcf"])
def test_vcards_of_every_version(store: Store, name: str) -> None:
    report = run_import(store, name)
    assert report.created >= 1 and not report.rejected


def test_vcard_21_quoted_printable_and_30_folded_lines(store: Store) -> None:
    run_import(store, "contacts-v21.vcf")
    run_import(store, "contacts-v30.vcf")
    prospects = by_email(store)
    lefevre = prospects["amelie.lefevre@tlf.fr"]
    assert (lefevre.last_name, lefevre.company, lefevre.mobile) == ("Lefèvre", "Transports Lefèvre & Fils", "+33698765432")
    assert lefevre.prospect_notes == "Intéressée par le module flotte, une très longue note qui continue sur la ligne suivante"
    ndiaye = prospects["o.ndiaye@logisud.fr"]
    assert ndiaye.prospect_notes.startswith("Rencontré au salon, stand B12\nRappeler en septembre.")
    assert "pour être pliée" in ndiaye.prospect_notes


@pytest.mark.parametrize(
    ("name", "key"),
    [("empty.csv", "import.error.empty"), ("binary.bin", "import.error.binary"),
     ("header-only.csv", "import.error.no_rows"), ("no-known-column.csv", "import.error.no_columns")],
)
def test_unreadable_files_raise_one_clear_error_and_write_nothing(store: Store, name: str, key: str) -> None:
    with pytest.raises(ImportFileError) as error:
        run_import(store, name)
    assert error.value.key == key and "\n" not in error.value.message
    assert store.prospects.count() == 0 and store.imports.batches().empty


def test_custom_fields_are_mapped_by_their_label(store: Store) -> None:
    brand = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    trucks = store.custom_fields.create(CustomField(None, "Number of trucks", FieldType.NUMBER, 2))
    data = "Nom;Société;Truck brand;Number of trucks\nBertiet;Bertiet PL;Bertiet;22\n".encode()
    import_file(store, "trucks.csv", data, ImportOptions())
    prospect = all_prospects(store)[0]
    assert prospect.custom == {brand.id: "Bertiet", trucks.id: 22.0}


def test_plan_shows_old_and_new_values_of_an_update(store: Store, user_id: int, sample_bytes: bytes) -> None:
    store.prospects.create(Prospect(last_name="NGUYEN", first_name="Minh", email="minh.nguyen@fret-express.fr"), by=user_id)
    source = read_file(store, "badges.csv", sample_bytes)
    report = preview(store, source, ImportOptions(duplicates=Policy.UPDATE))
    nguyen = next(r for r in report.rows if r.action == "update")
    assert nguyen.changes["company"] == (None, "Fret Express Océan")
    assert store.prospects.get(nguyen.target_id).company is None


def test_a_date_column_that_never_tells_day_from_month_is_read_in_the_order_chosen(store: Store) -> None:
    data = fixture_bytes("us-show-ambiguous-dates.csv")
    source = read_file(store, "us-show-ambiguous-dates.csv", data)
    column = source.headers.index("Expected Close Date")
    assert ambiguous_dates(store, source, source.mapping) == {column: "dmy"}  # French settings: assumed

    assumed = preview(store, source, ImportOptions())
    assert any("Expected Close Date" in n and "dd/mm/yyyy" in n for n in assumed.notices)
    assert [r.prospect.project_due for r in assumed.rows] == [date(2026, 4, 3), date(2026, 12, 11), date(2027, 2, 1)]

    chosen = apply(store, source, ImportOptions(date_orders={column: "mdy"}))
    assert chosen.notices == []
    assert sorted(p.project_due for p in all_prospects(store)) == [date(2026, 3, 4), date(2026, 11, 12), date(2027, 1, 2)]


def test_an_email_cell_of_separators_only_is_reported_not_a_crash(store: Store) -> None:
    data = "Nom;Société;E-mail\r\nMartin;Acme;,\r\nDurand;Globex; ; \r\n".encode()
    report = import_file(store, "badges.csv", data, ImportOptions(), dry_run=True)
    assert report.created == 2
    assert any("," in w for w in report.rows[0].warnings)
