"""The board page through AppTest: what the component is given, and what a drop writes.

AppTest sees the card component as an unknown element: we read its arguments from its proto, and
play a drop or a click by giving its key the value the browser would send back
(`{"items": [...], "click": {"item", "nonce"} | None}`, see prospects/ui/sortables).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from prospects import services
from prospects.domain import Action, Prospect, ProspectQuery, Status
from prospects.i18n import set_language
from prospects.services import demo
from prospects.store import Store
from prospects.ui import navigation, shortcuts
from prospects.ui.shell import md


@pytest.fixture
def board_store(store: Store, user_id: int) -> Store:
    stages = store.stages.list()
    now = datetime.now().replace(microsecond=0)
    for company, stage, due in (
        ("Euro Transports", stages[0], now - timedelta(days=2)),
        ("Logisud", stages[0], now + timedelta(days=3)),
        ("Bertiet Poids Lourds", stages[2], None),
    ):
        p = store.prospects.create(
            Prospect(company=company, last_name="HISSON", stage_id=stage.id, owner_id=user_id, project_summary="Fleet"),
            by=user_id,
        )
        if due:
            store.actions.create(Action(prospect_id=p.id, title="Call back", due_at=due), user_id)
    return store


def component(at) -> dict:
    [element] = at.get("component_instance")
    return json.loads(element.proto.json_args)


def card_ids(container: dict) -> list[int]:
    return [int(item["id"][1:]) for item in container["items"]]


def card_text(item: dict) -> str:
    """A card's lines as it reads, one per line."""
    return "\n".join("".join(span["text"] for span in line["spans"]) for line in item["lines"])


def drop(at, prospect_id: int, to_column: int):
    """Play the value the component sends after a card is dragged to column `to_column` (0-based)."""
    args = component(at)
    items = args["items"]
    item = next(i for c in items for i in c["items"] if i["id"] == f"#{prospect_id}")
    for container in items:
        container["items"] = [i for i in container["items"] if i != item]
    items[to_column]["items"].insert(0, item)
    at.session_state[args["key"]] = {"items": items, "click": None}
    return at.run()


def click(at, prospect_id: int, nonce: str = "1"):
    """Play the value the component sends when a card is clicked (pressed and released without a drag)."""
    args = component(at)
    at.session_state[args["key"]] = {"items": args["items"], "click": {"item": f"#{prospect_id}", "nonce": nonce}}
    return at.run()


def find(store: Store, company: str) -> Prospect:
    page = store.prospects.list(ProspectQuery(text=company))
    return store.prospects.get(int(page.rows["id"].iloc[0]))


def test_the_board_shows_one_column_per_stage_then_won_and_lost(app, board_store):
    at = app(page="pages/board.py")
    assert not at.exception
    args = component(at)
    headers = [c["header"].split("\n")[0] for c in args["items"]]
    assert headers == ["New · 2", "Contacted · 0", "Qualified · 1", "Proposal · 0", "Negotiation · 0", "Won · 0", "Lost · 0"]
    assert args["direction"] == "vertical"
    first = args["items"][0]["items"]
    assert card_text(first[0]).startswith("Fleet\nEuro Transports · HISSON\n")
    assert card_text(first[0]).split("\n")[2].endswith("Call back") and first[0]["cls"] == "tone-late"
    assert "No next step" in card_text(args["items"][2]["items"][0])
    assert ".sortable-item.tone-late" in args["customStyle"]


def test_a_drop_moves_the_card_and_a_rerun_writes_nothing_more(app, board_store, user_id):
    at = app(page="pages/board.py")
    logisud = find(board_store, "Logisud")
    stages = board_store.stages.list()
    drop(at, logisud.id, 3)
    assert not at.exception and not at.warning
    moved = board_store.prospects.get(logisud.id)
    assert moved.stage_id == stages[3].id and moved.version == logisud.version + 1
    assert board_store.prospects.history(logisud.id)[-1].new_value == str(stages[3].id)
    assert logisud.id in card_ids(component(at)["items"][3])
    history = len(board_store.prospects.history(logisud.id))
    at.run()
    at.run()
    assert len(board_store.prospects.history(logisud.id)) == history
    assert board_store.prospects.get(logisud.id).version == moved.version


def test_a_drop_on_won_closes_the_deal_today(app, board_store):
    at = app(page="pages/board.py")
    euro = find(board_store, "Euro Transports")
    drop(at, euro.id, 5)
    at.button(key="board_won_confirm").click().run()  # it has an action to do: the rep is asked what becomes of it
    won = board_store.prospects.get(euro.id)
    assert won.status is Status.WON and won.closed_on == datetime.now().date()
    assert card_ids(component(at)["items"][5]) == [euro.id]
    assert component(at)["items"][5]["header"].startswith("Won · 1")


