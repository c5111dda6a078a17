"""The board's filters a rep uses: campaign, import batch, and "my deals" first."""

from __future__ import annotations

from prospects import services
from prospects.domain import Prospect, ProspectQuery, User
from prospects.services import board, imports, records, settings


def _deal(store, user_id, name, **fields):
    stage = settings.stages(store)[0].id
    return services.save_prospect(store, Prospect(last_name=name, stage_id=stage, **fields), user_id)


def _shown(store, **filters) -> set[int]:
    return {card.prospect_id for card in board.load_board(store, limit_per_column=50, **filters).cards}


def test_the_board_shows_one_campaign(store, user_id):
    fair = _deal(store, user_id, "Hisson", campaign="Solutrans 2026")
    other = _deal(store, user_id, "Durand", campaign="Mailing")
    assert _shown(store) == {fair.id, other.id}
    assert _shown(store, campaigns=("Solutrans 2026",)) == {fair.id}
    assert "Solutrans 2026" in board.campaigns(store)


def test_the_board_shows_the_leads_of_one_import_batch(store, user_id):
    before = _deal(store, user_id, "Before")
    batch = store.imports.create_batch("leads.csv", user_id, None, None)
    [imported] = store.imports.create_prospects(batch, [Prospect(last_name="Imported", stage_id=settings.stages(store)[0].id)], user_id)
    assert _shown(store) == {before.id, imported}
    assert _shown(store, batch_id=batch) == {imported}
    assert board.batch_labels(store)[batch].startswith(f"#{batch} · leads.csv · ")


def test_an_undone_batch_is_no_longer_offered(store, user_id):
    kept = store.imports.create_batch("kept.csv", user_id, None, None)
    gone = store.imports.create_batch("gone.csv", user_id, None, None)
    store.imports.create_prospects(gone, [Prospect(last_name="Gone", stage_id=settings.stages(store)[0].id)], user_id)
    imports.undo(store, gone, user_id)
    assert list(board.batch_labels(store)) == [kept]


def test_my_deals_is_the_default_only_for_a_user_who_owns_some(store, user_id):
    newcomer = settings.add_user(store, User(None, "Nina New", "NN"))
    _deal(store, user_id, "Hisson", owner_id=user_id)
    assert board.default_owner(store, user_id) == user_id
    assert board.default_owner(store, newcomer.id) is None


def test_the_list_shows_one_campaign_or_one_import_batch(store, user_id):
    fair = _deal(store, user_id, "Hisson", campaign="Solutrans 2026")
    _deal(store, user_id, "Durand", campaign="Mailing")
    batch = store.imports.create_batch("leads.csv", user_id, None, None)
    [imported] = store.imports.create_prospects(batch, [Prospect(last_name="Imported")], user_id)
    by_campaign = records.prospects_page(store, ProspectQuery(campaigns=("Solutrans 2026",)))
    assert by_campaign.rows["id"].tolist() == [fair.id] and by_campaign.total == 1
    by_batch = records.prospects_page(store, ProspectQuery(batch_id=batch))
    assert by_batch.rows["id"].tolist() == [imported] and by_batch.total == 1
