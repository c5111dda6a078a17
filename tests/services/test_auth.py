"""Sign-in, sessions, users and the audit, on a real database file."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from prospects.domain import User
from prospects.domain.accounts import MANAGER, REP, Viewer
from prospects.errors import ValidationError
from prospects.services import audit, auth
from prospects.store import Store

NOW = datetime(2026, 3, 2, 9, 0, 0)


@pytest.fixture
def team(store: Store) -> dict[str, int]:
    """The default manager (EN, with a password) and two reps."""
    manager = store.users.list()[0].id
    auth.reset_password(store, manager, "manager-secret", now=NOW)
    ids = {"EN": manager}
    for name, initials in (("Alice Martin", "AM"), ("Bruno Petit", "BP")):
        ids[initials] = auth.create_user(store, User(None, name, initials), REP, "rep-secret-1", now=NOW).id
    return ids


def events(store: Store) -> list[str]:
    return store.audit.frame()["event"].tolist()[::-1]


def test_a_fresh_database_on_loopback_needs_no_sign_in_until_a_password_is_set(store: Store) -> None:
    assert not auth.sign_in_required(store, "127.0.0.1")
    assert auth.sign_in_required(store, "0.0.0.0")
    assert auth.sign_in_required(store, None)  # Streamlit's default: every interface
    auth.reset_password(store, store.users.list()[0].id, "manager-secret")
    assert auth.sign_in_required(store, "127.0.0.1")


def test_sign_in_gives_a_token_that_resumes_the_session(store: Store, team: dict[str, int]) -> None:
    viewer, token = auth.sign_in(store, "am", "rep-secret-1", "192.168.1.7", now=NOW)
    assert (viewer.user_id, viewer.role) == (team["AM"], REP)
    assert auth.resume(store, token, "192.168.1.7", now=NOW + timedelta(hours=8)).user_id == team["AM"]
    assert auth.resume(store, token, None, now=NOW + timedelta(hours=11)) is None  # a working day, no more
    assert auth.resume(store, "forged", None, now=NOW) is None
    # only the token's hash is kept: reading the table does not let anyone sign in
    with store.db.connection() as conn:
        assert conn.execute("SELECT count(*) FROM sessions WHERE token_hash = ?", [token]).fetchall()[0][0] == 0


def test_a_wrong_name_and_a_wrong_password_read_the_same(store: Store, team: dict[str, int]) -> None:
    with pytest.raises(auth.SignInFailedError) as wrong_password:
        auth.sign_in(store, "AM", "nope-nope", None, now=NOW)
    with pytest.raises(auth.SignInFailedError) as wrong_name:
        auth.sign_in(store, "ZZ", "rep-secret-1", None, now=NOW)
    assert wrong_password.value.message == wrong_name.value.message == "Wrong name or password."


def test_five_failures_within_a_minute_make_the_next_try_wait(store: Store, team: dict[str, int]) -> None:
    for second in range(5):
        with pytest.raises(auth.SignInFailedError):
            auth.sign_in(store, "AM", "wrong", None, now=NOW + timedelta(seconds=second))
    with pytest.raises(auth.TooManyTriesError):  # even with the right password
        auth.sign_in(store, "AM", "rep-secret-1", None, now=NOW + timedelta(seconds=10))
    viewer, _ = auth.sign_in(store, "AM", "rep-secret-1", None, now=NOW + timedelta(seconds=61))
    assert viewer.user_id == team["AM"]


def test_signing_out_ends_every_session_of_that_user(store: Store, team: dict[str, int]) -> None:
    viewer, first = auth.sign_in(store, "AM", "rep-secret-1", None, now=NOW)
    _, second = auth.sign_in(store, "AM", "rep-secret-1", None, now=NOW)
    _, other = auth.sign_in(store, "BP", "rep-secret-1", None, now=NOW)
    with auth.acting_as(viewer):
        assert auth.sign_out(store, now=NOW) == 2
    assert auth.resume(store, first, None, now=NOW) is None
    assert auth.resume(store, second, None, now=NOW) is None
    assert auth.resume(store, other, None, now=NOW) is not None


def test_deactivating_ends_the_sessions_and_refuses_sign_in(store: Store, team: dict[str, int]) -> None:
    _, token = auth.sign_in(store, "BP", "rep-secret-1", None, now=NOW)
    auth.deactivate(store, team["BP"], now=NOW)
    assert auth.resume(store, token, None, now=NOW) is None
    with pytest.raises(auth.SignInFailedError):
        auth.sign_in(store, "BP", "rep-secret-1", None, now=NOW)
    assert [u.active for u in store.users.list() if u.id == team["BP"]] == [False]  # kept in history


def test_deactivating_in_the_settings_ends_the_sessions_too(store: Store, team: dict[str, int]) -> None:
    from prospects.services import settings as settings_service

    _, token = auth.sign_in(store, "BP", "rep-secret-1", None, now=NOW)
    bruno = next(u for u in store.users.list() if u.id == team["BP"])
    settings_service.save_user(store, User(bruno.id, bruno.full_name, bruno.initials, bruno.email, active=False))
    assert auth.resume(store, token, None, now=NOW) is None
    assert store.auth.session_count(team["BP"]) == 0


def test_a_rep_cannot_manage_users(store: Store, team: dict[str, int]) -> None:
    rep = auth.viewer_for(store, team["AM"])
    with auth.acting_as(rep):
        with pytest.raises(auth.ManagersOnlyError):
            auth.create_user(store, User(None, "Eve Pirate", "EP"), MANAGER, "12345678")
        with pytest.raises(auth.ManagersOnlyError):
            auth.set_role(store, team["AM"], MANAGER)
        with pytest.raises(auth.ManagersOnlyError):
            auth.reset_password(store, team["BP"], "12345678")
        with pytest.raises(auth.ManagersOnlyError):
            auth.deactivate(store, team["BP"])
        with pytest.raises(auth.ManagersOnlyError):
            audit.log_frame(store)
        auth.reset_password(store, team["AM"], "my-own-new-one")  # their own password is theirs
    assert [u.initials for u in store.users.list()].count("EP") == 0


def test_the_last_manager_stays_a_manager(store: Store, team: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        auth.set_role(store, team["EN"], REP)
    with pytest.raises(ValidationError):
        auth.deactivate(store, team["EN"])


def test_the_first_password_is_a_managers(store: Store) -> None:
    rep = auth.create_user(store, User(None, "Alice Martin", "AM"), REP, None)
    with pytest.raises(ValidationError):
        auth.reset_password(store, rep.id, "rep-secret-1")
    assert not auth.sign_in_required(store, "127.0.0.1")


def test_the_audit_holds_each_event_with_who_and_from_where(store: Store, team: dict[str, int]) -> None:
    with pytest.raises(auth.SignInFailedError):
        auth.sign_in(store, "AM", "wrong", "10.0.0.9", now=NOW)
    viewer, _ = auth.sign_in(store, "EN", "manager-secret", "10.0.0.5", now=NOW)
    with auth.acting_as(viewer):
        auth.set_role(store, team["BP"], MANAGER, now=NOW)
        auth.deactivate(store, team["AM"], now=NOW)
        auth.sign_out(store, now=NOW)
        log = audit.log_frame(store)
    assert events(store) == [
        "password_reset", "user_created", "user_created", "sign_in_failed", "sign_in",
        "role_changed", "user_deactivated", "sign_out",
    ]
    last = log.iloc[0]
    assert (last["event"], last["actor"], last["address"]) == ("sign_out", "Etienne Neuville (EN)", "10.0.0.5")
    assert "Bruno Petit (BP): rep → manager" in log["detail"].tolist()
    with auth.acting_as(viewer):
        assert b"sign_in_failed" in audit.log_csv(store)


def test_a_failed_audit_write_keeps_nothing_of_the_use_case(store: Store, team: dict[str, int], monkeypatch) -> None:
    """The audit line is written in the use case's transaction: no line, no change."""
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.audit, "write", broken)
    with pytest.raises(RuntimeError):
        auth.set_role(store, team["AM"], MANAGER)
    assert store.auth.account(team["AM"]).role == REP


def test_a_viewer_is_a_manager_or_a_rep() -> None:
    assert Viewer(1, MANAGER).is_manager and not Viewer(2, REP).is_manager