def test_a_card_moved_meanwhile_is_not_overwritten(app, board_store, user_id):
    at = app(page="pages/board.py")
    logisud = find(board_store, "Logisud")
    stages = board_store.stages.list()
    services.move_to_stage(board_store, logisud.id, stages[4].id, user_id, expected_version=logisud.version)
    drop(at, logisud.id, 1)  # this session still saw it in New
    assert "before your move" in at.warning[0].value
    assert board_store.prospects.get(logisud.id).stage_id == stages[4].id
    assert logisud.id in card_ids(component(at)["items"][4])  # the board shows the current state


def test_a_drop_on_lost_asks_the_reason_then_closes(app, board_store):
    at = app(page="pages/board.py")
    euro = find(board_store, "Euro Transports")
    drop(at, euro.id, 6)
    assert board_store.prospects.get(euro.id).status is Status.OPEN  # nothing written before the answer
    reason = at.selectbox(key="board_loss_reason")
    assert reason.options[:2] == ["Price", "Competitor"]
    assert reason.value is None and at.button(key="board_lost_confirm").disabled  # no reason chosen for the rep
    reason.select("Competitor").run()
    at.button(key="board_lost_confirm").click()
    at.run()
    lost = board_store.prospects.get(euro.id)
    assert (lost.status, lost.loss_reason) == (Status.LOST, "Competitor")
    assert card_ids(component(at)["items"][6]) == [euro.id]
    assert not at.get("selectbox") or all(s.key != "board_loss_reason" for s in at.selectbox)


def test_cancelling_the_loss_reason_puts_the_card_back(app, board_store):
    at = app(page="pages/board.py")
    euro = find(board_store, "Euro Transports")
    key_before = component(at)["key"]
    drop(at, euro.id, 6)
    at.button(key="board_lost_cancel").click()
    at.run()
    args = component(at)
    assert args["key"] != key_before  # a new component: the card is back in its column
    assert euro.id in card_ids(args["items"][0]) and card_ids(args["items"][6]) == []
    assert board_store.prospects.get(euro.id).version == euro.version
    at.run()
    assert all(s.key != "board_loss_reason" for s in at.selectbox)


def test_quick_create_adds_an_opportunity(app, board_store, user_id):
    at = app(page="pages/board.py")
    at.button(key="board_add").click()
    at.run()
    at.text_input(key="board_new_company").input("Rhône Logistique")
    at.text_input(key="board_new_summary").input("Telematics for 40 trucks")
    at.number_input(key="board_new_revenue").set_value(25000.0)
    at.selectbox(key="board_new_stage").select_index(1)
    at.button[[b.key for b in at.button].index("FormSubmitter:board_quick_create-Create")].click()
    at.run()
    assert not at.exception
    created = find(board_store, "Rhône")
    assert created.project_summary == "Telematics for 40 trucks" and float(created.expected_revenue) == 25000
    assert created.stage_id == board_store.stages.list()[1].id and created.owner_id == user_id
    assert created.id in card_ids(component(at)["items"][1])


def test_quick_create_refuses_an_empty_opportunity(app, board_store):
    at = app(page="pages/board.py")
    count = board_store.prospects.count()
    at.button(key="board_add").click()
    at.run()
    at.button[[b.key for b in at.button].index("FormSubmitter:board_quick_create-Create")].click()
    at.run()
    assert "at least a name" in " ".join(e.value for e in at.error)
    assert board_store.prospects.count() == count


def test_filters_narrow_the_board(app, board_store):
    at = app(page="pages/board.py")
    at.text_input(key="board_text").input("logisud").run()
    items = component(at)["items"]
    assert sum(len(c["items"]) for c in items) == 1 and "Logisud" in card_text(items[0]["items"][0])
    assert items[0]["header"].startswith("New · 1")
    at.text_input(key="board_text").input("nobody here").run()
    assert "No open deal" in at.info[0].value


def test_show_more_raises_the_limit_per_column(app, store, user_id):
    stage = store.stages.list()[0]
    store.prospects.insert_many([Prospect(company=f"Lead {i}", stage_id=stage.id) for i in range(55)], by=user_id)
    at = app(page="pages/board.py")
    assert len(component(at)["items"][0]["items"]) == 50
    assert any("New 50 of 55" in c.value for c in at.main.caption)
    at.button(key="board_show_more").click().run()
    assert len(component(at)["items"][0]["items"]) == 55


