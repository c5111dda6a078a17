"""The agenda page in AppTest: each filter changes what is shown; ticks, snooze and done-and-next write."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from prospects.domain import Action, Prospect, User
from prospects.i18n import t
from prospects.services import open_store

PAGE = "pages/agenda.py"






@pytest.fixture
def data(db_path) -> dict:
    store = open_store(db_path)
    me = store.users.list()[0]  # Etienne Neuville: the first user, the session's default
    other = store.users.create(User(None, "Karim Benali", "KB"))
    acme = store.prospects.create(Prospect(first_name="Paul", last_name="HISSON", company="Acme", owner_id=me.id), by=me.id)
    beta = store.prospects.create(Prospect(company="Beta SAS", owner_id=other.id), by=me.id)
    idle = store.prospects.create(Prospect(company="Idle Ltd", owner_id=me.id), by=me.id)
    today = datetime.combine(date.today(), time.min)

    def add(title, due, who, prospect, **flags):
        return store.actions.create(Action(prospect_id=prospect.id, title=title, due_at=due, assignee_id=who.id, **flags), by=me.id)

    actions = {
        "late": add("Call back", today - timedelta(days=3) + timedelta(hours=10), me, acme, important=True),
        "today": add("Send the quote", today, me, acme),  # today, no set time: "today" all day
        "later": add("Demo", today + timedelta(days=10, hours=10), other, beta),
        "done": add("Brochure sent", today - timedelta(days=5, hours=-9), me, idle, done=True),
    }
    return {"store": store, "me": me, "other": other, "acme": acme, "idle": idle, "actions": actions}


def groups(at) -> list[str]:
    return [s.value for s in at.subheader if "·" in s.value and "without" not in s.value]


def rows(at) -> list[str]:
    return [title for frame in at.dataframe if "title" in frame.value.columns for title in frame.value["title"]]


def submit(at) -> None:
    next(b for b in at.get("button") if "Mark done" in str(b.label)).click()
    at.run()


def test_mine_to_do_by_default(app, data):
    at = app(page=PAGE)
    assert not at.exception and not at.error
    assert groups(at) == ["Late · 1", "Today · 1"]
    assert rows(at) == ["Call back", "Send the quote"]
    late = next(frame.value for frame in at.dataframe if "title" in frame.value.columns)
    assert late.loc[0, "name"].startswith(f"prospect?id={data['acme'].id}&n=Paul+HISSON")
    assert late.loc[0, "company"] == "Acme"


def test_everyone(app, data):
    at = app(page=PAGE)
    at.segmented_control(key="agenda_who").set_value("everyone").run()
    assert groups(at) == ["Late · 1", "Today · 1", "Later · 1"]
    assert "Demo" in rows(at)


def test_important_only(app, data):
    at = app(page=PAGE)
    at.toggle(key="agenda_important").set_value(True).run()
    assert rows(at) == ["Call back"]


def test_done_and_all(app, data):
    at = app(page=PAGE)
    at.segmented_control(key="agenda_done").set_value("done").run()
    assert groups(at) == ["Done · 1"] and rows(at) == ["Brochure sent"]
    at.segmented_control(key="agenda_done").set_value("all").run()
    assert groups(at) == ["Late · 1", "Today · 1", "Done · 1"]


def test_ticking_done_in_place_saves_it(app, data):
    at = app(page=PAGE)
    late = next(frame for frame in at.dataframe if frame.key and frame.key.startswith("agenda_late_"))
    at.session_state[late.key] = {"edited_rows": {0: {"done": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert data["store"].actions.get(data["actions"]["late"].id).done
    assert groups(at) == ["Today · 1"]
    assert [s.value for s in at.success] == ["Saved."]


def test_snooze_one_day_moves_a_late_action_to_tomorrow(app, data):
    at = app(page=PAGE)
    late = data["actions"]["late"]
    assert at.selectbox(key="agenda_action").value == late.id
    at.button(key=f"agenda.snooze_day_{late.id}").click().run()
    moved = data["store"].actions.get(late.id)
    assert moved.due_at == datetime.combine(date.today() + timedelta(days=1), time(10))
    assert groups(at)[0] == "Today · 1"


def test_done_and_schedule_the_next_one(app, data):
    at = app(page=PAGE)
    late = data["actions"]["late"]
    at.text_input(key="agenda_next_title").set_value("Send the contract")
    at.date_input(key="agenda_next_day").set_value(date.today() + timedelta(days=2))
    at.time_input(key="agenda_next_time").set_value(time(14, 30))
    submit(at)
    store = data["store"]
    assert store.actions.get(late.id).done
    follow = [a for a in store.actions.for_prospect(data["acme"].id) if a.title == "Send the contract"]
    assert len(follow) == 1 and follow[0].due_at == datetime.combine(date.today() + timedelta(days=2), time(14, 30))
    assert follow[0].assignee_id == data["me"].id


def test_done_and_next_without_a_title_writes_nothing(app, data):
    at = app(page=PAGE)
    submit(at)
    assert [e.value for e in at.error] == [t("error.title_missing")]
    assert not data["store"].actions.get(data["actions"]["late"].id).done


def test_open_prospects_without_a_next_step_are_listed(app, data):
    at = app(page=PAGE)
    assert any(s.value == "Open prospects without a next step · 1" for s in at.subheader)
    table = next(frame.value for frame in at.dataframe if "Stage" in frame.value.columns)
    assert table["Name"].tolist() == [f"prospect?id={data['idle'].id}&n=Idle+Ltd"]
    at.segmented_control(key="agenda_who").set_value("everyone").run()
    assert any(s.value == "Open prospects without a next step · 1" for s in at.subheader)


def test_an_empty_cell_stays_empty_never_the_word_none(app, data):
    store = data["store"]
    nobody = store.prospects.create(Prospect(last_name="Vidal", owner_id=data["me"].id), by=data["me"].id)
    store.actions.create(Action(prospect_id=nobody.id, title="Call", due_at=datetime.now() - timedelta(days=1)), by=data["me"].id)
    at = app(page=PAGE)
    at.segmented_control(key="agenda_who").set_value("everyone").run()
    cells = [v for frame in at.dataframe if "title" in frame.value.columns for v in frame.value.astype(object).to_numpy().ravel()]
    assert cells and not [v for v in cells if v is None or str(v) in ("None", "nan", "NaT")]
