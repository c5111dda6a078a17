"""Manager-only use cases refuse a rep in the service (not only in the menu), and each is audited."""

from __future__ import annotations

import pytest

from prospects.domain import Stage, User
from prospects.domain.accounts import REP, Viewer
from prospects.importing.report import ImportOptions
from prospects.services import auth, backup, imports, records
from prospects.services import settings as settings_service
from prospects.store import Store

LEADS = "Nom,Prénom,Société,Email\nDurand,Léa,Transports Durand,lea@durand.example\nMartin,Paul,Fret Martin,paul@martin.example\n"


@pytest.fixture
def rep(store: Store) -> Viewer:
    alice = auth.create_user(store, User(None, "Alice Martin", "AM"), REP, None)
    return Viewer(alice.id, REP, "Alice Martin (AM)", "192.168.1.30")


def imported(store: Store, by: int | None) -> int:
    return imports.import_file(store, "leads.csv", LEADS.encode(), ImportOptions(user_id=by)).batch_id


def events(store: Store) -> list[str]:
    return store.audit.frame()["event"].tolist()[::-1]


def test_a_rep_cannot_delete_all(store: Store, rep: Viewer) -> None:
    imported(store, None)
    with auth.acting_as(rep), pytest.raises(auth.ManagersOnlyError):
        backup.delete_all(store)
    assert records.prospect_count(store) == 2
    assert "delete_all" not in events(store)


def test_a_rep_cannot_undo_someone_elses_import(store: Store, rep: Viewer) -> None:
    manager = next(u.id for u in store.users.list() if u.initials == "EN")
    batch = imported(store, manager)
    with auth.acting_as(rep), pytest.raises(auth.ManagersOnlyError):
        imports.undo(store, batch, rep.user_id)
    assert records.prospect_count(store) == 2


def test_a_rep_undoes_their_own_import(store: Store, rep: Viewer) -> None:
    with auth.acting_as(rep):
        batch = imported(store, rep.user_id)
        imports.undo(store, batch, rep.user_id)
    assert records.prospect_count(store) == 0
    log = store.audit.frame()
    assert list(log["event"])[:2] == ["import_undone", "import"]
    assert set(log["actor"][:2]) == {"Alice Martin (AM)"} and set(log["address"][:2]) == {"192.168.1.30"}


def test_a_rep_cannot_change_the_settings(store: Store, rep: Viewer) -> None:
    before = [s.name for s in settings_service.stages(store)]
    with auth.acting_as(rep):
        with pytest.raises(auth.ManagersOnlyError):
            settings_service.add_stage(store, Stage(None, "Pirate stage", 9, 10, 14))
        with pytest.raises(auth.ManagersOnlyError):
            settings_service.save_general(store, {"currency": "USD"})
        with pytest.raises(auth.ManagersOnlyError):
            settings_service.add_user(store, User(None, "Eve Pirate", "EP"))
    assert [s.name for s in settings_service.stages(store)] == before
    assert "EP" not in [u.initials for u in settings_service.users(store)]


def test_a_manager_deletes_all_imports_and_changes_settings_and_each_is_audited(store: Store) -> None:
    batch = imported(store, None)
    imports.undo(store, batch, None)
    imported(store, None)
    settings_service.add_stage(store, Stage(None, "Signed", 9, 90, 14))
    backup.delete_all(store)
    assert events(store) == ["import", "import_undone", "import", "settings_changed", "delete_all"]
    log = store.audit.frame()
    assert log.iloc[1]["detail"] == "add_stage"
    assert set(log["actor"]) == {"local administrator"}
