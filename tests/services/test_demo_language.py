"""The demo pipeline speaks the team's language: a database created in French gets French stages,
lists, project summaries and action titles; an English one stays English."""

from __future__ import annotations

from prospects.services import demo, open_store
from prospects.services import settings as settings_service


def test_a_french_database_gets_a_french_demo(tmp_path):
    store = open_store(tmp_path / "fr.duckdb", language="fr")
    data = demo.generate(store, prospects=40)
    assert {s.name for s in settings_service.stages(store)} >= {"Nouveau", "Négociation"}
    assert {p.project_summary for p in data.prospects} <= set(demo.SUMMARIES["fr"])
    assert {a.title for _, a in data.actions} <= set(demo.ACTION_TITLES["fr"])
    assert {p.channel for p in data.prospects} <= set(settings_service.choice_names(store, "channel"))
    assert "Salon" in {p.channel for p in data.prospects}
    assert {p.loss_reason for p in data.prospects if p.loss_reason} <= {"Prix", "Concurrent", "Pas de budget",
                                                                         "Pas de décision", "Calendrier", "Inadapté"}


def test_an_english_database_gets_an_english_demo(tmp_path):
    store = open_store(tmp_path / "en.duckdb")
    data = demo.generate(store, prospects=40)
    assert {p.project_summary for p in data.prospects} <= set(demo.SUMMARIES["en"])
    assert {a.title for _, a in data.actions} <= set(demo.ACTION_TITLES["en"])


def test_the_same_seed_gives_the_same_pipeline_in_both_languages(tmp_path):
    english = demo.generate(open_store(tmp_path / "en.duckdb"), prospects=20)
    french = demo.generate(open_store(tmp_path / "fr.duckdb", language="fr"), prospects=20)
    assert [p.expected_revenue for p in english.prospects] == [p.expected_revenue for p in french.prospects]
    assert [demo.SUMMARIES["en"].index(p.project_summary) for p in english.prospects] == \
        [demo.SUMMARIES["fr"].index(p.project_summary) for p in french.prospects]
