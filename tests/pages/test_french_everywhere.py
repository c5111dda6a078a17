"""A French team sees no English: every page of a database created in French, with its demo, read in
French, shows none of the English texts of our catalogue nor an English default value."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from prospects.domain import settings_rules
from prospects.i18n import catalog
from prospects.services import demo, open_store
from prospects.ui import navigation
from tests.conftest import ROOT


def english_only() -> set[str]:
    """Texts that exist in English only: catalogue texts unlike their French, English default names and demo texts."""
    texts: set[str] = set()
    for entry in catalog().values():
        en, fr = entry.get("en"), entry.get("fr")
        for form in (en.values() if isinstance(en, dict) else [en]):
            if form and form != fr and (not isinstance(fr, dict) or form not in fr.values()) and "{" not in form:
                texts.add(form)
    english, french = settings_rules.default_names("en"), settings_rules.default_names("fr")
    texts |= {name for kind in english for name in english[kind] if name not in french[kind]}
    texts |= {*demo.SUMMARIES["en"], *demo.ACTION_TITLES["en"]}
    return {text for text in texts if len(text) > 3}


def everything_shown(at: AppTest) -> list[str]:
    shown: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        shown += [str(e.value) for e in getattr(at, kind)]
    for kind in ("button", "text_input", "number_input", "text_area", "checkbox", "toggle", "date_input"):
        shown += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for e in getattr(at, kind):
            shown.append(str(e.label))
            shown += [str(o) for o in e.options]
    shown += [tab.label for tab in at.tabs]
    for table in at.dataframe:
        frame = table.value.data if hasattr(table.value, "data") else table.value
        shown += [str(c) for c in frame.columns]
        for column in frame.columns:
            shown += [v for v in frame[column].tolist() if isinstance(v, str)]
    return shown


@pytest.fixture(scope="module")
def french_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fr") / "prospects.duckdb"
    demo.load(open_store(path, language="fr"), prospects=30)
    return path


@pytest.mark.parametrize("spec", navigation.PAGES, ids=[spec.key for spec in navigation.PAGES])
def test_a_french_team_reads_no_english(spec, french_db, monkeypatch):
    monkeypatch.setenv("PROSPECTS_DB", str(french_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context = {"locale": "fr-FR"}
    if spec.key == "prospect":
        at.query_params["id"] = "1"
    at.run()
    at.switch_page(spec.file)
    at.run()
    assert not at.exception
    english = english_only()
    found = sorted({text for text in everything_shown(at) if text in english})
    assert found == [], f"{spec.file} shows English: {found}"
