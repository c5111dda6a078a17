"""The frame starts on an empty database and on the demo database, with its sidebar."""

from __future__ import annotations

from prospects.domain import Prospect
from prospects.services import demo, open_store
from tests.store.test_connections import hold_file


def sidebar_texts(at) -> str:
    return " ".join(str(getattr(el, "value", "")) for el in at.sidebar.caption) + " " + " ".join(
        str(sb.value) + " " + " ".join(map(str, sb.options)) for sb in at.sidebar.selectbox
    )


def test_the_app_starts_on_an_empty_database(app, db_path):
    at = app()
    assert not at.exception
    assert db_path.exists()  # created on first start
    assert "Etienne Neuville (EN)" in " ".join(at.sidebar.selectbox[0].options)
    assert str(db_path) in sidebar_texts(at)
    assert open_store(db_path).prospects.count() == 0


def test_the_app_starts_on_the_demo_database(app, db_path):
    demo.load(open_store(db_path))
    at = app()
    assert not at.exception
    assert not at.error
    users = " ".join(at.sidebar.selectbox[0].options)
    assert "Sophie Martin (SM)" in users and "Karim Benali (KB)" in users


def test_a_save_while_another_program_writes_waits_for_the_file_and_goes_through(app, store, db_path, user_id):
    """Validate pressed while a command-line import holds the file for longer than one attempt waits
    (8 s): the run waits with one calm sentence (seen in Chromium, tests/e2e/test_frame_e2e.py), then
    saves what was typed, no stack trace."""
    prospect = store.prospects.create(Prospect(last_name="HISSON", company="Euro Transports"), by=user_id)
    at = app(page="pages/prospect.py", query={"id": str(prospect.id)})
    city = f"rec_{prospect.id}_city"
    at.text_input(key=city).input("Lyon").run()
    holder = hold_file(db_path, 12, wait=10)
    try:
        at.button(key="record_validate").click().run(timeout=90)
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception
    assert at.text_input(key=city).value == "Lyon"
    assert "saved" in at.success[0].value
    assert open_store(db_path).prospects.get(prospect.id).city == "Lyon"


def test_a_database_in_a_missing_folder_is_one_sentence_on_the_page(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    missing = tmp_path / "no-such-folder" / "prospects.duckdb"
    monkeypatch.setenv("PROSPECTS_DB", str(missing))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert len(at.error) == 1 and "does not exist" in at.error[0].value
    assert not missing.parent.exists()
