"""Reads kept for one page run (`Database.kept`): the team and the sign-in gate are read once per run,
and a write shows at once in the run that made it and at the next run of every other session."""

from __future__ import annotations

import threading

from prospects.domain import User
from prospects.domain.accounts import MANAGER, REP
from prospects.services import auth, settings, unit_of_work


def _elsewhere(work) -> None:
    """Run `work` in another thread: another browser tab of the same server, with its own connection."""
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def _initials(store) -> list[str]:
    return sorted(u.initials for u in settings.users(store, active_only=True))


def test_a_run_reads_the_team_once_and_the_next_run_sees_another_tabs_new_user(store):
    before = _initials(store)
    with store.hold():
        assert _initials(store) == before
        _elsewhere(lambda: settings.add_user(store, User(None, "Zoé Roux", "ZR")))
        assert _initials(store) == before  # this run goes on with the team it read first
    assert _initials(store) == sorted([*before, "ZR"])  # the next run reads it again
    with store.hold():
        assert "ZR" in _initials(store)


def test_a_user_added_in_this_run_is_in_the_team_at_once(store):
    with store.hold():
        before = _initials(store)
        settings.add_user(store, User(None, "Zoé Roux", "ZR"))
        assert _initials(store) == sorted([*before, "ZR"])


def test_a_use_case_reads_its_own_writes_inside_its_transaction(store):
    with store.hold():
        _initials(store)

        def work() -> list[str]:
            store.users.create(User(None, "Zoé Roux", "ZR"))
            return _initials(store)

        assert "ZR" in unit_of_work.run(store, work)


def test_the_first_password_turns_sign_in_on_in_the_run_that_set_it(store):
    manager = next(u.id for u in store.users.list() if u.initials == "EN")
    with store.hold():
        assert not auth.sign_in_required(store, "127.0.0.1")
        auth.reset_password(store, manager, "manager-secret")
        assert auth.sign_in_required(store, "127.0.0.1")


def test_a_role_changed_in_another_tab_applies_at_the_next_run(store):
    rep = auth.create_user(store, User(None, "Zoé Roux", "ZR"), MANAGER, None).id
    with store.hold():
        assert auth.viewer_for(store, rep).is_manager
        _elsewhere(lambda: auth.set_role(store, rep, REP))
    with store.hold():
        assert not auth.viewer_for(store, rep).is_manager


def test_a_prospect_deleted_in_this_run_no_longer_exists_at_once(store, user_id):
    from prospects.domain import Prospect
    from prospects.services import records, save_prospect

    prospect = save_prospect(store, Prospect(company="Logisud"), by=user_id)
    with store.hold():
        assert records.prospect_exists(store, prospect.id)
        unit_of_work.run(store, lambda: store.prospects.delete(prospect.id))
        assert not records.prospect_exists(store, prospect.id)
