"""The import page after the show, in AppTest: the dry run shows each first action of a file's next
step, a column becomes a custom field in one click, the result gives every new prospect a first action,
and a file of a known shape starts from the channel, campaign and owner its last batch was given."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from prospects.services import open_store
from tests.conftest import FIXTURES
from tests.importing.conftest import SAMPLE
from tests.pages.test_import_page import PAGE, button, drop


def actions(db_path: Path) -> list[tuple]:
    with open_store(db_path).db.connection() as conn:
        return conn.execute("SELECT title, due_at FROM actions ORDER BY prospect_id").fetchall()


def test_the_dry_run_shows_each_first_action_and_where_it_comes_from(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, FIXTURES / "leads-next-step.csv")
    assert next(s for s in at.selectbox if s.label == "Next step").value == "next_action"
    button(at, "import_dry_run").click().run()
    assert not at.exception
    assert any("“Next step” gives each new prospect's first action its title" in i.value for i in at.info)
    details = list(at.dataframe[-1].value["Details"])
    assert "First action: Send the quote for 4 trailers, 14/12/2026" in details[0]
    assert "First action: Follow up after the show, 16/12/2026" in details[1]
    assert "has no date: no first action" in details[2]
    assert actions(db_path) == []


def test_give_them_all_a_first_action_from_the_result(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, SAMPLE)
    button(at, "import_run").click().run()
    assert not at.exception
    at.text_input(key="import_fa_title").set_value("Call to book a demo")
    at.number_input(key="import_fa_days").set_value(3)
    button(at, "import_fa_give").click().run()
    assert not at.exception
    due = datetime.combine(date.today() + timedelta(days=3), datetime.min.time())
    assert actions(db_path) == [("Call to book a demo", due)] * 11
    assert any("11 prospects got “Call to book a demo”" in s.value for s in at.success)
    assert not [b for b in at.button if b.key == "import_fa_give"]  # given once: not offered again


def test_a_file_of_a_known_shape_starts_from_its_last_batch_choices(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, SAMPLE)
    at.selectbox(key="import_channel").set_value("Referral")
    at.text_input(key="import_campaign").set_value("Salon Transport 2026")
    button(at, "import_run").click().run()
    fresh = app(page=PAGE)
    drop(fresh, SAMPLE)
    assert fresh.selectbox(key="import_channel").value == "Referral"
    assert fresh.text_input(key="import_campaign").value == "Salon Transport 2026"


def test_a_column_is_kept_as_a_custom_field_in_one_click(app, db_path: Path, tmp_path: Path) -> None:
    trucks = tmp_path / "trucks.csv"
    trucks.write_text("Nom,Email,Truck brand\nDurand,lea@durand.example,Bertiet\n", encoding="utf-8")
    at = app(page=PAGE)
    drop(at, trucks)
    assert any("Truck brand" in w.value for w in at.warning)
    button(at, "import_keep_custom_2").click().run()
    assert not at.exception
    assert any("“Truck brand” is now a custom field" in s.value for s in at.success)
    assert not any("Truck brand" in w.value for w in at.warning)
    button(at, "import_run").click().run()
    store = open_store(db_path)
    [field] = store.custom_fields.list()
    [lea] = [store.prospects.get(int(i)) for i in store.prospects.list(
        __import__("prospects.domain").domain.ProspectQuery(limit=10)).rows["id"]]
    assert (field.label, lea.custom) == ("Truck brand", {field.id: "Bertiet"})
