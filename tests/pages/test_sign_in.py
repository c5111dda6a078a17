"""The gate around every page: no sign-in on a fresh local database, then every page asks for it."""

from __future__ import annotations

from prospects.services import auth


def sign_in(at, name: str, password: str):
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return at.button[0].click().run()


def menu(at) -> list[str]:
    return [link.label for link in at.sidebar.get("page_link")]


def test_a_fresh_local_database_opens_without_sign_in(app) -> None:
    at = app()
    assert not at.exception
    assert "signin_name" not in [w.key for w in at.text_input]
    assert "Etienne Neuville (EN)" in " ".join(at.sidebar.selectbox[0].options)  # "Working as" stays


def test_once_a_password_is_set_every_page_asks_to_sign_in(app, team) -> None:
    for page in (None, "pages/board.py", "pages/settings.py"):
        at = app(page=page)
        assert not at.exception
        assert [w.key for w in at.text_input] == ["signin_name", "signin_password"]
        assert menu(at) == []
        assert "Bravo Logistique" not in str(at)


def test_a_wrong_password_says_so_without_saying_which(app, team) -> None:
    at = sign_in(app(), "AM", "wrong password")
    assert [e.value for e in at.error] == ["Wrong name or password."]
    at = sign_in(app(), "Nobody", "rep-secret-1")
    assert [e.value for e in at.error] == ["Wrong name or password."]


def test_a_rep_signs_in_and_sees_their_prospects_and_no_managers_pages(app, team) -> None:
    at = sign_in(app(), "AM", "rep-secret-1")
    assert not at.exception
    assert "Signed in as Alice Martin (AM)" in [c.value for c in at.sidebar.caption]
    assert "sidebar_user" not in [s.key for s in at.sidebar.selectbox]  # no "Working as"
    assert "Settings" not in menu(at) and "Audit" not in menu(at)
    shown = str(at.dataframe[0].value.to_dict())
    assert "Alpha Transports" in shown and "Charlie Fret" in shown and "Bravo Logistique" not in shown
    assert "list_delete_all" not in [b.key for b in at.button]  # a manager's button is not offered to a rep


def test_a_rep_cannot_open_another_reps_prospect_by_its_link(app, team) -> None:
    at = sign_in(app(query={"id": str(team["bravo"])}), "AM", "rep-secret-1")
    at.switch_page("pages/prospect.py").run()
    assert [e.value for e in at.error][:1] == ["This record no longer exists (it may have been deleted)."]
    assert "Bravo" not in " ".join(str(t.value) for t in at.text_input)


def test_a_manager_is_offered_delete_all(app, team) -> None:
    at = sign_in(app(), "EN", "manager-secret")
    assert "list_delete_all" in [b.key for b in at.button]


def test_a_manager_signs_in_and_reads_the_audit(app, team) -> None:
    sign_in(app(), "AM", "wrong password")
    at = sign_in(app(), "EN", "manager-secret")
    assert "Settings" in menu(at) and "Audit" in menu(at)
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    assert list(log["What"])[:2] == ["Signed in", "Failed sign-in"]
    assert "Password set" in list(log["What"]) and "User created" in list(log["What"])


def test_signing_out_ends_the_session(app, team, store) -> None:
    at = sign_in(app(), "EN", "manager-secret")
    at.sidebar.button(key="sidebar_sign_out").click().run()
    assert [w.key for w in at.text_input] == ["signin_name", "signin_password"]
    assert store.auth.session_count(team["EN"]) == 0


def test_the_audit_page_shows_each_kind_of_event_after_a_scripted_day(app, team, store) -> None:
    """Sign-ins, a sign-out, user and role changes, a settings change, an import, its undo and a delete all:
    the manager's audit page lists each one."""
    from prospects.domain import Stage
    from prospects.importing import ImportOptions
    from prospects.services import backup, imports
    from prospects.services import settings as settings_service

    sign_in(app(), "AM", "wrong password")
    at = sign_in(app(), "AM", "rep-secret-1")
    at.sidebar.button(key="sidebar_sign_out").click().run()
    auth.set_role(store, team["BP"], "manager")
    auth.deactivate(store, team["BP"])
    settings_service.add_stage(store, Stage(None, "Signed", 9, 90, 14))
    report = imports.import_file(store, "leads.csv", b"Nom;Email\nRoy;roy@example.fr\n", ImportOptions())
    imports.undo(store, report.batch_id, team["EN"])
    backup.delete_all(store)
    at = sign_in(app(), "EN", "manager-secret")
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    shown = set(at.dataframe[0].value["What"])
    assert {"Signed in", "Failed sign-in", "Signed out", "User created", "Role changed", "User deactivated",
            "Password set", "Settings changed", "Import", "Import undone", "Delete all"} <= shown, shown


def test_a_rep_is_offered_to_undo_only_their_own_imports(app, team, store) -> None:
    """The undo the service would refuse is not offered: a rep picks among their own batches only."""
    own = store.imports.create_batch("alice.csv", team["AM"], None, None)
    store.imports.create_batch("bruno.csv", team["BP"], None, None)
    at = sign_in(app(), "AM", "rep-secret-1")
    at.switch_page("pages/import.py").run()
    assert not at.exception
    assert at.selectbox(key="import_undo_batch").options[0].startswith(f"{own} · alice.csv")
    assert len(at.selectbox(key="import_undo_batch").options) == 1
    at = sign_in(app(), "EN", "manager-secret")
    at.switch_page("pages/import.py").run()
    assert len(at.selectbox(key="import_undo_batch").options) == 2


def test_a_rep_hands_their_prospect_to_another_rep_from_the_record(app, team, store) -> None:
    """Giving a deal to a colleague saves it (it was refused as "no longer exists", nothing saved): the
    rep is taken back to their list, told who follows the prospect now, and no longer sees it."""
    at = sign_in(app(query={"id": str(team["alpha"])}), "AM", "rep-secret-1")
    at.switch_page("pages/prospect.py").run()
    at.selectbox(key=f"rec_{team['alpha']}_owner_id").set_value(team["BP"]).run()
    at.button(key="record_validate").click().run()
    assert not at.exception and [e.value for e in at.error] == []
    assert store.prospects.get(team["alpha"]).owner_id == team["BP"]
    assert any("Bruno Petit" in s.value for s in at.success)
    assert "Alpha Transports" not in str(at.dataframe[0].value.to_dict())  # back on the list, without it
