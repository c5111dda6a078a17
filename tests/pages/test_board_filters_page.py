"""The board's filters through AppTest: a link to one import batch, and "my deals" first."""

from __future__ import annotations

import json

from prospects.domain import Prospect, User
from prospects.store import Store


def _card_ids(at) -> set[int]:
    [element] = at.get("component_instance")
    items = json.loads(element.proto.json_args)["items"]
    return {int(item["id"][1:]) for column in items for item in column["items"]}  # each card's id is "#<id>"


def _board(app, query: dict[str, str] | None = None):
    at = app()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page("pages/board.py")
    at.run()
    assert not at.exception
    return at


def test_a_link_with_a_batch_opens_the_board_on_that_import(app, store: Store, user_id):
    stage = store.stages.list()[0].id
    mine = store.prospects.create(Prospect(last_name="Mine", stage_id=stage, owner_id=user_id), user_id)
    batch = store.imports.create_batch("salon.csv", user_id, None, "Solutrans")
    [imported] = store.imports.create_prospects(batch, [Prospect(last_name="Lead", stage_id=stage)], user_id)
    at = _board(app, {"batch": str(batch)})
    assert _card_ids(at) == {imported}
    assert at.query_params["batch"] == str(batch)
    at.selectbox(key="board_batch").select(None).run()
    assert mine.id in _card_ids(at) and "batch" not in at.query_params


def test_the_board_opens_on_my_deals_when_i_own_some(app, store: Store, user_id):
    stage = store.stages.list()[0].id
    other = store.users.create(User(None, "Nina New", "NN"))
    mine = store.prospects.create(Prospect(last_name="Mine", stage_id=stage, owner_id=user_id), user_id)
    theirs = store.prospects.create(
        Prospect(last_name="Theirs", stage_id=stage, owner_id=other.id), user_id
    )
    at = _board(app)
    assert at.selectbox(key="board_owner").value == user_id
    assert _card_ids(at) == {mine.id}
    at.selectbox(key="board_owner").select(None).run()
    assert _card_ids(at) == {mine.id, theirs.id}


def test_a_link_with_a_batch_opens_the_list_on_that_import(app, store: Store, user_id):
    store.prospects.create(Prospect(last_name="Before"), user_id)
    batch = store.imports.create_batch("salon.csv", user_id, None, None)
    [imported] = store.imports.create_prospects(batch, [Prospect(last_name="Lead")], user_id)
    at = app()
    at.query_params["batch"] = str(batch)
    at.switch_page("pages/prospects.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="list_batch").value == batch
    [frame] = [d.value for d in at.dataframe]
    assert len(frame) == 1
    at.selectbox(key="list_batch").select(None).run()
    assert len(at.dataframe[0].value) == 2 and "batch" not in at.query_params

