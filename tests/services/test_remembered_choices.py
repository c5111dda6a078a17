"""The campaigns, import batches and list values offered by the filters and forms are read once and
remembered across runs (`Database.remembered`) until the data changes: a write of this tab, of another
tab, of another Store on the same file or of another process shows in the very next read."""

from __future__ import annotations

import subprocess
import sys
import threading

from prospects import services
from prospects.domain import Choice, Prospect
from prospects.services import board, imports, open_store, settings, unit_of_work
from tests.conftest import ROOT


def _deal(store, user_id, name, **fields) -> Prospect:
    stage = settings.stages(store)[0].id
    return services.save_prospect(store, Prospect(last_name=name, stage_id=stage, **fields), user_id)


def test_a_new_campaign_is_offered_at_once(store, user_id):
    assert board.campaigns(store) == []
    assert board.campaigns(store) == []  # read twice: remembered
    deal = _deal(store, user_id, "Hisson", campaign="Solutrans 2026")
    assert board.campaigns(store) == ["Solutrans 2026"]
    with store.hold():  # in a page run too: the run that wrote it offers it
        assert board.campaigns(store) == ["Solutrans 2026"]
        services.save_prospect(store, deal.replace(campaign="Mailing"), user_id)
        assert board.campaigns(store) == ["Mailing"]  # the old one is gone with its last deal


def test_a_campaign_written_by_another_tab_is_offered_at_its_next_read(store, user_id):
    assert board.campaigns(store) == []
    tab = threading.Thread(target=lambda: _deal(store, user_id, "Durand", campaign="Salon"))
    tab.start()
    tab.join()
    assert board.campaigns(store) == ["Salon"]


def test_a_write_through_another_store_of_the_same_file_shows(store, db_path, user_id):
    assert board.campaigns(store) == []
    other = open_store(db_path)
    _deal(other, user_id, "Durand", campaign="Salon")
    assert board.campaigns(store) == ["Salon"]


def test_a_write_by_another_process_shows(store, db_path, user_id):
    assert board.campaigns(store) == []
    assert board.batch_labels(store) == {}
    script = (
        "import sys\n"
        "from prospects.domain import Prospect\n"
        "from prospects.services import open_store, save_prospect\n"
        "store = open_store(sys.argv[1])\n"
        "save_prospect(store, Prospect(last_name='Durand', campaign='From the command line'), int(sys.argv[2]))\n"
        "store.imports.create_batch('cli.csv', int(sys.argv[2]), None, None)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db_path), str(user_id)], cwd=ROOT, check=True)
    assert board.campaigns(store) == ["From the command line"]
    assert [label.split(" · ")[1] for label in board.batch_labels(store).values()] == ["cli.csv"]


def test_a_new_batch_and_an_undone_one_show_at_once(store, user_id):
    assert board.batch_labels(store) == {}
    batch = store.imports.create_batch("leads.csv", user_id, None, None)
    store.imports.create_prospects(batch, [Prospect(last_name="Imported", stage_id=settings.stages(store)[0].id)], user_id)
    assert list(board.batch_labels(store)) == [batch]
    imports.undo(store, batch, user_id)
    assert board.batch_labels(store) == {}


def test_a_use_case_reads_its_own_campaign_inside_its_transaction(store, user_id):
    assert board.campaigns(store) == []

    def work() -> list[str]:
        _deal(store, user_id, "Hisson", campaign="Solutrans 2026")
        return board.campaigns(store)

    assert unit_of_work.run(store, work) == ["Solutrans 2026"]
    assert board.campaigns(store) == ["Solutrans 2026"]


def test_a_list_value_added_renamed_or_retired_shows_at_once(store):
    names = settings.choice_names(store, "channel")
    added = settings.add_choice(store, Choice(None, "channel", "Podcast", 0))
    assert settings.choice_names(store, "channel") == [*names, "Podcast"]
    tab = threading.Thread(target=lambda: settings.rename_choice(store, added.id, "Radio"))
    tab.start()
    tab.join()
    assert settings.choice_names(store, "channel") == [*names, "Radio"]
    settings.set_choice_active(store, added.id, False)
    assert settings.choice_names(store, "channel") == names
    assert settings.choice_names(store, "channel", active_only=False) == [*names, "Radio"]
