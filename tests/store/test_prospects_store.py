"""The prospects repository on a real DuckDB file: CRUD, history, conflicts, the paged list."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import duckdb
import pandas as pd
import pytest

from prospects import services
from prospects.domain import Action, Contact, CustomField, FieldType, Prospect, ProspectQuery, Status
from prospects.errors import ConflictError, NotFoundError, ValidationError
from prospects.store import Store


def stage_ids(store: Store) -> list[int]:
    return [s.id for s in store.stages.list()]


def make(store: Store, user_id: int, **fields) -> Prospect:
    base = {"last_name": "Hisson", "first_name": "Paul", "company": "Euro Transports", "stage_id": stage_ids(store)[0]}
    return store.prospects.create(Prospect(**{**base, **fields}), by=user_id)


def test_create_and_read_back_every_field(store, user_id):
    field = store.custom_fields.create(CustomField(None, "Truck brand", FieldType.TEXT, 1))
    trucks = store.custom_fields.create(CustomField(None, "Number of trucks", FieldType.NUMBER, 2))
    created = make(
        store, user_id,
        civility="M.", is_company=False, project_summary="Keep Gestan in the group", channel="Trade show",
        direct_approach=True, owner_id=user_id, campaign="Solutrans 2026", interest=60, project_due=date(2027, 3, 1),
        expected_revenue=Decimal("12500.50"), rating=4, project_notes="Bought by UniFret", prospect_notes="Expert user",
        address="12 rue des Forges", postal_code="06000", city="Nice", country="France", door_info="B1234",
        phone="+33 4 78 12 34 56", mobile="+33 6 12 34 56 78", email="p.hisson@euro-transports.fr",
        birth_date=date(1970, 5, 2), website="https://euro-transports.fr", external_ref="ET-1", sector="Transport",
        client_type="SME", job_title="CEO", categories=(2, 1), custom={field.id: "Bertiet", trucks.id: "22"},
    )
    again = store.prospects.get(created.id)
    assert again == created
    assert again.postal_code == "06000"
    assert again.expected_revenue == Decimal("12500.50")
    assert again.categories == (1, 2)
    assert again.custom == {field.id: "Bertiet", trucks.id: 22.0}
    assert again.created_by == user_id and again.version == 1
    assert isinstance(again.project_due, date) and not isinstance(again.project_due, datetime)


def test_creation_records_the_first_stage(store, user_id):
    p = make(store, user_id)
    history = store.prospects.history(p.id)
    assert [(h.field, h.old_value, h.new_value, h.changed_by) for h in history] == [
        ("stage", None, str(p.stage_id), user_id)
    ]


def test_stage_and_status_changes_go_to_history(store, user_id):
    p = make(store, user_id)
    second = stage_ids(store)[1]
    moved = services.move_to_stage(store, p.id, second, by=user_id, expected_version=p.version)
    won = services.change_status(store, p.id, Status.WON, by=user_id, expected_version=moved.version)
    assert won.status is Status.WON and won.closed_on == date.today()
    history = [(h.field, h.old_value, h.new_value) for h in store.prospects.history(p.id)]
    assert history[1:] == [("stage", str(p.stage_id), str(second)), ("status", "open", "won")]
    # Moving a won deal back to a stage reopens it (and says so in history).
    back = services.move_to_stage(store, p.id, stage_ids(store)[0], by=user_id)
    assert (back.status, back.closed_on) == (Status.OPEN, None)
    assert [(h.field, h.new_value) for h in store.prospects.history(p.id)][-2:] == [("stage", str(stage_ids(store)[0])), ("status", "open")]


def test_other_field_changes_write_no_history(store, user_id):
    p = make(store, user_id)
    store.prospects.update(p.replace(city="Lyon", rating=3), by=user_id)
    assert len(store.prospects.history(p.id)) == 1


def test_a_failure_in_the_middle_leaves_no_trace(store, user_id):
    """The stage change, its history and the custom values are one transaction."""
    p = make(store, user_id)
    number = store.custom_fields.create(CustomField(None, "Trucks", FieldType.NUMBER, 1))
    broken = p.replace(stage_id=stage_ids(store)[2], city="Lyon", custom={number.id: "not a number"})
    with pytest.raises(ValueError):
        store.prospects.update(broken, by=user_id)
    after = store.prospects.get(p.id)
    assert (after.stage_id, after.city, after.version) == (p.stage_id, None, p.version)
    assert len(store.prospects.history(p.id)) == 1


def test_losing_asks_for_a_reason(store, user_id):
    p = make(store, user_id)
    with pytest.raises(ValidationError) as info:
        services.change_status(store, p.id, Status.LOST, by=user_id)
    assert info.value.errors[0].field == "loss_reason"
    lost = services.change_status(store, p.id, "lost", by=user_id, loss_reason="Price")
    assert (lost.status, lost.loss_reason) == (Status.LOST, "Price")
    reopened = services.change_status(store, p.id, "open", by=user_id)
    assert (reopened.status, reopened.closed_on, reopened.loss_reason) == (Status.OPEN, None, None)


def test_a_stale_version_is_refused_and_changes_nothing(store, user_id):
    p = make(store, user_id)
    mine = p.replace(city="Lyon")
    theirs = store.prospects.update(p.replace(city="Nice", stage_id=stage_ids(store)[1]), by=user_id)
    with pytest.raises(ConflictError) as info:
        store.prospects.update(mine, by=user_id)
    assert "Etienne Neuville" in info.value.message
    current = store.prospects.get(p.id)
    assert (current.city, current.stage_id, current.version) == ("Nice", theirs.stage_id, 2)
    assert len(store.prospects.history(p.id)) == 2
    with pytest.raises(ConflictError):
        store.prospects.change(p.id, {"stage_id": stage_ids(store)[3]}, by=user_id, expected_version=1)


def test_save_prospect_validates_before_writing(store, user_id):
    with pytest.raises(ValidationError) as info:
        services.save_prospect(store, Prospect(last_name="X", email="claire.roussel@@mail", rating=7), by=user_id)
    assert {e.field for e in info.value.errors} == {"email", "rating"}
    assert store.prospects.count() == 0
    saved = services.save_prospect(store, Prospect(company="Messagerie Rapide SAS"), by=user_id)
    assert saved.id is not None and store.prospects.count() == 1


def test_the_database_refuses_what_the_domain_refuses(store, user_id):
    with pytest.raises(duckdb.ConstraintException):
        with store.db.connection() as conn:
            conn.execute("INSERT INTO prospects (last_name, rating) VALUES ('X', 9)")


def test_delete_removes_actions_custom_values_and_history(store, user_id):
    p = make(store, user_id)
    store.actions.create(Action(prospect_id=p.id, title="Call", due_at=datetime(2026, 12, 1, 9)), by=user_id)
    store.prospects.delete(p.id)
    with pytest.raises(NotFoundError):
        store.prospects.get(p.id)
    assert store.prospects.history(p.id) == []
    assert store.actions.for_prospect(p.id) == []
    with pytest.raises(NotFoundError):
        store.prospects.delete(p.id)


def test_delete_all_keeps_the_contacts(store, user_id):
    p = make(store, user_id)
    store.contacts.create(Contact(last_name="Hisson", company="Euro Transports", prospect_id=p.id), by=user_id)
    assert store.prospects.delete_all() == 1
    assert store.prospects.count() == 0
    contacts = store.contacts.all()
    assert len(contacts) == 1 and contacts[0].prospect_id is None


def test_insert_many_then_create_does_not_reuse_ids(store, user_id):
    ids = store.prospects.insert_many([Prospect(company=f"C{i}") for i in range(5)], by=user_id)
    assert len(set(ids)) == 5
    later = make(store, user_id)
    assert later.id > max(ids)
    assert store.prospects.get(ids[3]).company == "C3"


# -- the list ------------------------------------------------------------------


@pytest.fixture
def listed(store, user_id):
    """A small known set: names with accents, several stages, owners, channels, categories."""
    s = stage_ids(store)
    other = store.users.create(store.users.list()[0].__class__(None, "Sophie Martin", "SM")).id
    rows = [
        dict(last_name="MÜLLER", first_name="Jürgen", company="Müller Spedition GmbH", city="Hamburg", stage_id=s[0],
             channel="Trade show", owner_id=user_id, expected_revenue=Decimal(5000), categories=(1,)),
        dict(last_name="Lefèvre", first_name="Amélie", company="Transports Lefèvre", city="Nice", stage_id=s[1],
             channel="Referral", owner_id=other, expected_revenue=Decimal(20000)),
        dict(last_name="Garcia", first_name="Lucia", company="Frio Iberica", city="Madrid", stage_id=s[2],
             channel="Trade show", owner_id=other, expected_revenue=Decimal(1000), categories=(1, 3)),
        dict(company="Messagerie Rapide SAS", city="Lille", stage_id=s[0], channel="Website", owner_id=user_id,
             email="contact@messagerie-rapide.fr"),
    ]
    made = [store.prospects.create(Prospect(**r), by=user_id) for r in rows]
    services.change_status(store, made[2].id, "won", by=user_id)
    return made, other


def names(page) -> list[str]:
    return page.rows["name"].tolist()


def test_list_search_ignores_case_and_accents(store, listed):
    assert names(store.prospects.list(ProspectQuery(text="muller"))) == ["Jürgen MÜLLER"]
    assert names(store.prospects.list(ProspectQuery(text="LEFEVRE nice"))) == ["Amélie Lefèvre"]
    assert names(store.prospects.list(ProspectQuery(text="garcía"))) == ["Lucia Garcia"]
    assert names(store.prospects.list(ProspectQuery(text="messagerie-rapide.fr"))) == ["Messagerie Rapide SAS"]
    assert store.prospects.list(ProspectQuery(text="%")).total == 0


def test_list_filters(store, listed, user_id):
    made, other = listed
    s = stage_ids(store)
    q = ProspectQuery
    assert store.prospects.list(q(statuses=(Status.WON,))).total == 1
    assert store.prospects.list(q(statuses=(Status.OPEN,))).total == 3
    assert store.prospects.list(q(stage_ids=(s[0],))).total == 2
    assert store.prospects.list(q(channels=("Trade show",))).total == 2
    assert store.prospects.list(q(owner_ids=(other,))).total == 2
    assert store.prospects.list(q(category=1)).total == 2
    assert store.prospects.list(q(category=3)).total == 1
    assert names(store.prospects.list(q(channels=("Trade show",), owner_ids=(user_id,)))) == ["Jürgen MÜLLER"]


def test_list_sort_and_paging(store, listed):
    by_revenue = store.prospects.list(ProspectQuery(sort="expected_revenue", descending=True))
    assert by_revenue.rows["expected_revenue"].tolist()[:3] == [20000.0, 5000.0, 1000.0]
    assert names(by_revenue)[-1] == "Messagerie Rapide SAS"  # no revenue sorts last
    by_name = names(store.prospects.list(ProspectQuery(sort="name", descending=False)))
    assert by_name == ["Lucia Garcia", "Amélie Lefèvre", "Messagerie Rapide SAS", "Jürgen MÜLLER"]
    page1 = store.prospects.list(ProspectQuery(sort="name", descending=False, limit=3, offset=0))
    page2 = store.prospects.list(ProspectQuery(sort="name", descending=False, limit=3, offset=3))
    assert (page1.total, page2.total) == (4, 4)
    assert names(page1) + names(page2) == by_name
    # An unknown sort key falls back to a safe order instead of reaching SQL.
    assert store.prospects.list(ProspectQuery(sort="id; DROP TABLE prospects")).total == 4


def test_list_rows_carry_their_next_action(store, listed, user_id):
    made, _ = listed
    now = datetime(2026, 11, 29, 10, 0)
    for title, due, done in (("Old", now - timedelta(days=5), True), ("Later", now + timedelta(days=2), False),
                             ("Sooner", now + timedelta(days=1), False)):
        store.actions.create(Action(prospect_id=made[0].id, title=title, due_at=due, done=done), by=user_id)
    page = store.prospects.list(ProspectQuery(text="muller"))
    row = page.rows.iloc[0]
    assert row["next_action_title"] == "Sooner"
    assert row["next_action_due"] == now + timedelta(days=1)
    others = store.prospects.list(ProspectQuery(text="lefevre")).rows.iloc[0]
    assert others["next_action_title"] is None or str(others["next_action_title"]) in ("nan", "None", "<NA>")
    by_next = store.prospects.list(ProspectQuery(sort="next_action_due", descending=False))
    assert names(by_next)[0] == "Jürgen MÜLLER"


def test_list_project_due_is_a_date(store, user_id):
    make(store, user_id, project_due=date(2027, 1, 15))
    value = store.prospects.list(ProspectQuery()).rows["project_due"].iloc[0]
    assert value == date(2027, 1, 15) and not isinstance(value, datetime)


def test_sorting_by_next_action_reads_only_the_to_do_of_open_deals(store, user_id):
    """A won deal's kept action and an open deal's done action are nobody's next action: both sort last."""
    now = datetime(2026, 11, 29, 10, 0)
    later, sooner, won, done_only = (make(store, user_id, last_name=n) for n in ("Later", "Sooner", "Won", "Done"))
    for prospect, days, done in ((later, 5, False), (sooner, 2, False), (won, 1, False), (done_only, -3, True)):
        store.actions.create(Action(prospect_id=prospect.id, title=prospect.last_name, due_at=now + timedelta(days=days),
                                    done=done), by=user_id)
    services.change_status(store, won.id, Status.WON, by=user_id)
    page = store.prospects.list(ProspectQuery(sort="next_action_due", descending=False)).rows
    assert page["id"].tolist()[:2] == [sooner.id, later.id]
    assert set(page["id"].tolist()[2:]) == {won.id, done_only.id}
    rows = page.set_index("id")
    assert rows.loc[sooner.id, "next_action_title"] == "Sooner"
    assert rows.loc[won.id, "next_action_title"] is None or pd.isna(rows.loc[won.id, "next_action_title"])
    assert pd.isna(rows.loc[done_only.id, "next_action_id"])