def test_there_is_no_card_picker_under_the_board_any_more(app, board_store):
    at = app(page="pages/board.py")
    assert all(box.key != "board_card" for box in at.selectbox)
    assert all(button.key not in ("board_open", "board_edit_action", "board_new_action") for button in at.button)


def test_a_click_on_a_card_opens_its_deal_panel_and_writes_nothing(app, board_store):
    logisud = find(board_store, "Logisud")
    history = board_store.prospects.history(logisud.id)
    at = app(page="pages/board.py")
    key = component(at)["key"]
    click(at, logisud.id)
    assert not at.exception
    assert at.button(key="panel_open_record")  # the panel of this deal is open
    assert component(at)["key"] == key  # a click moves nothing: the same board stays mounted
    assert board_store.prospects.get(logisud.id).version == logisud.version
    assert board_store.prospects.history(logisud.id) == history


def test_a_click_is_read_once_and_the_same_card_clicked_again_opens_again(app, board_store):
    from prospects.ui import deal_panel

    logisud = find(board_store, "Logisud")
    at = app(page="pages/board.py")
    click(at, logisud.id, nonce="a")
    assert at.session_state[deal_panel.OPEN] == logisud.id
    at.session_state[deal_panel.OPEN] = None  # the rep closed the panel
    at.run()
    assert at.session_state[deal_panel.OPEN] is None  # the same click is not read twice
    click(at, logisud.id, nonce="b")
    assert at.session_state[deal_panel.OPEN] == logisud.id


def test_the_demo_board_renders_in_french(app, store):
    demo.load(store)
    store.settings.set("language", "fr")
    set_language("fr")  # AppTest calls the widgets' format_func in the test's thread
    at = app(page="pages/board.py")
    assert not at.exception
    headers = [c["header"] for c in component(at)["items"]]
    assert "pondéré" in headers[0] and headers[-2].startswith("Gagné · ") and headers[-2].endswith("aujourd'hui")


def test_ctrl_k_leads_from_the_board_to_the_list_and_back(monkeypatch):
    assert shortcuts.target_of("board") == "prospects" and shortcuts.target_of("prospects") == "board"
    assert shortcuts.target_of("settings") is None
    to_list = shortcuts.script_config("prospects")
    assert to_list["to"] == ("" if next(p for p in navigation.PAGES if p.key == "prospects").default else "prospects")
    assert "board" in to_list["others"] and "" not in to_list["others"]
    assert shortcuts.script_config("board")["to"] == "board"
    assert shortcuts.script_config(None)["to"] is None
    monkeypatch.setattr(navigation, "PAGES", tuple(p for p in navigation.PAGES if p.key != "prospects"))
    assert shortcuts.target_of("board") is None


def test_the_board_has_the_shortcut_script_and_a_link_to_the_list(app, board_store):
    at = app(page="pages/board.py")
    [script] = [el.proto.body for el in at.sidebar.get("html") if "__prospectsSwitch" in el.proto.body]
    assert json.dumps(shortcuts.script_config("prospects")) in script
    links = at.sidebar.get("page_link")
    assert any(link.proto.label == "List view (Ctrl+K)" for link in links)


def test_other_pages_get_a_shortcut_that_does_nothing(app, board_store):
    at = app(page="pages/settings.py")
    [script] = [el.proto.body for el in at.sidebar.get("html") if "__prospectsSwitch" in el.proto.body]
    assert '"to": null' in script


def test_user_text_in_messages_is_shown_as_typed(app, store, user_id):
    sneaky = store.prospects.create(
        Prospect(company="[Win](http://evil.example) :red[boom]", stage_id=store.stages.list()[0].id), by=user_id
    )
    at = app(page="pages/board.py")
    drop(at, sneaky.id, 1)
    [toast] = at.toast
    assert md("[Win](http://evil.example) :red[boom]") in toast.value  # no link, no colour
    card = component(at)["items"][1]["items"][0]
    assert "[Win](http://evil.example) :red[boom]" in card_text(card)  # the component shows text, not Markdown


def test_open_the_record_from_the_panel_of_a_clicked_card(app, board_store):
    logisud = find(board_store, "Logisud")
    at = app(page="pages/board.py")
    click(at, logisud.id)
    at.button(key="panel_open_record").click().run()
    assert not at.exception
    assert at.query_params.get("id") in (str(logisud.id), [str(logisud.id)])
    assert not at.get("component_instance")  # we left the board
    assert "Logisud" in " ".join(str(getattr(el, "value", "")) for el in at.text_input)
