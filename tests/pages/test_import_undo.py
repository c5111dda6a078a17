"""Undo of an import on the import page: any batch of the list, after a confirmation naming it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prospects import services
from prospects.domain import Action
from prospects.i18n import fmt_datetime
from prospects.importing import ImportOptions
from prospects.services import open_store
from prospects.services.imports import import_file

PAGE = "pages/import.py"
LEADS = "Nom;Prénom;Société;Email\nRoux;Léa;Roux SA;lea@roux.fr\nMartin;Paul;Martin SARL;paul@martin.fr\n".encode()
LATER = b"Nom;Email\nDurand;durand@x.fr\n"


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


def emails(db_path: Path) -> set[str]:
    store = open_store(db_path)
    with store.db.connection() as conn:
        return {r[0] for r in conn.execute("SELECT email FROM prospects").fetchall()}


def test_undo_asks_for_confirmation_naming_the_batch_and_works_on_an_older_batch(app, store, db_path, user_id) -> None:
    first = import_file(store, "salon-lyon.csv", LEADS, ImportOptions(user_id=user_id, campaign="Salon Lyon 2026"))
    import_file(store, "later.csv", LATER, ImportOptions(user_id=user_id))
    batch = store.imports.batch(first.batch_id)
    author = store.users.get(user_id).full_name

    at = app(page=PAGE)
    at.selectbox(key="import_undo_batch").set_value(first.batch_id).run()
    button(at, "import_undo").click().run()
    assert not at.exception
    assert emails(db_path) == {"lea@roux.fr", "paul@martin.fr", "durand@x.fr"}  # one click undoes nothing
    [question] = [w.value for w in at.warning if "salon-lyon.csv" in w.value]
    for part in ("Salon Lyon 2026", fmt_datetime(batch["imported_at"]), author, "2 created", "0 updated"):
        assert part in question

    button(at, "import_undo_cancel").click().run()
    assert not [w for w in at.warning if "salon-lyon.csv" in w.value]
    assert emails(db_path) == {"lea@roux.fr", "paul@martin.fr", "durand@x.fr"}

    button(at, "import_undo").click().run()
    button(at, "import_undo_confirm").click().run()
    assert not at.exception
    assert emails(db_path) == {"durand@x.fr"}
    assert any(f"Batch {first.batch_id} undone" in s.value for s in at.success)


def test_undo_on_the_page_says_which_prospects_it_kept_and_why(app, store, db_path, user_id) -> None:
    report = import_file(store, "salon.csv", LEADS, ImportOptions(user_id=user_id))
    lea = next(p for p in (store.prospects.get(i) for i in (1, 2)) if p.email == "lea@roux.fr")
    services.save_action(store, Action(prospect_id=lea.id, title="Call back", due_at=datetime(2026, 12, 1, 9)), user_id)

    at = app(page=PAGE)
    button(at, "import_undo").click().run()
    button(at, "import_undo_confirm").click().run()
    assert not at.exception
    assert emails(db_path) == {"lea@roux.fr"}
    texts = " ".join(m.value for m in [*at.success, *at.info, *at.markdown])
    assert f"Batch {report.batch_id} undone: 1 prospects deleted" in texts or "1 prospect deleted" in texts
    assert "Léa Roux kept: it has follow-up actions planned since the import." in texts


def test_a_batch_undone_meanwhile_in_another_session_gets_one_sentence(app, store, db_path, user_id) -> None:
    import_file(store, "salon.csv", LEADS, ImportOptions(user_id=user_id))
    mine, theirs = app(page=PAGE), app(page=PAGE)
    for at in (mine, theirs):
        button(at, "import_undo").click().run()
    button(theirs, "import_undo_confirm").click().run()
    button(mine, "import_undo_confirm").click().run()
    assert not mine.exception
    assert [e.value for e in mine.error] == ["This import was already undone."]
    assert emails(db_path) == set()


def test_picking_another_batch_withdraws_the_question(app, store, db_path, user_id) -> None:
    first = import_file(store, "salon.csv", LEADS, ImportOptions(user_id=user_id))
    import_file(store, "later.csv", LATER, ImportOptions(user_id=user_id))
    at = app(page=PAGE)
    button(at, "import_undo").click().run()  # the latest batch is picked first
    assert any("later.csv" in w.value for w in at.warning)
    at.selectbox(key="import_undo_batch").set_value(first.batch_id).run()
    assert not [b for b in at.button if b.key == "import_undo_confirm"]
    assert emails(db_path) == {"lea@roux.fr", "paul@martin.fr", "durand@x.fr"}
