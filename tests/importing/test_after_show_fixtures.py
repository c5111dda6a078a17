"""After the show, from real-shaped files: a next step with a date becomes the prospect's first action,
and an address that ends with a country decides its phone's region and fills the country."""

from __future__ import annotations

from datetime import date, datetime

from prospects.importing import ImportOptions
from prospects.services import imports
from prospects.store import Store
from tests.importing.conftest import all_prospects, run_import

DEFAULT_TITLE = "Follow up after the show"


def actions_by_name(store: Store) -> dict[str, list[tuple[str, datetime]]]:
    return {p.display_name: [(a.title, a.due_at) for a in store.actions.for_prospect(p.id)] for p in all_prospects(store)}


def codes(outcome) -> list[str]:
    return [i.code for i in outcome.issues if i.code != "no_owner"]


def test_a_next_step_and_its_date_become_the_first_action_due_that_day(store: Store) -> None:
    report = run_import(store, "leads-next-step.csv")
    assert report.created == 4
    actions = actions_by_name(store)
    # Words beside a date column: the words are the title, the date column the day (no time: all day).
    assert actions["Dana Whitfield"] == [("Send the quote for 4 trailers", datetime(2026, 12, 14))]
    # A date alone: the catalogue's default title.
    assert actions["Luis Ortega"] == [(DEFAULT_TITLE, datetime(2026, 12, 16))]
    # Words without a date: no action, the words stay in the notes with a warning.
    assert actions["Priya Nair"] == []
    assert actions["Tom Becker"] == []
    by_name = {p.display_name: p for p in all_prospects(store)}
    assert "Call back after the budget meeting" in by_name["Priya Nair"].prospect_notes
    assert "next week" in by_name["Tom Becker"].prospect_notes
    assert "Demo of the telematics box" in by_name["Tom Becker"].prospect_notes
    assert [codes(o) for o in report.rows] == [[], [], ["next_step_no_date"], ["next_step_no_date"]]
    assert by_name["Dana Whitfield"].expected_revenue == 12500


def test_the_dry_run_says_how_the_first_actions_are_made_and_writes_none(store: Store) -> None:
    report = run_import(store, "leads-next-step.csv", dry_run=True)
    assert any("Next step" in n and "first action" in n for n in report.notices)
    assert [o.first_action for o in report.rows][:2] == [
        ("Send the quote for 4 trailers", date(2026, 12, 14)), (None, date(2026, 12, 16))]
    assert all_prospects(store) == []


def test_real_excel_dates_in_a_relance_column_become_first_actions(store: Store) -> None:
    report = run_import(store, "salon-relances.xlsx")
    assert report.created == 4
    actions = actions_by_name(store)
    assert actions["Léa Durand"] == [(DEFAULT_TITLE, datetime(2026, 12, 14))]
    assert actions["Paul Martin"] == [(DEFAULT_TITLE, datetime(2026, 12, 3))]
    assert actions["Anne Roy"] == [] and actions["Marc Petit"] == []
    anne = next(p for p in all_prospects(store) if p.last_name == "Roy")
    assert "à voir après le salon" in anne.prospect_notes
    assert [codes(o) for o in report.rows] == [[], [], ["next_step_no_date"], []]


def test_undoing_the_batch_takes_its_first_actions_and_prospects_back(store: Store) -> None:
    report = run_import(store, "leads-next-step.csv")
    result = imports.undo(store, report.batch_id, None)
    assert result.deleted == 4 and result.kept == []
    assert all_prospects(store) == []
    with store.db.connection() as conn:
        assert conn.execute("SELECT count(*) FROM actions").fetchall()[0][0] == 0


def test_the_country_at_the_end_of_the_address_reads_the_phone_and_fills_the_country(store: Store) -> None:
    report = run_import(store, "crm-addresses.csv")
    assert [codes(o) for o in report.rows] == [[]] * 5
    found = {p.last_name: (p.phone, p.country) for p in all_prospects(store)}
    assert found == {
        "Carter": ("+12175550134", "USA"),
        "Baumann": ("+41446681800", "Schweiz"),
        "Morel": ("+33142603030", "France"),
        "Hughes": ("+442079250918", "United Kingdom"),
        "Girard": ("+33612407731", None),  # no country in the address: the default country, none written
    }


def test_a_country_cell_wins_over_the_address_and_an_empty_one_takes_the_address(store: Store) -> None:
    text = ("Nom,Adresse,Pays,Téléphone\n"
            "Carter,\"12 Main St, Springfield, IL 62704, USA\",France,01 42 60 30 30\n"
            "Baumann,\"Bahnhofstr. 1, 8001 Zürich, Schweiz\",,044 668 18 00\n")
    report = imports.import_file(store, "mixed.csv", text.encode(), ImportOptions())
    assert [codes(o) for o in report.rows] == [[], []]
    found = {p.last_name: (p.phone, p.country) for p in all_prospects(store)}
    assert found == {"Carter": ("+33142603030", "France"), "Baumann": ("+41446681800", "Schweiz")}


def test_an_ambiguous_next_step_date_is_asked_like_any_date_column(store: Store) -> None:
    text = "Name,Email,Next step date\nAnn Lee,ann@lee.example,03/04/2026\nBob Ray,bob@ray.example,05/06/2026\n"
    source = imports.read_file(store, "us.csv", text.encode())
    assert imports.ambiguous_dates(store, source, source.mapping) == {2: "dmy"}
    report = imports.preview(store, source, ImportOptions(date_orders={2: "mdy"}))
    assert [o.first_action for o in report.rows] == [(None, date(2026, 3, 4)), (None, date(2026, 5, 6))]
