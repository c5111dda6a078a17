"""The import page flow in AppTest: a dropped file, a mapping change, dry run, import, undo, export."""

from __future__ import annotations

from pathlib import Path

from prospects.services import open_store
from prospects.store import Store
from prospects.ui import import_view
from prospects.ui.shell import md
from tests.conftest import FIXTURES
from tests.importing.conftest import SAMPLE

PAGE = "pages/import.py"


def drop(at, path: Path) -> None:
    """AppTest cannot drive the uploader: put the file where the page keeps a dropped file."""
    at.session_state[import_view.FILE] = (path.name, path.read_bytes())
    at.run()


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


def test_page_flow_upload_map_dry_run_import_undo(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, SAMPLE)
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "12 rows" in caption and "Windows-1252" in caption and "semicolon" in caption
    assert any("Date de scan" in w.value for w in at.warning)  # the unknown column is reported

    # Mapping change: the scan date becomes the project due date.
    scan = next(s for s in at.selectbox if s.label == "Date de scan")
    scan.set_value("project_due").run()
    assert not any("Date de scan" in w.value for w in at.warning)

    button(at, "import_dry_run").click().run()
    assert [m.value for m in at.metric] == ["11", "0", "1", "0"]
    assert open_store(db_path).prospects.count() == 0  # a dry run writes nothing
    outcomes = at.dataframe[-1].value
    assert list(outcomes["Action"]).count("Create") == 11
    assert "Duplicate of row 2 of the file (same email)" in outcomes.loc[outcomes["Action"] == "Skip", "Details"].iloc[0]

    at.text_input(key="import_campaign").set_value("Salon Transport 2026").run()
    button(at, "import_run").click().run()
    assert not at.exception
    store = open_store(db_path)
    assert store.prospects.count() == 11
    page = store.prospects.list(__import__("prospects.domain").domain.ProspectQuery(limit=100)).rows
    assert set(page["campaign"]) == {"Salon Transport 2026"}
    assert set(page["project_due"].astype(str)) >= {"2026-07-10", "2026-07-11"}
    assert any("Import done: 11 created" in s.value for s in at.success)
    button(at, "import_see_board")  # the new leads, one click away on the board and in the list
    button(at, "import_see_list")
    assert any(md("claire.roussel@@mail") in m.value for m in at.markdown)  # the data-quality list, escaped

    button(at, "import_undo").click().run()
    button(at, "import_undo_confirm").click().run()
    assert not at.exception
    assert open_store(db_path).prospects.count() == 0
    assert any("Batch 1 undone" in s.value for s in at.success)


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_headers(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, SAMPLE)
    next(s for s in at.selectbox if s.label == "Date de scan").set_value("project_due").run()
    button(at, "import_run").click().run()
    fresh = app(page=PAGE)
    drop(fresh, SAMPLE)
    assert next(s for s in fresh.selectbox if s.label == "Date de scan").value == "project_due"
    assert "mapping saved" in " ".join(c.value for c in fresh.caption)


def test_an_unreadable_file_gets_one_sentence_and_writes_nothing(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, FIXTURES / "binary.bin")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "This file is not a text, Excel or vCard file (it looks binary). Nothing was imported."]
    assert not [b for b in at.button if b.key == "import_run"]
    assert open_store(db_path).prospects.count() == 0


def test_value_translation_of_an_unknown_stage(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, FIXTURES / "hubspot-contacts.csv")
    hot = next(s for s in at.selectbox if s.label == "Hot")
    hot.set_value("Qualified").run()
    button(at, "import_run").click().run()
    store = open_store(db_path)
    qualified = next(s for s in store.stages.list() if s.name == "Qualified")
    page = store.prospects.list(__import__("prospects.domain").domain.ProspectQuery(limit=10)).rows
    assert qualified.id in set(page["stage_id"])


def test_export_is_prepared_then_offered(app, demo_store: Store) -> None:
    at = app(page=PAGE)
    button(at, "export_prepare").click().run()
    assert not at.exception
    assert any("60 prospects" in str(getattr(e, "proto", "")) for e in at.get("download_button"))


def test_dry_run_shows_old_and_new_values_of_an_update(app, store: Store, user_id: int) -> None:
    from prospects.domain import Prospect

    store.prospects.create(Prospect(last_name="NGUYEN", email="minh.nguyen@fret-express.fr"), by=user_id)
    at = app(page=PAGE)
    drop(at, SAMPLE)
    next(r for r in at.radio if r.key == "import_policy").set_value("update").run()
    button(at, "import_dry_run").click().run()
    outcomes = at.dataframe[-1].value
    update = outcomes.loc[outcomes["Action"] == "Update", "Details"].iloc[0]
    assert "Company name: ∅ → Fret Express Océan" in update and "prospect #1" in update


def test_dates_that_never_tell_day_from_month_are_read_in_the_order_picked(app, db_path: Path) -> None:
    at = app(page=PAGE)
    drop(at, FIXTURES / "us-show-ambiguous-dates.csv")
    order = next(r for r in at.radio if "Expected Close Date" in r.label)
    assert order.value == "dmy"  # what the settings (France) suggest, shown so that it can be changed
    button(at, "import_dry_run").click().run()
    assert not at.exception
    assert not any("dd/mm/yyyy" in i.value for i in at.info)  # the choice on the page replaces the notice

    order = next(r for r in at.radio if "Expected Close Date" in r.label)
    order.set_value("mdy").run()
    button(at, "import_run").click().run()
    assert not at.exception
    page = open_store(db_path).prospects.list(__import__("prospects.domain").domain.ProspectQuery(limit=10)).rows
    assert sorted(page["project_due"].astype(str)) == ["2026-03-04", "2026-11-12", "2027-01-02"]
