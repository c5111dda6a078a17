"""The Delete all dialog deletes what it announced: leads imported after it opened are not wiped unseen."""

from __future__ import annotations

from prospects.importing import ImportOptions
from prospects.services.imports import import_file
from prospects.store import Store

LEADS = b"Nom;Email\nRoux;lea@roux.fr\nMartin;paul@martin.fr\n"


def test_delete_all_refuses_when_leads_arrived_after_the_dialog_opened(app, demo_store: Store, db_path) -> None:
    before = demo_store.prospects.count()
    at = app()
    at.button(key="list_delete_all").click().run()
    at.text_input(key="list_confirm_word").input("delete").run()
    assert at.button(key="list_wipe_go").label == f"Delete the {before} prospects"
    import_file(demo_store, "colleague.csv", LEADS, ImportOptions())  # a colleague imports meanwhile
    at.button(key="list_wipe_go").click().run()
    assert not at.exception
    assert demo_store.prospects.count() == before + 2  # nothing deleted
    assert [e.value for e in at.error] == [
        f"{before + 2} prospects are in the base now, not {before}: someone added or removed some meanwhile. "
        "Check the number, then delete again."]
    assert not list((db_path.parent / "backups").glob("*.zip"))

    at.button(key="list_wipe_go").click().run()  # the dialog now announces the new count
    assert demo_store.prospects.count() == 0
    assert f"{before + 2} prospects deleted" in at.success[0].value
