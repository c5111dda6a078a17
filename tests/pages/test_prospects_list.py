"""The prospect list through AppTest: filters, paging, sorting, the actions panel and the list's menu."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from prospects.domain import Action, Contact, Prospect, ProspectQuery, Status
from prospects.services import open_store
from prospects.ui import list_menu, state


def rows(at):
    return at.dataframe[0].value


def captions(at) -> str:
    return " ".join(str(c.value) for c in at.caption)


def test_the_list_is_the_default_page_and_offers_the_demo_data_when_empty(app, db_path):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Prospects"
    assert "There are no prospects yet" in at.info[0].value
    at.button(key="list_load_demo").click().run()
    assert open_store(db_path).prospects.count() == 60
    assert "Demo data loaded: 60 prospects" in at.success[0].value
    assert len(rows(at)) == 50
    assert "60 prospects · page 1 of 2" in captions(at)


def test_the_list_shows_the_opportunity_and_the_next_action_marked_late(app, store, user_id):
    p = store.prospects.create(
        Prospect(last_name="HISSON", first_name="Jean", company="Euro Transports", expected_revenue=12000, rating=4,
                 owner_id=user_id, stage_id=store.stages.list()[1].id),
        user_id,
    )
    store.actions.create(Action(prospect_id=p.id, title="Call back", due_at=datetime.now() - timedelta(days=1)), user_id)
    at = app()
    row = rows(at).iloc[0]
    assert (row["name"], row["company"], row["status"], row["stage"]) == ("Jean HISSON", "Euro Transports", "Open", "Contacted")
    assert row["expected_revenue"] == 12000
    assert row["next_action"].startswith("⚠ Late · ") and row["next_action"].endswith("Call back")
    assert row["rating"] == "★★★★☆"


def test_filters_change_the_rows(app, demo_store):
    at = app()
    at.multiselect(key="list_status").select(Status.WON).run()
    won = demo_store.prospects.list(ProspectQuery(statuses=(Status.WON,))).total
    assert set(rows(at)["status"]) == {"Won"}
    assert len(rows(at)) == won and f"{won} prospects" in captions(at)
    at.text_input(key="list_text").input("zzz-nobody").run()
    assert "No prospect matches these filters." in at.info[0].value
    at.button(key="list_clear").click().run()
    assert len(rows(at)) == 50


def test_search_ignores_case_and_accents(app, store, user_id):
    store.prospects.create(Prospect(last_name="Lefèvre", company="Transports Lefèvre"), user_id)
    store.prospects.create(Prospect(last_name="Martin", company="Globex"), user_id)
    at = app()
    at.text_input(key="list_text").input("LEFEVRE").run()
    assert rows(at)["company"].tolist() == ["Transports Lefèvre"]


def test_paging_happens_in_the_database_with_a_selectable_page_size(app, demo_store):
    at = app()
    at.selectbox(key="list_page_size").select(25).run()
    assert len(rows(at)) == 25 and "page 1 of 3" in captions(at)
    at.number_input(key="list_page").set_value(3).run()
    assert len(rows(at)) == 10 and "page 3 of 3" in captions(at)


def test_sort_by_expected_revenue(app, demo_store):
    at = app()
    at.selectbox(key="list_sort").select("expected_revenue").run()
    revenue = rows(at)["expected_revenue"].dropna().tolist()
    assert revenue == sorted(revenue, reverse=True)
    at.toggle(key="list_descending").set_value(False).run()
    revenue = rows(at)["expected_revenue"].dropna().tolist()
    assert revenue == sorted(revenue)


def test_filters_keep_their_values_while_visiting_another_page(app, demo_store):
    at = app()
    at.text_input(key="list_text").input("transports").run()
    shown = len(rows(at))
    at.switch_page("pages/contacts.py").run()
    at.switch_page("pages/prospects.py").run()
    assert at.text_input(key="list_text").value == "transports"
    assert len(rows(at)) == shown < 50


def test_the_selected_prospects_actions_tick_done_in_place(app, store, user_id):
    p = store.prospects.create(Prospect(company="Logisud"), user_id)
    todo = store.actions.create(Action(prospect_id=p.id, title="Send the quote", due_at=datetime.now()), user_id)
    store.actions.create(Action(prospect_id=p.id, title="First call", due_at=datetime.now() - timedelta(days=5), done=True), user_id)
    at = app()
    at.session_state[state.SELECTED_PROSPECT] = p.id
    at.run()
    assert at.subheader[0].value == "Actions of Logisud"
    assert any("Send the quote" in m.value for m in at.markdown)
    assert any("~~First call~~" in m.value for m in at.markdown)
    at.checkbox(key=f"list_done_{todo.id}_{todo.version}").check().run()
    assert store.actions.get(todo.id).done is True
    assert not at.exception


def test_add_an_action_from_the_list(app, store, user_id):
    p = store.prospects.create(Prospect(company="Logisud"), user_id)
    at = app()
    at.session_state[state.SELECTED_PROSPECT] = p.id
    at.run()
    at.button(key="list_add_action").click().run()
    at.button(key=f"action_new_{p.id}_save").click().run()
    assert "Say what must be done." in [e.value for e in at.error]
    at.text_input(key=f"action_new_{p.id}_title").input("Demo at their site").run()
    at.button(key=f"action_new_{p.id}_save").click().run()
    assert [a.title for a in store.actions.for_prospect(p.id)] == ["Demo at their site"]
    assert "Action “Demo at their site” saved." in [s.value for s in at.success]


def test_delete_all_asks_the_word_writes_a_backup_and_keeps_the_contacts(app, demo_store, db_path, user_id):
    demo_store.contacts.create(Contact(last_name="Roux", company="Roux SA"), user_id)
    at = app()
    at.button(key="list_delete_all").click().run()
    go = at.button(key="list_wipe_go")
    assert go.disabled
    at.text_input(key="list_confirm_word").input("delete").run()
    at.button(key="list_wipe_go").click().run()
    assert not at.exception
    assert demo_store.prospects.count() == 0
    with demo_store.db.connection() as conn:
        assert conn.execute("SELECT count(*) FROM actions").fetchall()[0][0] == 0
        assert conn.execute("SELECT count(*) FROM history").fetchall()[0][0] == 0
    assert len(demo_store.contacts.all()) == 1
    [backup] = list((db_path.parent / "backups").glob("prospects-backup-*.zip"))
    assert backup.name in at.success[0].value
    assert at.get("download_button")  # offered for download


def test_add_to_contacts_refuses_a_duplicate_and_names_it(app, store, user_id):
    known = store.contacts.create(Contact(last_name="Hisson", first_name="Jean", company="Euro Transports"), user_id)
    p = store.prospects.create(Prospect(last_name="HISSON", first_name="Jean", company="EURO TRANSPORTS SAS"), user_id)
    at = app()
    at.session_state[state.SELECTED_PROSPECT] = p.id
    at.run()
    at.button(key="list_add_to_contacts").click().run()
    assert f"Already in the contacts as Jean Hisson (Euro Transports) (no. {known.id}): same name and company" in at.error[0].value
    assert len(store.contacts.all()) == 1


def test_add_to_contacts_copies_the_selected_prospect(app, store, user_id):
    p = store.prospects.create(Prospect(last_name="Roux", first_name="Léa", company="Roux", email="lea@roux.fr"), user_id)
    at = app()
    at.session_state[state.SELECTED_PROSPECT] = p.id
    at.run()
    at.button(key="list_add_to_contacts").click().run()
    [contact] = store.contacts.all()
    assert (contact.email, contact.prospect_id) == ("lea@roux.fr", p.id)
    assert "added to the main contacts" in at.success[0].value


def test_import_a_contact_copies_it_into_the_prospects(app, store, user_id):
    a = store.contacts.create(Contact(last_name="Roux", first_name="Léa", company="Roux SA", email="lea@roux.fr"), user_id)
    store.contacts.create(Contact(last_name="Martin", company="Globex"), user_id)
    at = app()
    at.button(key="list_import_contact").click().run()
    at.text_input(key="list_contact_search").input("roux").run()
    assert len(at.multiselect(key="list_contacts_chosen").options) == 1
    at.multiselect(key="list_contacts_chosen").select(a.id).run()
    at.button(key="list_import_go").click().run()
    page = store.prospects.list(ProspectQuery())
    assert page.total == 1
    imported = store.prospects.get(int(page.rows["id"][0]))
    assert (imported.contact_id, imported.email) == (a.id, "lea@roux.fr")
    assert "1 prospect created from the contacts." in at.success[0].value
    assert rows(at)["company"].tolist() == ["Roux SA"]


def test_export_to_text_is_the_filtered_prospects_with_bom_and_no_formula(store, user_id):
    store.prospects.create(Prospect(company="=HYPERLINK(\"http://x\")", last_name="Evil"), user_id)
    store.prospects.create(Prospect(company="Globex", status=Status.WON, closed_on=datetime.now().date()), user_id)
    data = list_menu.export_bytes(store, ProspectQuery(statuses=(Status.OPEN,), limit=1), ";")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [r["last_name"] for r in table] == ["Evil"]
    assert not table[0]["company"].startswith("=")

